//! File uploads as stored: mode, state and sizes (never contents).

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Every file upload, by id.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct FileUploads {
    pub(crate) uploads: HashMap<Uuid, FileUpload>,
    /// Creation order, for listing newest first.
    pub(crate) order: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FileUpload {
    pub(crate) id: Uuid,
    pub(crate) created_time: Timestamp,
    pub(crate) last_edited_time: Timestamp,
    pub(crate) created_by: Uuid,
    pub(crate) mode: Mode,
    pub(crate) state: UploadState,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) content_length: Option<u64>,
    /// Set once attached: attached uploads never expire.
    pub(crate) attached: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Mode {
    SinglePart,
    /// Sizes of the parts received so far, by part number.
    MultiPart {
        total: u64,
        parts: BTreeMap<u64, u64>,
    },
    ExternalUrl {
        url: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum UploadState {
    Pending,
    Uploaded,
    /// A finished `external_url` import (`uploaded` or `failed`), with `file_import_result`.
    Imported {
        ok: bool,
        result: Value,
    },
}

/// What an attachment needs to know about an upload.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AttachedUpload {
    pub(crate) id: Uuid,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) content_length: Option<u64>,
}
