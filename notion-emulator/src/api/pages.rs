//! Pages: create (in a data source or under a page), retrieve with `filter_properties`, update,
//! trash and restore, move, and the paginated property-item endpoint.
//!
//! Relation writes keep dual relations in sync on both sides; `unique_id` numbers are handed out
//! on create.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::http::context::{query_value, query_values};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::properties::{
    self, convert_write, page_title, relation_ids, render_properties, value_of,
};
use crate::notion::render::user_ref;
use crate::notion::render::{notion_url, put_trash, render_parent, write_time};
use crate::notion::request::{attach_uploads, body_id, file_object, requested_trash};
use crate::notion::richtext::describe;
use crate::notion::version::ApiVersion;
use crate::world::state::{AppState, Capability, Shared};
use crate::world::{Audit, Page, Parent, PropertySchema, World};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/pages", post(create))
        .route("/v1/pages/{page_id}", get(retrieve).patch(update))
        .route("/v1/pages/{page_id}/move", post(move_page))
        .route(
            "/v1/pages/{page_id}/properties/{property_id}",
            get(property_item),
        )
}

/// `filter_properties` of a page read, at most 100.
fn filter_properties(raw: Option<&str>) -> ApiResult<Option<Vec<String>>> {
    let keys = query_values(raw, "filter_properties");
    if keys.len() > 100 {
        return Err(ApiError::validation(format!(
            "query failed validation: query.filter_properties.length should be ≤ 100, instead was {}.",
            keys.len()
        )));
    }
    Ok((!keys.is_empty()).then_some(keys))
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let only = filter_properties(query.as_deref())?;
    let mut world = state.world();
    let id = create_page(&state, &mut world, &body)?;
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    let page = render(&state, &world, page, ctx.version, only.as_deref());
    // `allow_async` only applies to markdown content, which Notion imports in the background.
    if body.get("markdown").is_some() && body["allow_async"] == true {
        let now = state.clock.now();
        let task = world.async_tasks.start("POST /v1/pages", page, now);
        return Ok(crate::api::async_tasks::accepted(&ctx, task));
    }
    Ok(ctx.ok(page))
}

/// Creates a page from a `POST /v1/pages` body; returns its id.
pub(crate) fn create_page(state: &Shared, world: &mut World, body: &Value) -> ApiResult<Uuid> {
    let parent = parse_page_parent(state, world, body.get("parent"))?;
    let mut icon = file_object(body.get("icon"), "icon", true)?;
    let mut cover = file_object(body.get("cover"), "cover", false)?;
    let block_children = body.get("children").or_else(|| body.get("content"));
    if let Some(children) = block_children {
        super::blocks::validate_children(children, "children", 0)?;
    }
    let markdown_children = match body.get("markdown") {
        None => None,
        Some(_) if block_children.is_some() => {
            return Err(ApiError::validation(
                "body failed validation: body.markdown should be not present when body.children or body.content is present.",
            ));
        }
        Some(Value::String(markdown)) => Some(crate::notion::markdown::blocks_only(
            crate::notion::markdown::parse(markdown),
        )),
        Some(other) => {
            return Err(ApiError::body_field(
                "markdown",
                "a string",
                describe(other),
            ));
        }
    };
    let children = markdown_children.as_ref().or(block_children);
    let properties = body.get("properties").cloned().unwrap_or_else(|| json!({}));
    let Some(properties) = properties.as_object() else {
        return Err(ApiError::body_field(
            "properties",
            "an object",
            describe(&properties),
        ));
    };
    let mut writes = convert_properties(world, parent, properties, "properties")?;
    let position = parse_page_position(world, parent, body.get("position"))?;
    check_template(world, parent, body.get("template"))?;
    attach_page_uploads(
        state,
        world,
        [&mut icon, &mut cover].into_iter(),
        &mut writes,
    )?;

    let now = write_time(state);
    let id = Uuid::new_v4();
    let seq = world.next_seq();
    let mut page = Page {
        id,
        parent,
        audit: Audit::new(now, state.bot_id),
        icon,
        cover,
        in_trash: false,
        is_archived: false,
        is_locked: false,
        properties: Default::default(),
        seq,
    };
    if let Parent::DataSource(ds_id) = parent
        && let Some(ds) = world.data_sources.get_mut(&ds_id)
    {
        ds.rows.push(id);
        for property in ds.properties.iter().filter(|p| p.kind == "unique_id") {
            ds.last_unique_id += 1;
            page.properties.insert(
                property.id.clone(),
                json!({ "prefix": property.config["prefix"], "number": ds.last_unique_id }),
            );
        }
    }
    world.pages.insert(id, page);
    if let Parent::Page(parent_id) | Parent::Block(parent_id) = parent {
        let siblings = world.children.entry(parent_id).or_default();
        let at = position.unwrap_or(siblings.len()).min(siblings.len());
        siblings.insert(at, id);
    }
    apply_writes(world, id, writes);
    if let Some(children) = children {
        super::blocks::append_children(state, world, id, children, None)?;
    }
    world.touch();
    Ok(id)
}

