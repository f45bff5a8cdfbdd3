//! Cursor pagination for every list endpoint.
