//! Search: pages and data sources whose title contains the query (case-insensitively), filtered
//! by object type and trash state, sorted by last edit, paginated.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::http::context::{Ctx, JsonBody};
use crate::http::list::{check_page_size, list_envelope, window};
use crate::notion::error::{ApiError, ApiResult};
use crate::notion::properties::page_title;
use crate::notion::richtext::{self, describe};
use crate::world::state::{AppState, Capability};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/search", post(search))
}

async fn search(
    ctx: Ctx,
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    ctx.require(Capability::Read)?;
    let query = match body.get("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(q)) => q.to_lowercase(),
        Some(other) => return Err(ApiError::body_field("query", "a string", describe(other))),
    };
    let filter = body.get("filter").filter(|f| !f.is_null());
    let object = match filter.and_then(|f| f.get("value")) {
        None => None,
        Some(value) => match value.as_str() {
            Some(kind @ ("page" | "data_source")) => Some(kind),
            _ => {
                return Err(ApiError::body_field(
                    "filter.value",
                    "`\"page\"` or `\"data_source\"`",
                    describe(value),
                ));
            }
        },
    };
    if let Some(filter) = filter
        && filter.get("value").is_some()
        && filter.get("property") != Some(&json!("object"))
    {
        return Err(ApiError::body_field(
            "filter.property",
            "`\"object\"`",
            describe(filter.get("property").unwrap_or(&Value::Null)),
        ));
    }
    let in_trash = match filter.and_then(|f| f.get("in_trash")) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(ApiError::body_field(
                "filter.in_trash",
                "a boolean",
                describe(other),
            ));
        }
    };
    let ascending = match body.get("sort") {
        None | Some(Value::Null) => false,
        Some(sort) => match (sort.get("timestamp"), sort["direction"].as_str()) {
            (Some(t), Some(direction)) if t == "last_edited_time" => direction == "ascending",
            _ if sort.get("property") == Some(&json!("relevance")) => false,
            _ => {
                return Err(ApiError::body_field(
                    "sort",
                    "`{\"timestamp\":\"last_edited_time\",\"direction\":..}`",
                    describe(sort),
                ));
            }
        },
    };
    let page_size = match body.get("page_size") {
        None | Some(Value::Null) => 100,
        Some(n) => check_page_size(
            "body",
            n.as_i64()
                .ok_or_else(|| ApiError::body_field("page_size", "a number", describe(n)))?,
        )?,
    };
    let cursor = body.get("start_cursor").and_then(Value::as_str);

    let world = state.world();
    let mut hits: Vec<(jiff::Timestamp, u64, Uuid, bool)> = Vec::new();
    if object != Some("data_source") {
        for page in world.pages.values().filter(|p| p.in_trash == in_trash) {
            if page_title(&world, page).to_lowercase().contains(&query) {
                hits.push((page.audit.last_edited_time, page.seq, page.id, true));
            }
        }
    }
    if object != Some("page") {
        for ds in world
            .data_sources
            .values()
            .filter(|d| d.in_trash == in_trash)
        {
            // Search matches the database title as well as the data source's own.
            let db_title = world
                .database(ds.database_id)
                .map(|db| richtext::plain_text(&db.title))
                .unwrap_or_default();
            let title = richtext::plain_text(&ds.title);
            if title.to_lowercase().contains(&query) || db_title.to_lowercase().contains(&query) {
                hits.push((ds.audit.last_edited_time, 0, ds.id, false));
            }
        }
    }
    hits.sort_by(|a, b| {
        let by_time = if ascending {
            a.0.cmp(&b.0)
        } else {
            b.0.cmp(&a.0)
        };
        by_time.then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
    });
    let ids: Vec<Uuid> = hits.iter().map(|h| h.2).collect();
    let (slice, next) = window(&ids, cursor, page_size, "body")?;
    let results = slice
        .iter()
        .filter_map(|id| {
            if let Some(page) = world.page(*id) {
                Some(super::pages::render(
                    &state,
                    &world,
                    page,
                    ctx.version,
                    None,
                ))
            } else {
                world
                    .data_source(*id)
                    .map(|ds| super::data_sources::render(&world, ds, ctx.version))
            }
        })
        .collect();
    Ok(ctx.ok(list_envelope(
        results,
        next,
        "page_or_data_source",
        json!({}),
    )))
}
