//! Blocks: retrieve, update, trash, list children (flat or as a tree) and append children.
//!
//! ```no_run
//! # async fn run(client: notion_orm::Client, page: notion_orm::types::PageId) -> notion_orm::Result<()> {
//! use notion_orm::api::blocks::Position;
//! use notion_orm::types::block::BlockContent;
//!
//! let notes = vec![BlockContent::heading(2, "Notes"), BlockContent::paragraph("Hi")];
//! let created = client
//!     .blocks()
//!     .append(page.as_block(), notes, Position::End)
//!     .await?;
//! let tree = client.blocks().descendants(page.as_block(), 3).await?;
//! # let _ = (created, tree);
//! # Ok(()) }
//! ```

use futures_util::TryStreamExt;
use futures_util::future::BoxFuture;
use serde_json::{Map, Value, json};

use crate::client::{Client, NotionVersion, Request};
use crate::pagination::{ListResponse, Paginator};
use crate::types::BlockId;
use crate::types::block::{Block, BlockContent};
use crate::{Error, Result};

/// The most children Notion accepts in one append request.
pub const MAX_CHILDREN_PER_REQUEST: usize = 100;

/// Where appended children go among the parent's existing children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Position {
    /// After the last child (Notion's default).
    #[default]
    End,
    /// Before the first child.
    Start,
    /// Right after this child.
    AfterBlock(BlockId),
}

impl Position {
    /// Writes the position into an append body, in the shape `version` expects: `2026-03-11`
    /// takes `position`; `2025-09-03` takes the flat `after` (it has no other way to say
    /// "after a block", and sending both is an error).
    fn write_into(self, body: &mut Map<String, Value>, version: NotionVersion) {
        match (self, version) {
            (Position::End, _) => {}
            (Position::AfterBlock(id), NotionVersion::V2025_09_03) => {
                body.insert("after".into(), json!(id));
            }
            (Position::AfterBlock(id), _) => {
                body.insert(
                    "position".into(),
                    json!({"type": "after_block", "after_block": {"id": id}}),
                );
            }
            (Position::Start, _) => {
                body.insert("position".into(), json!({"type": "start"}));
            }
        }
    }
}

/// A block with its children, as returned by [`Blocks::descendants`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BlockTree {
    /// The block.
    pub block: Block,
    /// Its children, fetched when the block has some and the depth limit allowed it.
    pub children: Vec<BlockTree>,
}

/// The blocks API; get it from [`Client::blocks`].
#[derive(Debug, Clone, Copy)]
pub struct Blocks<'c> {
    client: &'c Client,
}

impl Client {
    /// The blocks API.
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks { client: self }
    }
}

