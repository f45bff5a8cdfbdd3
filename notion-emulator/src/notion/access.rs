//! Content access: what the calling integration may see and where it may create.
//!
//! Notion shows an integration only the pages and databases shared with it and their
//! descendants; everything else reads as missing (`object_not_found`), search leaves it out and
//! relations drop it. Outside a request (the in-process helpers) the workspace itself acts and
//! sees everything.

use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::world::integrations::acting;
use crate::world::state::Shared;
use crate::world::{Parent, World};

/// Whether the caller may see `id` (a page, block, database or data source).
pub(crate) fn can_see(world: &World, id: Uuid) -> bool {
    acting().is_none_or(|actor| world.visible_to(actor.bot, id))
}

/// `Ok` when the caller may see `id`; Notion's 404 naming it as `kind` otherwise.
pub(crate) fn check_visible(state: &Shared, world: &World, kind: &str, id: Uuid) -> ApiResult<()> {
    if can_see(world, id) {
        Ok(())
    } else {
        Err(state.not_found(kind, id))
    }
}

/// Whether the caller may create pages at the workspace level: public integrations may, internal
/// ones may not (and neither may the in-process helpers, which act for the default integration).
pub(crate) fn check_workspace_page_parent() -> ApiResult<()> {
    if acting().is_some_and(|actor| actor.public) {
        Ok(())
    } else {
        Err(ApiError::validation(
            "Only public integrations can create pages at the workspace level.",
        ))
    }
}

/// Shares an object the caller just created with the caller's bot when nothing above it is
/// shared already (a workspace-level page or database): as in Notion, an integration keeps
/// access to what it creates.
pub(crate) fn share_created(state: &Shared, world: &mut World, id: Uuid, parent: Parent) {
    if parent == Parent::Workspace {
        let bot = state.actor();
        world.integrations.share(id, bot);
    }
}
