//! File uploads: `POST /v1/file_uploads`, `.../send`, `.../complete`, retrieve and list.
//!
//! The three modes behave like Notion's:
//! - `single_part` (default): one `send` of at most 20 MiB makes the upload `uploaded`.
//! - `multi_part`: `number_of_parts` parts sent in any order with `part_number`; every part but
//!   the last is 5–20 MiB; `complete` checks that all arrived and makes it `uploaded`.
//! - `external_url`: Notion imports the URL asynchronously. The emulator never fetches it: the
//!   upload is `pending` in the create response and settles on the next read, `uploaded`, or
//!   `failed` with a `download_error` when the URL's host ends in `.invalid` (e.g.
//!   `https://fail.invalid/x.pdf`), so tests can script both outcomes.
//!
//! Every upload expires one hour after creation on the emulator [`crate::Clock`] unless it was
//! attached to something first (`status: "expired"`). Comments attach uploads with
//! [`take_upload_for_attachment`]; page `files` values, page, database and data-source icons and
//! covers, and media blocks (image, video, audio, file, pdf) go through `api::attach_uploads`,
//! which calls it.
//!
//! Files larger than the configured [`crate::Plan`] allows (5 MiB free, 5 GiB paid, as
//! `GET /v1/users/me` reports) are refused with `400 validation_error` on `send`, and on
//! `create` for a `multi_part` upload whose number of parts cannot fit.
//!
//! Only sizes are kept, never file contents, so memory stays bounded.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::http::list::{ListParams, list_envelope};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::timestamps::minute_time;
use crate::notion::uploads::url_host;
use crate::notion::version::ApiVersion;
use crate::world::file_uploads::{FileUpload, FileUploads, Mode, UploadState};
use crate::world::state::{AppState, Capability};

const MIB: u64 = 1024 * 1024;
/// Largest single-part upload and largest multi-part part.
const MAX_PART_BYTES: u64 = 20 * MIB;
/// Smallest multi-part part, except the last.
const MIN_PART_BYTES: u64 = 5 * MIB;
const MAX_PARTS: u64 = 1_000;
const MAX_FILENAME_BYTES: usize = 900;
/// Room for the multipart framing around a largest part.
const SEND_BODY_LIMIT: usize = (MAX_PART_BYTES + MIB) as usize;

impl FileUpload {
    fn to_json(&self, render: &Render) -> Value {
        let (now, base_url) = (render.now, render.base_url.as_str());
        let status = self.status(now);
        let mut body = json!({
            "object": "file_upload",
            "id": self.id.to_string(),
            "created_time": minute_time(self.created_time, true),
            "created_by": {"id": self.created_by.to_string(), "type": "bot"},
            "last_edited_time": minute_time(self.last_edited_time, true),
            "expiry_time": self.expiry_time().map(|at| minute_time(at, true)),
        });
        let object = body.as_object_mut().expect("a json object");
        if status == "pending" {
            object.insert(
                "upload_url".into(),
                json!(format!("{base_url}/v1/file_uploads/{}/send", self.id)),
            );
        }
        if let (Mode::MultiPart { total, parts }, "pending") = (&self.mode, status) {
            object.insert(
                "complete_url".into(),
                json!(format!("{base_url}/v1/file_uploads/{}/complete", self.id)),
            );
            object.insert(
                "number_of_parts".into(),
                json!({"total": total, "sent": parts.len()}),
            );
        }
        object.insert("in_trash".into(), json!(false));
        object.insert("status".into(), json!(status));
        object.insert("filename".into(), json!(self.filename));
        object.insert("content_type".into(), json!(self.content_type));
        object.insert("content_length".into(), json!(self.content_length));
        if let UploadState::Imported { result, .. } = &self.state {
            object.insert("file_import_result".into(), result.clone());
        }
        if render.version.has_archived() {
            object.insert("archived".into(), json!(false));
        }
        body
    }
}

/// What an upload's JSON depends on besides the upload: the time (for expiry), the URL the
/// client reached the emulator at (for `upload_url`), and the API version (`archived`).
struct Render {
    now: Timestamp,
    base_url: String,
    version: ApiVersion,
}

impl Render {
    fn new(ctx: &Ctx, headers: &HeaderMap, now: Timestamp) -> Self {
        Self {
            now,
            base_url: base_url(headers),
            version: ctx.version,
        }
    }
}

