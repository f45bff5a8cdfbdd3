//! [`Request`]: one call to Notion, described as plain data so the transport can retry it.

use std::fmt;
use std::sync::Arc;

use reqwest::Method;
use serde::Serialize;

use crate::{Error, Result};

/// Builds a fresh multipart form for every attempt: a [`reqwest::multipart::Form`] is consumed
/// when sent and cannot be cloned, so retrying an upload needs a way to build it again.
pub type MultipartFactory = Arc<dyn Fn() -> reqwest::multipart::Form + Send + Sync>;

/// One HTTP call to the Notion API: method, path, query, body and whether it may be retried.
///
/// The path is a template such as `/v1/pages/{page_id}`; each [`Request::param`] fills the next
/// `{...}` placeholder. The template (not the filled path) names the endpoint in errors and
/// tracing spans, so logs group by endpoint and ids stay out of span names.
///
/// ```
/// use notion_orm::client::Request;
///
/// let req = Request::get("/v1/pages/{page_id}")
///     .param("59833787-2cf9-4fdf-8782-e53db20768a5")
///     .query("filter_properties", "title");
/// assert_eq!(req.path(), "/v1/pages/59833787-2cf9-4fdf-8782-e53db20768a5");
/// assert_eq!(req.endpoint(), "/v1/pages/{page_id}");
/// ```
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    endpoint: &'static str,
    path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<serde_json::Value>,
    pub(crate) multipart: Option<MultipartFactory>,
    pub(crate) idempotent: bool,
}

impl Request {
    /// A request with any method. GET and DELETE are idempotent (retried on 5xx); others are not
    /// unless marked with [`Request::idempotent`].
    pub fn new(method: Method, endpoint: &'static str) -> Self {
        let idempotent = method == Method::GET || method == Method::DELETE;
        Request {
            method,
            endpoint,
            path: endpoint.to_owned(),
            query: Vec::new(),
            body: None,
            multipart: None,
            idempotent,
        }
    }

    /// A `GET` request.
    pub fn get(endpoint: &'static str) -> Self {
        Self::new(Method::GET, endpoint)
    }

    /// A `POST` request (not idempotent unless marked).
    pub fn post(endpoint: &'static str) -> Self {
        Self::new(Method::POST, endpoint)
    }

    /// A `PATCH` request (not idempotent unless marked).
    pub fn patch(endpoint: &'static str) -> Self {
        Self::new(Method::PATCH, endpoint)
    }

    /// A `DELETE` request.
    pub fn delete(endpoint: &'static str) -> Self {
        Self::new(Method::DELETE, endpoint)
    }

    /// Fills the next `{...}` placeholder of the path with `value`, percent-encoding it.
    ///
    /// Characters Notion already percent-encodes in property ids (`%3CnJT`) are kept as they are,
    /// so an id copied from a response goes back unchanged.
    pub fn param(mut self, value: impl fmt::Display) -> Self {
        if let Some(start) = self.path.find('{')
            && let Some(len) = self.path[start..].find('}')
        {
            let encoded = encode_path_segment(&value.to_string());
            self.path.replace_range(start..=start + len, &encoded);
        }
        self
    }

    /// Appends a query pair; repeat the key for arrays (`filter_properties=a&filter_properties=b`).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Sets the JSON body (replacing any multipart body).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if `body` cannot be represented as JSON (e.g. a map with
    /// non-string keys).
    pub fn json(mut self, body: &impl Serialize) -> Result<Self> {
        let value = serde_json::to_value(body)
            .map_err(|e| Error::invalid(None, None, format!("request body is not JSON: {e}")))?;
        self.body = Some(value);
        self.multipart = None;
        Ok(self)
    }

    /// Sets an already built JSON body.
    pub fn json_value(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self.multipart = None;
        self
    }

    /// Sends a `multipart/form-data` body built by `factory` for every attempt (replacing any
    /// JSON body: a request has one body).
    pub fn multipart(
        mut self,
        factory: impl Fn() -> reqwest::multipart::Form + Send + Sync + 'static,
    ) -> Self {
        self.multipart = Some(Arc::new(factory));
        self.body = None;
        self
    }

    /// Marks the request as safe to repeat, so it is retried on 5xx, `conflict_error` and
    /// timeouts like a GET (queries, searches and updates that set absolute values are).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The endpoint template, e.g. `/v1/pages/{page_id}`.
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The path with its placeholders filled.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The JSON body, if any.
    pub fn body(&self) -> Option<&serde_json::Value> {
        self.body.as_ref()
    }

    /// Whether the request is retried on server errors.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// Sets `key` in the JSON object body, creating `{}` first if there is no body; used by the
    /// paginator for `start_cursor` / `page_size` on POST list endpoints.
    pub(crate) fn set_body_field(&mut self, key: &str, value: serde_json::Value) {
        let body = self
            .body
            .get_or_insert_with(|| serde_json::Value::Object(Default::default()));
        if let serde_json::Value::Object(map) = body {
            map.insert(key.to_owned(), value);
        }
    }

    /// Replaces (or adds) the query pair `key`.
    pub(crate) fn set_query(&mut self, key: &str, value: String) {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value));
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &self.body)
            .field("multipart", &self.multipart.is_some())
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

/// Percent-encodes everything outside RFC 3986 "unreserved" except `%`, which Notion's property
/// ids already use for their own encoding.
fn encode_path_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'%') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_fill_placeholders_in_order() {
        let req = Request::get("/v1/pages/{page_id}/properties/{property_id}")
            .param("abc")
            .param("title");
        assert_eq!(req.path(), "/v1/pages/abc/properties/title");
        assert_eq!(
            req.endpoint(),
            "/v1/pages/{page_id}/properties/{property_id}"
        );
    }

    #[test]
    fn params_keep_notion_encoded_property_ids_and_encode_the_rest() {
        let req = Request::get("/v1/pages/{id}/properties/{prop}")
            .param("p")
            .param("%3CnJT");
        assert_eq!(req.path(), "/v1/pages/p/properties/%3CnJT");
        let req = Request::get("/v1/x/{id}").param("a/b c");
        assert_eq!(req.path(), "/v1/x/a%2Fb%20c");
    }

    #[test]
    fn get_and_delete_are_idempotent_by_default_and_writes_are_not() {
        assert!(Request::get("/v1/users").is_idempotent());
        assert!(Request::delete("/v1/blocks/{id}").is_idempotent());
        assert!(!Request::post("/v1/pages").is_idempotent());
        assert!(!Request::patch("/v1/pages/{id}").is_idempotent());
        assert!(Request::post("/v1/search").idempotent(true).is_idempotent());
    }

    #[test]
    fn a_request_has_one_body() {
        let req = Request::post("/v1/x")
            .json_value(serde_json::json!({}))
            .multipart(reqwest::multipart::Form::new);
        assert!(req.body().is_none());
        let req = req.json_value(serde_json::json!({"a": 1}));
        assert!(req.multipart.is_none());
    }

    #[test]
    fn body_fields_are_added_to_an_empty_body() {
        let mut req = Request::post("/v1/search");
        req.set_body_field("page_size", 10.into());
        assert_eq!(req.body(), Some(&serde_json::json!({"page_size": 10})));
    }
}
