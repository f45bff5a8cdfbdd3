//! Users: list the workspace's users, the integration's bot user, one user by id.

use crate::Result;
use crate::client::{Client, Request};
use crate::pagination::Paginator;
use crate::types::{User, UserId};

/// The users API; get it from [`Client::users`].
#[derive(Debug, Clone, Copy)]
pub struct Users<'c> {
    client: &'c Client,
}

impl Client {
    /// The users API.
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

impl Users<'_> {
    /// `GET /v1/users`: every user and bot of the workspace (guests are not listed), fetched
    /// page by page as the stream is read.
    pub fn list(&self) -> Paginator<User> {
        self.client.paginate(Request::get("/v1/users"), None)
    }

    /// `GET /v1/users/me`: the integration's bot user (its `workspace_limits` tell the
    /// maximum upload size).
    pub async fn me(&self) -> Result<User> {
        self.client.send(Request::get("/v1/users/me")).await
    }

    /// `GET /v1/users/{id}`.
    pub async fn retrieve(&self, id: UserId) -> Result<User> {
        self.client
            .send(Request::get("/v1/users/{user_id}").param(id))
            .await
    }
}
