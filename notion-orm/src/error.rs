//! The one error type of the crate.
//!
//! [`Error`] keeps everything a user needs to act: Notion's [`ErrorCode`], HTTP status,
//! message, request id and `additional_data` for API errors; the JSON path and endpoint for
//! decode failures; the model field and Notion property for values rejected before sending.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to Notion.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Notion answered with an error object (`{"object":"error", ...}`).
    #[error(transparent)]
    Api(Box<ApiError>),

    /// Notion (or a proxy in front of it) answered with an error status and a body that is not
    /// a Notion error object, e.g. an HTML page from an edge firewall.
    #[error("{method} {endpoint} failed with HTTP {status} and a non-JSON body: {excerpt:?}")]
    UnexpectedBody {
        /// HTTP method of the request.
        method: String,
        /// The endpoint path, e.g. `/v1/pages/{id}`.
        endpoint: String,
        /// HTTP status.
        status: u16,
        /// The first characters of the body.
        excerpt: String,
        /// `x-notion-request-id` (or `cf-ray`) header, if any.
        request_id: Option<String>,
    },

    /// The request could not be sent or its response could not be read.
    #[error("{method} {endpoint}: transport error: {source}")]
    Transport {
        /// HTTP method of the request.
        method: String,
        /// The endpoint path.
        endpoint: String,
        /// Whether the request may have reached Notion (matters for non-idempotent writes).
        maybe_sent: bool,
        /// The underlying reqwest error.
        #[source]
        source: reqwest::Error,
    },

    /// A successful response did not match the expected shape.
    #[error("could not decode the response of {endpoint} at `{path}`: {message}")]
    Decode {
        /// The endpoint path.
        endpoint: String,
        /// JSON path of the offending value, e.g. `results[3].properties.Due.date.start`.
        path: String,
        /// What serde said, or what is missing.
        message: String,
        /// The JSON error itself, when serde found the mismatch.
        #[source]
        source: Option<serde_json::Error>,
    },

    /// A response was larger than the client accepts ([`ClientBuilder::max_response_bytes`]);
    /// reading stopped there, so a broken or hostile server cannot exhaust memory.
    ///
    /// [`ClientBuilder::max_response_bytes`]: crate::ClientBuilder::max_response_bytes
    #[error(
        "{method} {endpoint}: the response (HTTP {status}) is larger than the {limit} bytes accepted"
    )]
    ResponseTooLarge {
        /// HTTP method of the request.
        method: String,
        /// The endpoint path.
        endpoint: String,
        /// HTTP status of the response.
        status: u16,
        /// The limit in bytes.
        limit: u64,
    },

    /// The client's own rate limiter would hold the request back for longer than the request
    /// timeout (after a long `Retry-After`, or with many requests queued); nothing was sent.
    #[error(
        "the rate limiter would hold this request back for {wait:?}, longer than the request \
         timeout of {timeout:?}; nothing was sent"
    )]
    RateLimitWait {
        /// How long the request would have waited for its turn.
        wait: Duration,
        /// The client's request timeout.
        timeout: Duration,
    },

    /// A value was rejected before sending because Notion would reject it.
    #[error("invalid value for {}: {message}", invalid_target(field.as_deref(), property.as_deref()))]
    InvalidInput {
        /// The Rust model field, when the value came from a model.
        field: Option<String>,
        /// The Notion property name, when known.
        property: Option<String>,
        /// What is wrong and what limit applies.
        message: String,
    },

    /// A property value read from Notion could not be converted into a model field.
    #[error(
        "cannot read {model}.{field} (Notion property {property:?}) of page {page_id}: {message}"
    )]
    Conversion {
        /// The Rust model type.
        model: &'static str,
        /// The Rust field.
        field: &'static str,
        /// The Notion property name.
        property: String,
        /// The page being read.
        page_id: String,
        /// What went wrong.
        message: String,
    },

    /// A paginated endpoint returned a cursor it had already returned; stopping instead of looping.
    #[error("{endpoint} returned the cursor {cursor:?} twice; stopping to avoid an endless loop")]
    RepeatedCursor {
        /// The endpoint path.
        endpoint: String,
        /// The repeated cursor.
        cursor: String,
    },

    /// Notion stopped a query early (`request_status.incomplete`, e.g. the 10,000-row cap);
    /// raised after the rows it did return, so rows are never dropped silently.
    #[error(
        "{endpoint} stopped early ({reason}); read past Notion's 10,000-row cap with \
         `DataSources::query_all`, which re-queries in created_time windows"
    )]
    Incomplete {
        /// The endpoint path.
        endpoint: String,
        /// Notion's `incomplete_reason`, e.g. `query_result_limit_reached`.
        reason: String,
    },

    /// An asynchronous task (`/v1/async_tasks`) was still running when the wait gave up.
    /// The task itself goes on in Notion and may still succeed.
    #[error(
        "asynchronous task {task_id} did not finish within {timeout:?}; it may still finish: \
         poll it again with `AsyncTasks::retrieve`"
    )]
    AsyncTaskTimedOut {
        /// The task id, to poll it again.
        task_id: String,
        /// The timeout the wait was given.
        timeout: Duration,
    },

    /// The client is misconfigured (missing token, bad base URL, ...).
    #[error("configuration error: {0}")]
    Config(String),

    /// Notion applied a write, but the page it returned could not be read back into the model.
    /// The write is done: do not repeat it (a repeated create makes a duplicate).
    #[error("page {page_id} was written, but reading it back failed: {source}")]
    WrittenButUnreadable {
        /// The page that was created or updated.
        page_id: String,
        /// Why reading it back failed, e.g. an [`Error::Conversion`].
        #[source]
        source: Box<Error>,
    },

    /// A file upload expired before it was attached to anything (Notion keeps unattached
    /// uploads for an hour); its bytes are gone.
    #[error(
        "file upload {upload_id} expired before it was attached (Notion keeps unattached uploads \
         for one hour): upload the file again and attach the new upload"
    )]
    UploadExpired {
        /// The expired upload.
        upload_id: crate::types::FileUploadId,
    },

    /// Notion could not import the file of an `external_url` upload
    /// (`file_import_result.error`).
    #[error("Notion could not import {url}: {error}")]
    FileImportFailed {
        /// The failed upload.
        upload_id: crate::types::FileUploadId,
        /// The URL Notion was asked to fetch.
        url: String,
        /// What Notion reported.
        error: Box<crate::types::FileImportError>,
    },

    /// An `external_url` import was still pending when the wait gave up; Notion goes on
    /// importing and the upload may still become `uploaded`.
    #[error(
        "the import of {url} (file upload {upload_id}) did not finish within {timeout:?}; it may \
         still finish: check it with `client.file_uploads().retrieve(..)`"
    )]
    FileImportTimedOut {
        /// The pending upload.
        upload_id: crate::types::FileUploadId,
        /// The URL being imported.
        url: String,
        /// The timeout the wait was given.
        timeout: Duration,
    },

    /// A model compiled without a snapshot does not match its data source's live schema:
    /// found on first use, every difference at once.
    #[error(
        "model {model} does not match data source {data_source}:\n  - {}\nfix the model, or \
         commit a snapshot (`notion-orm pull`) so the derive checks it at compile time",
        differences.join("\n  - ")
    )]
    SchemaMismatch {
        /// The Rust model type.
        model: &'static str,
        /// The data source it was used with.
        data_source: String,
        /// One line per difference, each naming the field and the property.
        differences: Vec<String>,
    },
}

