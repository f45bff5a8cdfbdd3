//! File uploads end to end against the emulator: single and multi part, external imports,
//! expiry, validation before any request, listing, and attaching to models, covers and blocks.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use notion_emulator::{Config, Emulator, FaultRule, LoggedRequest, Plan};
use notion_orm::Error;
use notion_orm::api::databases::NewDatabase;
use notion_orm::api::file_uploads::{MediaBlock, NewFileUpload};
use notion_orm::client::{RateLimit, RetryPolicy};
use notion_orm::model::upsert_in;
use notion_orm::prelude::*;
use notion_orm::types::block::BlockContent;
use notion_orm::types::{FileSource, FileUploadStatus, Icon, Parent};
use notion_orm::upload::{UploadProgress, UploadSource};

const MIB: usize = 1024 * 1024;

#[derive(NotionModel, Debug, Clone)]
struct Task {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Ref", key)]
    reference: String,
    #[notion(rename = "Attachments")]
    attachments: Vec<FileRef>,
}

impl Task {
    fn new(reference: &str) -> Task {
        Task {
            id: None,
            name: format!("Task {reference}"),
            reference: reference.to_owned(),
            attachments: Vec::new(),
        }
    }
}

struct Env {
    emulator: Emulator,
    client: Client,
}

impl Env {
    async fn start() -> Env {
        Env::with(Config::default()).await
    }

    async fn with(config: Config) -> Env {
        let emulator = Emulator::start_with(config).await.unwrap();
        let client = Client::builder()
            .token(emulator.token().to_owned())
            .base_url(emulator.base_url())
            .rate_limit(RateLimit::disabled())
            .retry(RetryPolicy::default().initial_delay(Duration::from_millis(10)))
            .build()
            .unwrap();
        Env { emulator, client }
    }

    async fn tasks(&self) -> DataSourceId {
        let db = self
            .client
            .databases()
            .create(&NewDatabase::new(Parent::Workspace).title("Uploads"))
            .await
            .unwrap();
        Task::create_data_source(&self.client, db.id).await.unwrap()
    }

    async fn page(&self) -> PageId {
        let ds = self.tasks().await;
        let task = upsert_in(&self.client, ds, &Task::new("P-1"))
            .await
            .unwrap();
        task.into_inner().id.unwrap()
    }

    fn requests(&self) -> Vec<LoggedRequest> {
        self.emulator.faults().requests()
    }

    fn upload_requests(&self) -> Vec<LoggedRequest> {
        let requests = self.requests();
        requests
            .into_iter()
            .filter(|r| r.path.starts_with("/v1/file_uploads"))
            .collect()
    }
}

fn bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_small_file_is_sent_in_one_part_and_reads_back_through_the_model() {
    let env = Env::start().await;
    let ds = env.tasks().await;
    let (progress, watcher) = tokio::sync::watch::channel(UploadProgress::default());
    let upload = env
        .client
        .upload(UploadSource::bytes(bytes(1024), "notes.txt"))
        .progress(progress)
        .await
        .unwrap();
    let last = *watcher.borrow();
    assert_eq!((last.bytes_sent, last.total_bytes), (1024, 1024));
    assert_eq!((last.parts_done, last.total_parts), (1, 1));
    assert_eq!(upload.status, FileUploadStatus::Uploaded);
    assert_eq!(upload.content_length, Some(1024));
    assert_eq!(upload.content_type.as_deref(), Some("text/plain"));

    let mut task = Task::new("T-1");
    task.attachments.push(upload.into());
    let created = upsert_in(&env.client, ds, &task)
        .await
        .unwrap()
        .into_inner();
    let read = Task::get(&env.client, created.id.unwrap()).await.unwrap();
    assert_eq!(read.attachments.len(), 1);
    assert_eq!(read.attachments[0].name(), Some("notes.txt"));
    assert!(
        matches!(&read.attachments[0], FileRef::Hosted { url, .. } if !url.is_empty()),
        "{:?}",
        read.attachments[0]
    );
    let sends = env
        .upload_requests()
        .iter()
        .filter(|r| r.path.ends_with("/send"))
        .count();
    assert_eq!(sends, 1);
}

