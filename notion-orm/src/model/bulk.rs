//! Bulk writes: many inserts, upserts or patches with bounded concurrency, a result per item and
//! progress.
//!
//! Every request still goes through the client, so the shared rate limiter paces them all and
//! the retry policy applies to each. A failed item never stops the others: the report holds one
//! result per input item, in input order, and an item whose write may have reached Notion says
//! so ([`Error::maybe_applied`]).
//!
//! `upsert_many` looks rows up by key in batches: one query with an `or` of up to 100 keys
//! instead of one query per row, so importing N rows costs about N/100 queries plus one write
//! per new or changed row (none for unchanged rows).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde_json::{Map, Value, json};

use super::ops::{self, Create, Patch, Upserted};
use super::{NotionModel, SlimPage, registry};
use crate::api::data_sources::{self as api, plan_windows, windowed_rows};
use crate::pagination::OnCap;
use crate::types::{DataSourceId, PageId};
use crate::{Client, Error, Result};

/// Keys per lookup query: Notion's limit on items in one compound filter.
const KEYS_PER_LOOKUP: usize = 100;

/// Writes in flight at once by default. The rate limiter, not this, sets the pace; a few
/// requests in flight hide the latency of each.
const DEFAULT_CONCURRENCY: usize = 8;

/// Where a bulk write is, reported after each item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Items finished (succeeded or failed).
    pub done: usize,
    /// Items that failed so far.
    pub failed: usize,
    /// Items in the write, when known (not for the stream forms).
    pub total: Option<usize>,
}

/// The result of one item of a bulk write.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkItem<T> {
    /// The item's position in the input.
    pub index: usize,
    /// What happened to it.
    pub result: Result<T>,
}

/// One result per input item, in input order.
///
/// ```no_run
/// use notion_orm::prelude::*;
/// # #[derive(NotionModel, Clone)] #[notion(data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d")]
/// # struct Task { #[notion(title)] name: String, #[notion(key)] code: String }
/// # async fn run(client: Client, tasks: Vec<Task>) -> notion_orm::Result<()> {
///
/// let report = Task::upsert_many(&client, tasks).await;
/// for (index, error) in report.failed() {
///     let again = if error.maybe_applied() { "may have been applied" } else { "not applied" };
///     eprintln!("row {index}: {error} ({again})");
/// }
/// let (created, updated, unchanged) = report.upsert_counts();
/// # let _ = (created, updated, unchanged);
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkReport<T> {
    /// The result of each input item, at its index.
    pub results: Vec<Result<T>>,
}

impl<T> BulkReport<T> {
    fn from_items(mut items: Vec<BulkItem<T>>) -> Self {
        items.sort_by_key(|item| item.index);
        BulkReport {
            results: items.into_iter().map(|item| item.result).collect(),
        }
    }

    /// The items that succeeded, with their input index.
    pub fn succeeded(&self) -> impl Iterator<Item = (usize, &T)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().ok().map(|t| (i, t)))
    }

    /// The items that failed, with their input index and why.
    pub fn failed(&self) -> impl Iterator<Item = (usize, &Error)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
    }

    /// The failed items whose write may nevertheless have been applied by Notion
    /// ([`Error::maybe_applied`]): check them before writing them again (an upsert may simply
    /// be repeated).
    pub fn maybe_applied(&self) -> impl Iterator<Item = (usize, &Error)> {
        self.failed().filter(|(_, e)| e.maybe_applied())
    }

    /// Whether every item succeeded.
    pub fn is_success(&self) -> bool {
        self.results.iter().all(Result::is_ok)
    }

    /// Every item's value, or the first error (by input index).
    ///
    /// # Errors
    ///
    /// The error of the first failed item.
    pub fn into_result(self) -> Result<Vec<T>> {
        self.results.into_iter().collect()
    }
}

impl<M> BulkReport<Upserted<M>> {
    /// How many rows were created, updated and left unchanged.
    pub fn upsert_counts(&self) -> (usize, usize, usize) {
        self.succeeded()
            .fold((0, 0, 0), |(c, u, n), (_, upserted)| match upserted {
                Upserted::Created(_) => (c + 1, u, n),
                Upserted::Updated(_) => (c, u + 1, n),
                Upserted::Unchanged(_) => (c, u, n + 1),
            })
    }
}

