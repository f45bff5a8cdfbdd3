//! Views of a database and their queries: `GET|POST /v1/views`, `GET|PATCH|DELETE
//! /v1/views/{id}`, `POST /v1/views/{id}/queries`, and `GET|DELETE
//! /v1/views/{id}/queries/{query_id}`.
//!
//! A view shows one data source of a database with its own `filter` and `sorts`; both are
//! validated and evaluated by the core query engine ([`crate::notion::query`]). A view query runs the
//! view once and keeps the matching row ids for 15 minutes (Notion's `expires_at`), so its pages
//! are stable while the caller pages through them.
//!
//! Like Notion, every database has a default table view per data source; the emulator creates
//! it the first time views of that database are listed.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::http::list::{ListParams, check_page_size, list_envelope};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;
use crate::notion::query::{FilterEnv, parse_filter, parse_sorts, run};
use crate::notion::timestamps::millis_time;
use crate::world::World;
use crate::world::state::{AppState, Capability, Shared};
use crate::world::views::{View, ViewQuery};

/// The view types Notion knows.
const VIEW_TYPES: [&str; 10] = [
    "table",
    "board",
    "list",
    "calendar",
    "timeline",
    "gallery",
    "form",
    "chart",
    "map",
    "dashboard",
];
/// How long a view query's results stay available.
const QUERY_LIFETIME: SignedDuration = SignedDuration::from_mins(15);
/// The name of the view Notion gives every new data source.
const DEFAULT_VIEW_NAME: &str = "Default view";

impl View {
    fn parent(&self) -> Value {
        json!({"type": "database_id", "database_id": self.database_id.to_string()})
    }

    fn to_json(&self) -> Value {
        json!({
            "object": "view",
            "id": self.id.to_string(),
            "parent": self.parent(),
            "data_source_id": self.data_source_id.to_string(),
            "name": self.name,
            "type": self.kind,
            "created_time": millis_time(self.created_time),
            "created_by": {"object": "user", "id": self.created_by.to_string()},
            "last_edited_time": millis_time(self.last_edited_time),
            "last_edited_by": {"object": "user", "id": self.last_edited_by.to_string()},
            "url": format!(
                "https://app.notion.com/p/{}?v={}",
                self.database_id.simple(),
                self.id.simple()
            ),
            "filter": self.filter,
            "sorts": self.sorts,
            "quick_filters": self.quick_filters,
            "configuration": self.configuration,
        })
    }
}

/// The routes of this module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/views", post(create).get(list))
        .route(
            "/v1/views/{view_id}",
            get(retrieve).patch(update).delete(delete),
        )
        .route("/v1/views/{view_id}/queries", post(create_query))
        .route(
            "/v1/views/{view_id}/queries/{query_id}",
            get(query_results).delete(delete_query),
        )
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let data_source_id = body_id(&body, "data_source_id")?
        .ok_or_else(|| ApiError::body_missing("data_source_id"))?;
    let name = match body.get("name") {
        Some(Value::String(name)) => name.clone(),
        Some(other) => {
            return Err(ApiError::body_field(
                "name",
                "a string",
                crate::notion::richtext::describe(other),
            ));
        }
        None => return Err(ApiError::body_missing("name")),
    };
    let kind = view_type(body.get("type"))?.ok_or_else(|| ApiError::body_missing("type"))?;
    let now = state.clock.now();
    let mut world = state.world();
    let database_id = world
        .data_source(data_source_id)
        .map(|ds| ds.database_id)
        .ok_or_else(|| state.not_found("data_source", data_source_id))?;
    if let Some(named) = body_id(&body, "database_id")?
        && named != database_id
    {
        return Err(ApiError::validation(format!(
            "Data source {data_source_id} does not belong to database {named}."
        )));
    }
    ensure_default_views(&mut world, database_id, now);
    let mut view = View {
        id: Uuid::new_v4(),
        database_id,
        data_source_id,
        name,
        configuration: json!({"type": kind}),
        kind,
        filter: Value::Null,
        sorts: Value::Null,
        quick_filters: Value::Null,
        created_time: now,
        last_edited_time: now,
        created_by: state.bot_id,
        last_edited_by: state.bot_id,
    };
    apply_settings(&state, &world, &mut view, &body, now)?;
    let json = view.to_json();
    world.views.order.push(view.id);
    world.views.views.insert(view.id, view);
    Ok(ctx.ok(json))
}