#[tokio::test]
async fn the_workspace_limit_is_fetched_once_per_client() {
    let env = Env::start().await;
    for name in ["a.txt", "b.txt"] {
        env.client
            .upload(UploadSource::bytes(bytes(10), name))
            .await
            .unwrap();
    }
    let me = env
        .requests()
        .iter()
        .filter(|r| r.path == "/v1/users/me")
        .count();
    assert_eq!(me, 1);
    assert_eq!(
        env.client.max_upload_size().await.unwrap(),
        Some(5 << 30),
        "the paid plan is the emulator's default"
    );
}

#[tokio::test]
async fn a_large_file_goes_in_parts_with_a_failed_part_retried_alone_and_becomes_a_cover() {
    let env = Env::start().await;
    let page = env.page().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talk.mp4");
    std::fs::write(&path, bytes(45 * MIB)).unwrap();
    // The second request under /v1/file_uploads/ is the second part's send.
    env.emulator.faults().push(
        FaultRule::status(503)
            .for_method("POST")
            .for_path("/v1/file_uploads/")
            .on_request(2)
            .times(1),
    );
    env.emulator.faults().clear_requests();
    let seen = Arc::new(Mutex::new(Vec::<UploadProgress>::new()));
    let log = seen.clone();
    let upload = env
        .client
        .upload(UploadSource::path(&path))
        .on_progress(move |p| log.lock().unwrap().push(*p))
        .await
        .unwrap();
    assert_eq!(upload.status, FileUploadStatus::Uploaded);
    assert_eq!(upload.content_length, Some(45 * MIB as u64));
    assert_eq!(upload.filename.as_deref(), Some("talk.mp4"));

    let requests = env.upload_requests();
    let sends: Vec<_> = requests
        .iter()
        .filter(|r| r.path.ends_with("/send"))
        .collect();
    // 10 + 10 + 10 + 10 + 5 MiB: five parts, and only the failed one sent twice.
    assert_eq!(sends.len(), 6, "{sends:#?}");
    assert_eq!(sends.iter().filter(|r| r.status == 503).count(), 1);
    assert_eq!(sends.iter().filter(|r| r.status == 200).count(), 5);
    let completes: Vec<_> = requests
        .iter()
        .filter(|r| r.path.ends_with("/complete"))
        .collect();
    assert_eq!(completes.len(), 1);
    assert_eq!(completes[0].status, 200);

    let seen = seen.lock().unwrap().clone();
    let last = seen.last().unwrap();
    assert_eq!((last.parts_done, last.total_parts), (5, 5));
    assert_eq!(last.bytes_sent, 45 * MIB as u64);
    assert!(seen.windows(2).all(|w| w[0].bytes_sent <= w[1].bytes_sent));

    let page = env
        .client
        .file_uploads()
        .attach_page_cover(page, &upload)
        .await
        .unwrap();
    assert!(
        matches!(page.cover, Some(FileSource::File(_))),
        "{:?}",
        page.cover
    );
}

#[tokio::test]
async fn uploads_attach_as_icons_and_media_blocks_in_one_call() {
    let env = Env::start().await;
    let page = env.page().await;
    let image = env
        .client
        .upload(UploadSource::bytes(bytes(2048), "logo.png"))
        .await
        .unwrap();
    let uploads = env.client.file_uploads();
    let with_icon = uploads.attach_page_icon(page, &image).await.unwrap();
    assert!(matches!(
        with_icon.icon,
        Some(Icon::File(FileSource::File(_)))
    ));
    let block = uploads
        .append_block(page.as_block(), MediaBlock::Image, &image)
        .await
        .unwrap();
    assert!(matches!(block.content, BlockContent::Image(_)), "{block:?}");
}

#[tokio::test]
async fn an_external_url_import_is_polled_until_uploaded() {
    let env = Env::start().await;
    let upload = env
        .client
        .import_url("https://example.com/files/report.pdf", "report.pdf")
        .poll_interval(Duration::from_millis(10), Duration::from_millis(50))
        .await
        .unwrap();
    assert_eq!(upload.status, FileUploadStatus::Uploaded);
    assert_eq!(upload.content_type.as_deref(), Some("application/pdf"));
    let polls = env
        .upload_requests()
        .iter()
        .filter(|r| r.method == "GET")
        .count();
    assert!(polls >= 1);
}