type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// A bulk write of model `M`: choose its concurrency and progress, then run `insert_many`,
/// `upsert_many` or `patch_many` (or a `_stream` form). Start one with [`NotionModel::bulk`];
/// [`NotionModel::insert_many`], [`NotionModel::upsert_many`] and [`NotionModel::patch_many`]
/// run one with the defaults.
///
/// ```no_run
/// use notion_orm::prelude::*;
/// # #[derive(NotionModel, Clone)] #[notion(data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d")]
/// # struct Task { #[notion(title)] name: String, #[notion(key)] code: String }
/// # async fn run(client: Client, tasks: Vec<Task>) -> notion_orm::Result<()> {
///
/// let report = Task::bulk()
///     .concurrency(4)
///     .on_progress(|p| println!("{}/{:?}", p.done, p.total))
///     .upsert_many(&client, tasks)
///     .await;
/// assert!(report.is_success());
/// # Ok(()) }
/// ```
#[must_use = "a bulk write does nothing until run"]
pub struct Bulk<M> {
    concurrency: usize,
    data_source: Option<DataSourceId>,
    progress: Option<ProgressFn>,
    total: Option<usize>,
    model: std::marker::PhantomData<fn() -> M>,
}

impl<M> Clone for Bulk<M> {
    fn clone(&self) -> Self {
        Bulk {
            concurrency: self.concurrency,
            data_source: self.data_source,
            progress: self.progress.clone(),
            total: self.total,
            model: std::marker::PhantomData,
        }
    }
}

impl<M> fmt::Debug for Bulk<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bulk")
            .field("concurrency", &self.concurrency)
            .field("data_source", &self.data_source)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<M: NotionModel> Default for Bulk<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: NotionModel> Bulk<M> {
    /// A bulk write with 8 requests in flight and no progress reporting.
    pub fn new() -> Self {
        Bulk {
            concurrency: DEFAULT_CONCURRENCY,
            data_source: None,
            progress: None,
            total: None,
            model: std::marker::PhantomData,
        }
    }

    /// How many writes may be in flight at once (at least 1). The client's rate limiter still
    /// sets the pace of requests.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Writes to this data source instead of the model's.
    pub fn data_source(mut self, id: DataSourceId) -> Self {
        self.data_source = Some(id);
        self
    }

    /// Called after each item finishes, from the task running the write; keep it quick (e.g.
    /// set a progress bar, or send into a `tokio::sync::watch` channel).
    pub fn on_progress(mut self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    fn total(mut self, total: usize) -> Self {
        self.total = Some(total);
        self
    }

    /// Runs `write` on each item, `concurrency` at a time, reporting progress.
    fn each<T, R, F, Fut>(
        &self,
        client: &Client,
        items: impl Stream<Item = T> + Send + 'static,
        write: F,
    ) -> impl Stream<Item = BulkItem<R>> + Send + 'static
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(Client, T) -> Fut + Send + 'static,
        Fut: Future<Output = Result<R>> + Send + 'static,
    {
        let client = client.clone();
        let items = items
            .enumerate()
            .map(move |(index, item)| {
                let result = write(client.clone(), item);
                async move {
                    BulkItem {
                        index,
                        result: result.await,
                    }
                }
            })
            .buffer_unordered(self.concurrency);
        report_progress(items, self.progress.clone(), self.total)
    }

    fn data_source_id(&self) -> Result<DataSourceId> {
        match self.data_source {
            Some(id) => Ok(id),
            None => registry::data_source_of::<M>(),
        }
    }

    /// Creates a row for each model. Creates are not retried once they may have reached
    /// Notion, so a failed item may have been applied ([`BulkReport::maybe_applied`]); use
    /// [`Bulk::upsert_many`] when rows have a key and repeats must be safe.
    pub async fn insert_many(
        self,
        client: &Client,
        rows: impl IntoIterator<Item = M>,
    ) -> BulkReport<M> {
        let rows: Vec<M> = rows.into_iter().collect();
        let this = self.total(rows.len());
        BulkReport::from_items(
            this.insert_stream(client, stream::iter(rows))
                .collect()
                .await,
        )
    }

    /// As [`Bulk::insert_many`], for rows that arrive as a stream; results come as items
    /// finish, not in input order.
    pub fn insert_stream(
        &self,
        client: &Client,
        rows: impl Stream<Item = M> + Send + 'static,
    ) -> impl Stream<Item = BulkItem<M>> + Send + 'static {
        let data_source = self.data_source;
        self.each(client, rows, move |client, row: M| async move {
            let mut create = Create::<M>::from_properties(row.to_properties()?);
            if let Some(id) = data_source {
                create = create.data_source(id);
            }
            create.send(&client).await
        })
    }

    /// Sends each patch (see [`NotionModel::patch`]). Patches are idempotent, so the client's
    /// retry policy repeats them on server errors.
    pub async fn patch_many(
        self,
        client: &Client,
        patches: impl IntoIterator<Item = Patch<M>>,
    ) -> BulkReport<M> {
        let patches: Vec<Patch<M>> = patches.into_iter().collect();
        let this = self.total(patches.len());
        BulkReport::from_items(
            this.patch_stream(client, stream::iter(patches))
                .collect()
                .await,
        )
    }

    /// As [`Bulk::patch_many`], for patches that arrive as a stream; results come as items
    /// finish.
    pub fn patch_stream(
        &self,
        client: &Client,
        patches: impl Stream<Item = Patch<M>> + Send + 'static,
    ) -> impl Stream<Item = BulkItem<M>> + Send + 'static {
        self.each(client, patches, |client, patch: Patch<M>| async move {
            patch.send(&client).await
        })
    }
}

