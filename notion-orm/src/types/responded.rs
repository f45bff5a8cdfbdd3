//! Any single object Notion answered, with the `request_id` of the response that carried it.

use std::ops::{Deref, DerefMut};

/// An object as Notion answered it, plus Notion's `request_id` for that response (from the
/// body's `request_id`, or the `x-notion-request-id` header when the body has none). Quote it
/// when asking Notion's support about a request. From [`crate::Client::send_responded`].
///
/// It derefs to the object, so `responded.id` reads the object's fields.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Responded<T> {
    /// The decoded object.
    pub value: T,
    /// Notion's id for the response, if it sent one.
    pub request_id: Option<String>,
}

impl<T> Responded<T> {
    /// The object, without the request id.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Responded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Responded<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}
