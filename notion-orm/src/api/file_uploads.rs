//! File uploads, low level: create, send (one part), complete, retrieve, list, and attaching a
//! finished upload to a page, data source, database or block in one call.
//!
//! Most code wants [`Client::upload`](crate::Client::upload) instead, which validates the
//! file, picks the mode, streams the parts and completes the upload (see [`crate::upload`]).
//! This module is the wire protocol, one call per endpoint:
//!
//! ```no_run
//! # async fn run(client: notion_orm::Client, page: notion_orm::types::PageId) -> notion_orm::Result<()> {
//! use notion_orm::api::file_uploads::{FilePart, NewFileUpload};
//!
//! let uploads = client.file_uploads();
//! let upload = uploads.create(&NewFileUpload::single_part().filename("notes.txt")).await?;
//! let upload = uploads
//!     .send(upload.id, FilePart::new(b"hello".to_vec(), "notes.txt"))
//!     .await?;
//! uploads.attach_page_cover(page, &upload).await?;
//! # Ok(()) }
//! ```

use bytes::Bytes;
use reqwest::multipart::{Form, Part};
use serde::Serialize;

use crate::api::blocks::Position;
use crate::api::data_sources::DataSourceUpdate;
use crate::api::databases::DatabaseUpdate;
use crate::api::pages::PageUpdate;
use crate::client::{Client, Request};
use crate::pagination::Paginator;
use crate::types::block::{Block, BlockContent, FileBlock};
use crate::types::{
    BlockId, DataSource, DataSourceId, Database, DatabaseId, FileItem, FileSource, FileUpload,
    FileUploadId, FileUploadStatus, Icon, Page, PageId,
};
use crate::{Error, ErrorCode, Result};

/// How a file upload receives its bytes (`mode` of `POST /v1/file_uploads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UploadMode {
    /// One `send` of at most 20 MiB (Notion's default).
    SinglePart,
    /// `number_of_parts` sends of 5–20 MiB each (the last may be smaller), then `complete`.
    MultiPart,
    /// Notion fetches the file from a public HTTPS URL.
    ExternalUrl,
}

/// The body of `POST /v1/file_uploads`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewFileUpload {
    mode: UploadMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    filename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number_of_parts: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<String>,
}

impl NewFileUpload {
    /// A single-part upload (name and type may also come from the sent form).
    pub fn single_part() -> Self {
        Self {
            mode: UploadMode::SinglePart,
            filename: None,
            content_type: None,
            number_of_parts: None,
            external_url: None,
        }
    }

    /// A multi-part upload of `number_of_parts` parts; Notion requires the filename.
    pub fn multi_part(filename: impl Into<String>, number_of_parts: u32) -> Self {
        Self {
            mode: UploadMode::MultiPart,
            number_of_parts: Some(number_of_parts),
            ..Self::single_part().filename(filename)
        }
    }

    /// An import of the file at `url` (public HTTPS), stored under `filename`.
    pub fn external_url(url: impl Into<String>, filename: impl Into<String>) -> Self {
        Self {
            mode: UploadMode::ExternalUrl,
            external_url: Some(url.into()),
            ..Self::single_part().filename(filename)
        }
    }

    /// Sets the file name (with its extension).
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the MIME type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The mode.
    pub fn mode(&self) -> UploadMode {
        self.mode
    }
}

/// One `send`: the bytes of a whole single-part file or of one part of a multi-part upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    filename: String,
    content_type: Option<String>,
    part_number: Option<u32>,
}

impl FilePart {
    /// The bytes of a single-part upload, sent as `filename`.
    pub fn new(bytes: impl Into<Bytes>, filename: impl Into<String>) -> Self {
        Self {
            bytes: bytes.into(),
            filename: filename.into(),
            content_type: None,
            part_number: None,
        }
    }

    /// Marks this as part `number` (1-based) of a multi-part upload.
    pub fn part_number(mut self, number: u32) -> Self {
        self.part_number = Some(number);
        self
    }

