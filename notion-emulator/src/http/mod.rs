//! HTTP plumbing beneath the handlers: the request context (request id, auth, `Notion-Version`,
//! body and path extraction), list envelopes and cursors, and the fault middleware.

pub(crate) mod context;
pub(crate) mod faults;
pub(crate) mod list;
