//! Uploading files to Notion, ready to attach.
//!
//! [`Client::upload`] takes an [`UploadSource`] (a path, a [`bytes::Bytes`], a
//! [`tokio::io::AsyncRead`] or a [`Stream`](futures_util::Stream) of bytes, with a known length) and returns the
//! finished [`FileUpload`]:
//!
//! * **Validation first.** The file name (at most 900 bytes, an extension Notion accepts), the
//!   part size and count, and the size against the workspace's limit
//!   (`GET /v1/users/me` → `bot.workspace_limits.max_file_upload_size_in_bytes`, fetched once
//!   per client) are checked before any byte is sent; each failure is an
//!   [`Error::InvalidInput`](crate::Error::InvalidInput) saying what to change.
//! * **Mode chosen by size.** Up to 20 MiB the file goes in one `single_part` send; above, in
//!   `multi_part` parts of 10 MiB (5–20 MiB with [`Upload::part_size`]), then `complete`.
//! * **Bounded memory.** Parts are read from the source one at a time as sending capacity
//!   frees up, so at most `concurrency` parts (3 by default) are in memory, never the file.
//! * **Parts retried alone.** A part that fails with a retryable error (5xx, `conflict_error`,
//!   rate limits, timeouts) is sent again under the client's [`RetryPolicy`]; the other parts
//!   are not repeated.
//! * **Progress** through a callback ([`Upload::on_progress`]) or a
//!   [`tokio::sync::watch`] channel ([`Upload::progress`]), in bytes and parts.
//!
//! [`Client::import_url`] has Notion fetch a public HTTPS URL instead, and waits (polling with
//! backoff, up to a timeout) until the import succeeded or failed.
//!
//! A finished upload converts into what each attachment point takes: a [`FileRef`] for a
//! model's `files` field, a [`FileSource`] for covers, an [`Icon`], a [`FileItem`] for
//! `files` values and media blocks; or use the one-call helpers of
//! [`client.file_uploads()`](crate::api::file_uploads::FileUploads) such as
//! `attach_page_cover`. Notion deletes uploads that are not attached within an hour
//! ([`Error::UploadExpired`](crate::Error::UploadExpired)).
//!
//! ```no_run
//! # async fn run(client: notion_orm::Client, page: notion_orm::types::PageId) -> notion_orm::Result<()> {
//! use notion_orm::model::FileRef;
//! use notion_orm::upload::UploadSource;
//!
//! // A 300 MB video goes in 10 MiB parts, three at a time, straight from disk.
//! let (progress, watcher) = tokio::sync::watch::channel(Default::default());
//! let upload = client
//!     .upload(UploadSource::path("talk.mp4"))
//!     .progress(progress)
//!     .await?;
//! println!("sent {} bytes", watcher.borrow().bytes_sent);
//!
//! // Into a model's `files` field (`task.attachments.push(upload.into())`), or one call each
//! // for covers, icons and media blocks.
//! let attachments: Vec<FileRef> = vec![upload.clone().into()];
//! client.file_uploads().attach_page_cover(page, &upload).await?;
//! # let _ = attachments;
//! # Ok(()) }
//! ```
//!
//! [`RetryPolicy`]: crate::client::RetryPolicy

mod check;
mod import;
mod source;

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::future::{BoxFuture, TryFutureExt};
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use tokio::sync::{OnceCell, watch};

use crate::Result;
use crate::api::file_uploads::{FilePart, NewFileUpload};
use crate::client::Client;
use crate::model::FileRef;
use crate::types::{FileItem, FileSource, FileUpload, Icon, UserKind};

use check::{PartPlan, check_filename, check_part_size, check_workspace_limit, guess_content_type};
pub use import::Import;
use source::PartReader;
pub use source::UploadSource;

