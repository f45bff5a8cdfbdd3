//! File uploads: the `file_upload` object Notion returns from `/v1/file_uploads` endpoints.
//!
//! An upload starts `pending`, becomes `uploaded` once its bytes arrived (single part: after
//! the one `send`; multi part: after `complete`; external URL: when Notion finished importing),
//! and must then be attached to something within an hour or it becomes `expired`. External
//! imports that Notion could not fetch end `failed`, with the reason in
//! [`FileUpload::file_import_result`].
//!
//! ```
//! use notion_orm::types::{FileUpload, FileUploadStatus};
//!
//! let upload: FileUpload = serde_json::from_str(r#"{
//!     "object": "file_upload", "id": "393abc1e-edcd-81c2-b028-00b21f81936b",
//!     "status": "uploaded", "filename": "notes.txt", "content_type": "text/plain",
//!     "content_length": 25, "expiry_time": "2026-07-04T10:11:00.000Z", "in_trash": false
//! }"#)?;
//! assert_eq!(upload.status, FileUploadStatus::Uploaded);
//! assert_eq!(upload.content_length, Some(25));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::ids::{FileUploadId, UserId};

/// A file upload.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct FileUpload {
    /// Its id; attach the upload by it.
    pub id: FileUploadId,
    /// Where the upload stands.
    pub status: FileUploadStatus,
    /// The file name, with its extension (from `create`, or from the sent form).
    #[serde(default)]
    pub filename: Option<String>,
    /// The MIME type.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The size in bytes, once the bytes arrived.
    #[serde(default)]
    pub content_length: Option<u64>,
    /// For pending multi-part uploads: how many parts there are and how many arrived.
    #[serde(default)]
    pub number_of_parts: Option<NumberOfParts>,
    /// Where to `send` the bytes, while pending.
    #[serde(default)]
    pub upload_url: Option<String>,
    /// Where to `complete` a pending multi-part upload.
    #[serde(default)]
    pub complete_url: Option<String>,
    /// When an unattached upload expires; `None` once it was attached (it then never expires).
    #[serde(default)]
    pub expiry_time: Option<Timestamp>,
    /// The outcome of an `external_url` import, once it finished.
    #[serde(default)]
    pub file_import_result: Option<FileImportResult>,
    /// When the upload was created.
    #[serde(default)]
    pub created_time: Option<Timestamp>,
    /// When it last changed.
    #[serde(default)]
    pub last_edited_time: Option<Timestamp>,
    /// Who created it (the integration's bot).
    #[serde(default)]
    pub created_by: Option<Creator>,
    /// Whether it is in the trash.
    #[serde(default)]
    pub in_trash: bool,
    /// Notion's id for the response this object came in (absent in list items).
    #[serde(default)]
    pub request_id: Option<String>,
}

impl FileUpload {
    /// Whether the bytes are all there and the upload can be attached.
    pub fn is_uploaded(&self) -> bool {
        self.status == FileUploadStatus::Uploaded
    }
}

/// The status of a [`FileUpload`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileUploadStatus {
    /// Waiting for its bytes (or for `complete`, or for an import to finish).
    Pending,
    /// Complete; attach it within its expiry time.
    Uploaded,
    /// Not attached within an hour; upload the file again.
    Expired,
    /// An `external_url` import failed; see `file_import_result`.
    Failed,
    /// A status this version does not know, kept verbatim.
    Other(String),
}

impl FileUploadStatus {
    /// The status as Notion writes it, e.g. `"uploaded"`; the value of the list filter.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Uploaded => "uploaded",
            Self::Expired => "expired",
            Self::Failed => "failed",
            Self::Other(other) => other,
        }
    }
}

impl fmt::Display for FileUploadStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FileUploadStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Ok(match raw.as_str() {
            "pending" => Self::Pending,
            "uploaded" => Self::Uploaded,
            "expired" => Self::Expired,
            "failed" => Self::Failed,
            _ => Self::Other(raw),
        })
    }
}

