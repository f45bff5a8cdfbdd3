//! Notion's rules for a file upload's life: when it expires, how an `external_url` import
//! settles, and what attaching it requires.

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::timestamps::millis_time;
use crate::world::file_uploads::{AttachedUpload, FileUpload, FileUploads, Mode, UploadState};

/// How long an unattached upload lives.
const EXPIRY: SignedDuration = SignedDuration::from_hours(1);
/// Hosts under this TLD make an `external_url` import fail (RFC 2606 reserves it).
const FAILING_HOST_SUFFIX: &str = ".invalid";

impl FileUpload {
    pub(crate) fn expiry_time(&self) -> Option<Timestamp> {
        (!self.attached).then(|| self.created_time + EXPIRY)
    }

    pub(crate) fn status(&self, now: Timestamp) -> &'static str {
        match (&self.state, self.expiry_time()) {
            (UploadState::Imported { ok: false, .. }, _) => "failed",
            (_, Some(expiry)) if now >= expiry => "expired",
            (UploadState::Pending, _) => "pending",
            (UploadState::Uploaded | UploadState::Imported { ok: true, .. }, _) => "uploaded",
        }
    }

    /// An `external_url` import settles on the first read after creation.
    pub(crate) fn settle_import(&mut self, now: Timestamp) {
        let Mode::ExternalUrl { url } = &self.mode else {
            return;
        };
        if self.state != UploadState::Pending || self.status(now) == "expired" {
            return;
        }
        let imported_time = millis_time(now);
        let ok = !url_host(url).is_some_and(|host| host.ends_with(FAILING_HOST_SUFFIX));
        let result = if ok {
            json!({"type": "success", "success": {}, "imported_time": imported_time})
        } else {
            json!({
                "type": "error",
                "error": {
                    "type": "download_error",
                    "code": "download_failed",
                    "message": format!("Failed to download the file from {url}."),
                    "parameter": "external_url",
                    "status_code": null,
                },
                "imported_time": imported_time,
            })
        };
        self.state = UploadState::Imported { ok, result };
        self.last_edited_time = now;
    }
}

/// Validates that upload `id` can be attached (it exists, finished uploading and has not
/// expired), marks it attached so it never expires, and returns what the attachment shows.
///
/// Core code calls this when a page property, block, icon or cover names
/// `{"type":"file_upload","file_upload":{"id":..}}`. An upload may be attached any number of
/// times once uploaded, as in Notion.
pub(crate) fn take_upload_for_attachment(
    uploads: &mut FileUploads,
    id: Uuid,
    now: Timestamp,
) -> ApiResult<AttachedUpload> {
    let upload = uploads.uploads.get_mut(&id).ok_or_else(|| {
        ApiError::validation(format!(
            "Could not find file upload with ID: {id}. Make sure the file upload exists and was created by this integration."
        ))
    })?;
    upload.settle_import(now);
    match upload.status(now) {
        "uploaded" => {}
        "expired" => {
            return Err(ApiError::validation(format!(
                "File upload with ID: {id} has expired. Create a new file upload."
            )));
        }
        status => {
            return Err(ApiError::validation(format!(
                "File upload with ID: {id} is in status `{status}`; only uploaded files can be attached."
            )));
        }
    }
    upload.attached = true;
    Ok(AttachedUpload {
        id,
        filename: upload.filename.clone(),
        content_type: upload.content_type.clone(),
        content_length: upload.content_length,
    })
}

/// The host of an `https://host/...` URL, without port or credentials.
pub(crate) fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_host_strips_port_credentials_and_path() {
        assert_eq!(
            url_host("https://u:p@fail.invalid:8443/a?b"),
            Some("fail.invalid")
        );
        assert_eq!(url_host("https://example.com"), Some("example.com"));
        assert_eq!(url_host("not a url"), None);
    }
}
