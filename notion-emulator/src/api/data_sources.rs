//! Data sources: create, retrieve, update (rename, delete and retype properties; dual relations
//! get their synced property on the other side), query, and templates.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::http::context::{query_value, query_values};
use crate::http::list::{check_page_size, invalid_cursor, list_envelope, window};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::ids::parse_uuid;
use crate::notion::properties::format_time;
use crate::notion::query::{self, FilterEnv};
use crate::notion::render::user_ref;
use crate::notion::render::{notion_url, put_trash, render_parent, write_time};
use crate::notion::request::{
    attach_uploads, body_id, file_object, requested_trash, rich_text_field,
};
use crate::notion::richtext::{self, describe};
use crate::notion::schema::{build_property, declared_type, render_property};
use crate::notion::version::ApiVersion;
use crate::world::state::{AppState, Capability, Shared};
use crate::world::{Audit, DataSource, PropertySchema, World};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/data_sources", post(create))
        .route(
            "/v1/data_sources/{data_source_id}",
            get(retrieve).patch(update),
        )
        .route("/v1/data_sources/{data_source_id}/query", post(query_rows))
        .route(
            "/v1/data_sources/{data_source_id}/templates",
            get(templates),
        )
}

/// Notion words a missing data source as a database in its 404 message.
fn not_found(state: &Shared, id: Uuid) -> ApiError {
    state.not_found("database", id)
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let parent = body
        .get("parent")
        .ok_or_else(|| ApiError::body_missing("parent"))?;
    let database_id = body_id(&parent["database_id"], "parent.database_id")?;
    let properties = body
        .get("properties")
        .ok_or_else(|| ApiError::body_missing("properties"))?;
    let mut world = state.world();
    if world.database(database_id).is_none_or(|db| db.in_trash) {
        return Err(state.not_found("database", database_id));
    }
    let title = rich_text_field(&body, "title", json!([]))?;
    let mut icon = file_object(body.get("icon"), "icon", true)?;
    attach_uploads(&mut world, &mut icon, state.clock.now())?;
    let id = create_data_source(&state, &mut world, database_id, title, icon, properties)?;
    let ds = world.data_source(id).ok_or_else(|| not_found(&state, id))?;
    Ok(ctx.ok(render(&world, ds, ctx.version)))
}

/// Creates a data source in `database_id` with the schema in `properties` (request form).
pub(crate) fn create_data_source(
    state: &Shared,
    world: &mut World,
    database_id: Uuid,
    title: Value,
    icon: Value,
    properties: &Value,
) -> ApiResult<Uuid> {
    let Some(requested) = properties.as_object() else {
        return Err(ApiError::body_field(
            "properties",
            "an object",
            describe(properties),
        ));
    };
    let id = Uuid::new_v4();
    let titles = requested
        .values()
        .filter(|c| declared_type(c) == Some("title"))
        .count();
    if titles > 1 {
        return Err(ApiError::validation(
            "body failed validation: body.properties should have exactly one title property.",
        ));
    }
    let mut schema: Vec<PropertySchema> = Vec::new();
    if titles == 0 {
        schema.push(build_property(
            world,
            "Name",
            &json!({ "title": {} }),
            "properties.Name",
            None,
            &[],
        )?);
    }
    // Rollups name relations of this same data source, so they are built last.
    let (rollups, others): (Vec<_>, Vec<_>) = requested
        .iter()
        .partition(|(_, c)| declared_type(c) == Some("rollup"));
    for (name, config) in others.into_iter().chain(rollups) {
        let path = format!("properties.{name}");
        let property = build_property(world, name, config, &path, None, &schema)?;
        schema.push(property);
    }
    let now = write_time(state);
    world.data_sources.insert(
        id,
        DataSource {
            id,
            database_id,
            title,
            description: json!([]),
            icon,
            audit: Audit::new(now, state.bot_id),
            in_trash: false,
            properties: schema,
            rows: Vec::new(),
            last_unique_id: 0,
            templates: Vec::new(),
        },
    );
    if let Some(db) = world.databases.get_mut(&database_id) {
        db.data_sources.push(id);
    }
    link_dual_relations(world, id);
    world.touch();
    Ok(id)
}