    /// Sets the MIME type of the form field.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The form for one attempt. `Bytes` clones share the buffer, so a retry copies nothing.
    fn form(&self) -> Form {
        let len = self.bytes.len() as u64;
        let part =
            || Part::stream_with_length(self.bytes.clone(), len).file_name(self.filename.clone());
        // An unparsable type is left out, for Notion to guess from the file name.
        let file = match &self.content_type {
            Some(mime) => part().mime_str(mime).unwrap_or_else(|_| part()),
            None => part(),
        };
        let form = Form::new().part("file", file);
        match self.part_number {
            Some(number) => form.text("part_number", number.to_string()),
            None => form,
        }
    }
}

/// The file-uploads API; get it from [`Client::file_uploads`].
#[derive(Debug, Clone, Copy)]
pub struct FileUploads<'c> {
    client: &'c Client,
}

impl Client {
    /// The file-uploads API (low level; [`Client::upload`] does a whole upload).
    pub fn file_uploads(&self) -> FileUploads<'_> {
        FileUploads { client: self }
    }
}

impl FileUploads<'_> {
    /// `POST /v1/file_uploads`: starts an upload (or an external import).
    pub async fn create(&self, upload: &NewFileUpload) -> Result<FileUpload> {
        self.client
            .send(Request::post("/v1/file_uploads").json(upload)?)
            .await
    }

    /// `POST /v1/file_uploads/{id}/send`: sends a whole single-part file or one part.
    ///
    /// Retried like an idempotent request (on 5xx, `conflict_error`, timeouts): sending the
    /// same part again replaces it, so only this part is repeated, never the whole upload. (A
    /// single-part send that Notion stored although its answer was lost fails its retry with a
    /// `validation_error` saying the upload is no longer pending; [`Self::retrieve`] then shows
    /// it `uploaded`.)
    pub async fn send(&self, id: FileUploadId, part: FilePart) -> Result<FileUpload> {
        let request = Request::post("/v1/file_uploads/{file_upload_id}/send")
            .param(id)
            .multipart(move || part.form())
            .idempotent(true);
        self.client.send(request).await
    }

    /// `POST /v1/file_uploads/{id}/complete`: finishes a multi-part upload once every part
    /// arrived.
    pub async fn complete(&self, id: FileUploadId) -> Result<FileUpload> {
        self.client
            .send(Request::post("/v1/file_uploads/{file_upload_id}/complete").param(id))
            .await
    }

    /// `GET /v1/file_uploads/{id}`.
    pub async fn retrieve(&self, id: FileUploadId) -> Result<FileUpload> {
        self.client
            .send(Request::get("/v1/file_uploads/{file_upload_id}").param(id))
            .await
    }

    /// `GET /v1/file_uploads`: the integration's uploads, newest first, optionally only those
    /// in `status`, fetched page by page as the stream is read.
    pub fn list(&self, status: Option<FileUploadStatus>) -> Paginator<FileUpload> {
        let mut request = Request::get("/v1/file_uploads");
        if let Some(status) = status {
            request = request.query("status", status.as_str());
        }
        self.client.paginate(request, None)
    }

    /// Sets a page's icon to a finished upload.
    ///
    /// # Errors
    ///
    /// [`Error::UploadExpired`] when the upload expired before it was attached; Notion's
    /// errors otherwise.
    pub async fn attach_page_icon(&self, page: PageId, upload: &FileUpload) -> Result<Page> {
        let update = PageUpdate::new().icon(Icon::File(FileSource::upload(upload.id)));
        let pages = self.client.pages();
        self.attaching(upload, pages.update(page, &update)).await
    }

    /// Sets a page's cover to a finished upload. Errors as [`Self::attach_page_icon`].
    pub async fn attach_page_cover(&self, page: PageId, upload: &FileUpload) -> Result<Page> {
        let update = PageUpdate::new().cover(FileSource::upload(upload.id));
        let pages = self.client.pages();
        self.attaching(upload, pages.update(page, &update)).await
    }

    /// Sets a data source's icon to a finished upload. Errors as [`Self::attach_page_icon`].
    pub async fn attach_data_source_icon(
        &self,
        data_source: DataSourceId,
        upload: &FileUpload,
    ) -> Result<DataSource> {
        let update = DataSourceUpdate::new().icon(Icon::File(FileSource::upload(upload.id)));
        let data_sources = self.client.data_sources();
        let sent = data_sources.update(data_source, &update);
        self.attaching(upload, sent).await
    }

    /// Sets a database's icon to a finished upload. Errors as [`Self::attach_page_icon`].
    pub async fn attach_database_icon(
        &self,
        database: DatabaseId,
        upload: &FileUpload,
    ) -> Result<Database> {
        let update = DatabaseUpdate::new().icon(Icon::File(FileSource::upload(upload.id)));
        let databases = self.client.databases();
        let sent = databases.update(database, &update);
        self.attaching(upload, sent).await
    }

    /// Sets a database's cover to a finished upload. Errors as [`Self::attach_page_icon`].
    pub async fn attach_database_cover(
        &self,
        database: DatabaseId,
        upload: &FileUpload,
    ) -> Result<Database> {
        let update = DatabaseUpdate::new().cover(FileSource::upload(upload.id));
        let databases = self.client.databases();
        let sent = databases.update(database, &update);
        self.attaching(upload, sent).await
    }

    /// Appends a file, image, pdf, audio or video block showing a finished upload at the end
    /// of a page or block, and returns the new block. Errors as [`Self::attach_page_icon`].
    pub async fn append_block(
        &self,
        parent: BlockId,
        kind: MediaBlock,
        upload: &FileUpload,
    ) -> Result<Block> {
        let block = kind.content(FileItem::upload(upload.id));
        let blocks = self.client.blocks();
        let sent = blocks.append(parent, vec![block], Position::End);
        let mut created = self.attaching(upload, sent).await?;
        created.pop().ok_or_else(|| Error::Decode {
            endpoint: "/v1/blocks/{block_id}/children".into(),
            path: "results".into(),
            message: "Notion answered the append of one block with no created block".into(),
            source: None,
        })
    }

    /// Runs an attaching request, turning "this upload expired" into [`Error::UploadExpired`].
    ///
    /// Notion answers an expired upload with a plain `validation_error`; rather than parse its
    /// message, the upload is retrieved after such an error to see whether it expired.
    async fn attaching<T>(
        &self,
        upload: &FileUpload,
        request: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        if upload.status == FileUploadStatus::Expired {
            return Err(Error::UploadExpired {
                upload_id: upload.id,
            });
        }
        match request.await {
            Err(error) if error.code() == Some(&ErrorCode::ValidationError) => {
                match self.retrieve(upload.id).await {
                    Ok(now) if now.status == FileUploadStatus::Expired => {
                        Err(Error::UploadExpired {
                            upload_id: upload.id,
                        })
                    }
                    _ => Err(error),
                }
            }
            other => other,
        }
    }
}

