//! Reading a query past Notion's 10,000-row cap.
//!
//! Notion stops a query after 10,000 rows with `request_status.incomplete`. The rows that remain
//! are reached by asking again for the rows at or after the last one seen, in the order of the
//! query's first sort: a *window*. The window is a filter on the sort key (`created_time
//! on_or_after <last>`, `number greater_than_or_equal_to <last>`, ...) joined to the caller's
//! filter within Notion's two nesting levels. The last key value is asked for again, so rows
//! sharing it are returned twice: they are skipped by page id. Rows whose key is empty sort last
//! and are reached with an `is_empty` window.
//!
//! This only works when the first sort names a key that can be filtered by range; [`plan`]
//! checks that before the first request.

use std::collections::HashSet;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::Query;
use crate::client::Client;
use crate::model::SlimPage;
use crate::pagination::{ListResponse, OnCap, Paginator};
use crate::types::DataSourceId;
use crate::{Error, Result};

const QUERY_ENDPOINT: &str = "/v1/data_sources/{data_source_id}/query";

/// The most items Notion accepts in one compound filter.
const MAX_GROUP: usize = 100;

/// A query row the windows can place: its page object, or as much of it as was kept.
pub(crate) trait WindowRow: DeserializeOwned + Send + 'static {
    /// The page object (at least `id`, the timestamps and the sorted property).
    fn page(&self) -> &Value;
}

impl WindowRow for Value {
    fn page(&self) -> &Value {
        self
    }
}

impl<M: crate::NotionModel> WindowRow for SlimPage<M> {
    fn page(&self) -> &Value {
        &self.page
    }
}

/// What a query does when Notion reports its cap, decided before the first request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Plan {
    /// One query; at the cap, stop (`truncate`) or end with [`Error::Incomplete`].
    Single { on_cap: OnCap },
    /// Windows on the first sort's key.
    Windows(WindowKey),
}

/// The key the windows advance on: the first sort of the query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WindowKey {
    kind: KeyKind,
    ascending: bool,
    /// How the rows with no value for this key are read when they pass the cap: a key from
    /// the later sorts (or `created_time`). `None` when that is impossible: they are then
    /// one window, which fails at the cap.
    empties: Option<Box<(Vec<Value>, WindowKey)>>,
}