/// Upserts need a model to keep both as the result of one item and as the row the next item
/// with the same key is compared with, hence `Clone`.
impl<M: NotionModel + Clone> Bulk<M> {
    /// Creates or updates a row for each model, found by its `#[notion(key)]` fields.
    ///
    /// Rows are looked up 100 keys at a time (one query with an `or` of their key filters),
    /// then each new row is created and each changed row patched with only what differs;
    /// unchanged rows cost nothing. An item whose write failed in a way that may have been
    /// applied (a 5xx, a lost connection) is upserted again, as many times as the client's
    /// [`RetryPolicy`](crate::client::RetryPolicy) retries idempotent requests: that is safe,
    /// since it finds its row by key first.
    ///
    /// Several input items with the same key are written one after another in input order, so
    /// the last one wins: the first creates the row (or updates the existing one) and the
    /// next ones update that row. Each gets its own result. When Notion already holds several
    /// rows with one key, the oldest (by `created_time`) is updated.
    pub async fn upsert_many(
        self,
        client: &Client,
        rows: impl IntoIterator<Item = M>,
    ) -> BulkReport<Upserted<M>> {
        let rows: Vec<M> = rows.into_iter().collect();
        let this = self.total(rows.len());
        BulkReport::from_items(
            this.upsert_stream(client, stream::iter(rows))
                .collect()
                .await,
        )
    }

    /// As [`Bulk::upsert_many`], for rows that arrive as a stream. Rows are taken 100 at a
    /// time; a batch is looked up once the previous batch is written, so a key repeated across
    /// batches finds the row written before. Results come as items finish.
    pub fn upsert_stream(
        &self,
        client: &Client,
        rows: impl Stream<Item = M> + Send + 'static,
    ) -> impl Stream<Item = BulkItem<Upserted<M>>> + Send + 'static {
        let client = client.clone();
        // A missing data source fails every item, each with its own copy of the message.
        let data_source = self.data_source_id().map_err(|e| e.to_string());
        let concurrency = self.concurrency;
        let items = rows
            .enumerate()
            .chunks(KEYS_PER_LOOKUP)
            .then(move |batch| {
                let client = client.clone();
                let data_source = data_source.clone();
                async move {
                    let results: Vec<BulkItem<Upserted<M>>> = match data_source {
                        Ok(id) => upsert_batch(client, id, batch, concurrency).await,
                        Err(e) => batch
                            .into_iter()
                            .map(|(index, _)| BulkItem {
                                index,
                                result: Err(Error::Config(e.clone())),
                            })
                            .collect(),
                    };
                    stream::iter(results)
                }
            })
            .flatten();
        report_progress(items, self.progress.clone(), self.total)
    }
}