/// Gives every dual relation of `ds_id` without a synced property one on the related data
/// source, pointing back.
fn link_dual_relations(world: &mut World, ds_id: Uuid) {
    let Some(ds) = world.data_source(ds_id) else {
        return;
    };
    let ds_title = richtext::plain_text(&ds.title);
    let pending: Vec<(String, String, Uuid, Value)> = ds
        .properties
        .iter()
        .filter(|p| p.kind == "relation" && p.config["type"] == "dual_property")
        .filter(|p| p.config["dual_property"]["synced_property_id"].is_null())
        .filter_map(|p| {
            let target = p.config["data_source_id"].as_str()?.parse().ok()?;
            Some((
                p.id.clone(),
                p.name.clone(),
                target,
                p.config["dual_property"]["synced_property_name"].clone(),
            ))
        })
        .collect();
    let database_id = ds.database_id;
    for (property_id, property_name, target, synced_name) in pending {
        let Some(target_ds) = world.data_sources.get_mut(&target) else {
            continue;
        };
        let mut name = synced_name.as_str().map_or_else(
            || format!("Related to {ds_title} ({property_name})"),
            str::to_owned,
        );
        while target_ds.properties.iter().any(|p| p.name == name) {
            name.push_str(" (1)");
        }
        let synced_id = crate::notion::schema::new_property_id(&target_ds.properties);
        target_ds.properties.push(PropertySchema {
            id: synced_id.clone(),
            name: name.clone(),
            description: Value::Null,
            kind: "relation".to_owned(),
            config: json!({
                "database_id": database_id,
                "data_source_id": ds_id,
                "type": "dual_property",
                "dual_property": { "synced_property_id": property_id, "synced_property_name": property_name },
            }),
        });
        if let Some(property) = world
            .data_sources
            .get_mut(&ds_id)
            .and_then(|ds| ds.properties.iter_mut().find(|p| p.id == property_id))
        {
            property.config["dual_property"] =
                json!({ "synced_property_id": synced_id, "synced_property_name": name });
        }
    }
}

/// The data-source object of a response.
pub(crate) fn render(world: &World, ds: &DataSource, version: ApiVersion) -> Value {
    let properties: Map<String, Value> = ds
        .properties
        .iter()
        .map(|p| (p.name.clone(), render_property(p)))
        .collect();
    let db = world.database(ds.database_id);
    let mut body = json!({
        "object": "data_source",
        "id": ds.id,
        "cover": null,
        "icon": ds.icon,
        "created_time": format_time(ds.audit.created_time),
        "created_by": user_ref(ds.audit.created_by),
        "last_edited_by": user_ref(ds.audit.last_edited_by),
        "last_edited_time": format_time(ds.audit.last_edited_time),
        "title": ds.title,
        "description": ds.description,
        "is_inline": db.is_some_and(|db| db.is_inline),
        "properties": properties,
        "parent": { "type": "database_id", "database_id": ds.database_id },
        "database_parent": db.map_or(Value::Null, |db| render_parent(world, db.parent)),
        "url": notion_url("", ds.database_id),
        "public_url": null,
    });
    put_trash(&mut body, ds.in_trash, version);
    body
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("data_source_id", &raw_id)?;
    let world = state.world();
    let ds = world.data_source(id).ok_or_else(|| not_found(&state, id))?;
    Ok(ctx.ok(render(&world, ds, ctx.version)))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("data_source_id", &raw_id)?;
    let mut world = state.world();
    update_data_source(&state, &mut world, id, &body, ctx.version)?;
    let ds = world.data_source(id).ok_or_else(|| not_found(&state, id))?;
    Ok(ctx.ok(render(&world, ds, ctx.version)))
}

