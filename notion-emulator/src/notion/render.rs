//! How Notion renders what every object shares: parents, trash flags, URLs, user objects, and
//! the time a write records.

use jiff::Timestamp;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::notion::version::ApiVersion;
use crate::world::state::Shared;
use crate::world::{Parent, User, World};

/// "Now" for a write: the clock, rounded down to the minute when configured (as Notion does).
pub(crate) fn write_time(state: &Shared) -> Timestamp {
    let now = state.clock.now();
    if state.config.round_timestamps_to_minute {
        let seconds = now.as_second();
        Timestamp::from_second(seconds - seconds.rem_euclid(60)).unwrap_or(now)
    } else {
        // Notion's format has millisecond precision; keep stored times comparable to it.
        Timestamp::from_millisecond(now.as_millisecond()).unwrap_or(now)
    }
}

/// The `parent` object of a response.
pub(crate) fn render_parent(world: &World, parent: Parent) -> Value {
    match parent {
        Parent::Workspace => json!({ "type": "workspace", "workspace": true }),
        Parent::Page(id) => json!({ "type": "page_id", "page_id": id }),
        Parent::Block(id) => json!({ "type": "block_id", "block_id": id }),
        Parent::Database(id) => json!({ "type": "database_id", "database_id": id }),
        Parent::DataSource(id) => json!({
            "type": "data_source_id",
            "data_source_id": id,
            "database_id": world.data_source(id).map(|ds| ds.database_id),
        }),
    }
}

/// Adds `in_trash`, and on 2025-09-03 also the deprecated `archived`, to a response object.
pub(crate) fn put_trash(body: &mut Value, in_trash: bool, version: ApiVersion) {
    body["in_trash"] = json!(in_trash);
    if version.has_archived() {
        body["archived"] = json!(in_trash);
    }
}

/// A Notion-style object URL: `https://app.notion.com/p/<Title-slug>-<id without dashes>`.
pub(crate) fn notion_url(title: &str, id: Uuid) -> String {
    let slug: String = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let id = id.simple();
    if slug.is_empty() {
        format!("https://app.notion.com/p/{id}")
    } else {
        format!("https://app.notion.com/p/{slug}-{id}")
    }
}

/// The full user object, as in `GET /v1/users/{id}`.
pub(crate) fn render_user(world: &World, user: &User) -> Value {
    let mut body = json!({
        "object": "user",
        "id": user.id,
        "name": user.name,
        "avatar_url": user.avatar_url,
    });
    match &user.email {
        Some(email) => {
            body["type"] = json!("person");
            body["person"] = json!({ "email": email, "email_verified": true });
        }
        None => {
            body["type"] = json!("bot");
            body["bot"] = if user.id == world.bot_id {
                json!({
                    "owner": { "type": "workspace", "workspace": true },
                    "workspace_name": "Emulated workspace",
                    "workspace_id": world.workspace_id,
                    "workspace_limits": { "max_file_upload_size_in_bytes": 5_242_880 },
                })
            } else {
                json!({})
            };
        }
    }
    body
}

/// The partial user reference used for `created_by`/`last_edited_by`.
pub(crate) fn user_ref(id: uuid::Uuid) -> Value {
    json!({ "object": "user", "id": id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notion_url_slugs_the_title_like_notion() {
        let id = Uuid::parse_str("393abc1e-edcd-8181-8d59-e30a27148c69").unwrap();
        assert_eq!(
            notion_url("Test Page", id),
            "https://app.notion.com/p/Test-Page-393abc1eedcd81818d59e30a27148c69"
        );
        assert_eq!(
            notion_url("", id),
            "https://app.notion.com/p/393abc1eedcd81818d59e30a27148c69"
        );
    }
}