#[derive(Debug, Clone, PartialEq)]
enum KeyKind {
    /// `created_time` or `last_edited_time` of the page.
    Timestamp(String),
    /// A property (name or id) of kind `number` or `date`.
    Property { key: String, kind: &'static str },
}

/// Decides how `query` reads past the cap. With [`OnCap::Complete`] a query without sorts is
/// sorted by `created_time` ascending; its first sort must be a timestamp, or a property whose
/// kind (`kind_of` its name or id) is `number` or `date`.
///
/// # Errors
///
/// [`Error::InvalidInput`] when the query must complete but its first sort cannot be windowed:
/// continuing it past the cap would need a sort the caller did not ask for.
pub(crate) fn plan(
    query: &mut Query,
    on_cap: OnCap,
    kind_of: impl Fn(&str) -> Option<&'static str>,
) -> Result<Plan> {
    if on_cap != OnCap::Complete {
        return Ok(Plan::Single { on_cap });
    }
    if query.sorts.is_empty() {
        query
            .sorts
            .push(json!({"timestamp": "created_time", "direction": "ascending"}));
    }
    window_key(&query.sorts, &kind_of).map(Plan::Windows)
}

/// The key of the first of `sorts`, and the keys of the sorts after it for its empty values.
fn window_key(
    sorts: &[Value],
    kind_of: &impl Fn(&str) -> Option<&'static str>,
) -> Result<WindowKey> {
    let first = &sorts[0];
    let ascending = first.get("direction").and_then(Value::as_str) != Some("descending");
    if let Some(timestamp) = first.get("timestamp").and_then(Value::as_str) {
        return Ok(WindowKey {
            kind: KeyKind::Timestamp(timestamp.to_owned()),
            ascending,
            empties: None,
        });
    }
    let property = first
        .get("property")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match kind_of(property) {
        Some(kind @ ("number" | "date")) => {
            let rest = match &sorts[1..] {
                [] => vec![json!({"timestamp": "created_time", "direction": "ascending"})],
                rest => rest.to_vec(),
            };
            let empties = window_key(&rest, kind_of)
                .ok()
                .map(|key| Box::new((rest, key)));
            Ok(WindowKey {
                kind: KeyKind::Property {
                    key: property.to_owned(),
                    kind,
                },
                ascending,
                empties,
            })
        }
        kind => Err(Error::invalid(
            Some(property),
            None,
            format!(
                "the query sorts first by property `{property}`{}, which Notion cannot filter \
                 by range, so the query could not continue in that order past Notion's \
                 10,000-row cap. Sort first by created_time, last_edited_time, a number or a \
                 date; or choose what happens at the cap with `on_cap(OnCap::Error)` (fail if \
                 it is reached) or `on_cap(OnCap::Truncate)` (stop there); or sort the rows \
                 after reading them",
                kind.map(|k| format!(" ({k})")).unwrap_or_default()
            ),
        )),
    }
}

/// The rows of `query` on data source `id`, read as `plan` says.
pub(crate) fn rows<R: WindowRow>(
    client: Client,
    id: DataSourceId,
    query: Query,
    plan: Plan,
    page_size: Option<u32>,
) -> Paginator<R> {
    let key = match plan {
        Plan::Single { on_cap } => {
            let request = match query.request(id) {
                Ok(request) => request,
                Err(e) => return Paginator::from_error(e),
            };
            if on_cap == OnCap::Error {
                return client.paginate(request, page_size);
            }
            return Paginator::lazy(page_size, move |page_size| {
                client
                    .paginate_pages::<R>(request, page_size)
                    .map_ok(|page| stream::iter(page.results.into_iter().map(Ok)))
                    .try_flatten()
                    .boxed()
            });
        }
        Plan::Windows(key) => key,
    };
    Paginator::lazy(page_size, move |page_size| {
        let start = Windows {
            client,
            id,
            query,
            key,
            page_size,
            pages: None,
            boundary: None,
            seen_at_boundary: HashSet::new(),
            window: None,
            skip: HashSet::new(),
            new_in_window: 0,
            done: false,
        };
        stream::try_unfold(start, |mut windows| async move {
            let rows = windows.next_page().await?;
            Ok::<_, Error>(rows.map(|rows| (rows, windows)))
        })
        .map_ok(|rows: Vec<R>| stream::iter(rows.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    })
}

/// The key value of a row: a value, or empty (which Notion sorts after every value).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bound {
    Value(String),
    Empty,
}

/// Where the windows are: the current window's pages and the rows seen at its lower bound.
struct Windows<R> {
    client: Client,
    id: DataSourceId,
    query: Query,
    key: WindowKey,
    page_size: Option<u32>,
    pages: Option<Paginator<ListResponse<R>>>,
    /// The key of the last row returned: the next window starts there.
    boundary: Option<Bound>,
    /// Ids of rows at `boundary` already returned (the next window returns them again).
    seen_at_boundary: HashSet<String>,
    /// The lower bound of the current window (`None` for the first, unfiltered one).
    window: Option<Bound>,
    /// Rows returned before the current phase (the empty values of an earlier key).
    skip: HashSet<String>,
    /// Rows returned by the current window; none at a cap means no progress is possible.
    new_in_window: usize,
    done: bool,
}

impl<R: WindowRow> Windows<R> {
    /// The new rows of the next page, opening a new window when Notion hit its cap.
    async fn next_page(&mut self) -> Result<Option<Vec<R>>> {
        if self.done {
            return Ok(None);
        }
        let pages = match &mut self.pages {
            Some(pages) => pages,
            None => {
                let mut query = self.query.clone();
                if let Some(bound) = &self.boundary {
                    let window = self.key.window(bound);
                    query.filter = Some(join_window(query.filter.as_ref(), window)?);
                }
                self.window = self.boundary.clone();
                self.new_in_window = 0;
                self.pages.insert(
                    self.client
                        .paginate_pages(query.request(self.id)?, self.page_size),
                )
            }
        };
        let Some(page) = pages.try_next().await? else {
            // A window on a property's values leaves out the rows where it is empty, which
            // Notion sorts after every value: they are one more window.
            if matches!(self.window, Some(Bound::Value(_)))
                && matches!(self.key.kind, KeyKind::Property { .. })
            {
                self.seen_at_boundary.clear();
                self.read_empties()?;
                return Ok(Some(Vec::new()));
            }
            self.done = true;
            return Ok(None);
        };
        let capped = page.is_incomplete();
        let mut rows = Vec::with_capacity(page.results.len());
        for row in page.results {
            let (id, bound) = self.key.place(row.page())?;
            if self.skip.contains(&id) {
                continue;
            }
            if self.boundary.as_ref() == Some(&bound) {
                if !self.seen_at_boundary.insert(id) {
                    continue;
                }
            } else {
                self.boundary = Some(bound);
                self.seen_at_boundary = HashSet::from([id]);
            }
            self.new_in_window += 1;
            rows.push(row);
        }
        if capped {
            if self.new_in_window == 0 {
                return Err(Error::Incomplete {
                    endpoint: QUERY_ENDPOINT.to_owned(),
                    reason: format!(
                        "more rows than Notion's cap share the {} {}",
                        self.key.describe(),
                        match &self.boundary {
                            Some(Bound::Value(v)) => format!("{v:?}"),
                            _ => "empty value".to_owned(),
                        }
                    ),
                });
            }
            self.pages = None;
            if self.boundary == Some(Bound::Empty) && self.key.empties.is_some() {
                self.read_empties()?;
            }
        }
        Ok(Some(rows))
    }

    /// Moves on to the rows with no value for the key, which Notion sorts after every value:
    /// a query of them alone, windowed on the next sort (or `created_time`) when possible,
    /// else one `is_empty` window.
    fn read_empties(&mut self) -> Result<()> {
        self.pages = None;
        let Some(next) = self.key.empties.take() else {
            self.boundary = Some(Bound::Empty);
            return Ok(());
        };
        let (sorts, key) = *next;
        let empty = self.key.window(&Bound::Empty);
        self.query.filter = Some(join_window(self.query.filter.as_ref(), empty)?);
        self.query.sorts = sorts;
        self.key = key;
        self.skip.extend(self.seen_at_boundary.drain());
        self.boundary = None;
        Ok(())
    }
}

impl WindowKey {
    /// The filter of the rows at or after `bound` in this key's order.
    fn window(&self, bound: &Bound) -> Value {
        let value = match bound {
            Bound::Value(value) => value,
            Bound::Empty => {
                return match &self.kind {
                    KeyKind::Property { key, kind } => {
                        json!({"property": key, *kind: {"is_empty": true}})
                    }
                    // Timestamps are never empty.
                    KeyKind::Timestamp(name) => {
                        json!({"timestamp": name, name: {"is_empty": true}})
                    }
                };
            }
        };
        match &self.kind {
            KeyKind::Timestamp(name) => {
                let op = if self.ascending {
                    "on_or_after"
                } else {
                    "on_or_before"
                };
                json!({"timestamp": name, name: {op: value}})
            }
            KeyKind::Property {
                key,
                kind: "number",
            } => {
                let op = if self.ascending {
                    "greater_than_or_equal_to"
                } else {
                    "less_than_or_equal_to"
                };
                // The number was kept as its JSON text, so it is sent back exactly.
                let number: Value = serde_json::from_str(value).unwrap_or(Value::Null);
                json!({"property": key, "number": {op: number}})
            }
            KeyKind::Property { key, kind } => {
                let op = if self.ascending {
                    "on_or_after"
                } else {
                    "on_or_before"
                };
                json!({"property": key, *kind: {op: value}})
            }
        }
    }

    /// The id of a row and its key value.
    fn place(&self, page: &Value) -> Result<(String, Bound)> {
        let missing = |name: &str| Error::Decode {
            endpoint: QUERY_ENDPOINT.to_owned(),
            path: format!("results[].{name}"),
            message: format!("a row has no `{name}`, needed to read past Notion's cap"),
            source: None,
        };
        let id = page
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| missing("id"))?
            .to_owned();
        let bound = match &self.kind {
            KeyKind::Timestamp(name) => Bound::Value(
                page.get(name)
                    .and_then(Value::as_str)
                    .ok_or_else(|| missing(name))?
                    .to_owned(),
            ),
            KeyKind::Property { key, kind } => {
                let value = property_value(page, key).ok_or_else(|| missing(key))?;
                let inner = match *kind {
                    "date" => value.pointer("/date/start"),
                    _ => value.get(*kind),
                };
                match inner {
                    Some(Value::String(s)) => Bound::Value(s.clone()),
                    Some(Value::Number(n)) => Bound::Value(n.to_string()),
                    _ => Bound::Empty,
                }
            }
        };
        Ok((id, bound))
    }

    fn describe(&self) -> String {
        match &self.kind {
            KeyKind::Timestamp(name) => name.clone(),
            KeyKind::Property { key, .. } => format!("property `{key}` value"),
        }
    }
}

/// A page's value of property `key`, which is its name or its id.
fn property_value<'p>(page: &'p Value, key: &str) -> Option<&'p Value> {
    let properties = page.get("properties")?.as_object()?;
    properties.get(key).or_else(|| {
        properties
            .values()
            .find(|v| v.get("id").and_then(Value::as_str) == Some(key))
    })
}