/// Applies a `PATCH /v1/data_sources/{id}` body: title, description, icon, trash, parent and
/// schema changes (add, rename with `{"name"}`, retype, delete with `null`).
pub(crate) fn update_data_source(
    state: &Shared,
    world: &mut World,
    id: Uuid,
    body: &Value,
    version: ApiVersion,
) -> ApiResult<()> {
    let ds = world.data_source(id).ok_or_else(|| not_found(state, id))?;
    let trash = requested_trash(body, version)?;
    let title = body
        .get("title")
        .map(|t| richtext::normalize(t, "title"))
        .transpose()?;
    let description = body
        .get("description")
        .map(|t| richtext::normalize(t, "description"))
        .transpose()?;
    let mut icon = body
        .get("icon")
        .map(|v| file_object(Some(v), "icon", true))
        .transpose()?;
    let new_parent = match body.get("parent") {
        None => None,
        Some(parent) => {
            let db = body_id(&parent["database_id"], "parent.database_id")?;
            if world.database(db).is_none() {
                return Err(state.not_found("database", db));
            }
            Some(db)
        }
    };
    let mut schema = ds.properties.clone();
    let mut dropped_values: Vec<String> = Vec::new();
    let mut retyped: Vec<(PropertySchema, String)> = Vec::new();
    if let Some(changes) = body.get("properties") {
        let Some(changes) = changes.as_object() else {
            return Err(ApiError::body_field(
                "properties",
                "an object",
                describe(changes),
            ));
        };
        // Additions and retypes first, rollups last, so rollups can name new relations.
        let mut ordered: Vec<(&String, &Value)> = changes.iter().collect();
        ordered.sort_by_key(|(_, c)| declared_type(c) == Some("rollup"));
        for (key, change) in ordered {
            let path = format!("properties.{key}");
            let index = schema
                .iter()
                .position(|p| p.name == *key)
                .or_else(|| schema.iter().position(|p| p.id == *key));
            match (index, change) {
                (None, Value::Null) => {
                    return Err(ApiError::validation(format!(
                        "{key} is not a property that exists."
                    )));
                }
                (Some(i), Value::Null) => {
                    if schema[i].kind == "title" {
                        return Err(ApiError::validation(
                            "Cannot delete the title property of a data source.",
                        ));
                    }
                    dropped_values.push(schema.remove(i).id);
                }
                (Some(i), change) if declared_type(change).is_none() => {
                    let Some(name) = change.get("name").and_then(Value::as_str) else {
                        return Err(ApiError::body_missing(&format!("{path}.name")));
                    };
                    if schema
                        .iter()
                        .any(|p| p.name == name && p.id != schema[i].id)
                    {
                        return Err(ApiError::validation(format!(
                            "A property named {name} already exists in this data source."
                        )));
                    }
                    schema[i].name = name.to_owned();
                    if let Some(description) = change.get("description") {
                        schema[i].description = description.clone();
                    }
                }
                (Some(i), change) => {
                    let name = change
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or(&schema[i].name)
                        .to_owned();
                    let existing = schema[i].clone();
                    if existing.kind == "title" && declared_type(change) != Some("title") {
                        return Err(ApiError::validation(
                            "Cannot change the type of the title property.",
                        ));
                    }
                    let rebuilt =
                        build_property(world, &name, change, &path, Some(&existing), &schema)?;
                    if rebuilt.kind != existing.kind {
                        retyped.push((existing.clone(), rebuilt.id.clone()));
                    }
                    schema[i] = rebuilt;
                }
                (None, change) => {
                    if declared_type(change) == Some("title") {
                        return Err(ApiError::validation(
                            "A data source can only have one title property.",
                        ));
                    }
                    let name = change.get("name").and_then(Value::as_str).unwrap_or(key);
                    let property = build_property(world, name, change, &path, None, &schema)?;
                    schema.push(property);
                }
            }
        }
    }
    let old_database = ds.database_id;
    if let Some(icon) = icon.as_mut() {
        attach_uploads(world, icon, state.clock.now())?;
    }
    let now = write_time(state);
    if let Some(ds) = world.data_sources.get_mut(&id) {
        ds.properties = schema;
        if let Some(title) = title {
            ds.title = title;
        }
        if let Some(description) = description {
            ds.description = description;
        }
        if let Some(icon) = icon {
            ds.icon = icon;
        }
        if let Some(trash) = trash {
            ds.in_trash = trash;
        }
        if let Some(db) = new_parent {
            ds.database_id = db;
        }
        ds.audit.edit(now, state.bot_id);
    }
    if let Some(db) = new_parent.filter(|db| *db != old_database) {
        if let Some(old) = world.databases.get_mut(&old_database) {
            old.data_sources.retain(|x| *x != id);
        }
        if let Some(new) = world.databases.get_mut(&db) {
            new.data_sources.push(id);
        }
    }
    if !dropped_values.is_empty() {
        let rows = world
            .data_source(id)
            .map(|ds| ds.rows.clone())
            .unwrap_or_default();
        for row in rows {
            if let Some(page) = world.pages.get_mut(&row) {
                for property in &dropped_values {
                    page.properties.remove(property);
                }
            }
        }
    }
    for (old, new_id) in retyped {
        convert_column(world, id, &old, &new_id);
    }
    link_dual_relations(world, id);
    world.touch();
    Ok(())
}

