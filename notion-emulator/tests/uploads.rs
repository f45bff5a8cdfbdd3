//! File uploads in all three modes, listing, and expiry on the emulator clock.

mod support;

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use support::Api;

const MIB: usize = 1024 * 1024;

async fn send_form(api: &Api, id: &str, form: Form) -> (u16, Value) {
    let response = api
        .http
        .post(api.url(&format!("/v1/file_uploads/{id}/send")))
        .bearer_auth(api.emulator.token())
        .header("Notion-Version", "2025-09-03")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn file(bytes: Vec<u8>, name: &str) -> Form {
    Form::new().part(
        "file",
        Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str("text/plain")
            .unwrap(),
    )
}

fn part(bytes: usize, number: u64) -> Form {
    file(vec![b'x'; bytes], "big.bin").text("part_number", number.to_string())
}

async fn create(api: &Api, body: Value) -> Value {
    api.post_ok("/v1/file_uploads", body).await
}

fn id(upload: &Value) -> String {
    upload["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_new_upload_is_pending_with_an_upload_url_and_one_hour_expiry() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"filename": "a.txt", "content_type": "text/plain"}),
    )
    .await;
    assert_eq!(upload["object"], "file_upload");
    assert_eq!(upload["status"], "pending");
    assert_eq!(upload["content_length"], Value::Null);
    assert_eq!(
        upload["upload_url"],
        api.url(&format!("/v1/file_uploads/{}/send", id(&upload)))
    );
    let created: jiff::Timestamp = upload["created_time"].as_str().unwrap().parse().unwrap();
    let expiry: jiff::Timestamp = upload["expiry_time"].as_str().unwrap().parse().unwrap();
    assert_eq!(expiry - created, jiff::SignedDuration::from_hours(1));
}

#[tokio::test]
async fn a_single_part_send_makes_the_upload_uploaded() {
    let api = Api::start().await;
    let upload = create(&api, json!({"mode": "single_part", "filename": "a.txt"})).await;
    let (status, sent) = send_form(
        &api,
        &id(&upload),
        file(b"This is test file content".to_vec(), "a.txt"),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["status"], "uploaded");
    assert_eq!(sent["content_length"], 25);
    assert_eq!(sent["content_type"], "text/plain");
    assert!(sent.get("upload_url").is_none());
    let fetched = api
        .get_ok(&format!("/v1/file_uploads/{}", id(&upload)))
        .await;
    assert_eq!(fetched["status"], "uploaded");
}

#[tokio::test]
async fn a_second_send_to_an_uploaded_file_is_rejected() {
    let api = Api::start().await;
    let upload = create(&api, json!({})).await;
    send_form(&api, &id(&upload), file(b"one".to_vec(), "a.txt")).await;
    let (status, body) = send_form(&api, &id(&upload), file(b"two".to_vec(), "a.txt")).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "validation_error");
}

#[tokio::test]
async fn a_send_without_a_file_field_is_a_validation_error() {
    let api = Api::start().await;
    let upload = create(&api, json!({})).await;
    let (status, body) = send_form(&api, &id(&upload), Form::new().text("other", "x")).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "validation_error");
}

#[tokio::test]
async fn the_filename_comes_from_the_form_when_create_had_none() {
    let api = Api::start().await;
    let upload = create(&api, json!({})).await;
    assert_eq!(upload["filename"], Value::Null);
    let (_, sent) = send_form(&api, &id(&upload), file(b"%PDF".to_vec(), "doc.pdf")).await;
    assert_eq!(sent["filename"], "doc.pdf");
}

#[tokio::test]
async fn a_single_part_over_20_mib_is_rejected() {
    let api = Api::start().await;
    let upload = create(&api, json!({"filename": "big.bin"})).await;
    let (status, body) =
        send_form(&api, &id(&upload), file(vec![0; 20 * MIB + 1], "big.bin")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "validation_error");
}

