//! Pagination shared by every list endpoint: `page_size` (≤ 100), opaque `start_cursor`, and
//! Notion's list envelope.

use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;

/// Notion's maximum and default page size.
pub(crate) const MAX_PAGE_SIZE: usize = 100;

/// `start_cursor` and `page_size` from a query string.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub start_cursor: Option<String>,
    pub page_size: Option<String>,
}

impl ListParams {
    /// The page size, validated like Notion (`query.page_size`).
    pub fn page_size(&self) -> ApiResult<usize> {
        match &self.page_size {
            None => Ok(MAX_PAGE_SIZE),
            Some(raw) => {
                let n: i64 = raw.parse().map_err(|_| {
                    ApiError::validation(format!(
                        "query failed validation: query.page_size should be a number, instead was `{}`.",
                        Value::String(raw.clone())
                    ))
                })?;
                check_page_size("query", n)
            }
        }
    }

    /// The slice of `ids` starting at the cursor, and the next cursor.
    pub fn window<'a>(
        &self,
        ids: &'a [Uuid],
        page_size: usize,
    ) -> ApiResult<(&'a [Uuid], Option<Uuid>)> {
        window(ids, self.start_cursor.as_deref(), page_size, "query")
    }
}

/// Validates a page size from `source` (`query` or `body`).
pub(crate) fn check_page_size(source: &str, n: i64) -> ApiResult<usize> {
    if n < 1 {
        return Err(ApiError::validation(format!(
            "{source} failed validation: {source}.page_size should be ≥ 1, instead was `{n}`."
        )));
    }
    if n > MAX_PAGE_SIZE as i64 {
        return Err(ApiError::validation(format!(
            "{source} failed validation: {source}.page_size should be ≤ 100, instead was `{n}`."
        )));
    }
    Ok(n as usize)
}

/// The page of `ids` starting at `cursor` (the id of its first item, as Notion's cursors are).
pub(crate) fn window<'a>(
    ids: &'a [Uuid],
    cursor: Option<&str>,
    page_size: usize,
    source: &str,
) -> ApiResult<(&'a [Uuid], Option<Uuid>)> {
    let start = match cursor {
        None => 0,
        Some(raw) => {
            let id = parse_uuid(raw).ok_or_else(|| invalid_cursor(source, raw))?;
            ids.iter()
                .position(|x| *x == id)
                .ok_or_else(|| invalid_cursor(source, raw))?
        }
    };
    let end = (start + page_size).min(ids.len());
    Ok((&ids[start..end], ids.get(end).copied()))
}

/// Notion's error for a `start_cursor` it did not hand out.
pub(crate) fn invalid_cursor(source: &str, raw: &str) -> ApiError {
    ApiError::validation(format!(
        "{source} failed validation: {source}.start_cursor should be a valid cursor, instead was `{}`.",
        Value::String(raw.to_owned())
    ))
}

/// Notion's list envelope: `type` plus an object keyed by it (`"block": {}`).
pub(crate) fn list_envelope(
    results: Vec<Value>,
    next_cursor: Option<Uuid>,
    kind: &str,
    kind_value: Value,
) -> Value {
    let mut body = json!({
        "object": "list",
        "next_cursor": next_cursor,
        "has_more": next_cursor.is_some(),
        "type": kind,
    });
    // Moved in, not through `json!`, which would copy every result by serializing it.
    body["results"] = Value::Array(results);
    body[kind] = kind_value;
    body
}