const MIB: u64 = 1024 * 1024;
/// The largest file sent in one `single_part` request; larger files go in parts.
pub const MAX_SINGLE_PART_BYTES: u64 = 20 * MIB;
/// The default size of a multi-part part (Notion's recommendation).
pub const DEFAULT_PART_BYTES: u64 = 10 * MIB;
/// The smallest part Notion accepts, except the last.
pub const MIN_PART_BYTES: u64 = 5 * MIB;
/// The largest part Notion accepts.
pub const MAX_PART_BYTES: u64 = 20 * MIB;
/// The most parts of one upload. Notion's docs disagree (10,000 at create, 1,000 at send);
/// the lower bound is the one every request passes.
pub const MAX_PARTS: u64 = 1_000;
/// The longest file name Notion accepts, in bytes, extension included.
pub const MAX_FILENAME_BYTES: usize = 900;
/// Parts in flight at once by default: Notion's average rate limit is 3 requests per second.
pub const DEFAULT_CONCURRENCY: usize = 3;

/// File extensions Notion accepts for uploads (its "supported file types" list).
#[rustfmt::skip]
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    // audio
    "aac", "adts", "flac", "m4a", "m4b", "mid", "midi", "mp3", "mp4", "mpga", "oga", "ogg", "wav",
    "wma",
    // documents
    "csv", "doc", "docx", "dot", "dotx", "html", "json", "md", "pdf", "pot", "potx", "ppa", "pps",
    "ppt", "pptx", "txt", "xla", "xls", "xlsx", "xlt", "xltx", "zip",
    // images
    "apng", "avif", "bmp", "gif", "heic", "ico", "jpeg", "jpg", "png", "svg", "tif", "tiff",
    "webp",
    // video
    "amv", "asf", "avi", "f4v", "flv", "gifv", "m4v", "mkv", "mov", "mpeg", "qt", "webm", "wmv",
];

/// How far an upload got. Sent after the upload is created and after each part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadProgress {
    /// Bytes Notion acknowledged so far.
    pub bytes_sent: u64,
    /// The file's size.
    pub total_bytes: u64,
    /// Parts acknowledged so far (a single-part upload has one part).
    pub parts_done: u32,
    /// The number of parts.
    pub total_parts: u32,
}

type ProgressCallback = Arc<dyn Fn(&UploadProgress) + Send + Sync>;

/// Where progress goes: a callback, a watch channel, both or neither.
#[derive(Default, Clone)]
struct ProgressSink {
    callback: Option<ProgressCallback>,
    channel: Option<watch::Sender<UploadProgress>>,
}

impl ProgressSink {
    fn report(&self, progress: UploadProgress) {
        if let Some(callback) = &self.callback {
            callback(&progress);
        }
        if let Some(channel) = &self.channel {
            // Keeps the value even when nobody listens (yet).
            channel.send_replace(progress);
        }
    }
}

/// A file upload being configured; `.await` it (or call [`Upload::send`]) to run it.
/// Made by [`Client::upload`].
#[must_use = "an upload does nothing until awaited"]
pub struct Upload<'c> {
    client: &'c Client,
    source: UploadSource,
    part_size: u64,
    concurrency: usize,
    any_extension: bool,
    progress: ProgressSink,
}

impl Client {
    /// Uploads a file, in one request up to 20 MiB and in parts above; see [`crate::upload`].
    ///
    /// ```no_run
    /// # async fn run(client: notion_orm::Client) -> notion_orm::Result<()> {
    /// use notion_orm::upload::UploadSource;
    ///
    /// let report = client.upload(UploadSource::path("report.pdf")).await?;
    /// let notes = client
    ///     .upload(UploadSource::bytes("hello", "notes.txt"))
    ///     .on_progress(|p| println!("{}/{} bytes", p.bytes_sent, p.total_bytes))
    ///     .await?;
    /// # let _ = (report, notes);
    /// # Ok(()) }
    /// ```
    pub fn upload(&self, source: impl Into<UploadSource>) -> Upload<'_> {
        Upload {
            client: self,
            source: source.into(),
            part_size: DEFAULT_PART_BYTES,
            concurrency: DEFAULT_CONCURRENCY,
            any_extension: false,
            progress: ProgressSink::default(),
        }
    }

    /// The largest file this workspace accepts, from `GET /v1/users/me`
    /// (`bot.workspace_limits.max_file_upload_size_in_bytes`); fetched once per client and
    /// shared by its clones. `None` when Notion does not say.
    pub async fn max_upload_size(&self) -> Result<Option<u64>> {
        self.upload_limit_cache()
            .0
            .get_or_try_init(|| async {
                let me = self.users().me().await?;
                Ok(match me.kind {
                    UserKind::Bot(bot) => bot
                        .workspace_limits
                        .and_then(|limits| limits.max_file_upload_size_in_bytes),
                    _ => None,
                })
            })
            .await
            .copied()
    }
}

