//! Uploading files to Notion, ready to attach.
//!
//! [`Client::upload`] takes an [`UploadSource`] (a path, a [`bytes::Bytes`], a
//! [`tokio::io::AsyncRead`] or a [`Stream`] of bytes, with a known length) and returns the
//! finished [`FileUpload`]:
//!
//! * **Validation first.** The file name (at most 900 bytes, an extension Notion accepts), the
//!   part size and count, and the size against the workspace's limit
//!   (`GET /v1/users/me` → `bot.workspace_limits.max_file_upload_size_in_bytes`, fetched once
//!   per client) are checked before any byte is sent; each failure is an
//!   [`Error::InvalidInput`] saying what to change.
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
//! ([`Error::UploadExpired`]).
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

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use backon::BackoffBuilder;
use bytes::{Bytes, BytesMut};
use futures_util::future::{BoxFuture, TryFutureExt};
use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::{OnceCell, watch};

use crate::api::file_uploads::{FilePart, NewFileUpload};
use crate::client::Client;
use crate::model::FileRef;
use crate::types::{
    FileImportError, FileImportOutcome, FileItem, FileSource, FileUpload, FileUploadStatus, Icon,
    UserKind,
};
use crate::{Error, Result};

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
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    // audio
    "aac", "adts", "flac", "m4a", "m4b", "mid", "midi", "mp3", "mp4", "mpga", "oga", "ogg", "wav",
    "wma", // documents
    "csv", "doc", "docx", "dot", "dotx", "html", "json", "md", "pdf", "pot", "potx", "ppa", "pps",
    "ppt", "pptx", "txt", "xla", "xls", "xlsx", "xlt", "xltx", "zip", // images
    "apng", "avif", "bmp", "gif", "heic", "ico", "jpeg", "jpg", "png", "svg", "tif", "tiff", "webp",
    // video
    "amv", "asf", "avi", "f4v", "flv", "gifv", "m4v", "mkv", "mov", "mpeg", "qt", "webm", "wmv",
];

/// Where an upload's bytes come from, with the name and type Notion stores it under.
///
/// The length must be known up front: it decides between single and multi part, and the
/// number of parts is declared before the first one is sent.
pub struct UploadSource {
    body: SourceBody,
    filename: Option<String>,
    content_type: Option<String>,
}

enum SourceBody {
    Path(PathBuf),
    Bytes(Bytes),
    Reader {
        reader: Box<dyn AsyncRead + Send + Unpin>,
        len: u64,
    },
    Stream {
        stream: BoxStream<'static, io::Result<Bytes>>,
        len: u64,
    },
}

impl UploadSource {
    /// The file at `path`, read part by part; named after its last path component.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let filename = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Self {
            body: SourceBody::Path(path),
            filename,
            content_type: None,
        }
    }

    /// Bytes already in memory.
    pub fn bytes(bytes: impl Into<Bytes>, filename: impl Into<String>) -> Self {
        Self {
            body: SourceBody::Bytes(bytes.into()),
            filename: Some(filename.into()),
            content_type: None,
        }
    }

    /// A reader that yields exactly `len` bytes.
    pub fn reader(
        reader: impl AsyncRead + Send + Unpin + 'static,
        len: u64,
        filename: impl Into<String>,
    ) -> Self {
        Self {
            body: SourceBody::Reader {
                reader: Box::new(reader),
                len,
            },
            filename: Some(filename.into()),
            content_type: None,
        }
    }

    /// A stream of chunks that add up to exactly `len` bytes.
    pub fn stream(
        stream: impl Stream<Item = io::Result<Bytes>> + Send + 'static,
        len: u64,
        filename: impl Into<String>,
    ) -> Self {
        Self {
            body: SourceBody::Stream {
                stream: stream.boxed(),
                len,
            },
            filename: Some(filename.into()),
            content_type: None,
        }
    }

    /// Stores the file under this name (with its extension) instead.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the MIME type instead of guessing it from the file name.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<PathBuf> for UploadSource {
    fn from(path: PathBuf) -> Self {
        Self::path(path)
    }
}

impl From<&Path> for UploadSource {
    fn from(path: &Path) -> Self {
        Self::path(path)
    }
}

