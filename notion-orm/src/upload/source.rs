//! Upload sources and reading them part by part.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use futures_util::stream::{BoxStream, Stream, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::{Error, Result};

/// Where an upload's bytes come from, with the name and type Notion stores it under.
///
/// The length must be known up front: it decides between single and multi part, and the
/// number of parts is declared before the first one is sent.
pub struct UploadSource {
    pub(super) body: SourceBody,
    pub(super) filename: Option<String>,
    pub(super) content_type: Option<String>,
}

pub(super) enum SourceBody {
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

/// Reads a source in parts of the requested sizes, holding only the part being read.
pub(super) enum PartReader {
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
    pub(super) async fn open(body: SourceBody) -> Result<(Self, u64)> {
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
    pub(super) async fn next_part(&mut self, size: u64) -> Result<Bytes> {
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
    pub(super) async fn expect_end(&mut self) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;

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