/// Calls the progress callback after each item.
fn report_progress<T: Send + 'static>(
    items: impl Stream<Item = BulkItem<T>> + Send + 'static,
    progress: Option<ProgressFn>,
    total: Option<usize>,
) -> impl Stream<Item = BulkItem<T>> + Send + 'static {
    let mut state = Progress {
        total,
        ..Progress::default()
    };
    items.map(move |item| {
        state.done += 1;
        state.failed += usize::from(item.result.is_err());
        if let Some(progress) = &progress {
            progress(state);
        }
        item
    })
}

/// The input items sharing one key, in input order, and the row Notion holds for it.
struct KeyGroup<M> {
    items: Vec<(usize, Result<Map<String, Value>>)>,
    existing: Option<(PageId, M)>,
}

/// A key's filter, its items and its row, keyed by the filter's JSON text.
type Groups<M> = Vec<(Value, KeyGroup<M>)>;

/// Groups a batch by key, keeping input order; items without a usable key fail here.
fn group_by_key<M: NotionModel>(
    batch: Vec<(usize, M)>,
    failed: &mut Vec<BulkItem<Upserted<M>>>,
) -> (Groups<M>, HashMap<String, usize>) {
    let mut groups: Groups<M> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (index, model) in batch {
        let filter = model.key_filter().and_then(|filter| {
            filter.ok_or_else(|| {
                Error::invalid(
                    None,
                    None,
                    format!("{} has no #[notion(key)] field to upsert by", M::MODEL_NAME),
                )
            })
        });
        let filter = match filter {
            Ok(filter) => filter,
            Err(e) => {
                failed.push(BulkItem {
                    index,
                    result: Err(e),
                });
                continue;
            }
        };
        let slot = *by_key.entry(filter.to_string()).or_insert_with(|| {
            groups.push((
                filter,
                KeyGroup {
                    items: Vec::new(),
                    existing: None,
                },
            ));
            groups.len() - 1
        });
        groups[slot].1.items.push((index, model.to_properties()));
    }
    (groups, by_key)
}

/// Looks up one batch of up to 100 rows and writes it.
async fn upsert_batch<M: NotionModel + Clone>(
    client: Client,
    data_source: DataSourceId,
    batch: Vec<(usize, M)>,
    concurrency: usize,
) -> Vec<BulkItem<Upserted<M>>> {
    let mut done = Vec::new();
    let (mut groups, by_key) = group_by_key(batch, &mut done);
    if groups.is_empty() {
        return done;
    }
    let filters: Vec<Value> = groups.iter().map(|(f, _)| f.clone()).collect();
    let batched = match find_by_keys::<M>(&client, data_source, filters).await {
        Ok(found) => {
            for (key, row) in found {
                if let Some(&slot) = by_key.get(&key) {
                    // Rows come oldest first: the first found for a key is the one updated.
                    groups[slot].1.existing.get_or_insert(row);
                }
            }
            true
        }
        Err(e) => {
            // The lookup failed even after the client's retries: each item then finds its own
            // row, so a failure stays with the items it concerns.
            tracing::warn!(error = %e, "batched key lookup failed; looking rows up one by one");
            false
        }
    };
    let writes = groups.into_iter().map(|(filter, group)| {
        let client = client.clone();
        async move {
            if batched {
                write_group(&client, data_source, filter, group).await
            } else {
                upsert_one_by_one(&client, data_source, filter, group).await
            }
        }
    });
    let results: Vec<Vec<BulkItem<Upserted<M>>>> = stream::iter(writes)
        .buffer_unordered(concurrency)
        .collect()
        .await;
    done.extend(results.into_iter().flatten());
    done
}