/// Validates `template`: `none`, `default`, or a `template_id` of the parent data source.
/// Templates carry no content in the emulator, so applying one changes nothing else.
fn check_template(world: &World, parent: Parent, template: Option<&Value>) -> ApiResult<()> {
    let Some(template) = template else {
        return Ok(());
    };
    match template["type"].as_str() {
        Some("none" | "default") => Ok(()),
        Some("template_id") => {
            let id = body_id(&template["template_id"], "template.template_id")?;
            let known = match parent {
                Parent::DataSource(ds) => world
                    .data_source(ds)
                    .is_some_and(|ds| ds.templates.iter().any(|t| t.id == id)),
                _ => false,
            };
            if known {
                Ok(())
            } else {
                Err(ApiError::validation(format!(
                    "Template with ID {id} is not a template of the parent data source."
                )))
            }
        }
        _ => Err(ApiError::body_field(
            "template.type",
            "`\"none\"`, `\"default\"` or `\"template_id\"`",
            describe(&template["type"]),
        )),
    }
}

/// Where a new page goes among its parent page's content (`position`: `page_start`,
/// `page_end` (the default) or `after_block`); `None` means the end. Rows of a data source have
/// no position.
fn parse_page_position(
    world: &World,
    parent: Parent,
    position: Option<&Value>,
) -> ApiResult<Option<usize>> {
    let (Some(position), Parent::Page(parent_id)) = (position, parent) else {
        return Ok(None);
    };
    match position["type"].as_str() {
        Some("page_end") => Ok(None),
        Some("page_start") => Ok(Some(0)),
        Some("after_block") => {
            let after = body_id(&position["after_block"]["id"], "position.after_block.id")?;
            world
                .children
                .get(&parent_id)
                .and_then(|siblings| siblings.iter().position(|x| *x == after))
                .map(|i| Some(i + 1))
                .ok_or_else(|| {
                    ApiError::validation(format!(
                        "Block with ID {after} is not a child of {parent_id}."
                    ))
                })
        }
        _ => Err(ApiError::body_field(
            "position.type",
            "`\"after_block\"`, `\"page_start\"` or `\"page_end\"`",
            describe(&position["type"]),
        )),
    }
}