/// The routes of this module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/file_uploads", post(create).get(list))
        .route("/v1/file_uploads/{id}", get(retrieve))
        .route(
            "/v1/file_uploads/{id}/send",
            post(send).layer(DefaultBodyLimit::max(SEND_BODY_LIMIT)),
        )
        .route("/v1/file_uploads/{id}/complete", post(complete))
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let request = CreateRequest::parse(&body)?;
    let limit = state.config.plan.max_file_upload_bytes();
    if let Mode::MultiPart { total, .. } = request.mode {
        // Every part but the last holds at least 5 MiB: a file in this many parts cannot fit.
        check_workspace_limit((total - 1) * MIN_PART_BYTES + 1, limit)?;
    }
    let now = state.clock.now();
    let upload = FileUpload {
        id: Uuid::new_v4(),
        created_time: now,
        last_edited_time: now,
        created_by: state.bot_id,
        content_type: request
            .content_type
            .or_else(|| request.filename.as_deref().and_then(guess_content_type)),
        filename: request.filename,
        mode: request.mode,
        state: UploadState::Pending,
        content_length: None,
        attached: false,
    };
    let json = upload.to_json(&Render::new(&ctx, &headers, now));
    let mut world = state.world();
    world.file_uploads.order.push(upload.id);
    world.file_uploads.uploads.insert(upload.id, upload);
    Ok(ctx.ok(json))
}

struct CreateRequest {
    mode: Mode,
    filename: Option<String>,
    content_type: Option<String>,
}

impl CreateRequest {
    fn parse(body: &Value) -> ApiResult<Self> {
        let filename = optional_string(body, "filename")?;
        if filename
            .as_ref()
            .is_some_and(|name| name.len() > MAX_FILENAME_BYTES)
        {
            return Err(ApiError::body_field(
                "filename.length",
                &format!("≤ {MAX_FILENAME_BYTES}"),
                filename.as_ref().map_or(0, String::len),
            ));
        }
        let content_type = optional_string(body, "content_type")?;
        let mode = optional_string(body, "mode")?;
        let number_of_parts = body.get("number_of_parts").filter(|v| !v.is_null());
        let external_url = optional_string(body, "external_url")?;
        let mode = match mode.as_deref().unwrap_or("single_part") {
            "single_part" => Mode::SinglePart,
            "multi_part" => {
                if filename.is_none() {
                    return Err(ApiError::body_missing("filename"));
                }
                let total =
                    number_of_parts.ok_or_else(|| ApiError::body_missing("number_of_parts"))?;
                match total.as_u64() {
                    Some(total @ 1..=MAX_PARTS) => Mode::MultiPart {
                        total,
                        parts: BTreeMap::new(),
                    },
                    _ => {
                        return Err(ApiError::body_field(
                            "number_of_parts",
                            &format!("an integer between 1 and {MAX_PARTS}"),
                            total,
                        ));
                    }
                }
            }
            "external_url" => {
                let url = external_url.ok_or_else(|| ApiError::body_missing("external_url"))?;
                if filename.is_none() {
                    return Err(ApiError::body_missing("filename"));
                }
                if !url.starts_with("https://") || url_host(&url).is_none() {
                    return Err(ApiError::validation(format!(
                        "body failed validation: body.external_url should be a valid HTTPS URL, instead was `{}`.",
                        Value::String(url)
                    )));
                }
                Mode::ExternalUrl { url }
            }
            other => {
                return Err(ApiError::body_field(
                    "mode",
                    "`\"single_part\"`, `\"multi_part\"`, or `\"external_url\"`",
                    format!("`{}`", Value::String(other.to_owned())),
                ));
            }
        };
        if number_of_parts.is_some() && !matches!(mode, Mode::MultiPart { .. }) {
            return Err(ApiError::validation(
                "body failed validation: body.number_of_parts should be not present unless mode is `\"multi_part\"`.",
            ));
        }
        Ok(Self {
            mode,
            filename,
            content_type,
        })
    }
}

