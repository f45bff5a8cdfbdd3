//! Notion's rules for the parts of request bodies every resource shares: trash flags, ids,
//! icons and covers, file-upload attachments and rich-text fields.

use jiff::Timestamp;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;
use crate::notion::richtext::describe;
use crate::notion::uploads::take_upload_for_attachment;
use crate::notion::version::ApiVersion;
use crate::world::World;

/// Reads `in_trash` (or the deprecated `archived` on 2025-09-03) from a request body.
pub(crate) fn requested_trash(body: &Value, version: ApiVersion) -> ApiResult<Option<bool>> {
    let in_trash = body.get("in_trash");
    let archived = body.get("archived");
    if archived.is_some() && version == ApiVersion::V2026_03_11 {
        return Err(ApiError::body_field(
            "archived",
            "not present",
            describe(archived.unwrap_or(&Value::Null)),
        ));
    }
    match in_trash.or(archived) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(ApiError::body_field(
            "in_trash",
            "a boolean",
            describe(other),
        )),
    }
}

/// Reads a required id field (`parent.page_id`, ...), dashed or undashed.
pub(crate) fn body_id(value: &Value, path: &str) -> ApiResult<Uuid> {
    match value {
        Value::Null => Err(ApiError::body_missing(path)),
        Value::String(s) => {
            parse_uuid(s).ok_or_else(|| ApiError::body_field(path, "a valid uuid", describe(value)))
        }
        other => Err(ApiError::body_field(path, "a string", describe(other))),
    }
}

/// Validates an `icon` or `cover` and returns its response form.
pub(crate) fn file_object(value: Option<&Value>, path: &str, icon: bool) -> ApiResult<Value> {
    let Some(value) = value else {
        return Ok(Value::Null);
    };
    if value.is_null() {
        return Ok(Value::Null);
    }
    let kind = if value.get("emoji").is_some() {
        "emoji"
    } else if value.get("external").is_some() {
        "external"
    } else if value.get("file_upload").is_some() {
        "file_upload"
    } else if value.get("file").is_some() {
        "file"
    } else if value.get("custom_emoji").is_some() {
        "custom_emoji"
    } else if value.get("icon").is_some() {
        "icon"
    } else {
        return Err(ApiError::body_field(
            path,
            if icon {
                "an emoji, external, file_upload, custom_emoji or icon object"
            } else {
                "an external, file or file_upload object"
            },
            describe(value),
        ));
    };
    if !icon && matches!(kind, "emoji" | "custom_emoji" | "icon") {
        return Err(ApiError::body_field(
            path,
            "an external, file or file_upload object",
            describe(value),
        ));
    }
    Ok(match kind {
        "emoji" => json!({ "type": "emoji", "emoji": value["emoji"] }),
        "external" => {
            json!({ "type": "external", "external": { "url": value["external"]["url"] } })
        }
        "file_upload" => {
            let id = body_id(
                &value["file_upload"]["id"],
                &format!("{path}.file_upload.id"),
            )?;
            // Resolved to a hosted file by `attach_uploads` once the whole request is valid.
            json!({ "type": "file_upload", "file_upload": { "id": id } })
        }
        _ => {
            let mut out = value.clone();
            out["type"] = json!(kind);
            out
        }
    })
}

/// Attaches the file uploads a validated value names (an icon or cover from [`file_object`],
/// or a `files` property value) and turns each into the Notion-hosted `file` it reads as
/// afterwards. An unknown, pending or expired upload is Notion's `validation_error`.
///
/// Call it after every other check of the request: an upload, once attached, no longer
/// expires, even when a later upload of the same request is rejected.
pub(crate) fn attach_uploads(
    world: &mut World,
    value: &mut Value,
    now: Timestamp,
) -> ApiResult<()> {
    if let Value::Array(items) = value {
        return items
            .iter_mut()
            .try_for_each(|item| attach_uploads(world, item, now));
    }
    if value["type"] != "file_upload" {
        return Ok(());
    }
    let Some(id) = value["file_upload"]["id"].as_str().and_then(parse_uuid) else {
        return Ok(());
    };
    let upload = take_upload_for_attachment(&mut world.file_uploads, id, now)?;
    let filename = upload.filename.unwrap_or_else(|| "file".to_owned());
    // Other keys (a media block's `caption`, a `files` item's `name`) stay.
    if let Some(object) = value.as_object_mut() {
        object.remove("file_upload");
        object.insert("type".to_owned(), json!("file"));
        object.insert(
            "file".to_owned(),
            json!({
                "url": format!("https://files.notion-emulator.invalid/{id}/{filename}"),
                "expiry_time": crate::notion::properties::format_time(now + jiff::SignedDuration::from_hours(1)),
            }),
        );
        // `files` property items carry a name; Notion shows the file's own when none was given.
        if let Some(name) = object.get_mut("name")
            && name.is_null()
        {
            *name = json!(filename);
        }
    }
    Ok(())
}

/// A rich-text field of a body (`title`, `description`), or `default` when absent.
pub(crate) fn rich_text_field(body: &Value, key: &str, default: Value) -> ApiResult<Value> {
    match body.get(key) {
        None => Ok(default),
        Some(value) => crate::notion::richtext::normalize(value, key),
    }
}
