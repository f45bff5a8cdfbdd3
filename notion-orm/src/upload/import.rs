//! Importing a file from a public URL: create, then poll until Notion settles it.

use std::time::Duration;

use backon::BackoffBuilder;
use futures_util::future::BoxFuture;

use super::check::{check_filename, guess_content_type};
use crate::api::file_uploads::NewFileUpload;
use crate::client::Client;
use crate::types::{FileImportError, FileImportOutcome, FileUpload, FileUploadStatus};
use crate::{Error, Result};

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

    /// Skips the file extension check, as [`Upload::allow_any_extension`](super::Upload::allow_any_extension).
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
            error: Box::new(error),
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