/// Converts every row's value of a property whose type changed, through its text like Notion
/// does (`"3"` becomes the number 3, a select's name becomes rich text, ...); values with no
/// sensible conversion are cleared.
fn convert_column(world: &mut World, ds_id: Uuid, old: &PropertySchema, new_id: &str) {
    let Some(new) = world
        .data_source(ds_id)
        .and_then(|ds| ds.properties.iter().find(|p| p.id == new_id))
        .cloned()
    else {
        return;
    };
    let rows = world
        .data_source(ds_id)
        .map(|ds| ds.rows.clone())
        .unwrap_or_default();
    let mut new_options: Vec<Value> = Vec::new();
    for row in rows {
        let Some(old_value) = world
            .page(row)
            .and_then(|p| p.properties.get(&old.id))
            .cloned()
        else {
            continue;
        };
        let text = value_text(&old.kind, &old_value);
        let mut target = new.clone();
        if let Some(options) = target.config["options"].as_array_mut() {
            options.extend(new_options.iter().cloned());
        }
        let converted = text_as_request(&new.kind, text.trim()).and_then(|request| {
            let wrapped = json!({ new.kind.as_str(): request });
            crate::notion::properties::convert_write(world, &target, &wrapped, "properties").ok()
        });
        if let Some(page) = world.pages.get_mut(&row) {
            page.properties.remove(&old.id);
            if let Some(written) = converted {
                new_options.extend(written.new_options);
                page.properties.insert(new.id.clone(), written.value);
            }
        }
    }
    if let Some(options) = world
        .data_sources
        .get_mut(&ds_id)
        .and_then(|ds| ds.properties.iter_mut().find(|p| p.id == new.id))
        .and_then(|p| p.config["options"].as_array_mut())
    {
        options.extend(new_options);
    }
}

/// A stored value as plain text, the way a type change reads it.
fn value_text(kind: &str, value: &Value) -> String {
    match kind {
        "title" | "rich_text" => richtext::plain_text(value),
        "number" => value
            .as_f64()
            .map(|n| crate::notion::properties::number_json(n).to_string())
            .unwrap_or_default(),
        "select" | "status" => value["name"].as_str().unwrap_or_default().to_owned(),
        "multi_select" => value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|o| o["name"].as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default(),
        "checkbox" => value.as_bool().unwrap_or(false).to_string(),
        "date" => value["start"].as_str().unwrap_or_default().to_owned(),
        "url" | "email" | "phone_number" => value.as_str().unwrap_or_default().to_owned(),
        _ => String::new(),
    }
}

/// The request form of `text` written to a property of type `kind`, if it converts.
fn text_as_request(kind: &str, text: &str) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    match kind {
        "title" | "rich_text" => {
            let content: String = text.chars().take(richtext::MAX_TEXT_CHARS).collect();
            Some(json!([{ "text": { "content": content } }]))
        }
        "number" => text
            .parse::<f64>()
            .ok()
            .map(crate::notion::properties::number_json),
        "select" => Some(json!({ "name": text.replace(',', " ") })),
        "multi_select" => Some(Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .take(richtext::MAX_ARRAY_ITEMS)
                .map(|name| json!({ "name": name }))
                .collect(),
        )),
        "checkbox" => Some(json!(matches!(
            text.to_lowercase().as_str(),
            "true" | "yes" | "1" | "checked"
        ))),
        "url" | "email" | "phone_number" => Some(json!(text)),
        "date" => Some(json!({ "start": text })),
        _ => None,
    }
}

/// The parsed body of a query.
struct QueryBody {
    filter: Option<Value>,
    sorts: Value,
    start_cursor: Option<String>,
    page_size: usize,
    in_trash: bool,
    /// `result_type: "data_source"` asks for the data sources a wiki lists as rows.
    data_sources_only: bool,
}

fn parse_query_body(body: &Value, version: ApiVersion) -> ApiResult<QueryBody> {
    let page_size = match body.get("page_size") {
        None | Some(Value::Null) => 100,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(n) => check_page_size("body", n)?,
            None => {
                return Err(ApiError::body_field(
                    "page_size",
                    "an integer",
                    describe(&body["page_size"]),
                ));
            }
        },
        Some(other) => {
            return Err(ApiError::body_field(
                "page_size",
                "a number",
                describe(other),
            ));
        }
    };
    let start_cursor = match body.get("start_cursor") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(ApiError::body_field(
                "start_cursor",
                "a string",
                describe(other),
            ));
        }
    };
    if let Some(result_type) = body.get("result_type")
        && !matches!(result_type.as_str(), Some("page" | "data_source"))
    {
        return Err(ApiError::body_field(
            "result_type",
            "`\"page\"` or `\"data_source\"`",
            describe(result_type),
        ));
    }
    Ok(QueryBody {
        filter: body.get("filter").filter(|f| !f.is_null()).cloned(),
        sorts: body.get("sorts").cloned().unwrap_or_else(|| json!([])),
        start_cursor,
        page_size,
        in_trash: requested_trash(body, version)?.unwrap_or(false),
        data_sources_only: body.get("result_type").and_then(Value::as_str) == Some("data_source"),
    })
}