/// `filter` and `window` together, within Notion's two nesting levels and 100 items per group.
///
/// An `and` gains the window as one more item; a leaf or an `or` of leaves goes into a new `and`
/// with it. An `or` holding compound filters would be three levels deep inside an `and`, so the
/// window is distributed into each of its branches instead: `A or (B and C)` becomes
/// `(A and W) or (B and C and W)`.
pub(crate) fn join_window(filter: Option<&Value>, window: Value) -> Result<Value> {
    let Some(filter) = filter else {
        return Ok(window);
    };
    let too_many = || {
        Error::invalid(
            None,
            None,
            "the filter's groups are too large to add the window that reads past Notion's \
             10,000-row cap (100 items per group); simplify the filter or choose \
             `on_cap(OnCap::Error)` or `on_cap(OnCap::Truncate)`",
        )
    };
    let is_compound = |f: &Value| f.get("and").is_some() || f.get("or").is_some();
    if let Some(group) = filter.get("and").and_then(Value::as_array) {
        if group.len() >= MAX_GROUP {
            return Err(too_many());
        }
        let mut group = group.clone();
        group.push(window);
        return Ok(json!({ "and": group }));
    }
    match filter.get("or").and_then(Value::as_array) {
        Some(group) if group.iter().any(is_compound) => {
            let mut branches = Vec::with_capacity(group.len());
            for branch in group {
                if let Some(inner) = branch.get("and").and_then(Value::as_array) {
                    if inner.len() >= MAX_GROUP {
                        return Err(too_many());
                    }
                    let mut inner = inner.clone();
                    inner.push(window.clone());
                    branches.push(json!({ "and": inner }));
                } else if let Some(inner) = branch.get("or").and_then(Value::as_array) {
                    // `x or (y or z)` is `x or y or z`: each leaf gets its own window.
                    branches.extend(
                        inner
                            .iter()
                            .map(|leaf| json!({ "and": [leaf, window.clone()] })),
                    );
                } else {
                    branches.push(json!({ "and": [branch, window.clone()] }));
                }
            }
            if branches.len() > MAX_GROUP {
                return Err(too_many());
            }
            Ok(json!({ "or": branches }))
        }
        _ => Ok(json!({ "and": [filter, window] })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Value {
        json!({"timestamp": "created_time", "created_time": {"on_or_after": "T"}})
    }

    fn leaf(name: &str) -> Value {
        json!({"property": name, "checkbox": {"equals": true}})
    }

    #[test]
    fn without_a_filter_the_window_is_the_filter() {
        assert_eq!(join_window(None, window()).unwrap(), window());
    }

    #[test]
    fn the_window_joins_a_top_level_and_group() {
        let filter = json!({"and": [leaf("A")]});
        let joined = join_window(Some(&filter), window()).unwrap();
        assert_eq!(joined, json!({"and": [leaf("A"), window()]}));
    }

    #[test]
    fn leaves_and_flat_or_groups_are_wrapped_in_an_and() {
        for filter in [leaf("A"), json!({"or": [leaf("A"), leaf("B")]})] {
            let joined = join_window(Some(&filter), window()).unwrap();
            assert_eq!(joined, json!({"and": [filter, window()]}));
        }
    }

    #[test]
    fn an_or_of_compounds_gets_the_window_in_every_branch() {
        let filter =
            json!({"or": [leaf("A"), {"and": [leaf("B"), leaf("C")]}, {"or": [leaf("D")]}]});
        let joined = join_window(Some(&filter), window()).unwrap();
        assert_eq!(
            joined,
            json!({"or": [
                {"and": [leaf("A"), window()]},
                {"and": [leaf("B"), leaf("C"), window()]},
                {"and": [leaf("D"), window()]},
            ]})
        );
    }

    #[test]
    fn a_full_and_group_cannot_take_the_window() {
        let filter = json!({"and": vec![leaf("A"); 100]});
        assert!(matches!(
            join_window(Some(&filter), window()),
            Err(Error::InvalidInput { .. })
        ));
    }

    #[test]
    fn an_unsorted_query_is_windowed_by_creation_time() {
        let mut query = Query::new();
        let plan = plan(&mut query, OnCap::Complete, |_| None).unwrap();
        assert_eq!(
            query.sorts,
            [json!({"timestamp": "created_time", "direction": "ascending"})]
        );
        assert!(matches!(plan, Plan::Windows(_)));
    }

    #[test]
    fn a_sort_on_text_is_refused_before_any_request_when_the_query_must_complete() {
        let mut query = Query::new().sort(json!({"property": "Name", "direction": "ascending"}));
        let err = plan(&mut query, OnCap::Complete, |_| Some("title")).unwrap_err();
        assert!(err.to_string().contains("OnCap::Truncate"), "{err}");
        let mut query = Query::new().sort(json!({"property": "Name", "direction": "ascending"}));
        assert!(plan(&mut query, OnCap::Truncate, |_| Some("title")).is_ok());
    }

    #[test]
    fn number_windows_use_the_exact_number_and_empty_windows_is_empty() {
        let mut query = Query::new().sort(json!({"property": "Points", "direction": "descending"}));
        let Plan::Windows(key) = plan(&mut query, OnCap::Complete, |_| Some("number")).unwrap()
        else {
            panic!("expected windows")
        };
        assert_eq!(
            key.window(&Bound::Value("2.5".into())),
            json!({"property": "Points", "number": {"less_than_or_equal_to": 2.5}})
        );
        assert_eq!(
            key.window(&Bound::Empty),
            json!({"property": "Points", "number": {"is_empty": true}})
        );
        let page = json!({"id": "p", "properties": {"Points": {"id": "x", "type": "number", "number": null}}});
        assert_eq!(key.place(&page).unwrap(), ("p".to_owned(), Bound::Empty));
    }
}