impl fmt::Debug for UploadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            SourceBody::Path(path) => format!("path {}", path.display()),
            SourceBody::Bytes(bytes) => format!("{} bytes in memory", bytes.len()),
            SourceBody::Reader { len, .. } => format!("reader of {len} bytes"),
            SourceBody::Stream { len, .. } => format!("stream of {len} bytes"),
        };
        f.debug_struct("UploadSource")
            .field("body", &body)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .finish()
    }
}

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
    /// [`Error::InvalidInput`] before anything is sent for a bad file name, part size or part
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
        let (mut reader, len) = PartReader::open(source.body).await?;
        let plan = PartPlan::new(len, part_size)?;
        check_workspace_limit(client, &filename, len).await?;

        let file = Described {
            filename,
            content_type,
        };
        let mut done = UploadProgress {
            bytes_sent: 0,
            total_bytes: len,
            parts_done: 0,
            total_parts: plan.parts,
        };
        if len <= MAX_SINGLE_PART_BYTES {
            let upload = client.file_uploads().create(&file.new_upload(None)).await?;
            progress.report(done);
            let bytes = reader.next_part(len).await?;
            reader.expect_end().await?;
            let upload = client
                .file_uploads()
                .send(upload.id, file.part(bytes))
                .await?;
            done.bytes_sent = len;
            done.parts_done = 1;
            progress.report(done);
            return Ok(upload);
        }

        let uploads = client.file_uploads();
        let upload = uploads.create(&file.new_upload(Some(plan.parts))).await?;
        progress.report(done);
        let parts = part_stream(reader, plan, len);
        let (file, id) = (&file, upload.id);
        let sent = parts
            .map_ok(|(number, bytes)| {
                let size = bytes.len() as u64;
                let part = file.part(bytes).part_number(number);
                uploads.send(id, part).map_ok(move |_| size)
            })
            .try_buffer_unordered(concurrency);
        let mut sent = std::pin::pin!(sent);
        while let Some(size) = sent.try_next().await? {
            done.bytes_sent += size;
            done.parts_done += 1;
            progress.report(done);
        }
        uploads.complete(upload.id).await
    }
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

/// How a file of `len` bytes is cut into parts.
#[derive(Debug, Clone, Copy)]
struct PartPlan {
    part_size: u64,
    parts: u32,
}

impl PartPlan {
    fn new(len: u64, part_size: u64) -> Result<Self> {
        if len <= MAX_SINGLE_PART_BYTES {
            return Ok(Self {
                part_size: len,
                parts: 1,
            });
        }
        let parts = len.div_ceil(part_size);
        if parts > MAX_PARTS {
            return Err(Error::invalid(
                None,
                None,
                format!(
                    "a file of {len} bytes in parts of {part_size} bytes needs {parts} parts; \
                     Notion accepts at most {MAX_PARTS}: use a larger part size (up to \
                     {MAX_PART_BYTES} bytes)"
                ),
            ));
        }
        Ok(Self {
            part_size,
            parts: parts as u32,
        })
    }

    /// The size of part `number` (1-based): full parts, then the rest.
    fn size_of(&self, number: u32, len: u64) -> u64 {
        let before = u64::from(number - 1) * self.part_size;
        self.part_size.min(len - before)
    }
}

fn check_part_size(part_size: u64) -> Result<()> {
    if !(MIN_PART_BYTES..=MAX_PART_BYTES).contains(&part_size) {
        return Err(Error::invalid(
            None,
            None,
            format!(
                "part size {part_size} bytes is outside Notion's range of {MIN_PART_BYTES} to \
                 {MAX_PART_BYTES} bytes (5 to 20 MiB)"
            ),
        ));
    }
    Ok(())
}

/// Checks what Notion checks of a file name: present, at most 900 bytes, and an extension
/// (its own or implied by the content type) among the supported ones.
fn check_filename(filename: &str, content_type: Option<&str>, any_extension: bool) -> Result<()> {
    let invalid = |message: String| Err(Error::invalid(None, None, message));
    if filename.is_empty() {
        return invalid(
            "the upload has no file name: set one with `UploadSource::filename`".into(),
        );
    }
    if filename.len() > MAX_FILENAME_BYTES {
        return invalid(format!(
            "the file name is {} bytes long; Notion accepts at most {MAX_FILENAME_BYTES} bytes \
             including the extension",
            filename.len()
        ));
    }
    if any_extension {
        return Ok(());
    }
    let own = Path::new(filename)
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase());
    let implied = || {
        content_type
            .and_then(mime_guess::get_mime_extensions_str)
            .and_then(|exts| exts.iter().find(|ext| is_supported(ext)))
            .map(|ext| (*ext).to_owned())
    };
    match own.or_else(implied) {
        Some(ext) if is_supported(&ext) => Ok(()),
        Some(ext) => invalid(format!(
            "Notion does not accept `.{ext}` files ({filename:?}); see \
             `notion_orm::upload::SUPPORTED_EXTENSIONS`, or call `allow_any_extension()` if \
             Notion added the type since"
        )),
        None => invalid(format!(
            "{filename:?} has no extension and no content type that implies one; Notion needs \
             one to know the file type"
        )),
    }
}