#[derive(Debug, Deserialize)]
struct ListFilter {
    database_id: Option<String>,
    data_source_id: Option<String>,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
    Query(filter): Query<ListFilter>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let page_size = params.page_size()?;
    let now = state.clock.now();
    let mut world = state.world();
    let (database_id, data_source_id) = match (&filter.database_id, &filter.data_source_id) {
        (Some(raw), None) => {
            let id = query_uuid("database_id", raw)?;
            world
                .database(id)
                .ok_or_else(|| state.not_found("database", id))?;
            (id, None)
        }
        (None, Some(raw)) => {
            let id = query_uuid("data_source_id", raw)?;
            let ds = world
                .data_source(id)
                .ok_or_else(|| state.not_found("data_source", id))?;
            (ds.database_id, Some(id))
        }
        _ => {
            return Err(ApiError::validation(
                "query failed validation: exactly one of query.database_id or query.data_source_id should be defined.",
            ));
        }
    };
    ensure_default_views(&mut world, database_id, now);
    let views = &world.views;
    let ids: Vec<Uuid> = views
        .order
        .iter()
        .filter(|id| {
            views.views.get(*id).is_some_and(|view| {
                view.database_id == database_id
                    && data_source_id.is_none_or(|ds| view.data_source_id == ds)
            })
        })
        .copied()
        .collect();
    let (page, next) = params.window(&ids, page_size)?;
    // Notion lists views as bare references; retrieve one for its settings.
    let results = page
        .iter()
        .map(|id| json!({"object": "view", "id": id.to_string()}))
        .collect();
    Ok(ctx.ok(list_envelope(results, next, "view", json!({}))))
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("view_id", &raw_id)?;
    let world = state.world();
    let view = find(&state, &world, id)?;
    Ok(ctx.ok(view.to_json()))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("view_id", &raw_id)?;
    let now = state.clock.now();
    let mut world = state.world();
    let mut view = find(&state, &world, id)?.clone();
    match body.get("name") {
        None => {}
        Some(Value::String(name)) => view.name = name.clone(),
        Some(other) => {
            return Err(ApiError::body_field(
                "name",
                "a string",
                crate::notion::richtext::describe(other),
            ));
        }
    }
    if let Some(kind) = view_type(body.get("type"))? {
        view.configuration = json!({"type": kind});
        view.kind = kind;
    }
    apply_settings(&state, &world, &mut view, &body, now)?;
    view.last_edited_time = now;
    view.last_edited_by = state.bot_id;
    let json = view.to_json();
    world.views.views.insert(id, view);
    Ok(ctx.ok(json))
}

async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("view_id", &raw_id)?;
    let mut world = state.world();
    let view = world
        .views
        .views
        .remove(&id)
        .ok_or_else(|| state.not_found("view", id))?;
    world.views.order.retain(|x| *x != id);
    world.views.queries.retain(|_, q| q.view_id != id);
    Ok(ctx.ok(json!({
        "object": "view",
        "id": id.to_string(),
        "parent": view.parent(),
        "type": view.kind,
    })))
}

async fn create_query(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let view_id = parse_id("view_id", &raw_id)?;
    let page_size = match body.get("page_size") {
        None | Some(Value::Null) => crate::http::list::MAX_PAGE_SIZE,
        Some(raw) => check_page_size(
            "body",
            raw.as_i64().ok_or_else(|| {
                ApiError::body_field(
                    "page_size",
                    "a number",
                    crate::notion::richtext::describe(raw),
                )
            })?,
        )?,
    };
    let now = state.clock.now();
    let mut world = state.world();
    let view = find(&state, &world, view_id)?;
    let rows = run_view(&state, &world, view, now)?;
    world.views.queries.retain(|_, q| q.expires_at > now);
    let query = ViewQuery {
        id: Uuid::new_v4(),
        view_id,
        expires_at: now + QUERY_LIFETIME,
        rows,
    };
    let (page, next) = crate::http::list::window(&query.rows, None, page_size, "body")?;
    let body = json!({
        "object": "view_query",
        "id": query.id.to_string(),
        "view_id": view_id.to_string(),
        "expires_at": millis_time(query.expires_at),
        "total_count": query.rows.len(),
        "results": page_refs(page),
        "next_cursor": next.map(|id| id.to_string()),
        "has_more": next.is_some(),
    });
    world.views.queries.insert(query.id, query);
    Ok(ctx.ok(body))
}

async fn query_results(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_view, raw_query)): Path<(String, String)>,
    Query(params): Query<ListParams>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let view_id = parse_id("view_id", &raw_view)?;
    let query_id = parse_id("query_id", &raw_query)?;
    let page_size = params.page_size()?;
    let now = state.clock.now();
    let world = state.world();
    let query = live_query(&state, &world, view_id, query_id, now)?;
    let (page, next) = params.window(&query.rows, page_size)?;
    Ok(ctx.ok(list_envelope(page_refs(page), next, "page", json!({}))))
}

async fn delete_query(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_view, raw_query)): Path<(String, String)>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let view_id = parse_id("view_id", &raw_view)?;
    let query_id = parse_id("query_id", &raw_query)?;
    let now = state.clock.now();
    let mut world = state.world();
    live_query(&state, &world, view_id, query_id, now)?;
    world.views.queries.remove(&query_id);
    Ok(ctx.ok(json!({
        "object": "view_query",
        "id": query_id.to_string(),
        "deleted": true,
    })))
}