impl<'c> Upload<'c> {
    /// The size of each multi-part part, 5–20 MiB (default 10 MiB); the last part may be
    /// smaller. Files up to 20 MiB are sent in one request whatever this says.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = bytes;
        self
    }

    /// How many parts are sent at once (default 3, at least 1). Memory use is about
    /// `concurrency × part_size`.
    pub fn concurrency(mut self, parts: usize) -> Self {
        self.concurrency = parts.max(1);
        self
    }

    /// Calls `callback` with the progress after the upload is created and after each part.
    pub fn on_progress(
        mut self,
        callback: impl Fn(&UploadProgress) + Send + Sync + 'static,
    ) -> Self {
        self.progress.callback = Some(Arc::new(callback));
        self
    }

    /// Publishes the progress on a watch channel (e.g. to drive a progress bar from another
    /// task).
    pub fn progress(mut self, channel: watch::Sender<UploadProgress>) -> Self {
        self.progress.channel = Some(channel);
        self
    }

    /// Skips the check of the file extension against [`SUPPORTED_EXTENSIONS`], for types Notion
    /// added after this list was written.
    pub fn allow_any_extension(mut self) -> Self {
        self.any_extension = true;
        self
    }

    /// Runs the upload and returns it `uploaded`, ready to attach.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before anything is sent for a bad file name, part size or part
    /// count, a file over the workspace's limit, or a source whose length differs from the
    /// declared one (found while reading, after the upload was created); [`Client::send`]'s
    /// errors for requests that failed after retries.
    pub async fn send(self) -> Result<FileUpload> {
        let Upload {
            client,
            source,
            part_size,
            concurrency,
            any_extension,
            progress,
        } = self;
        let filename = source.filename.clone().unwrap_or_default();
        let content_type = source
            .content_type
            .clone()
            .or_else(|| guess_content_type(&filename));
        check_filename(&filename, content_type.as_deref(), any_extension)?;
        check_part_size(part_size)?;
        let (reader, len) = PartReader::open(source.body).await?;
        let plan = PartPlan::new(len, part_size)?;
        check_workspace_limit(client, &filename, len).await?;

        let file = Described {
            filename,
            content_type,
        };
        let progress = Progress {
            sink: progress,
            done: UploadProgress {
                bytes_sent: 0,
                total_bytes: len,
                parts_done: 0,
                total_parts: plan.parts,
            },
        };
        if len <= MAX_SINGLE_PART_BYTES {
            send_single_part(client, &file, reader, len, progress).await
        } else {
            send_multi_part(client, &file, reader, plan, len, concurrency, progress).await
        }
    }
}

/// The progress so far and where to report it.
struct Progress {
    sink: ProgressSink,
    done: UploadProgress,
}

impl Progress {
    fn part_done(&mut self, bytes: u64) {
        self.done.bytes_sent += bytes;
        self.done.parts_done += 1;
        self.sink.report(self.done);
    }
}

/// Create, read the whole file (at most 20 MiB), send it.
async fn send_single_part(
    client: &Client,
    file: &Described,
    mut reader: PartReader,
    len: u64,
    mut progress: Progress,
) -> Result<FileUpload> {
    let uploads = client.file_uploads();
    let upload = uploads.create(&file.new_upload(None)).await?;
    progress.sink.report(progress.done);
    let bytes = reader.next_part(len).await?;
    reader.expect_end().await?;
    let upload = uploads.send(upload.id, file.part(bytes)).await?;
    progress.part_done(len);
    Ok(upload)
}