#[tokio::test]
async fn multi_part_accepts_parts_in_any_order_then_completes() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"mode": "multi_part", "filename": "big.bin", "number_of_parts": 2}),
    )
    .await;
    assert_eq!(upload["number_of_parts"], json!({"total": 2, "sent": 0}));
    assert!(upload["complete_url"].is_string());
    let (status, after_last) = send_form(&api, &id(&upload), part(10, 2)).await;
    assert_eq!(status, 200, "{after_last}");
    assert_eq!(after_last["number_of_parts"]["sent"], 1);
    let (status, after_first) = send_form(&api, &id(&upload), part(5 * MIB, 1)).await;
    assert_eq!(status, 200, "{after_first}");
    assert_eq!(after_first["status"], "pending");
    let done = api
        .post_ok(
            &format!("/v1/file_uploads/{}/complete", id(&upload)),
            json!({}),
        )
        .await;
    assert_eq!(done["status"], "uploaded");
    assert_eq!(done["content_length"], 5 * MIB + 10);
    assert!(done.get("number_of_parts").is_none());
}

#[tokio::test]
async fn completing_with_a_missing_part_is_rejected() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"mode": "multi_part", "filename": "big.bin", "number_of_parts": 3}),
    )
    .await;
    send_form(&api, &id(&upload), part(1, 3)).await;
    let (status, body) = api
        .post(
            &format!("/v1/file_uploads/{}/complete", id(&upload)),
            json!({}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("1, 2"), "{body}");
}