/// The rows matching any of `filters` (key filters), oldest first, each with its key.
async fn find_by_keys<M: NotionModel>(
    client: &Client,
    data_source: DataSourceId,
    filters: Vec<Value>,
) -> Result<Vec<(String, (PageId, M))>> {
    let filter = match <[Value; 1]>::try_from(filters) {
        Ok([one]) => one,
        Err(many) => json!({ "or": many }),
    };
    let mut query = api::Query::new()
        .filter(filter)
        .filter_properties(crate::query::Query::<M>::filter_properties());
    let plan = plan_windows(&mut query, OnCap::Complete, |_| None)?;
    windowed_rows::<SlimPage<M>>(client.clone(), data_source, query, plan, None)
        .and_then(|slim| {
            let client = client.clone();
            async move {
                let id = slim
                    .page
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|id| PageId::parse(id).ok());
                let row: M = ops::decode_page(&client, slim.page).await?;
                let id = row.page_id().or(id).ok_or_else(|| Error::Decode {
                    endpoint: "/v1/data_sources/{data_source_id}/query".into(),
                    path: "results[].id".into(),
                    message: "a row has no id".into(),
                    source: None,
                })?;
                let key = row.key_filter()?.map(|f| f.to_string()).unwrap_or_default();
                Ok((key, (id, row)))
            }
        })
        .try_collect()
        .await
}

/// Writes the items of one key in order, each against the row the previous one left.
async fn write_group<M: NotionModel + Clone>(
    client: &Client,
    data_source: DataSourceId,
    filter: Value,
    group: KeyGroup<M>,
) -> Vec<BulkItem<Upserted<M>>> {
    let mut current = group.existing;
    let mut results = Vec::with_capacity(group.items.len());
    for (index, properties) in group.items {
        let result = match properties {
            Ok(properties) => {
                let mut result =
                    write_one(client, data_source, current.as_ref(), &properties).await;
                // As often as the client's policy retries idempotent requests: safe, because an
                // upsert finds its row by key first.
                let max_redos = client.retry_policy().attempts().saturating_sub(1);
                let mut redos = 0;
                while let Err(e) = &result {
                    if redos >= max_redos
                        || !e.maybe_applied()
                        || matches!(e, Error::WrittenButUnreadable { .. })
                    {
                        break;
                    }
                    redos += 1;
                    tracing::debug!(error = %e, "upsert may not have been applied; doing it again");
                    let prepared = ops::PreparedUpsert::new(filter.clone(), properties.clone());
                    result = ops::upsert::<M>(client, prepared, Some(data_source)).await;
                }
                result
            }
            Err(e) => Err(e),
        };
        if let Ok(upserted) = &result {
            let row = upserted_row(upserted);
            let id = row.page_id().or(current.as_ref().map(|(id, _)| *id));
            current = id.map(|id| (id, row.clone()));
        }
        results.push(BulkItem { index, result });
    }
    results
}

/// Without a batched lookup: each item of the group upserts on its own, in order.
async fn upsert_one_by_one<M: NotionModel>(
    client: &Client,
    data_source: DataSourceId,
    filter: Value,
    group: KeyGroup<M>,
) -> Vec<BulkItem<Upserted<M>>> {
    let mut results = Vec::with_capacity(group.items.len());
    for (index, properties) in group.items {
        let result = match properties {
            Ok(properties) => {
                let prepared = ops::PreparedUpsert::new(filter.clone(), properties);
                ops::upsert::<M>(client, prepared, Some(data_source)).await
            }
            Err(e) => Err(e),
        };
        results.push(BulkItem { index, result });
    }
    results
}

fn upserted_row<M>(upserted: &Upserted<M>) -> &M {
    match upserted {
        Upserted::Created(m) | Upserted::Updated(m) | Upserted::Unchanged(m) => m,
    }
}

/// One upsert whose row is already known (`existing`) or known not to exist (`None`).
async fn write_one<M: NotionModel + Clone>(
    client: &Client,
    data_source: DataSourceId,
    existing: Option<&(PageId, M)>,
    properties: &Map<String, Value>,
) -> Result<Upserted<M>> {
    let Some((id, existing)) = existing else {
        let created = Create::<M>::from_properties(properties.clone())
            .data_source(data_source)
            .send(client)
            .await?;
        return Ok(Upserted::Created(created));
    };
    let before = existing.to_properties()?;
    let mut changes = properties.clone();
    changes.retain(|key, value| before.get(key) != Some(value));
    if changes.is_empty() {
        return Ok(Upserted::Unchanged(existing.clone()));
    }
    ops::patch_page(client, *id, changes)
        .await
        .map(Upserted::Updated)
}