fn parse_page_parent(state: &Shared, world: &World, parent: Option<&Value>) -> ApiResult<Parent> {
    let Some(parent) = parent.filter(|p| p.is_object()) else {
        return Err(ApiError::body_missing("parent"));
    };
    if let Some(raw) = parent.get("data_source_id") {
        let id = body_id(raw, "parent.data_source_id")?;
        return match world.data_source(id) {
            Some(ds) if !ds.in_trash => Ok(Parent::DataSource(id)),
            _ => Err(state.not_found("data_source", id)),
        };
    }
    if let Some(raw) = parent.get("database_id") {
        let id = body_id(raw, "parent.database_id")?;
        let db = world
            .database(id)
            .ok_or_else(|| state.not_found("database", id))?;
        return match db.data_sources.as_slice() {
            [only] => Ok(Parent::DataSource(*only)),
            _ => Err(ApiError::validation(format!(
                "Database with ID {id} has multiple data sources; use parent.data_source_id."
            ))),
        };
    }
    if let Some(raw) = parent.get("page_id") {
        let id = body_id(raw, "parent.page_id")?;
        return match world.page(id) {
            Some(page) if !page.in_trash => Ok(Parent::Page(id)),
            _ => Err(state.not_found("page", id)),
        };
    }
    if parent.get("workspace") == Some(&Value::Bool(true)) {
        return Err(ApiError::validation(
            "Only public integrations can create pages at the workspace level.",
        ));
    }
    Err(ApiError::body_missing("parent.page_id"))
}

/// A validated property write: the property id and its stored value, plus the select options it
/// introduces.
#[derive(Debug)]
struct PropertyWrite {
    property: PropertySchema,
    value: Value,
    new_options: Vec<Value>,
}

/// Validates every written property before anything changes, so a bad value leaves the page as
/// it was (Notion's writes are atomic).
fn convert_properties(
    world: &World,
    parent: Parent,
    properties: &Map<String, Value>,
    path: &str,
) -> ApiResult<Vec<PropertyWrite>> {
    let ds = match parent {
        Parent::DataSource(id) => world.data_source(id),
        _ => None,
    };
    let title_only = PropertySchema {
        id: "title".to_owned(),
        name: "title".to_owned(),
        description: Value::Null,
        kind: "title".to_owned(),
        config: json!({}),
    };
    let mut writes = Vec::with_capacity(properties.len());
    for (key, raw) in properties {
        let property = match ds {
            Some(ds) => ds.property(key).cloned(),
            None => (key == "title").then(|| title_only.clone()),
        }
        .ok_or_else(|| ApiError::validation(format!("{key} is not a property that exists.")))?;
        let written = convert_write(world, &property, raw, &format!("{path}.{key}"))?;
        writes.push(PropertyWrite {
            property,
            value: written.value,
            new_options: written.new_options,
        });
    }
    Ok(writes)
}

/// Attaches the file uploads named by a page's new icon, cover and `files` values (the last
/// step of validation: see [`attach_uploads`]).
fn attach_page_uploads<'v>(
    state: &Shared,
    world: &mut World,
    icon_and_cover: impl Iterator<Item = &'v mut Value>,
    writes: &mut [PropertyWrite],
) -> ApiResult<()> {
    let now = state.clock.now();
    for value in icon_and_cover {
        attach_uploads(world, value, now)?;
    }
    for write in writes.iter_mut().filter(|w| w.property.kind == "files") {
        attach_uploads(world, &mut write.value, now)?;
    }
    Ok(())
}

/// Stores validated writes on page `id`: new select options join the schema, relation changes
/// are mirrored on the other side of dual relations.
fn apply_writes(world: &mut World, id: Uuid, writes: Vec<PropertyWrite>) {
    let Some(parent) = world.page(id).map(|p| p.parent) else {
        return;
    };
    for write in writes {
        if let Parent::DataSource(ds_id) = parent
            && !write.new_options.is_empty()
            && let Some(property) = world
                .data_sources
                .get_mut(&ds_id)
                .and_then(|ds| ds.properties.iter_mut().find(|p| p.id == write.property.id))
            && let Some(options) = property.config["options"].as_array_mut()
        {
            options.extend(write.new_options);
        }
        let old = world
            .page(id)
            .and_then(|p| p.properties.get(&write.property.id).cloned());
        if write.property.kind == "relation" {
            sync_dual_relation(world, id, &write.property, old.as_ref(), &write.value);
        }
        if let Some(page) = world.pages.get_mut(&id) {
            page.properties
                .insert(write.property.id.clone(), write.value);
        }
    }
}

