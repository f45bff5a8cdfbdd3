//! The HTTP client: builder, transport, auth, rate limiting and retries.

/// The Notion API version sent in `Notion-Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NotionVersion {
    /// `2025-09-03`: databases contain data sources (the default).
    #[default]
    V2025_09_03,
    /// `2026-03-11`: `archived` removed in favour of `in_trash`, block `position`.
    V2026_03_11,
}

/// Placeholder until the client lands.
#[derive(Debug, Clone)]
pub struct Client;

impl Client {
    /// Builds a client from `NOTION_TOKEN` (and optional `NOTION_BASE_URL`, `NOTION_VERSION`).
    pub fn from_env() -> crate::Result<Self> {
        Err(crate::Error::Config("client not implemented yet".into()))
    }
}

/// Placeholder until the client lands.
#[derive(Debug)]
pub struct ClientBuilder;
