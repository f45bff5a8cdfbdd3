//! Notion-shaped error responses.