async fn send(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let id = parse_id("file_upload_id", &raw_id)?;
    let form = SendForm::read(multipart.map_err(|e| bad_form(&e.body_text()))?).await?;
    let limit = state.config.plan.max_file_upload_bytes();
    let now = state.clock.now();
    let mut world = state.world();
    let upload = find(&mut world.file_uploads, id)?;
    upload.settle_import(now);
    match upload.status(now) {
        "pending" => {}
        "expired" => return Err(expired(id)),
        status => return Err(not_pending(id, status)),
    }
    if upload.filename.is_none() {
        upload.filename = form.filename.clone();
    }
    if upload.content_type.is_none() {
        upload.content_type = form
            .content_type
            .clone()
            .or_else(|| form.filename.as_deref().and_then(guess_content_type));
    }
    match &mut upload.mode {
        Mode::ExternalUrl { .. } => {
            return Err(ApiError::validation(
                "File uploads in `external_url` mode are imported by Notion and do not accept `send`.",
            ));
        }
        Mode::SinglePart => {
            if form.part_number.is_some() {
                return Err(ApiError::validation(
                    "body failed validation: body.part_number should be not present for a `single_part` upload.",
                ));
            }
            check_size(form.size, MAX_PART_BYTES, "file")?;
            check_workspace_limit(form.size, limit)?;
            upload.content_length = Some(form.size);
            upload.state = UploadState::Uploaded;
        }
        Mode::MultiPart { total, parts } => {
            let part = form
                .part_number
                .ok_or_else(|| ApiError::body_missing("part_number"))?;
            if part == 0 || part > *total {
                return Err(ApiError::body_field(
                    "part_number",
                    &format!("an integer between 1 and {total}"),
                    part,
                ));
            }
            check_size(form.size, MAX_PART_BYTES, "file")?;
            if part < *total && form.size < MIN_PART_BYTES {
                return Err(ApiError::validation(format!(
                    "body failed validation: body.file.size should be ≥ {MIN_PART_BYTES} bytes for every part but the last, instead was {}.",
                    form.size
                )));
            }
            let others: u64 = parts
                .iter()
                .filter(|(n, _)| **n != part)
                .map(|(_, size)| size)
                .sum();
            check_workspace_limit(others + form.size, limit)?;
            parts.insert(part, form.size);
        }
    }
    upload.last_edited_time = now;
    let json = upload.to_json(&Render::new(&ctx, &headers, now));
    Ok(ctx.ok(json))
}

/// The fields of a `send` form.
struct SendForm {
    size: u64,
    filename: Option<String>,
    content_type: Option<String>,
    part_number: Option<u64>,
}

impl SendForm {
    async fn read(mut multipart: Multipart) -> ApiResult<Self> {
        let mut file = None;
        let mut part_number = None;
        while let Some(mut field) = multipart
            .next_field()
            .await
            .map_err(|e| bad_form(&e.body_text()))?
        {
            match field.name() {
                Some("file") => {
                    let filename = field.file_name().map(str::to_owned);
                    let content_type = field.content_type().map(str::to_owned);
                    // Count the bytes without keeping them: contents are never served back.
                    let mut size = 0u64;
                    while let Some(chunk) =
                        field.chunk().await.map_err(|e| bad_form(&e.body_text()))?
                    {
                        size += chunk.len() as u64;
                    }
                    file = Some((size, filename, content_type));
                }
                Some("part_number") => {
                    let raw = field.text().await.map_err(|e| bad_form(&e.body_text()))?;
                    let number = raw.trim().parse::<u64>().map_err(|_| {
                        ApiError::body_field(
                            "part_number",
                            "a string containing a positive integer",
                            format!("`{}`", Value::String(raw.clone())),
                        )
                    })?;
                    part_number = Some(number);
                }
                _ => {}
            }
        }
        let (size, filename, content_type) = file.ok_or_else(|| ApiError::body_missing("file"))?;
        Ok(Self {
            size,
            filename,
            content_type,
            part_number,
        })
    }
}