fn invalid_target(field: Option<&str>, property: Option<&str>) -> String {
    match (field, property) {
        (Some(f), Some(p)) => format!("field `{f}` (Notion property {p:?})"),
        (Some(f), None) => format!("field `{f}`"),
        (None, Some(p)) => format!("Notion property {p:?}"),
        (None, None) => "request".to_owned(),
    }
}

impl Error {
    /// The Notion error code, if Notion answered with an error object.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Error::Api(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The request id Notion assigned, if known; quote it when contacting Notion support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::UnexpectedBody { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, if a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedBody { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Whether the failed request may still have taken effect in Notion: a timeout or a
    /// dropped connection after sending, or a 5xx / `conflict_error` (Notion may fail after
    /// applying a change). A create that fails this way should be checked (e.g. looked up by
    /// its natural key) rather than repeated. Rate limits (429, 529) and other 4xx mean
    /// nothing was applied. An asynchronous task that timed out may still finish. A 2xx whose
    /// body could not be used ([`Error::Decode`], [`Error::WrittenButUnreadable`],
    /// [`Error::ResponseTooLarge`] with a 2xx status) was applied. The retry loop uses the same
    /// classification to decide what it may repeat.
    pub fn maybe_applied(&self) -> bool {
        crate::client::retry::verdict(self).maybe_applied()
    }