/// The kinds of block that show an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MediaBlock {
    /// A downloadable file.
    File,
    /// An image.
    Image,
    /// An embedded PDF.
    Pdf,
    /// An audio player.
    Audio,
    /// A video player.
    Video,
}

impl MediaBlock {
    /// The block content showing `file`.
    pub fn content(self, file: FileItem) -> BlockContent {
        let block = FileBlock::new(file);
        match self {
            MediaBlock::File => BlockContent::File(block),
            MediaBlock::Image => BlockContent::Image(block),
            MediaBlock::Pdf => BlockContent::Pdf(block),
            MediaBlock::Audio => BlockContent::Audio(block),
            MediaBlock::Video => BlockContent::Video(block),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_bodies_send_only_what_was_set() {
        let single = serde_json::to_value(NewFileUpload::single_part()).unwrap();
        assert_eq!(single, json!({"mode": "single_part"}));
        let multi = NewFileUpload::multi_part("big.mp4", 5).content_type("video/mp4");
        assert_eq!(
            serde_json::to_value(multi).unwrap(),
            json!({"mode": "multi_part", "filename": "big.mp4", "content_type": "video/mp4", "number_of_parts": 5})
        );
        let external = NewFileUpload::external_url("https://example.com/a.pdf", "a.pdf");
        assert_eq!(
            serde_json::to_value(external).unwrap(),
            json!({"mode": "external_url", "filename": "a.pdf", "external_url": "https://example.com/a.pdf"})
        );
    }
}