#[tokio::test]
async fn a_failed_external_import_is_a_typed_error_with_notions_reason() {
    let env = Env::start().await;
    let err = env
        .client
        .import_url("https://fail.invalid/report.pdf", "report.pdf")
        .poll_interval(Duration::from_millis(10), Duration::from_millis(50))
        .await
        .unwrap_err();
    match &err {
        Error::FileImportFailed { url, error, .. } => {
            assert_eq!(url, "https://fail.invalid/report.pdf");
            assert_eq!(error.kind, "download_error");
            assert!(error.message.is_some());
        }
        other => panic!("expected FileImportFailed, got {other:?}"),
    }
    assert!(err.to_string().contains("could not import"), "{err}");
}

#[tokio::test]
async fn an_upload_not_attached_within_an_hour_asks_to_upload_again() {
    let env = Env::start().await;
    let ds = env.tasks().await;
    let page = env.page().await;
    let upload = env
        .client
        .upload(UploadSource::bytes(bytes(1024), "late.txt"))
        .await
        .unwrap();
    env.emulator.clock().advance(Duration::from_secs(61 * 60));

    let err = env
        .client
        .file_uploads()
        .attach_page_cover(page, &upload)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UploadExpired { upload_id } if upload_id == upload.id),
        "{err:?}"
    );
    assert!(err.to_string().contains("upload the file again"), "{err}");

    // Through the model, Notion's own error carries the same advice.
    let mut task = Task::new("T-late");
    task.attachments.push(upload.into());
    let err = upsert_in(&env.client, ds, &task).await.unwrap_err();
    assert!(err.to_string().contains("upload the file again"), "{err}");
}

#[tokio::test]
async fn an_oversize_file_is_refused_before_any_upload_request() {
    let mut config = Config::default();
    config.plan = Plan::Free;
    let env = Env::with(config).await;
    let err = env
        .client
        .upload(UploadSource::bytes(bytes(5 * MIB + 1), "big.pdf"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(err.to_string().contains("5242880"), "{err}");
    let paths: Vec<_> = env.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/v1/users/me"], "only the limit was asked for");
}

#[tokio::test]
async fn a_bad_file_name_is_refused_before_any_request() {
    let env = Env::start().await;
    let long = format!("{}.txt", "n".repeat(900));
    for name in [long.as_str(), "setup.exe", "README"] {
        let err = env
            .client
            .upload(UploadSource::bytes(bytes(10), name))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{name}: {err:?}");
    }
    assert!(env.requests().is_empty(), "{:?}", env.requests());
}

#[tokio::test]
async fn list_filters_by_status_across_pages() {
    let env = Env::start().await;
    let uploads = env.client.file_uploads();
    let mut pending = Vec::new();
    for i in 0..3 {
        let upload = uploads
            .create(&NewFileUpload::single_part().filename(format!("p{i}.txt")))
            .await
            .unwrap();
        pending.push(upload.id);
    }
    for name in ["u1.txt", "u2.txt"] {
        env.client
            .upload(UploadSource::bytes(bytes(10), name))
            .await
            .unwrap();
    }
    let listed: Vec<_> = uploads
        .list(Some(FileUploadStatus::Pending))
        .page_size(2)
        .try_collect()
        .await
        .unwrap();
    assert!(listed.iter().all(|u| u.status == FileUploadStatus::Pending));
    let mut ids: Vec<_> = listed.iter().map(|u| u.id).collect();
    ids.sort();
    pending.sort();
    assert_eq!(ids, pending);
    let pages = env
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/v1/file_uploads")
        .filter(|r| {
            r.query
                .as_deref()
                .is_some_and(|q| q.contains("status=pending"))
        })
        .count();
    assert_eq!(pages, 2, "three uploads in pages of two");
    let uploaded = uploads
        .list(Some(FileUploadStatus::Uploaded))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(uploaded.len(), 2);
}