    /// Shorthand for an [`Error::InvalidInput`] about a Notion property.
    pub fn invalid(
        property: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Error::InvalidInput {
            field: field.map(str::to_owned),
            property: property.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// A malformed id is a value Notion would reject, so it is [`Error::InvalidInput`].
impl From<crate::types::ParseIdError> for Error {
    fn from(e: crate::types::ParseIdError) -> Self {
        Error::invalid(None, None, e.to_string())
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// An error object returned by Notion.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Notion's error code.
    pub code: ErrorCode,
    /// Notion's message.
    pub message: String,
    /// `request_id` from the body, or the `x-notion-request-id` header.
    pub request_id: Option<String>,
    /// `additional_data`, e.g. `rate_limit_reason` or `integration_id`.
    pub additional_data: BTreeMap<String, serde_json::Value>,
    /// `Retry-After`, when Notion sent one (429, 529, some 503).
    pub retry_after: Option<Duration>,
    /// HTTP method of the failed request.
    pub method: String,
    /// The endpoint path of the failed request.
    pub endpoint: String,
    /// How many attempts were made before giving up (1 when the error was not retried).
    pub attempts: u32,
}

impl ApiError {
    /// What the user should do about this error, when there is a known remedy; for
    /// `restricted_resource` it names the [missing capability](Self::missing_capability)
    /// when that is known.
    pub fn hint(&self) -> Option<Cow<'static, str>> {
        let fixed = |hint: &'static str| Some(Cow::Borrowed(hint));
        match self.code {
            ErrorCode::ObjectNotFound => fixed(
                "share the page or database with your integration (••• menu → Connections) \
                 and check that the id is of the right kind (a data source id is not a database id)",
            ),
            ErrorCode::RestrictedResource => match self.missing_capability() {
                Some(capability) => Some(Cow::Owned(format!(
                    "grant the integration the \"{capability}\" capability in its settings, \
                     or share the resource with it"
                ))),
                None => fixed(
                    "grant the integration the missing capability (read, update or insert \
                     content, read or insert comments, read user information) in its settings, \
                     or share the resource with it",
                ),
            },
            ErrorCode::Unauthorized => fixed(
                "check NOTION_TOKEN: it must be the integration's secret (or a valid OAuth access token)",
            ),
            ErrorCode::RateLimited | ErrorCode::ServiceOverload => {
                fixed("slow down: lower the client's rate limit or wait for Retry-After")
            }
            // Writes through the model or `pages()` see Notion's plain validation error; the
            // attach helpers of `file_uploads()` turn it into `Error::UploadExpired`.
            ErrorCode::ValidationError
                if self.message.contains("has expired") && self.message.contains("ile upload") =>
            {
                fixed(
                    "the file upload expired before it was attached (unattached uploads last \
                     one hour): upload the file again with `client.upload(..)` and attach the \
                     new upload",
                )
            }
            _ => None,
        }
    }

    /// For a `restricted_resource` error, the capability the integration lacks.
    ///
    /// Taken from Notion's message when it names one ("...does not have update content
    /// capabilities..."); when Notion only says "Insufficient permissions for this endpoint.",
    /// it is the capability the failed endpoint needs (e.g. `GET /v1/comments` needs
    /// [`Capability::ReadComments`]). `None` for other errors and for endpoints that need no
    /// particular capability.
    pub fn missing_capability(&self) -> Option<Capability> {
        if self.code != ErrorCode::RestrictedResource {
            return None;
        }
        Capability::named_in(&self.message)
            .or_else(|| Capability::needed_by(&self.method, &self.endpoint))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Notion {} {} failed with {} {}: {}",
            self.method, self.endpoint, self.status, self.code, self.message
        )?;
        if let Some(hint) = self.hint() {
            write!(f, " (hint: {hint})")?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A capability of a Notion integration, as its settings page lists them; a call outside the
/// integration's capabilities fails with `restricted_resource` (see
/// [`ApiError::missing_capability`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability {
    /// Read pages, blocks, databases, data sources and views; search and query.
    ReadContent,
    /// Change existing content: properties, blocks, schemas; trash and move.
    UpdateContent,
    /// Create content: pages, databases, data sources, views; append blocks.
    InsertContent,
    /// Read comments.
    ReadComments,
    /// Create comments.
    InsertComments,
    /// Read users (with or without their email addresses).
    ReadUserInformation,
}

impl Capability {
    /// The capability's name as the integration settings show it, e.g. `Insert content`.
    pub fn label(self) -> &'static str {
        match self {
            Capability::ReadContent => "Read content",
            Capability::UpdateContent => "Update content",
            Capability::InsertContent => "Insert content",
            Capability::ReadComments => "Read comments",
            Capability::InsertComments => "Insert comments",
            Capability::ReadUserInformation => "Read user information",
        }
    }

    /// The capability a Notion error message names, e.g. "Integration does not have update
    /// content capabilities" or "...lacks the read comments capability".
    fn named_in(message: &str) -> Option<Self> {
        // Matched on lowercase substrings so singular/plural and the surrounding wording
        // ("capability", "capabilities", "permission") do not matter.
        const PHRASES: &[(&str, Capability)] = &[
            ("read comment", Capability::ReadComments),
            ("insert comment", Capability::InsertComments),
            ("user info", Capability::ReadUserInformation),
            ("update content", Capability::UpdateContent),
            ("insert content", Capability::InsertContent),
            ("read content", Capability::ReadContent),
        ];
        let message = message.to_lowercase();
        PHRASES
            .iter()
            .find(|(phrase, _)| message.contains(phrase))
            .map(|(_, capability)| *capability)
    }

    /// The capability an endpoint (method and path template, as in [`ApiError`]) needs, per
    /// Notion's capability reference; `None` when it needs none in particular (the bot user,
    /// async tasks, OAuth) or is unknown.
    fn needed_by(method: &str, endpoint: &str) -> Option<Self> {
        let resource = endpoint.strip_prefix("/v1/")?;
        let collection = resource.split('/').next().unwrap_or_default();
        match (collection, method) {
            ("comments", "GET") => Some(Capability::ReadComments),
            ("comments", _) => Some(Capability::InsertComments),
            ("users", _) if resource == "users/me" => None,
            ("users", _) => Some(Capability::ReadUserInformation),
            ("pages" | "blocks" | "databases" | "data_sources" | "views" | "search", _) => {
                Some(Self::content_capability(resource, method))
            }
            _ => None,
        }
    }

    /// Reads, creations and changes of content, told apart by method and path.
    fn content_capability(resource: &str, method: &str) -> Self {
        let is_query =
            resource == "search" || resource.ends_with("/query") || resource.ends_with("/queries");
        // `POST /v1/pages` creates; `POST /v1/pages/{id}/move` changes.
        let is_collection = !resource.contains('/');
        match method {
            "GET" => Capability::ReadContent,
            "POST" if is_query => Capability::ReadContent,
            "POST" if is_collection => Capability::InsertContent,
            "PATCH" if resource.ends_with("/children") => Capability::InsertContent,
            _ => Capability::UpdateContent,
        }
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Notion's error codes (`notion-api.md` §5). Unknown codes are kept verbatim in [`ErrorCode::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 400: the body is not JSON.
    InvalidJson,
    /// 400: the URL is malformed.
    InvalidRequestUrl,
    /// 400: the request is not supported.
    InvalidRequest,
    /// 400: an OAuth grant or refresh token is invalid.
    InvalidGrant,
    /// 400: the request does not match the expected schema.
    ValidationError,
    /// 400: the `Notion-Version` header is missing.
    MissingVersion,
    /// 400: the `Notion-Beta` header is malformed or unknown.
    InvalidBeta,
    /// 401: the token is invalid.
    Unauthorized,
    /// 403: the token lacks a capability or access.
    RestrictedResource,
    /// 404: the object does not exist or is not shared with the integration.
    ObjectNotFound,
    /// 409: a transaction conflict; safe to retry.
    ConflictError,
    /// 409: a row limit was exceeded.
    RowLimitExceeded,
    /// 429: rate limited; honour `Retry-After`.
    RateLimited,
    /// 500: unexpected server error.
    InternalServerError,
    /// 502: bad gateway.
    BadGateway,
    /// 503: Notion is unavailable or the request took over 60 s.
    ServiceUnavailable,
    /// 503: Notion's database is unavailable.
    DatabaseConnectionUnavailable,
    /// 504: gateway timeout.
    GatewayTimeout,
    /// 529: Notion is overloaded; honour `Retry-After`.
    ServiceOverload,
    /// A code this version of the crate does not know, kept verbatim.
    Other(String),
}

impl ErrorCode {
    const KNOWN: &'static [(&'static str, ErrorCode)] = &[
        ("invalid_json", ErrorCode::InvalidJson),
        ("invalid_request_url", ErrorCode::InvalidRequestUrl),
        ("invalid_request", ErrorCode::InvalidRequest),
        ("invalid_grant", ErrorCode::InvalidGrant),
        ("validation_error", ErrorCode::ValidationError),
        ("missing_version", ErrorCode::MissingVersion),
        ("invalid_beta", ErrorCode::InvalidBeta),
        ("unauthorized", ErrorCode::Unauthorized),
        ("restricted_resource", ErrorCode::RestrictedResource),
        ("object_not_found", ErrorCode::ObjectNotFound),
        ("conflict_error", ErrorCode::ConflictError),
        ("row_limit_exceeded", ErrorCode::RowLimitExceeded),
        ("rate_limited", ErrorCode::RateLimited),
        ("internal_server_error", ErrorCode::InternalServerError),
        ("bad_gateway", ErrorCode::BadGateway),
        ("service_unavailable", ErrorCode::ServiceUnavailable),
        (
            "database_connection_unavailable",
            ErrorCode::DatabaseConnectionUnavailable,
        ),
        ("gateway_timeout", ErrorCode::GatewayTimeout),
        ("service_overload", ErrorCode::ServiceOverload),
    ];

    /// Parses Notion's code string; unknown codes become [`ErrorCode::Other`].
    pub fn parse(code: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(name, _)| *name == code)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| ErrorCode::Other(code.to_owned()))
    }