/// Create, then read and send the parts with at most `concurrency` in flight (and in memory),
/// then complete.
async fn send_multi_part(
    client: &Client,
    file: &Described,
    reader: PartReader,
    plan: PartPlan,
    len: u64,
    concurrency: usize,
    mut progress: Progress,
) -> Result<FileUpload> {
    let uploads = client.file_uploads();
    let upload = uploads.create(&file.new_upload(Some(plan.parts))).await?;
    progress.sink.report(progress.done);
    let id = upload.id;
    let sent = part_stream(reader, plan, len)
        .map_ok(|(number, bytes)| {
            let size = bytes.len() as u64;
            let part = file.part(bytes).part_number(number);
            uploads.send(id, part).map_ok(move |_| size)
        })
        .try_buffer_unordered(concurrency);
    let mut sent = std::pin::pin!(sent);
    while let Some(size) = sent.try_next().await? {
        progress.part_done(size);
    }
    uploads.complete(id).await
}

impl<'c> IntoFuture for Upload<'c> {
    type Output = Result<FileUpload>;
    type IntoFuture = BoxFuture<'c, Result<FileUpload>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("source", &self.source)
            .field("part_size", &self.part_size)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

/// The parts of a multi-part upload, numbered from 1, read one at a time as they are polled.
fn part_stream(
    reader: PartReader,
    plan: PartPlan,
    len: u64,
) -> BoxStream<'static, Result<(u32, Bytes)>> {
    stream::try_unfold((reader, 1u32), move |(mut reader, number)| async move {
        if number > plan.parts {
            reader.expect_end().await?;
            return Ok(None);
        }
        let bytes = reader.next_part(plan.size_of(number, len)).await?;
        Ok(Some(((number, bytes), (reader, number + 1))))
    })
    .boxed()
}

/// The name and type an upload is created and sent with.
struct Described {
    filename: String,
    content_type: Option<String>,
}

impl Described {
    fn new_upload(&self, parts: Option<u32>) -> NewFileUpload {
        let upload = match parts {
            Some(parts) => NewFileUpload::multi_part(&self.filename, parts),
            None => NewFileUpload::single_part().filename(&self.filename),
        };
        match &self.content_type {
            Some(content_type) => upload.content_type(content_type),
            None => upload,
        }
    }

    fn part(&self, bytes: Bytes) -> FilePart {
        let part = FilePart::new(bytes, &self.filename);
        match &self.content_type {
            Some(content_type) => part.content_type(content_type),
            None => part,
        }
    }
}

/// The workspace's upload limit, cached per client (see [`Client::max_upload_size`]).
#[derive(Default)]
pub(crate) struct UploadLimitCache(OnceCell<Option<u64>>);

impl fmt::Debug for UploadLimitCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UploadLimitCache")
            .field(&self.0.get())
            .finish()
    }
}

// Attaching: a finished upload converts into what each attachment point takes.

impl From<&FileUpload> for FileRef {
    /// A `files` entry for the upload, named after the uploaded file.
    fn from(upload: &FileUpload) -> Self {
        FileRef::Upload {
            name: upload.filename.clone(),
            id: upload.id,
        }
    }
}

impl From<FileUpload> for FileRef {
    /// A `files` entry for the upload, named after the uploaded file.
    fn from(upload: FileUpload) -> Self {
        FileRef::from(&upload)
    }
}

impl From<&FileUpload> for FileSource {
    /// A cover (or the file of an icon or block) showing the upload.
    fn from(upload: &FileUpload) -> Self {
        FileSource::upload(upload.id)
    }
}

impl From<FileUpload> for FileSource {
    /// A cover (or the file of an icon or block) showing the upload.
    fn from(upload: FileUpload) -> Self {
        FileSource::upload(upload.id)
    }
}

impl From<&FileUpload> for Icon {
    /// An icon showing the upload.
    fn from(upload: &FileUpload) -> Self {
        Icon::File(FileSource::upload(upload.id))
    }
}

impl From<FileUpload> for Icon {
    /// An icon showing the upload.
    fn from(upload: FileUpload) -> Self {
        Icon::from(&upload)
    }
}

impl From<&FileUpload> for FileItem {
    /// A `files` value entry or media-block file showing the upload, named after it.
    fn from(upload: &FileUpload) -> Self {
        FileItem {
            name: upload.filename.clone(),
            source: FileSource::upload(upload.id),
        }
    }
}

impl From<FileUpload> for FileItem {
    /// A `files` value entry or media-block file showing the upload, named after it.
    fn from(upload: FileUpload) -> Self {
        FileItem::from(&upload)
    }
}
