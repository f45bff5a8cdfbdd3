//! Sorts of query results.

use std::fmt;
use std::marker::PhantomData;

use serde_json::Value;

/// One sort of a query on model `M`: by a property or a page timestamp, in one direction.
/// Make one with [`Prop::ascending`](super::Prop::ascending) and friends.
pub struct Sort<M> {
    json: Value,
    model: PhantomData<fn() -> M>,
}

impl<M> Sort<M> {
    /// A sort from raw JSON, sent as is.
    pub fn raw(json: Value) -> Self {
        Sort {
            json,
            model: PhantomData,
        }
    }

    /// The sort as Notion's JSON.
    pub fn to_json(&self) -> Value {
        self.json.clone()
    }
}

impl<M> Clone for Sort<M> {
    fn clone(&self) -> Self {
        Sort::raw(self.json.clone())
    }
}

impl<M> fmt::Debug for Sort<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sort({})", self.json)
    }
}