async fn complete(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let id = parse_id("file_upload_id", &raw_id)?;
    let now = state.clock.now();
    let mut world = state.world();
    let upload = find(&mut world.file_uploads, id)?;
    match upload.status(now) {
        "pending" => {}
        "expired" => return Err(expired(id)),
        status => return Err(not_pending(id, status)),
    }
    let Mode::MultiPart { total, parts } = &upload.mode else {
        return Err(ApiError::validation(format!(
            "File upload with ID: {id} is not in `multi_part` mode; only multi-part uploads are completed."
        )));
    };
    let missing: Vec<String> = (1..=*total)
        .filter(|n| !parts.contains_key(n))
        .map(|n| n.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::validation(format!(
            "File upload with ID: {id} is missing parts: {}. Send every part before completing.",
            missing.join(", ")
        )));
    }
    upload.content_length = Some(parts.values().sum());
    upload.state = UploadState::Uploaded;
    upload.last_edited_time = now;
    let json = upload.to_json(&Render::new(&ctx, &headers, now));
    Ok(ctx.ok(json))
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("file_upload_id", &raw_id)?;
    let now = state.clock.now();
    let mut world = state.world();
    let upload = find(&mut world.file_uploads, id)?;
    upload.settle_import(now);
    let json = upload.to_json(&Render::new(&ctx, &headers, now));
    Ok(ctx.ok(json))
}

#[derive(Debug, Deserialize)]
struct StatusFilter {
    status: Option<String>,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
    Query(filter): Query<StatusFilter>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let status = match filter.status.as_deref() {
        None => None,
        Some(s @ ("pending" | "uploaded" | "expired" | "failed")) => Some(s),
        Some(other) => {
            return Err(ApiError::validation(format!(
                "query failed validation: query.status should be one of `\"pending\"`, `\"uploaded\"`, `\"expired\"`, `\"failed\"`, instead was `{}`.",
                Value::String(other.to_owned())
            )));
        }
    };
    let page_size = params.page_size()?;
    let now = state.clock.now();
    let render = Render::new(&ctx, &headers, now);
    let mut world = state.world();
    let uploads = &mut world.file_uploads;
    let mut matching = Vec::new();
    for id in uploads.order.iter().rev() {
        let Some(upload) = uploads.uploads.get_mut(id) else {
            continue;
        };
        upload.settle_import(now);
        if status.is_none_or(|s| upload.status(now) == s) {
            matching.push(*id);
        }
    }
    let (page, next) = params.window(&matching, page_size)?;
    let results = page
        .iter()
        .filter_map(|id| uploads.uploads.get(id))
        .map(|upload| upload.to_json(&render))
        .collect();
    Ok(ctx.ok(list_envelope(results, next, "file_upload", json!({}))))
}

fn find(uploads: &mut FileUploads, id: Uuid) -> ApiResult<&mut FileUpload> {
    uploads.uploads.get_mut(&id).ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "object_not_found",
            format!("Could not find file_upload with ID: {id}."),
        )
    })
}

fn expired(id: Uuid) -> ApiError {
    ApiError::validation(format!(
        "File upload with ID: {id} has expired. Create a new file upload."
    ))
}

fn not_pending(id: Uuid, status: &str) -> ApiError {
    ApiError::validation(format!(
        "File upload with ID: {id} is in status `{status}`; only pending uploads accept this request."
    ))
}

fn bad_form(detail: &str) -> ApiError {
    ApiError::validation(format!(
        "body failed validation: the body should be multipart/form-data with a `file` field ({detail})."
    ))
}

fn check_size(size: u64, max: u64, field: &str) -> ApiResult<()> {
    if size > max {
        return Err(ApiError::validation(format!(
            "body failed validation: body.{field}.size should be ≤ {max} bytes, instead was {size}."
        )));
    }
    Ok(())
}

/// Files larger than the workspace plan allows (5 MiB free, 5 GiB paid) are refused.
fn check_workspace_limit(size: u64, limit: u64) -> ApiResult<()> {
    if size > limit {
        return Err(ApiError::validation(format!(
            "The file size ({size} bytes) exceeds the file upload limit of this workspace ({limit} bytes)."
        )));
    }
    Ok(())
}

fn optional_string(body: &Value, field: &str) -> ApiResult<Option<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ApiError::body_field(
            field,
            "a string",
            format!("`{other}`"),
        )),
    }
}

fn guess_content_type(filename: &str) -> Option<String> {
    mime_guess::from_path(filename)
        .first()
        .map(|mime| mime.essence_str().to_owned())
}

/// The emulator's own base URL as the client reached it, for `upload_url`/`complete_url`.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_is_guessed_from_the_extension() {
        assert_eq!(
            guess_content_type("x.pdf").as_deref(),
            Some("application/pdf")
        );
        assert_eq!(
            guess_content_type("notes.txt").as_deref(),
            Some("text/plain")
        );
    }
}