impl Blocks<'_> {
    /// `GET /v1/blocks/{id}`.
    pub async fn retrieve(&self, id: BlockId) -> Result<Block> {
        self.client
            .send(Request::get("/v1/blocks/{block_id}").param(id))
            .await
    }

    /// `PATCH /v1/blocks/{id}` with new content of the block's type (its type cannot change).
    pub async fn update(&self, id: BlockId, content: &BlockContent) -> Result<Block> {
        // Setting content to absolute values is safe to repeat.
        let request = Request::patch("/v1/blocks/{block_id}")
            .param(id)
            .json(content)?
            .idempotent(true);
        self.client.send(request).await
    }

    /// Moves a block to the trash (`in_trash: true`) or restores it (`false`).
    pub async fn set_in_trash(&self, id: BlockId, in_trash: bool) -> Result<Block> {
        let request = Request::patch("/v1/blocks/{block_id}")
            .param(id)
            .json_value(json!({ "in_trash": in_trash }))
            .idempotent(true);
        self.client.send(request).await
    }

    /// `DELETE /v1/blocks/{id}`: moves the block (or page) to the trash and returns it.
    pub async fn delete(&self, id: BlockId) -> Result<Block> {
        self.client
            .send(Request::delete("/v1/blocks/{block_id}").param(id))
            .await
    }

    /// The direct children of a block or page, page by page as the stream is read.
    pub fn children(&self, id: BlockId) -> Paginator<Block> {
        self.client.paginate(
            Request::get("/v1/blocks/{block_id}/children").param(id),
            None,
        )
    }

    /// The children of `id` and theirs, down to `max_depth` levels (1 = direct children only).
    ///
    /// Child pages and child databases are not entered: their content is another page's.
    /// Every block with children costs at least one request, so keep the depth small on
    /// large pages.
    pub async fn descendants(&self, id: BlockId, max_depth: usize) -> Result<Vec<BlockTree>> {
        self.subtree(id, max_depth).await
    }

    fn subtree(&self, id: BlockId, depth: usize) -> BoxFuture<'_, Result<Vec<BlockTree>>> {
        Box::pin(async move {
            if depth == 0 {
                return Ok(Vec::new());
            }
            let blocks: Vec<Block> = self.children(id).try_collect().await?;
            let mut out = Vec::with_capacity(blocks.len());
            for block in blocks {
                let enter = block.has_children
                    && !matches!(
                        block.content,
                        BlockContent::ChildPage(_) | BlockContent::ChildDatabase(_)
                    );
                let children = if enter {
                    self.subtree(block.id, depth - 1).await?
                } else {
                    Vec::new()
                };
                out.push(BlockTree { block, children });
            }
            Ok(out)
        })
    }

    /// Appends `children` to a block or page at `position` and returns the created blocks.
    ///
    /// More than 100 children are sent in batches of 100, in order; each batch after the first
    /// goes right after the last block the previous batch created, so the result reads as one
    /// append. Batches are not atomic: if one fails, the earlier ones stay.
    pub async fn append(
        &self,
        parent: BlockId,
        children: Vec<BlockContent>,
        position: Position,
    ) -> Result<Vec<Block>> {
        let mut created: Vec<Block> = Vec::with_capacity(children.len());
        let mut position = position;
        for batch in children.chunks(MAX_CHILDREN_PER_REQUEST) {
            let page = self.append_batch(parent, batch, position).await?;
            if position != Position::End {
                // The next batch must follow this one; without the created ids it cannot.
                let last = page.results.last().ok_or_else(|| Error::Decode {
                    endpoint: "/v1/blocks/{block_id}/children".into(),
                    path: "results".into(),
                    message: format!(
                        "Notion answered an append of {} children with no created blocks",
                        batch.len()
                    ),
                    source: None,
                })?;
                position = Position::AfterBlock(last.id);
            }
            created.extend(page.results);
        }
        Ok(created)
    }

    async fn append_batch(
        &self,
        parent: BlockId,
        batch: &[BlockContent],
        position: Position,
    ) -> Result<ListResponse<Block>> {
        let mut body = Map::new();
        body.insert(
            "children".into(),
            serde_json::to_value(batch)
                .map_err(|e| Error::invalid(None, None, format!("children are not JSON: {e}")))?,
        );
        position.write_into(&mut body, self.client.version());
        let request = Request::patch("/v1/blocks/{block_id}/children")
            .param(parent)
            .json_value(Value::Object(body));
        self.client.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> BlockId {
        BlockId::parse("393abc1e-edcd-8181-b2fd-dd37c96a3532").unwrap()
    }

    fn body(position: Position, version: NotionVersion) -> Value {
        let mut body = Map::new();
        position.write_into(&mut body, version);
        Value::Object(body)
    }

    #[test]
    fn after_block_is_flat_after_on_2025_09_03() {
        assert_eq!(
            body(Position::AfterBlock(id()), NotionVersion::V2025_09_03),
            json!({"after": "393abc1e-edcd-8181-b2fd-dd37c96a3532"})
        );
    }

    #[test]
    fn after_block_is_a_position_on_2026_03_11() {
        assert_eq!(
            body(Position::AfterBlock(id()), NotionVersion::V2026_03_11),
            json!({"position": {"type": "after_block", "after_block": {"id": "393abc1e-edcd-8181-b2fd-dd37c96a3532"}}})
        );
    }

    #[test]
    fn start_is_a_position_on_every_version() {
        for version in [NotionVersion::V2025_09_03, NotionVersion::V2026_03_11] {
            assert_eq!(
                body(Position::Start, version),
                json!({"position": {"type": "start"}})
            );
        }
    }

    #[test]
    fn end_sends_nothing() {
        assert_eq!(body(Position::End, NotionVersion::V2026_03_11), json!({}));
    }
}