fn is_supported(ext: &str) -> bool {
    SUPPORTED_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
}

fn guess_content_type(filename: &str) -> Option<String> {
    mime_guess::from_path(filename)
        .first()
        .map(|mime| mime.essence_str().to_owned())
}

async fn check_workspace_limit(client: &Client, filename: &str, len: u64) -> Result<()> {
    match client.max_upload_size().await? {
        Some(limit) if len > limit => Err(Error::invalid(
            None,
            None,
            format!(
                "{filename:?} is {len} bytes; this workspace accepts files up to {limit} bytes \
                 (`max_file_upload_size_in_bytes` of GET /v1/users/me; free workspaces allow \
                 5 MiB, paid ones 5 GiB)"
            ),
        )),
        _ => Ok(()),
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

/// Reads a source in parts of the requested sizes, holding only the part being read.
enum PartReader {
    Bytes(Bytes),
    Reader(Box<dyn AsyncRead + Send + Unpin>),
    Stream {
        stream: BoxStream<'static, io::Result<Bytes>>,
        /// What is left of the last chunk, for the next part.
        pending: Bytes,
    },
}

impl PartReader {
    /// Opens the source and tells its length.
    async fn open(body: SourceBody) -> Result<(Self, u64)> {
        Ok(match body {
            SourceBody::Path(path) => {
                let file = tokio::fs::File::open(&path)
                    .await
                    .map_err(|e| source_error(format!("cannot open {}: {e}", path.display())))?;
                let len = file
                    .metadata()
                    .await
                    .map_err(|e| source_error(format!("cannot stat {}: {e}", path.display())))?
                    .len();
                (Self::Reader(Box::new(file)), len)
            }
            SourceBody::Bytes(bytes) => {
                let len = bytes.len() as u64;
                (Self::Bytes(bytes), len)
            }
            SourceBody::Reader { reader, len } => (Self::Reader(reader), len),
            SourceBody::Stream { stream, len } => (
                Self::Stream {
                    stream,
                    pending: Bytes::new(),
                },
                len,
            ),
        })
    }

    /// Reads exactly `size` bytes.
    async fn next_part(&mut self, size: u64) -> Result<Bytes> {
        let size = usize::try_from(size).map_err(|_| source_error("part too large".into()))?;
        let short = || source_error("the source ended before the length it declared".into());
        match self {
            Self::Bytes(bytes) => {
                if bytes.len() < size {
                    return Err(short());
                }
                Ok(bytes.split_to(size))
            }
            Self::Reader(reader) => {
                let mut buf = vec![0; size];
                reader
                    .read_exact(&mut buf)
                    .await
                    .map_err(|e| match e.kind() {
                        io::ErrorKind::UnexpectedEof => short(),
                        _ => source_error(format!("reading the file failed: {e}")),
                    })?;
                Ok(Bytes::from(buf))
            }
            Self::Stream { stream, pending } => {
                // A chunk that covers the whole part is sliced, not copied.
                if pending.is_empty() {
                    *pending = next_chunk(stream).await?.ok_or_else(short)?;
                }
                if pending.len() >= size {
                    return Ok(pending.split_to(size));
                }
                let mut part = BytesMut::with_capacity(size);
                while part.len() < size {
                    if pending.is_empty() {
                        *pending = next_chunk(stream).await?.ok_or_else(short)?;
                    }
                    let take = pending.len().min(size - part.len());
                    part.extend_from_slice(&pending.split_to(take));
                }
                Ok(part.freeze())
            }
        }
    }

    /// Fails if the source holds more bytes than it declared.
    async fn expect_end(&mut self) -> Result<()> {
        let more = match self {
            Self::Bytes(bytes) => !bytes.is_empty(),
            Self::Reader(reader) => {
                let mut probe = [0u8; 1];
                reader
                    .read(&mut probe)
                    .await
                    .map_err(|e| source_error(format!("reading the file failed: {e}")))?
                    > 0
            }
            Self::Stream { stream, pending } => {
                !pending.is_empty() || next_chunk(stream).await?.is_some()
            }
        };
        if more {
            return Err(source_error(
                "the source holds more bytes than the length it declared".into(),
            ));
        }
        Ok(())
    }
}

/// The next non-empty chunk of a stream.
async fn next_chunk(stream: &mut BoxStream<'static, io::Result<Bytes>>) -> Result<Option<Bytes>> {
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| source_error(format!("reading the stream failed: {e}")))?;
        if !chunk.is_empty() {
            return Ok(Some(chunk));
        }
    }
    Ok(None)
}