/// Creates the default table view of each of the database's data sources, once.
fn ensure_default_views(world: &mut World, database_id: Uuid, now: Timestamp) {
    if !world.views.defaulted.insert(database_id) {
        return;
    }
    let Some(database) = world.database(database_id) else {
        return;
    };
    let author = database.audit.created_by;
    let created = database.audit.created_time.min(now);
    let defaults: Vec<View> = database
        .data_sources
        .iter()
        .map(|ds| View {
            id: Uuid::new_v4(),
            database_id,
            data_source_id: *ds,
            name: DEFAULT_VIEW_NAME.to_owned(),
            kind: "table".to_owned(),
            filter: Value::Null,
            sorts: Value::Null,
            quick_filters: Value::Null,
            configuration: json!({"type": "table"}),
            created_time: created,
            last_edited_time: created,
            created_by: author,
            last_edited_by: author,
        })
        .collect();
    for view in defaults {
        world.views.order.push(view.id);
        world.views.views.insert(view.id, view);
    }
}

/// Sets `filter`, `sorts`, `quick_filters` and `configuration` from a request body, checking
/// the filter and sorts against the view's data source like a query would.
fn apply_settings(
    state: &Shared,
    world: &World,
    view: &mut View,
    body: &Value,
    now: Timestamp,
) -> ApiResult<()> {
    let ds = world
        .data_source(view.data_source_id)
        .ok_or_else(|| state.not_found("data_source", view.data_source_id))?;
    if let Some(filter) = body.get("filter") {
        if !filter.is_null() {
            parse_filter(ds, filter, env(state, now))?;
        }
        view.filter = filter.clone();
    }
    if let Some(sorts) = body.get("sorts") {
        if !sorts.is_null() {
            parse_sorts(ds, sorts)?;
        }
        view.sorts = sorts.clone();
    }
    if let Some(quick_filters) = body.get("quick_filters") {
        view.quick_filters = quick_filters.clone();
    }
    if let Some(configuration) = body.get("configuration") {
        if !configuration.is_object() {
            return Err(ApiError::body_field(
                "configuration",
                "an object",
                crate::notion::richtext::describe(configuration),
            ));
        }
        let mut configuration = configuration.clone();
        configuration["type"] = json!(view.kind);
        view.configuration = configuration;
    }
    Ok(())
}

/// The ids of the rows the view shows now.
fn run_view(state: &Shared, world: &World, view: &View, now: Timestamp) -> ApiResult<Vec<Uuid>> {
    let ds = world
        .data_source(view.data_source_id)
        .ok_or_else(|| state.not_found("data_source", view.data_source_id))?;
    let filter = match &view.filter {
        Value::Null => None,
        raw => Some(parse_filter(ds, raw, env(state, now))?),
    };
    let sorts = match &view.sorts {
        Value::Null => Vec::new(),
        raw => parse_sorts(ds, raw)?,
    };
    Ok(run(world, ds, filter.as_ref(), &sorts, false))
}

fn env(state: &Shared, now: Timestamp) -> FilterEnv {
    FilterEnv {
        now,
        me: state.bot_id,
    }
}

fn find<'w>(state: &Shared, world: &'w World, id: Uuid) -> ApiResult<&'w View> {
    world
        .views
        .views
        .get(&id)
        .ok_or_else(|| state.not_found("view", id))
}

fn live_query<'w>(
    state: &Shared,
    world: &'w World,
    view_id: Uuid,
    query_id: Uuid,
    now: Timestamp,
) -> ApiResult<&'w ViewQuery> {
    find(state, world, view_id)?;
    world
        .views
        .queries
        .get(&query_id)
        .filter(|q| q.view_id == view_id && q.expires_at > now)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "object_not_found",
                format!("Could not find view query with ID: {query_id}. View queries expire 15 minutes after creation."),
            )
        })
}

fn page_refs(ids: &[Uuid]) -> Vec<Value> {
    ids.iter()
        .map(|id| json!({"object": "page", "id": id.to_string()}))
        .collect()
}

fn view_type(raw: Option<&Value>) -> ApiResult<Option<String>> {
    match raw {
        None => Ok(None),
        Some(Value::String(kind)) if VIEW_TYPES.contains(&kind.as_str()) => Ok(Some(kind.clone())),
        Some(other) => Err(ApiError::body_field(
            "type",
            "one of `\"table\"`, `\"board\"`, `\"list\"`, `\"calendar\"`, `\"timeline\"`, `\"gallery\"`, `\"form\"`, `\"chart\"`, `\"map\"`, `\"dashboard\"`",
            crate::notion::richtext::describe(other),
        )),
    }
}

fn body_id(body: &Value, field: &str) -> ApiResult<Option<Uuid>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(raw) => raw.as_str().and_then(parse_uuid).map(Some).ok_or_else(|| {
            ApiError::body_field(
                field,
                "a valid uuid",
                crate::notion::richtext::describe(raw),
            )
        }),
    }
}

fn query_uuid(field: &str, raw: &str) -> ApiResult<Uuid> {
    parse_uuid(raw).ok_or_else(|| {
        ApiError::validation(format!(
            "query failed validation: query.{field} should be a valid uuid, instead was `{}`.",
            Value::String(raw.to_owned())
        ))
    })
}