#[tokio::test]
async fn a_small_part_that_is_not_the_last_is_rejected() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"mode": "multi_part", "filename": "big.bin", "number_of_parts": 2}),
    )
    .await;
    let (status, body) = send_form(&api, &id(&upload), part(1024, 1)).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn a_part_number_out_of_range_is_rejected() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"mode": "multi_part", "filename": "big.bin", "number_of_parts": 2}),
    )
    .await;
    let (status, _) = send_form(&api, &id(&upload), part(10, 3)).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn multi_part_requires_a_filename_and_number_of_parts() {
    let api = Api::start().await;
    let (status, body) = api
        .post(
            "/v1/file_uploads",
            json!({"mode": "multi_part", "number_of_parts": 2}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
    let (status, _) = api
        .post(
            "/v1/file_uploads",
            json!({"mode": "multi_part", "filename": "a.bin"}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn completing_a_single_part_upload_is_rejected() {
    let api = Api::start().await;
    let upload = create(&api, json!({})).await;
    let (status, _) = api
        .post(
            &format!("/v1/file_uploads/{}/complete", id(&upload)),
            json!({}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_external_url_import_is_pending_then_uploaded_on_the_next_read() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"mode": "external_url", "filename": "dummy.pdf", "external_url": "https://example.com/dummy.pdf"}),
    )
    .await;
    assert_eq!(upload["status"], "pending");
    assert_eq!(upload["content_type"], "application/pdf");
    let fetched = api
        .get_ok(&format!("/v1/file_uploads/{}", id(&upload)))
        .await;
    assert_eq!(fetched["status"], "uploaded");
    assert_eq!(fetched["file_import_result"]["type"], "success");
}

#[tokio::test]
async fn an_external_url_on_an_invalid_host_fails_to_import() {
    let api = Api::start().await;
    let upload = create(
        &api,
        json!({"mode": "external_url", "filename": "x.pdf", "external_url": "https://fail.invalid/x.pdf"}),
    )
    .await;
    let fetched = api
        .get_ok(&format!("/v1/file_uploads/{}", id(&upload)))
        .await;
    assert_eq!(fetched["status"], "failed");
    assert_eq!(fetched["file_import_result"]["type"], "error");
    assert_eq!(
        fetched["file_import_result"]["error"]["type"],
        "download_error"
    );
}

#[tokio::test]
async fn an_external_url_must_be_https() {
    let api = Api::start().await;
    let (status, body) = api
        .post(
            "/v1/file_uploads",
            json!({"mode": "external_url", "filename": "x.pdf", "external_url": "http://example.com/x.pdf"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
}

#[tokio::test]
async fn an_unattached_upload_expires_after_one_hour_on_the_emulator_clock() {
    let api = Api::start().await;
    let upload = create(&api, json!({})).await;
    send_form(&api, &id(&upload), file(b"x".to_vec(), "a.txt")).await;
    api.emulator.clock().advance(Duration::from_secs(3600));
    let fetched = api
        .get_ok(&format!("/v1/file_uploads/{}", id(&upload)))
        .await;
    assert_eq!(fetched["status"], "expired");
}

#[tokio::test]
async fn sending_to_an_expired_upload_is_rejected() {
    let api = Api::start().await;
    let upload = create(&api, json!({})).await;
    api.emulator.clock().advance(Duration::from_secs(3601));
    let (status, body) = send_form(&api, &id(&upload), file(b"x".to_vec(), "a.txt")).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn list_is_newest_first_and_paginates_by_cursor() {
    let api = Api::start().await;
    let mut ids = Vec::new();
    for name in ["0.txt", "1.txt", "2.txt"] {
        ids.push(id(&create(&api, json!({"filename": name})).await));
    }
    let first = api.get_ok("/v1/file_uploads?page_size=2").await;
    assert_eq!(first["type"], "file_upload");
    assert_eq!(first["file_upload"], json!({}));
    let first_ids: Vec<&str> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(first_ids, [ids[2].as_str(), ids[1].as_str()]);
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = api
        .get_ok(&format!(
            "/v1/file_uploads?page_size=2&start_cursor={cursor}"
        ))
        .await;
    assert_eq!(second["results"][0]["id"], ids[0].as_str());
    assert_eq!(second["has_more"], false);
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn list_filters_by_status() {
    let api = Api::start().await;
    let sent = create(&api, json!({})).await;
    send_form(&api, &id(&sent), file(b"x".to_vec(), "a.txt")).await;
    create(&api, json!({})).await;
    let uploaded = api.get_ok("/v1/file_uploads?status=uploaded").await;
    let results = uploaded["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["id"], id(&sent).as_str());
    let pending = api.get_ok("/v1/file_uploads?status=pending").await;
    assert_eq!(pending["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn list_rejects_an_unknown_status() {
    let api = Api::start().await;
    let (status, body) = api.get("/v1/file_uploads?status=done").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("validation_error"))
    );
}

#[tokio::test]
async fn retrieving_an_unknown_upload_is_not_found() {
    let api = Api::start().await;
    let (status, body) = api
        .get("/v1/file_uploads/00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("object_not_found"))
    );
}

#[tokio::test]
async fn the_2026_version_drops_archived() {
    let mut api = Api::start().await;
    api.version = "2026-03-11";
    let upload = create(&api, json!({})).await;
    assert!(upload.get("archived").is_none());
    assert_eq!(upload["in_trash"], false);
}

#[tokio::test]
async fn a_read_only_token_cannot_create_uploads() {
    let mut config = notion_emulator::Config::default();
    config.capabilities = notion_emulator::Capabilities::READ_ONLY;
    let api = Api::start_with(config).await;
    let (status, body) = api.post("/v1/file_uploads", json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("restricted_resource"))
    );
    assert_eq!(api.get("/v1/file_uploads").await.0, 200);
}

/// An upload that finished uploading `a.txt`; returns its id.
async fn uploaded(api: &Api) -> String {
    let upload = create(api, json!({"filename": "a.txt"})).await;
    let (status, sent) = send_form(api, &id(&upload), file(b"hello".to_vec(), "a.txt")).await;
    assert_eq!(status, 200, "{sent}");
    id(&upload)
}

/// A data source with a `files` property; returns its id.
async fn files_data_source(api: &Api) -> String {
    api.data_source(
        "Docs",
        json!({"Name": {"title": {}}, "Files": {"files": {}}}),
    )
    .await
}

#[tokio::test]
async fn an_uploaded_file_in_a_files_property_reads_as_a_hosted_file() {
    let api = Api::start().await;
    let ds = files_data_source(&api).await;
    let upload = uploaded(&api).await;
    let page = api
        .post_ok(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {
                "Files": {"files": [{"type": "file_upload", "file_upload": {"id": upload}}]}}}),
        )
        .await;
    let files = &page["properties"]["Files"]["files"];
    assert_eq!(files[0]["type"], "file");
    assert_eq!(files[0]["name"], "a.txt");
    assert!(files[0]["file"]["url"].as_str().unwrap().contains(&upload));
    assert!(files[0]["file"]["expiry_time"].is_string());
}

#[tokio::test]
async fn an_attached_upload_no_longer_expires() {
    let api = Api::start().await;
    let ds = files_data_source(&api).await;
    let upload = uploaded(&api).await;
    api.post_ok(
        "/v1/pages",
        json!({"parent": {"data_source_id": ds}, "properties": {
            "Files": {"files": [{"name": "doc", "file_upload": {"id": upload}}]}}}),
    )
    .await;
    api.emulator.clock().advance(Duration::from_secs(7200));
    let fetched = api.get_ok(&format!("/v1/file_uploads/{upload}")).await;
    assert_eq!(fetched["status"], "uploaded");
    assert_eq!(fetched["expiry_time"], Value::Null);
}

#[tokio::test]
async fn attaching_an_unknown_pending_or_expired_upload_is_a_validation_error() {
    let api = Api::start().await;
    let ds = files_data_source(&api).await;
    let attach = |upload: String| {
        api.post(
            "/v1/pages",
            json!({"parent": {"data_source_id": ds}, "properties": {
                "Files": {"files": [{"file_upload": {"id": upload}}]}}}),
        )
    };
    let pending = id(&create(&api, json!({})).await);
    let expired = uploaded(&api).await;
    for upload in [uuid::Uuid::new_v4().to_string(), pending] {
        let (status, error) = attach(upload).await;
        assert_eq!((status, &error["code"]), (400, &json!("validation_error")));
    }
    api.emulator.clock().advance(Duration::from_secs(3601));
    let (status, error) = attach(expired).await;
    assert_eq!((status, &error["code"]), (400, &json!("validation_error")));
    assert!(
        error["message"].as_str().unwrap().contains("expired"),
        "{error}"
    );
}

#[tokio::test]
async fn a_rejected_upload_leaves_the_page_unchanged() {
    let api = Api::start().await;
    let page = api.page("Page").await;
    let path = format!("/v1/pages/{}", page["id"].as_str().unwrap());
    let (status, _) = api
        .patch(
            &path,
            json!({"icon": {"emoji": "🎉"}, "cover": {"file_upload": {"id": uuid::Uuid::new_v4()}}}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(api.get_ok(&path).await["icon"], Value::Null);
}

#[tokio::test]
async fn an_uploaded_icon_and_cover_read_as_hosted_files() {
    let api = Api::start().await;
    let page = api.page("Page").await;
    let upload = uploaded(&api).await;
    let updated = api
        .patch_ok(
            &format!("/v1/pages/{}", page["id"].as_str().unwrap()),
            json!({"icon": {"type": "file_upload", "file_upload": {"id": upload}},
                   "cover": {"file_upload": {"id": upload}}}),
        )
        .await;
    for key in ["icon", "cover"] {
        assert_eq!(updated[key]["type"], "file", "{key}");
        assert!(
            updated[key]["file"]["url"]
                .as_str()
                .unwrap()
                .contains(&upload)
        );
    }
}

#[tokio::test]
async fn a_database_icon_from_an_upload_is_validated_too() {
    let api = Api::start().await;
    let (status, error) = api
        .post(
            "/v1/databases",
            json!({"parent": {"type": "workspace", "workspace": true},
                   "icon": {"file_upload": {"id": uuid::Uuid::new_v4()}}}),
        )
        .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["code"], "validation_error");
}

#[tokio::test]
async fn an_image_block_from_an_upload_reads_as_a_hosted_file_with_its_caption() {
    let api = Api::start().await;
    let page = api.page("Page").await;
    let upload = uploaded(&api).await;
    let appended = api
        .patch_ok(
            &format!("/v1/blocks/{}/children", page["id"].as_str().unwrap()),
            json!({"children": [{"image": {"file_upload": {"id": upload},
                "caption": [{"text": {"content": "a cat"}}]}}]}),
        )
        .await;
    let image = &appended["results"][0]["image"];
    assert_eq!(image["type"], "file");
    assert!(image["file"]["url"].as_str().unwrap().contains(&upload));
    assert_eq!(image["caption"][0]["plain_text"], "a cat");
    assert!(image.get("file_upload").is_none());
}

#[tokio::test]
async fn a_bad_upload_in_nested_children_creates_no_block() {
    let api = Api::start().await;
    let page = api.page("Page").await;
    let children_path = format!("/v1/blocks/{}/children", page["id"].as_str().unwrap());
    let (status, error) = api
        .patch(
            &children_path,
            json!({"children": [{"paragraph": {"rich_text": [], "children": [
                {"file": {"file_upload": {"id": uuid::Uuid::new_v4()}}}]}}]}),
        )
        .await;
    assert_eq!((status, &error["code"]), (400, &json!("validation_error")));
    assert_eq!(api.get_ok(&children_path).await["results"], json!([]));
}

#[tokio::test]
async fn an_image_block_can_switch_to_an_upload_and_keep_its_caption() {
    let api = Api::start().await;
    let page = api.page("Page").await;
    let appended = api
        .patch_ok(
            &format!("/v1/blocks/{}/children", page["id"].as_str().unwrap()),
            json!({"children": [{"image": {"external": {"url": "https://example.com/a.png"},
                "caption": [{"text": {"content": "kept"}}]}}]}),
        )
        .await;
    let block_path = format!(
        "/v1/blocks/{}",
        appended["results"][0]["id"].as_str().unwrap()
    );
    let upload = uploaded(&api).await;
    let updated = api
        .patch_ok(
            &block_path,
            json!({"image": {"file_upload": {"id": upload}}}),
        )
        .await;
    assert_eq!(updated["image"]["type"], "file");
    assert!(updated["image"].get("external").is_none());
    assert_eq!(updated["image"]["caption"][0]["plain_text"], "kept");
    let recaptioned = api
        .patch_ok(
            &block_path,
            json!({"image": {"caption": [{"text": {"content": "new"}}]}}),
        )
        .await;
    assert_eq!(recaptioned["image"]["type"], "file");
    assert_eq!(recaptioned["image"]["caption"][0]["plain_text"], "new");
}

fn free_plan() -> notion_emulator::Config {
    let mut config = notion_emulator::Config::default();
    config.plan = notion_emulator::Plan::Free;
    config
}

#[tokio::test]
async fn users_me_reports_the_paid_plan_limit_by_default_and_the_free_one_when_configured() {
    let limit = |me: &Value| me["bot"]["workspace_limits"]["max_file_upload_size_in_bytes"].clone();
    let paid = Api::start().await;
    assert_eq!(limit(&paid.get_ok("/v1/users/me").await), json!(5u64 << 30));
    let free = Api::start_with(free_plan()).await;
    assert_eq!(limit(&free.get_ok("/v1/users/me").await), json!(5 * MIB));
}

#[tokio::test]
async fn a_free_workspace_refuses_a_single_part_file_over_5_mib() {
    let api = Api::start_with(free_plan()).await;
    let upload = create(&api, json!({"filename": "big.txt"})).await;
    let (status, body) = send_form(&api, &id(&upload), file(vec![0; 5 * MIB + 1], "big.txt")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "validation_error");
    assert!(
        body["message"].as_str().unwrap().contains("limit"),
        "{body}"
    );
    let (status, _) = send_form(&api, &id(&upload), file(vec![0; 5 * MIB], "big.txt")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_free_workspace_refuses_a_multi_part_upload_that_cannot_fit() {
    let api = Api::start_with(free_plan()).await;
    let (status, body) = api
        .post(
            "/v1/file_uploads",
            json!({"mode": "multi_part", "filename": "big.bin", "number_of_parts": 2}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "validation_error");
}
