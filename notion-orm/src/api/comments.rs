//! Comments: create on a page, a block or in a discussion; list, retrieve, update, delete.
//!
//! ```no_run
//! # async fn run(client: notion_orm::Client, page: notion_orm::types::PageId) -> notion_orm::Result<()> {
//! use notion_orm::types::comment::{CommentTarget, NewComment};
//!
//! let comment = client
//!     .comments()
//!     .create(&NewComment::markdown(CommentTarget::Page(page), "Ready for **review**"))
//!     .await?;
//! # let _ = comment;
//! # Ok(()) }
//! ```

use crate::client::{Client, Request};
use crate::pagination::Paginator;
use crate::types::comment::{
    Comment, CommentBody, CommentUpdate, MAX_COMMENT_ATTACHMENTS, NewComment,
};
use crate::types::{BlockId, CommentId};
use crate::{Error, Result};

/// The comments API; get it from [`Client::comments`].
#[derive(Debug, Clone, Copy)]
pub struct Comments<'c> {
    client: &'c Client,
}

impl Client {
    /// The comments API.
    pub fn comments(&self) -> Comments<'_> {
        Comments { client: self }
    }
}

impl Comments<'_> {
    /// `POST /v1/comments`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before sending when more than three files are attached.
    pub async fn create(&self, comment: &NewComment) -> Result<Comment> {
        if comment.attachments.len() > MAX_COMMENT_ATTACHMENTS {
            return Err(Error::invalid(
                None,
                Some("attachments"),
                format!(
                    "a comment takes at most {MAX_COMMENT_ATTACHMENTS} attachments, got {}",
                    comment.attachments.len()
                ),
            ));
        }
        self.client
            .send(Request::post("/v1/comments").json(comment)?)
            .await
    }

    /// The unresolved comments on a page (pass its id as a block id) or block, oldest first.
    pub fn list(&self, block: BlockId) -> Paginator<Comment> {
        self.client.paginate(
            Request::get("/v1/comments").query("block_id", block.to_string()),
            None,
        )
    }

    /// `GET /v1/comments/{id}`.
    pub async fn retrieve(&self, id: CommentId) -> Result<Comment> {
        self.client
            .send(Request::get("/v1/comments/{comment_id}").param(id))
            .await
    }

    /// `PATCH /v1/comments/{id}`: replaces the text.
    pub async fn update(&self, id: CommentId, body: CommentBody) -> Result<Comment> {
        let request = Request::patch("/v1/comments/{comment_id}")
            .param(id)
            .json(&CommentUpdate(body))?
            .idempotent(true);
        self.client.send(request).await
    }

    /// `DELETE /v1/comments/{id}`; returns the deleted comment.
    pub async fn delete(&self, id: CommentId) -> Result<Comment> {
        self.client
            .send(Request::delete("/v1/comments/{comment_id}").param(id))
            .await
    }
}