async fn query_rows(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    RawQuery(raw_query): RawQuery,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("data_source_id", &raw_id)?;
    let request = parse_query_body(&body, ctx.version)?;
    let only = query_values(raw_query.as_deref(), "filter_properties");
    let only = (!only.is_empty()).then_some(only);
    let env = FilterEnv {
        now: state.clock.now(),
        me: state.bot_id,
    };
    let mut world = state.world();
    let ds = world.data_source(id).ok_or_else(|| not_found(&state, id))?;
    let filter = request
        .filter
        .as_ref()
        .map(|f| query::parse_filter(ds, f, env))
        .transpose()?;
    let sorts = query::parse_sorts(ds, &request.sorts)?;
    // The key is what the query means once parsed: relative dates are resolved against the
    // clock there, so "today" keeps hitting the cache while "past_week" (which moves with every
    // millisecond) does not.
    let key = format!(
        "{id}|{filter:?}|{sorts:?}|{}|{}",
        request.in_trash, request.data_sources_only
    );
    let generation = world.generation;
    let result = match world.query_cache.get(&key, generation) {
        Some(result) => result,
        None => {
            // Rows are pages here; data sources as rows exist only in wikis, which the
            // emulator does not model.
            let rows = if request.data_sources_only {
                Vec::new()
            } else {
                query::run(&world, ds, filter.as_ref(), &sorts, request.in_trash)
            };
            let result = Arc::new(crate::world::query_cache::QueryResult::new(rows));
            world.query_cache.put(key, generation, result.clone());
            result
        }
    };
    // Rows past the cap are never served: the query ends there as `incomplete`.
    let visible = result.rows.len().min(state.config.query_result_cap);
    let start = match request.start_cursor.as_deref() {
        None => 0,
        Some(raw) => parse_uuid(raw)
            .and_then(|id| result.position(id))
            .filter(|position| *position < visible)
            .ok_or_else(|| invalid_cursor("body", raw))?,
    };
    let end = (start + request.page_size).min(visible);
    let slice = &result.rows[start..end];
    let next = result.rows[..visible].get(end).copied();
    let hit_cap = result.rows.len() > visible && next.is_none();
    let results: Vec<Value> = slice
        .iter()
        .filter_map(|row| world.page(*row))
        .map(|page| super::pages::render(&state, &world, page, ctx.version, only.as_deref()))
        .collect();
    let mut response = list_envelope(results, next, "page_or_data_source", json!({}));
    if hit_cap {
        response["request_status"] =
            json!({ "type": "incomplete", "incomplete_reason": "query_result_limit_reached" });
    }
    Ok(ctx.ok(response))
}

async fn templates(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("data_source_id", &raw_id)?;
    let raw = query.as_deref();
    let page_size = match query_value(raw, "page_size") {
        None => 100,
        Some(n) => check_page_size(
            "query",
            n.parse().map_err(|_| {
                ApiError::validation(format!(
                    "query failed validation: query.page_size should be a number, instead was `{}`.",
                    json!(n)
                ))
            })?,
        )?,
    };
    let name = query_value(raw, "name").map(|n| n.to_lowercase());
    let world = state.world();
    let ds = world.data_source(id).ok_or_else(|| not_found(&state, id))?;
    let matching: Vec<Uuid> = ds
        .templates
        .iter()
        .filter(|t| {
            name.as_ref()
                .is_none_or(|n| t.name.to_lowercase().contains(n))
        })
        .map(|t| t.id)
        .collect();
    let cursor = query_value(raw, "start_cursor");
    let (slice, next) = window(&matching, cursor.as_deref(), page_size, "query")?;
    let templates: Vec<Value> = slice
        .iter()
        .filter_map(|t| ds.templates.iter().find(|x| x.id == *t))
        .map(|t| json!({ "id": t.id, "name": t.name, "is_default": t.is_default }))
        .collect();
    // Unlike every other body, Notion's template list carries no `request_id` (recorded).
    Ok(axum::Json(json!({
        "templates": templates,
        "has_more": next.is_some(),
        "next_cursor": next,
    }))
    .into_response())
}