/// Mirrors a relation change of page `id` onto the synced property of the related pages.
fn sync_dual_relation(
    world: &mut World,
    id: Uuid,
    property: &PropertySchema,
    old: Option<&Value>,
    new: &Value,
) {
    let Some(synced_id) = property.config["dual_property"]["synced_property_id"].as_str() else {
        return;
    };
    let before = old.map(relation_ids).unwrap_or_default();
    let after = relation_ids(new);
    let edits = before
        .iter()
        .filter(|x| !after.contains(x))
        .map(|x| (*x, false))
        .chain(
            after
                .iter()
                .filter(|x| !before.contains(x))
                .map(|x| (*x, true)),
        );
    let edits: Vec<(Uuid, bool)> = edits.collect();
    for (other, add) in edits {
        let Some(page) = world.pages.get_mut(&other) else {
            continue;
        };
        let mut ids = page
            .properties
            .get(synced_id)
            .map(relation_ids)
            .unwrap_or_default();
        if add {
            if !ids.contains(&id) {
                ids.push(id);
            }
        } else {
            ids.retain(|x| *x != id);
        }
        page.properties.insert(
            synced_id.to_owned(),
            Value::Array(ids.into_iter().map(|x| json!({ "id": x })).collect()),
        );
    }
}

/// The page object of a response.
pub(crate) fn render(
    state: &Shared,
    world: &World,
    page: &Page,
    version: ApiVersion,
    only: Option<&[String]>,
) -> Value {
    let title = page_title(world, page);
    let mut body = json!({
        "object": "page",
        "id": page.id,
        "created_time": properties::format_time(page.audit.created_time),
        "last_edited_time": properties::format_time(page.audit.last_edited_time),
        "is_archived": page.is_archived,
        "is_locked": page.is_locked,
        "url": notion_url(&title, page.id),
        "public_url": null,
    });
    // Values are moved in by assignment: `json!` would copy each by serializing it, and this
    // runs for every row of every query page.
    body["created_by"] = user_ref(page.audit.created_by);
    body["last_edited_by"] = user_ref(page.audit.last_edited_by);
    body["cover"] = page.cover.clone();
    body["icon"] = page.icon.clone();
    body["parent"] = render_parent(world, page.parent);
    body["properties"] = render_properties(world, page, state.config.inline_reference_cap, only);
    put_trash(&mut body, page.in_trash, version);
    body
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("page_id", &raw_id)?;
    let only = filter_properties(query.as_deref())?;
    let world = state.world();
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    Ok(ctx.ok(render(&state, &world, page, ctx.version, only.as_deref())))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("page_id", &raw_id)?;
    let only = filter_properties(query.as_deref())?;
    let mut world = state.world();
    update_page(&state, &mut world, id, &body, ctx.version)?;
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    Ok(ctx.ok(render(&state, &world, page, ctx.version, only.as_deref())))
}