impl Serialize for FileUploadStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Parts of a multi-part upload: how many were announced and how many arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NumberOfParts {
    /// The `number_of_parts` given at creation.
    pub total: u32,
    /// Parts received so far.
    pub sent: u32,
}

/// The creator of an upload, as Notion names it (`{"id":..,"type":"bot"}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Creator {
    /// The user's or bot's id.
    pub id: UserId,
    /// `"bot"` or `"person"`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// How an `external_url` import ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FileImportResult {
    /// When the import finished.
    pub imported_time: Option<Timestamp>,
    /// Success, or why it failed.
    pub outcome: FileImportOutcome,
}

/// The outcome of an `external_url` import.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FileImportOutcome {
    /// Notion fetched the file.
    Success,
    /// Notion could not fetch or store the file.
    Error(FileImportError),
    /// An outcome this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The whole `file_import_result` object.
        raw: Value,
    },
}

/// Why an `external_url` import failed (`file_import_result.error`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FileImportError {
    /// The error class: `validation_error`, `internal_system_error`, `download_error` or
    /// `upload_error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A finer code, e.g. `file_upload_invalid_size`.
    #[serde(default)]
    pub code: Option<String>,
    /// What went wrong, in Notion's words.
    #[serde(default)]
    pub message: Option<String>,
    /// The request parameter at fault, e.g. `external_url`.
    #[serde(default)]
    pub parameter: Option<String>,
    /// The HTTP status the external server answered, for download errors.
    #[serde(default)]
    pub status_code: Option<u16>,
}

impl fmt::Display for FileImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(status) = self.status_code {
            write!(f, " [the server answered HTTP {status}]")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for FileImportResult {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "type")]
            kind: String,
            #[serde(default)]
            imported_time: Option<Timestamp>,
            #[serde(default)]
            error: Option<FileImportError>,
        }
        let raw = Value::deserialize(deserializer)?;
        let wire = Wire::deserialize(&raw).map_err(serde::de::Error::custom)?;
        let outcome = match (wire.kind.as_str(), wire.error) {
            ("success", _) => FileImportOutcome::Success,
            ("error", Some(error)) => FileImportOutcome::Error(error),
            _ => FileImportOutcome::Unknown {
                type_name: wire.kind,
                raw,
            },
        };
        Ok(FileImportResult {
            imported_time: wire.imported_time,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_failed_import_keeps_the_error_class_code_and_message() {
        let upload: FileUpload = serde_json::from_value(json!({
            "object": "file_upload", "id": "393abc1e-edcd-8184-aaa6-00b26be2080f",
            "status": "failed", "filename": "x.pdf", "in_trash": false,
            "file_import_result": {
                "imported_time": "2026-07-04T09:11:43.000+00:00", "type": "error",
                "error": {"type": "validation_error", "code": "file_upload_invalid_size",
                          "message": "The file is too large.", "parameter": null, "status_code": null}
            }
        }))
        .unwrap();
        assert_eq!(upload.status, FileUploadStatus::Failed);
        let result = upload.file_import_result.unwrap();
        assert!(result.imported_time.is_some());
        let FileImportOutcome::Error(error) = result.outcome else {
            panic!("expected an import error");
        };
        assert_eq!(error.kind, "validation_error");
        assert_eq!(error.code.as_deref(), Some("file_upload_invalid_size"));
        assert_eq!(
            error.to_string(),
            "validation_error (file_upload_invalid_size): The file is too large."
        );
    }

    #[test]
    fn unknown_statuses_and_import_outcomes_decode() {
        let upload: FileUpload = serde_json::from_value(json!({
            "id": "393abc1e-edcd-8184-aaa6-00b26be2080f", "status": "quarantined",
            "file_import_result": {"type": "partial", "partial": {}}
        }))
        .unwrap();
        assert_eq!(upload.status, FileUploadStatus::Other("quarantined".into()));
        assert!(matches!(
            upload.file_import_result.unwrap().outcome,
            FileImportOutcome::Unknown { ref type_name, .. } if type_name == "partial"
        ));
    }
}