fn source_error(message: String) -> Error {
    Error::invalid(None, None, format!("upload source: {message}"))
}

/// An import of a file at a public URL, configured; `.await` it (or call [`Import::send`]).
/// Made by [`Client::import_url`].
#[must_use = "an import does nothing until awaited"]
#[derive(Debug)]
pub struct Import<'c> {
    client: &'c Client,
    url: String,
    filename: String,
    content_type: Option<String>,
    any_extension: bool,
    timeout: Duration,
    first_poll: Duration,
    max_poll: Duration,
}

impl Client {
    /// Has Notion import the file at `url` (public HTTPS) as `filename`, and waits until it is
    /// `uploaded`: by default polling after 1 s, backing off to every 30 s, for up to 5
    /// minutes.
    ///
    /// ```no_run
    /// # async fn run(client: notion_orm::Client) -> notion_orm::Result<()> {
    /// use std::time::Duration;
    ///
    /// let logo = client
    ///     .import_url("https://example.com/logo.png", "logo.png")
    ///     .timeout(Duration::from_secs(60))
    ///     .await?;
    /// # let _ = logo;
    /// # Ok(()) }
    /// ```
    pub fn import_url(&self, url: impl Into<String>, filename: impl Into<String>) -> Import<'_> {
        Import {
            client: self,
            url: url.into(),
            filename: filename.into(),
            content_type: None,
            any_extension: false,
            timeout: Duration::from_secs(300),
            first_poll: Duration::from_secs(1),
            max_poll: Duration::from_secs(30),
        }
    }
}

impl<'c> Import<'c> {
    /// Sets the MIME type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// How long to wait for Notion to finish the import (default 5 minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first pause between polls and the longest one (defaults 1 s and 30 s); pauses
    /// double in between, with jitter.
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_poll = first;
        self.max_poll = max.max(first);
        self
    }

    /// Skips the file extension check, as [`Upload::allow_any_extension`].
    pub fn allow_any_extension(mut self) -> Self {
        self.any_extension = true;
        self
    }

    /// Creates the import and polls it until it settles.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a bad file name (before any request);
    /// [`Error::FileImportFailed`] with Notion's `file_import_result.error` when the import
    /// failed; [`Error::FileImportTimedOut`] when it was still pending at the timeout;
    /// [`Client::send`]'s errors otherwise (e.g. a `validation_error` at creation for a URL
    /// that is not HTTPS or a file over the workspace's limit).
    pub async fn send(self) -> Result<FileUpload> {
        let content_type = self
            .content_type
            .clone()
            .or_else(|| guess_content_type(&self.filename));
        check_filename(&self.filename, content_type.as_deref(), self.any_extension)?;
        let mut request = NewFileUpload::external_url(&self.url, &self.filename);
        if let Some(content_type) = content_type {
            request = request.content_type(content_type);
        }
        let uploads = self.client.file_uploads();
        let mut upload = uploads.create(&request).await?;
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut pauses = backon::ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(self.first_poll)
            .with_max_delay(self.max_poll)
            .without_max_times()
            .build();
        loop {
            match upload.status {
                FileUploadStatus::Uploaded => return Ok(upload),
                FileUploadStatus::Failed => return Err(self.failure(upload)),
                FileUploadStatus::Expired => {
                    return Err(Error::UploadExpired {
                        upload_id: upload.id,
                    });
                }
                FileUploadStatus::Pending | FileUploadStatus::Other(_) => {}
            }
            let pause = pauses.next().unwrap_or(self.max_poll);
            let next_poll = tokio::time::Instant::now() + pause;
            if next_poll > deadline {
                return Err(Error::FileImportTimedOut {
                    upload_id: upload.id,
                    url: self.url,
                    timeout: self.timeout,
                });
            }
            tokio::time::sleep_until(next_poll).await;
            upload = uploads.retrieve(upload.id).await?;
        }
    }

    fn failure(&self, upload: FileUpload) -> Error {
        let error = match upload.file_import_result.map(|r| r.outcome) {
            Some(FileImportOutcome::Error(error)) => error,
            // Failed without saying why: keep what Notion did send.
            other => FileImportError {
                kind: "unknown".into(),
                code: None,
                message: Some(format!(
                    "the upload is `failed` with file_import_result {other:?}"
                )),
                parameter: None,
                status_code: None,
            },
        };
        Error::FileImportFailed {
            upload_id: upload.id,
            url: self.url.clone(),
            error,
        }
    }
}