/// Applies a `PATCH /v1/pages/{id}` body.
pub(crate) fn update_page(
    state: &Shared,
    world: &mut World,
    id: Uuid,
    body: &Value,
    version: ApiVersion,
) -> ApiResult<()> {
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    let parent = page.parent;
    let trash = requested_trash(body, version)?;
    let editing = ["properties", "icon", "cover", "is_locked", "erase_content"]
        .iter()
        .any(|k| body.get(*k).is_some());
    if page.in_trash && trash != Some(false) && editing {
        return Err(ApiError::validation(
            "Can't edit block that is archived. You must unarchive the block before editing.",
        ));
    }
    let mut writes = match body.get("properties") {
        None => Vec::new(),
        Some(Value::Object(properties)) => {
            convert_properties(world, parent, properties, "properties")?
        }
        Some(other) => {
            return Err(ApiError::body_field(
                "properties",
                "an object",
                describe(other),
            ));
        }
    };
    let mut icon = body
        .get("icon")
        .map(|v| file_object(Some(v), "icon", true))
        .transpose()?;
    let mut cover = body
        .get("cover")
        .map(|v| file_object(Some(v), "cover", false))
        .transpose()?;
    let flag = |key: &str| -> ApiResult<Option<bool>> {
        match body.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(ApiError::body_field(key, "a boolean", describe(other))),
        }
    };
    let is_locked = flag("is_locked")?;
    let is_archived = flag("is_archived")?;
    let erase = flag("erase_content")?.unwrap_or(false);
    attach_page_uploads(
        state,
        world,
        icon.iter_mut().chain(cover.iter_mut()),
        &mut writes,
    )?;

    apply_writes(world, id, writes);
    let now = write_time(state);
    if let Some(page) = world.pages.get_mut(&id) {
        if let Some(icon) = icon {
            page.icon = icon;
        }
        if let Some(cover) = cover {
            page.cover = cover;
        }
        if let Some(trash) = trash {
            page.in_trash = trash;
        }
        if let Some(locked) = is_locked {
            page.is_locked = locked;
        }
        if let Some(archived) = is_archived {
            page.is_archived = archived;
        }
        page.audit.edit(now, state.bot_id);
    }
    if erase {
        world.children.remove(&id);
    }
    world.touch();
    Ok(())
}

