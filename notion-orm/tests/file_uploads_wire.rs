//! Every `file_upload` shape decodes into [`FileUpload`]: the recorded responses of
//! `/v1/file_uploads` (create single part and external URL, send, retrieve, list with status
//! filter and paging) and the shapes `notion-api.md` describes beyond them (multi part pending,
//! expired, failed and successful imports).

use std::fs;
use std::path::Path;

use notion_orm::pagination::ListResponse;
use notion_orm::types::{FileImportOutcome, FileUpload, FileUploadStatus, NumberOfParts};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// `(file, method, path, response body)` of every recorded file-upload exchange.
fn recorded() -> Vec<(String, String, String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded");
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("test_file_uploads") {
            continue;
        }
        let recording: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        for ex in recording["interactions"].as_array().unwrap() {
            out.push((
                name.clone(),
                ex["method"].as_str().unwrap().to_owned(),
                ex["path"].as_str().unwrap().to_owned(),
                ex["response_body"].clone(),
            ));
        }
    }
    assert!(out.len() >= 8, "the file-upload recordings are missing");
    out
}

fn decode<T: DeserializeOwned>(what: &str, body: &Value) -> T {
    let text = body.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de)
        .unwrap_or_else(|e| panic!("{what} did not decode at `{}`: {}", e.path(), e.inner()))
}

fn check(upload: &FileUpload, raw: &Value) {
    assert_eq!(upload.id.to_string(), raw["id"].as_str().unwrap());
    assert_eq!(upload.status.as_str(), raw["status"].as_str().unwrap());
    assert_eq!(upload.filename.as_deref(), raw["filename"].as_str());
    assert_eq!(upload.content_length, raw["content_length"].as_u64());
    assert_eq!(upload.upload_url.as_deref(), raw["upload_url"].as_str());
    assert_eq!(upload.expiry_time.is_some(), raw["expiry_time"].is_string());
    assert!(upload.created_by.is_some());
}

#[test]
fn every_recorded_file_upload_response_decodes_with_its_fields() {
    let (mut objects, mut lists) = (0, 0);
    for (file, method, path, body) in recorded() {
        let what = format!("{file}: {method} {path}");
        if body["object"] == "list" {
            let list: ListResponse<FileUpload> = decode(&what, &body);
            assert_eq!(list.kind.as_deref(), Some("file_upload"), "{what}");
            for (upload, raw) in list.results.iter().zip(body["results"].as_array().unwrap()) {
                check(upload, raw);
            }
            lists += 1;
        } else {
            let upload: FileUpload = decode(&what, &body);
            check(&upload, &body);
            assert!(upload.request_id.is_some(), "{what}");
            objects += 1;
        }
    }
    assert!(
        objects >= 10 && lists >= 4,
        "{objects} objects, {lists} lists"
    );
}

#[test]
fn a_recorded_successful_import_carries_its_result() {
    let body = recorded()
        .into_iter()
        .find(|(file, _, _, _)| file == "test_file_uploads_list.json")
        .unwrap()
        .3;
    let list: ListResponse<FileUpload> = decode("list", &body);
    let imported = list
        .results
        .iter()
        .find(|u| u.file_import_result.is_some())
        .expect("the list holds an imported file");
    let result = imported.file_import_result.as_ref().unwrap();
    assert_eq!(result.outcome, FileImportOutcome::Success);
    assert_eq!(
        result.imported_time.unwrap().to_string(),
        "2026-07-04T09:11:43Z"
    );
}

#[test]
fn a_pending_multi_part_upload_has_its_part_counts_and_complete_url() {
    let upload: FileUpload = decode(
        "multi_part",
        &json!({
            "object": "file_upload", "id": "393abc1e-edcd-81cc-b617-00b2433488d0",
            "created_time": "2026-07-04T09:11:00.000Z",
            "created_by": {"id": "7775f3a3-893f-43fa-b625-460c61094c78", "type": "bot"},
            "last_edited_time": "2026-07-04T09:12:00.000Z",
            "expiry_time": "2026-07-04T10:11:00.000Z",
            "upload_url": "https://api.notion.com/v1/file_uploads/393abc1e-edcd-81cc-b617-00b2433488d0/send",
            "complete_url": "https://api.notion.com/v1/file_uploads/393abc1e-edcd-81cc-b617-00b2433488d0/complete",
            "in_trash": false, "archived": false, "status": "pending",
            "filename": "movie.mov", "content_type": "video/quicktime", "content_length": null,
            "number_of_parts": {"total": 5, "sent": 2},
            "request_id": "99dcdb61-661f-41e9-a6cc-977fee5d2a22"
        }),
    );
    assert_eq!(upload.status, FileUploadStatus::Pending);
    assert_eq!(
        upload.number_of_parts.map(|p| (p.total, p.sent)),
        Some((5, 2))
    );
    assert!(upload.complete_url.unwrap().ends_with("/complete"));
    let _: Option<NumberOfParts> = upload.number_of_parts;
}

#[test]
fn an_expired_upload_and_an_attached_one_decode() {
    let expired: FileUpload = decode(
        "expired",
        &json!({
            "object": "file_upload", "id": "393abc1e-edcd-81cc-b617-00b2433488d0",
            "status": "expired", "expiry_time": "2026-07-04T10:11:00.000Z",
            "filename": "a.txt", "content_type": "text/plain", "content_length": null,
            "in_trash": false
        }),
    );
    assert_eq!(expired.status, FileUploadStatus::Expired);
    let attached: FileUpload = decode(
        "attached",
        &json!({
            "object": "file_upload", "id": "393abc1e-edcd-81cc-b617-00b2433488d0",
            "status": "uploaded", "expiry_time": null, "in_trash": false,
            "filename": "a.txt", "content_type": "text/plain", "content_length": 25
        }),
    );
    assert!(attached.is_uploaded() && attached.expiry_time.is_none());
}

#[test]
fn a_failed_import_decodes_every_documented_error_class() {
    for class in [
        "validation_error",
        "internal_system_error",
        "download_error",
        "upload_error",
    ] {
        let upload: FileUpload = decode(
            class,
            &json!({
                "object": "file_upload", "id": "393abc1e-edcd-8184-aaa6-00b26be2080f",
                "status": "failed", "filename": "x.pdf", "in_trash": false, "archived": false,
                "file_import_result": {
                    "imported_time": "2026-07-04T09:11:43.000Z", "type": "error",
                    "error": {"type": class, "code": "download_failed",
                              "message": "Failed.", "parameter": "external_url", "status_code": 404}
                }
            }),
        );
        let FileImportOutcome::Error(error) = upload.file_import_result.unwrap().outcome else {
            panic!("{class}: expected an import error");
        };
        assert_eq!(error.kind, class);
        assert_eq!(error.status_code, Some(404));
        assert_eq!(error.parameter.as_deref(), Some("external_url"));
    }
}