    /// The code as Notion spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(s) => s,
            known => Self::KNOWN
                .iter()
                .find(|(_, c)| c == known)
                .map(|(name, _)| *name)
                .unwrap_or("unknown"),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(ErrorCode::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips() {
        for (name, code) in ErrorCode::KNOWN {
            assert_eq!(&ErrorCode::parse(name), code);
            assert_eq!(code.as_str(), *name);
        }
    }

    fn api_error(status: u16, code: ErrorCode) -> Error {
        ApiError {
            status,
            code,
            message: String::new(),
            request_id: None,
            additional_data: BTreeMap::new(),
            retry_after: None,
            method: "POST".into(),
            endpoint: "/v1/pages".into(),
            attempts: 1,
        }
        .into()
    }

    #[test]
    fn server_errors_may_have_been_applied_and_rate_limits_were_not() {
        assert!(api_error(500, ErrorCode::InternalServerError).maybe_applied());
        assert!(api_error(409, ErrorCode::ConflictError).maybe_applied());
        assert!(!api_error(429, ErrorCode::RateLimited).maybe_applied());
        assert!(!api_error(529, ErrorCode::ServiceOverload).maybe_applied());
        assert!(!api_error(400, ErrorCode::ValidationError).maybe_applied());
        assert!(!Error::Config("x".into()).maybe_applied());
    }

    fn restricted(method: &str, endpoint: &str, message: &str) -> ApiError {
        ApiError {
            status: 403,
            code: ErrorCode::RestrictedResource,
            message: message.into(),
            request_id: None,
            additional_data: BTreeMap::new(),
            retry_after: None,
            method: method.into(),
            endpoint: endpoint.into(),
            attempts: 1,
        }
    }

    #[test]
    fn the_capability_named_in_the_message_wins_over_the_endpoint() {
        let cases = [
            (
                "Integration does not have update content capabilities.",
                Capability::UpdateContent,
            ),
            (
                "This integration lacks the Insert Content capability.",
                Capability::InsertContent,
            ),
            (
                "Insufficient permissions: read comments capability is required.",
                Capability::ReadComments,
            ),
            (
                "The integration does not have insert comment capabilities.",
                Capability::InsertComments,
            ),
            (
                "Insufficient permissions to read user information.",
                Capability::ReadUserInformation,
            ),
            (
                "Integration does not have read content capabilities.",
                Capability::ReadContent,
            ),
        ];
        for (message, capability) in cases {
            let error = restricted("GET", "/v1/search", message);
            assert_eq!(error.missing_capability(), Some(capability), "{message}");
        }
    }

    #[test]
    fn a_generic_message_names_the_capability_the_endpoint_needs() {
        let generic = "Insufficient permissions for this endpoint.";
        let cases = [
            ("GET", "/v1/pages/{page_id}", Some(Capability::ReadContent)),
            ("POST", "/v1/search", Some(Capability::ReadContent)),
            (
                "POST",
                "/v1/data_sources/{data_source_id}/query",
                Some(Capability::ReadContent),
            ),
            ("POST", "/v1/pages", Some(Capability::InsertContent)),
            (
                "PATCH",
                "/v1/blocks/{block_id}/children",
                Some(Capability::InsertContent),
            ),
            (
                "PATCH",
                "/v1/pages/{page_id}",
                Some(Capability::UpdateContent),
            ),
            (
                "POST",
                "/v1/pages/{page_id}/move",
                Some(Capability::UpdateContent),
            ),
            (
                "DELETE",
                "/v1/blocks/{block_id}",
                Some(Capability::UpdateContent),
            ),
            ("GET", "/v1/comments", Some(Capability::ReadComments)),
            ("POST", "/v1/comments", Some(Capability::InsertComments)),
            ("GET", "/v1/users", Some(Capability::ReadUserInformation)),
            ("GET", "/v1/users/me", None),
            ("GET", "/v1/async_tasks/{task_id}", None),
        ];
        for (method, endpoint, capability) in cases {
            let error = restricted(method, endpoint, generic);
            assert_eq!(
                error.missing_capability(),
                capability,
                "{method} {endpoint}"
            );
        }
    }

    #[test]
    fn only_restricted_resource_names_a_missing_capability() {
        let mut error = restricted("GET", "/v1/comments", "no read comments capability");
        error.code = ErrorCode::ObjectNotFound;
        assert_eq!(error.missing_capability(), None);
    }

    #[test]
    fn the_restricted_resource_hint_names_the_missing_capability() {
        let error = restricted(
            "POST",
            "/v1/pages",
            "Insufficient permissions for this endpoint.",
        );
        assert!(
            error.to_string().contains(
                "hint: grant the integration the \"Insert content\" capability in its settings"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_timed_out_async_task_may_still_be_applied() {
        let error = Error::AsyncTaskTimedOut {
            task_id: "task_1".into(),
            timeout: Duration::from_secs(5),
        };
        assert!(error.maybe_applied());
        assert!(
            error
                .to_string()
                .contains("task_1 did not finish within 5s"),
            "{error}"
        );
    }

    #[test]
    fn unknown_codes_are_kept_verbatim() {
        let code = ErrorCode::parse("brand_new_code");
        assert_eq!(code, ErrorCode::Other("brand_new_code".into()));
        assert_eq!(code.to_string(), "brand_new_code");
    }
}