impl<'c> IntoFuture for Import<'c> {
    type Output = Result<FileUpload>;
    type IntoFuture = BoxFuture<'c, Result<FileUpload>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_up_to_20_mib_go_in_one_part_and_larger_ones_in_full_parts_then_the_rest() {
        let single = PartPlan::new(20 * MIB, DEFAULT_PART_BYTES).unwrap();
        assert_eq!(single.parts, 1);
        let plan = PartPlan::new(45 * MIB, DEFAULT_PART_BYTES).unwrap();
        assert_eq!(plan.parts, 5);
        let sizes: Vec<u64> = (1..=5).map(|n| plan.size_of(n, 45 * MIB)).collect();
        assert_eq!(sizes, [10 * MIB, 10 * MIB, 10 * MIB, 10 * MIB, 5 * MIB]);
    }

    #[test]
    fn too_many_parts_is_refused_with_the_way_out() {
        let err = PartPlan::new(MAX_PARTS * 5 * MIB + 1, 5 * MIB).unwrap_err();
        assert!(err.to_string().contains("larger part size"), "{err}");
    }

    #[test]
    fn part_sizes_outside_5_to_20_mib_are_refused() {
        assert!(check_part_size(4 * MIB).is_err());
        assert!(check_part_size(21 * MIB).is_err());
        assert!(check_part_size(5 * MIB).is_ok());
        assert!(check_part_size(20 * MIB).is_ok());
    }

    #[test]
    fn file_names_need_a_supported_extension_and_at_most_900_bytes() {
        assert!(check_filename("notes.txt", None, false).is_ok());
        assert!(check_filename("Photo.JPG", None, false).is_ok());
        assert!(check_filename("notes", Some("text/plain"), false).is_ok());
        let exe = check_filename("setup.exe", None, false).unwrap_err();
        assert!(exe.to_string().contains("`.exe`"), "{exe}");
        assert!(check_filename("setup.exe", None, true).is_ok());
        assert!(check_filename("notes", None, false).is_err());
        assert!(check_filename("", None, false).is_err());
        let long = format!("{}.txt", "a".repeat(MAX_FILENAME_BYTES));
        let err = check_filename(&long, None, true).unwrap_err();
        assert!(err.to_string().contains("900"), "{err}");
    }

    #[tokio::test]
    async fn a_stream_is_regrouped_into_parts_of_the_requested_sizes() {
        let chunks = ["abc", "defg", "", "hij"].map(|c| Ok(Bytes::from(c)));
        let body = SourceBody::Stream {
            stream: stream::iter(chunks).boxed(),
            len: 10,
        };
        let (mut reader, len) = PartReader::open(body).await.unwrap();
        assert_eq!(len, 10);
        assert_eq!(reader.next_part(2).await.unwrap(), "ab");
        assert_eq!(reader.next_part(6).await.unwrap(), "cdefgh");
        assert_eq!(reader.next_part(2).await.unwrap(), "ij");
        reader.expect_end().await.unwrap();
    }

    #[tokio::test]
    async fn a_source_shorter_or_longer_than_declared_is_an_error() {
        let (mut short, _) = PartReader::open(SourceBody::Reader {
            reader: Box::new(&b"abc"[..]),
            len: 5,
        })
        .await
        .unwrap();
        assert!(short.next_part(5).await.is_err());
        let (mut long, _) = PartReader::open(SourceBody::Bytes(Bytes::from("abcdef")))
            .await
            .unwrap();
        long.next_part(3).await.unwrap();
        assert!(long.expect_end().await.is_err());
    }
}