async fn move_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("page_id", &raw_id)?;
    let mut world = state.world();
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    let old_parent = page.parent;
    let new_parent = parse_page_parent(&state, &world, body.get("parent"))?;
    if new_parent == Parent::Page(id) {
        return Err(ApiError::validation("A page cannot be moved into itself."));
    }
    // Values survive a move into another data source when a property of the same name and type
    // exists there; the title always survives.
    let title = page_title_value(&world, page);
    let old_schema: Vec<PropertySchema> = match old_parent {
        Parent::DataSource(ds) => world
            .data_source(ds)
            .map(|d| d.properties.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let new_schema: Vec<PropertySchema> = match new_parent {
        Parent::DataSource(ds) => world
            .data_source(ds)
            .map(|d| d.properties.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    detach(&mut world, id, old_parent);
    let now = write_time(&state);
    if let Some(page) = world.pages.get_mut(&id) {
        let old_values = std::mem::take(&mut page.properties);
        for new_property in &new_schema {
            if new_property.kind == "title" {
                page.properties
                    .insert(new_property.id.clone(), title.clone());
            } else if let Some(old) = old_schema
                .iter()
                .find(|p| p.name == new_property.name && p.kind == new_property.kind)
                && let Some(value) = old_values.get(&old.id)
            {
                page.properties
                    .insert(new_property.id.clone(), value.clone());
            }
        }
        if new_schema.is_empty() {
            page.properties.insert("title".to_owned(), title);
        }
        page.parent = new_parent;
        page.audit.edit(now, state.bot_id);
    }
    match new_parent {
        Parent::DataSource(ds) => {
            if let Some(ds) = world.data_sources.get_mut(&ds) {
                ds.rows.push(id);
            }
        }
        Parent::Page(parent) | Parent::Block(parent) => {
            world.children.entry(parent).or_default().push(id)
        }
        _ => {}
    }
    world.touch();
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    Ok(ctx.ok(render(&state, &world, page, ctx.version, None)))
}

/// The stored title (rich text) of a page, wherever its title property lives.
fn page_title_value(world: &World, page: &Page) -> Value {
    let title_id = properties::schema_of(world, page)
        .and_then(|schema| schema.iter().find(|p| p.kind == "title"))
        .map_or("title", |p| p.id.as_str());
    page.properties
        .get(title_id)
        .cloned()
        .unwrap_or_else(|| json!([]))
}

/// Removes page `id` from its parent's row or child list.
fn detach(world: &mut World, id: Uuid, parent: Parent) {
    match parent {
        Parent::DataSource(ds) => {
            if let Some(ds) = world.data_sources.get_mut(&ds) {
                ds.rows.retain(|x| *x != id);
            }
        }
        Parent::Page(parent) | Parent::Block(parent) => {
            if let Some(children) = world.children.get_mut(&parent) {
                children.retain(|x| *x != id);
            }
        }
        _ => {}
    }
}

/// Types the property-item endpoint paginates.
const PAGINATED: &[&str] = &["title", "rich_text", "relation", "people", "rollup"];

async fn property_item(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_page, raw_property)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("page_id", &raw_page)?;
    let world = state.world();
    let page = world.page(id).ok_or_else(|| state.not_found("page", id))?;
    let property = match properties::schema_of(&world, page) {
        Some(schema) => schema
            .iter()
            .find(|p| p.id == raw_property || p.name == raw_property)
            .cloned(),
        None => (raw_property == "title").then(|| PropertySchema {
            id: "title".to_owned(),
            name: "title".to_owned(),
            description: Value::Null,
            kind: "title".to_owned(),
            config: json!({}),
        }),
    }
    .ok_or_else(|| {
        ApiError::validation(format!("Could not find property with ID: {raw_property}."))
    })?;
    let value = match properties::schema_of(&world, page) {
        Some(_) => value_of(&world, page, &property),
        None => page
            .properties
            .get("title")
            .cloned()
            .unwrap_or_else(|| json!([])),
    };
    let kind = property.kind.as_str();
    if !PAGINATED.contains(&kind) {
        let mut body = json!({ "object": "property_item", "id": property.id, "type": kind });
        body[kind] = value;
        return Ok(ctx.ok(body));
    }
    let (items, summary) = if kind == "rollup" {
        let items: Vec<Value> = value["array"].as_array().cloned().unwrap_or_default();
        let mut summary = value.clone();
        if summary["type"] == "array" {
            summary["array"] = json!([]);
        }
        (items, summary)
    } else {
        (value.as_array().cloned().unwrap_or_default(), json!({}))
    };
    let page_size = match query_value(query.as_deref(), "page_size") {
        None => 100,
        Some(raw) => crate::http::list::check_page_size(
            "query",
            raw.parse().map_err(|_| {
                ApiError::validation(format!(
                    "query failed validation: query.page_size should be a number, instead was `{}`.",
                    json!(raw)
                ))
            })?,
        )?,
    };
    let start = match query_value(query.as_deref(), "start_cursor") {
        None => 0,
        Some(cursor) => decode_index_cursor(&cursor).filter(|i| *i <= items.len()).ok_or_else(|| {
            ApiError::validation(format!(
                "query failed validation: query.start_cursor should be a valid cursor, instead was `{}`.",
                json!(cursor)
            ))
        })?,
    };
    let end = (start + page_size).min(items.len());
    let results: Vec<Value> = items[start..end]
        .iter()
        .map(|item| {
            let mut result = json!({ "object": "property_item", "id": property.id });
            if kind == "rollup" {
                let item_kind = item["type"].as_str().unwrap_or("");
                result["type"] = json!(item_kind);
                result[item_kind] = item[item_kind].clone();
            } else {
                result["type"] = json!(kind);
                result[kind] = item.clone();
            }
            result
        })
        .collect();
    let next_cursor = (end < items.len()).then(|| encode_index_cursor(end));
    let next_url = next_cursor.as_ref().map(|c| {
        format!(
            "https://api.notion.com/v1/pages/{}/properties/{}?start_cursor={c}",
            page.id, property.id
        )
    });
    let mut item = json!({ "id": property.id, "next_url": next_url, "type": kind });
    item[kind] = summary;
    Ok(ctx.ok(json!({
        "object": "list",
        "results": results,
        "next_cursor": next_cursor,
        "has_more": end < items.len(),
        "type": "property_item",
        "property_item": item,
    })))
}

fn encode_index_cursor(index: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("property_item:{index}"))
}

fn decode_index_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("property_item:")?
        .parse()
        .ok()
}
