//! HTTP plumbing beneath the handlers: the request context (request id, auth, `Notion-Version`,
//! body and path extraction), list envelopes and cursors, the fault middleware, and saving
//! writes to the data file before they are answered.

pub(crate) mod context;
pub(crate) mod durable;
pub(crate) mod faults;
pub(crate) mod host;
pub(crate) mod list;
pub(crate) mod server;
