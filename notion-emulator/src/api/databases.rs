//! Databases: create (with its initial data source), retrieve, update. Schemas live on data
//! sources; a database only holds container attributes and its data-source list.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody, parse_id};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::render::{notion_url, put_trash, render_parent};
use crate::notion::request::{
    attach_uploads, body_id, file_object, requested_trash, rich_text_field,
};
use crate::notion::richtext::{self, describe};
use crate::notion::version::ApiVersion;
use crate::world::state::{AppState, Capability, Shared};
use crate::world::{Audit, Database, Parent, World};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/databases", post(create))
        .route("/v1/databases/{database_id}", get(retrieve).patch(update))
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Insert)?;
    let mut world = state.world();
    let id = create_database(&state, &mut world, &body)?;
    let db = world
        .database(id)
        .ok_or_else(|| state.not_found("database", id))?;
    Ok(ctx.ok(render(&world, db, ctx.version)))
}

/// Creates a database and its initial data source from a `POST /v1/databases` body.
pub(crate) fn create_database(state: &Shared, world: &mut World, body: &Value) -> ApiResult<Uuid> {
    let parent = parse_parent(state, world, body.get("parent"))?;
    let title = rich_text_field(body, "title", json!([]))?;
    let description = rich_text_field(body, "description", json!([]))?;
    let is_inline = match body.get("is_inline") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(ApiError::body_field(
                "is_inline",
                "a boolean",
                describe(other),
            ));
        }
    };
    let mut icon = file_object(body.get("icon"), "icon", true)?;
    let mut cover = file_object(body.get("cover"), "cover", false)?;
    let properties = body
        .get("initial_data_source")
        .and_then(|d| d.get("properties"))
        .cloned()
        .unwrap_or_else(|| json!({ "Name": { "title": {} } }));
    let now = state.clock.now();
    attach_uploads(world, &mut icon, now)?;
    attach_uploads(world, &mut cover, now)?;
    let id = Uuid::new_v4();
    world.databases.insert(
        id,
        Database {
            id,
            parent,
            title: title.clone(),
            description,
            is_inline,
            in_trash: false,
            is_locked: false,
            icon: icon.clone(),
            cover,
            // Database objects carry millisecond timestamps in Notion's responses.
            audit: Audit::new(state.clock.now(), state.bot_id),
            data_sources: Vec::new(),
        },
    );
    if let Err(error) =
        super::data_sources::create_data_source(state, world, id, title, icon, &properties)
    {
        world.databases.remove(&id);
        return Err(error);
    }
    if let Parent::Page(page) = parent {
        world.children.entry(page).or_default().push(id);
    }
    world.touch();
    Ok(id)
}

fn parse_parent(state: &Shared, world: &World, parent: Option<&Value>) -> ApiResult<Parent> {
    let Some(parent) = parent.filter(|p| p.is_object()) else {
        return Err(ApiError::body_missing("parent"));
    };
    if let Some(raw) = parent.get("page_id") {
        let id = body_id(raw, "parent.page_id")?;
        return match world.page(id) {
            Some(page) if !page.in_trash => Ok(Parent::Page(id)),
            _ => Err(state.not_found("page", id)),
        };
    }
    if parent.get("workspace") == Some(&Value::Bool(true)) {
        return Ok(Parent::Workspace);
    }
    Err(ApiError::body_missing("parent.page_id"))
}

/// Database timestamps come back with milliseconds and a `+00:00` offset.
fn format_database_time(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string()
}

/// The database object of a response.
pub(crate) fn render(world: &World, db: &Database, version: ApiVersion) -> Value {
    let data_sources: Vec<Value> = db
        .data_sources
        .iter()
        .filter_map(|id| world.data_source(*id))
        .map(|ds| json!({ "id": ds.id, "name": richtext::plain_text(&ds.title) }))
        .collect();
    let mut body = json!({
        "object": "database",
        "id": db.id,
        "title": db.title,
        "description": db.description,
        "parent": render_parent(world, db.parent),
        "is_inline": db.is_inline,
        "is_locked": db.is_locked,
        "created_time": format_database_time(db.audit.created_time),
        "last_edited_time": format_database_time(db.audit.last_edited_time),
        "data_sources": data_sources,
        "icon": db.icon,
        "cover": db.cover,
        "url": notion_url("", db.id),
        "public_url": null,
    });
    put_trash(&mut body, db.in_trash, version);
    body
}

async fn retrieve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let id = parse_id("database_id", &raw_id)?;
    let world = state.world();
    let db = world
        .database(id)
        .ok_or_else(|| state.not_found("database", id))?;
    Ok(ctx.ok(render(&world, db, ctx.version)))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Update)?;
    let id = parse_id("database_id", &raw_id)?;
    let mut world = state.world();
    let db = world
        .database(id)
        .ok_or_else(|| state.not_found("database", id))?;
    if body.get("properties").is_some() {
        return Err(ApiError::validation(
            "body failed validation: body.properties should be not present. Update the schema with PATCH /v1/data_sources/{data_source_id}.",
        ));
    }
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
    let mut cover = body
        .get("cover")
        .map(|v| file_object(Some(v), "cover", false))
        .transpose()?;
    let is_inline = match body.get("is_inline") {
        None => db.is_inline,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(ApiError::body_field(
                "is_inline",
                "a boolean",
                describe(other),
            ));
        }
    };
    if is_inline && cover.as_ref().is_some_and(|c| !c.is_null()) {
        return Err(ApiError::validation(
            "Inline databases cannot have a cover.",
        ));
    }
    let is_locked = match body.get("is_locked") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            return Err(ApiError::body_field(
                "is_locked",
                "a boolean",
                describe(other),
            ));
        }
    };
    let trash = requested_trash(&body, ctx.version)?;
    let parent = match body.get("parent") {
        None => None,
        Some(p) => Some(parse_parent(&state, &world, Some(p))?),
    };
    let old_parent = db.parent;
    let now = state.clock.now();
    for value in icon.iter_mut().chain(cover.iter_mut()) {
        attach_uploads(&mut world, value, now)?;
    }
    if let Some(db) = world.databases.get_mut(&id) {
        if let Some(title) = title {
            db.title = title;
        }
        if let Some(description) = description {
            db.description = description;
        }
        if let Some(icon) = icon {
            db.icon = icon;
        }
        if let Some(cover) = cover {
            db.cover = cover;
        }
        if let Some(locked) = is_locked {
            db.is_locked = locked;
        }
        if let Some(trash) = trash {
            db.in_trash = trash;
        }
        if let Some(parent) = parent {
            db.parent = parent;
        }
        db.is_inline = is_inline;
        db.audit.edit(now, state.bot_id);
    }
    // Trashing a database trashes its data sources with it, and restoring restores them.
    if let Some(trash) = trash {
        let sources = world
            .database(id)
            .map(|db| db.data_sources.clone())
            .unwrap_or_default();
        for ds in sources {
            if let Some(ds) = world.data_sources.get_mut(&ds) {
                ds.in_trash = trash;
            }
        }
    }
    if let Some(parent) = parent.filter(|p| *p != old_parent) {
        if let Parent::Page(old) = old_parent
            && let Some(children) = world.children.get_mut(&old)
        {
            children.retain(|x| *x != id);
        }
        if let Parent::Page(new) = parent {
            world.children.entry(new).or_default().push(id);
        }
    }
    world.touch();
    let db = world
        .database(id)
        .ok_or_else(|| state.not_found("database", id))?;
    Ok(ctx.ok(render(&world, db, ctx.version)))
}
