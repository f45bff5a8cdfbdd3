//! Conditions on the values of an array rollup: `any`, `every` and `none` of the related values
//! must match a condition of the rolled-up kind (notion-api.md §3.1).
//!
//! The item conditions are built with the usual [`Prop`] operators, on handles of the
//! pseudo-model [`RollupItem`] made by the functions here; a filter of that model can only be
//! used inside [`Prop::any`], [`Prop::every`] and [`Prop::none`] of an array rollup handle.
//!
//! ```
//! # use notion_orm::prelude::*;
//! use notion_orm::query::rollup;
//!
//! #[derive(NotionModel)]
//! struct Project {
//!     #[notion(title)]
//!     name: String,
//!     /// A rollup showing the original `Stage` of each related task.
//!     #[notion(kind = "rollup", rename = "Task stages")]
//!     task_stages: Vec<serde_json::Value>,
//! }
//!
//! let stuck = Project::TASK_STAGES.any(rollup::status().equals("Blocked"));
//! assert_eq!(
//!     stuck.to_json(),
//!     serde_json::json!({
//!         "property": "Task stages",
//!         "rollup": {"any": {"status": {"equals": "Blocked"}}}
//!     })
//! );
//! ```

use serde_json::{Value, json};

use super::filter::Filter;
use super::prop::Prop;
use crate::model::kind::{self, ReadOnly};
use crate::types::PageId;

/// The pseudo-model of one value of an array rollup: its handles build the conditions that
/// [`Prop::any`], [`Prop::every`] and [`Prop::none`] take.
#[derive(Debug, Clone, Copy)]
pub enum RollupItem {}

/// The handle of one rolled-up value of kind `K`, held as a `T` (which decides the operators'
/// value types, as for model fields).
pub type ItemProp<K, T> = Prop<RollupItem, K, T, ReadOnly>;

/// Item handles have no property: [`item_condition`] drops the key.
const fn handle<K, T>() -> ItemProp<K, T> {
    Prop::__new("", None, "")
}

/// A handle for rolled-up values of any sub-condition kind, typed by `T`: e.g.
/// `item::<kind::Select, Option<Priority>>()` for select values compared as an enum.
pub const fn item<K, T>() -> ItemProp<K, T> {
    handle()
}

/// Rolled-up `title` or `rich_text` values (Notion filters both as `rich_text`).
pub const fn rich_text() -> ItemProp<kind::RichText, String> {
    handle()
}

/// Rolled-up `number` values.
pub const fn number() -> ItemProp<kind::Number, f64> {
    handle()
}

/// Rolled-up `checkbox` values.
pub const fn checkbox() -> ItemProp<kind::Checkbox, bool> {
    handle()
}

/// Rolled-up `select` values, compared by option name.
pub const fn select() -> ItemProp<kind::Select, String> {
    handle()
}

/// Rolled-up `status` values, compared by option name.
pub const fn status() -> ItemProp<kind::Status, String> {
    handle()
}

/// Rolled-up `multi_select` values, compared by option name.
pub const fn multi_select() -> ItemProp<kind::MultiSelect, Vec<String>> {
    handle()
}

/// Rolled-up `relation` values.
pub const fn relation() -> ItemProp<kind::Relation, Vec<PageId>> {
    handle()
}

/// Rolled-up `date` values.
pub const fn date() -> ItemProp<kind::Date, Option<jiff::Timestamp>> {
    handle()
}

/// Rolled-up `people` values.
pub const fn people() -> ItemProp<kind::People, Vec<crate::model::UserRef>> {
    handle()
}

/// Rolled-up `files` values.
pub const fn files() -> ItemProp<kind::Files, Vec<crate::model::FileRef>> {
    handle()
}

/// The sub-condition of an item filter: `{"status": {"equals": "Done"}}`, without the empty
/// property key the item handle put there.
fn item_condition(condition: Filter<RollupItem>) -> Value {
    let mut json = condition.to_json();
    if let Value::Object(map) = &mut json {
        map.remove("property");
    }
    json
}

/// `any`/`every`/`none` for array rollups, whose field holds the raw related values.
macro_rules! quantifiers {
    ($($t:ty),*) => {$(
        impl<M, A> Prop<M, kind::Rollup, $t, A> {
            /// At least one related value matches `condition` (see [`rollup`](crate::query::rollup)).
            pub fn any(&self, condition: Filter<RollupItem>) -> Filter<M> {
                self.rollup("any", condition)
            }

            /// Every related value matches `condition` (see [`rollup`](crate::query::rollup)).
            pub fn every(&self, condition: Filter<RollupItem>) -> Filter<M> {
                self.rollup("every", condition)
            }

            /// No related value matches `condition` (see [`rollup`](crate::query::rollup)).
            pub fn none(&self, condition: Filter<RollupItem>) -> Filter<M> {
                self.rollup("none", condition)
            }

            fn rollup(&self, quantifier: &str, condition: Filter<RollupItem>) -> Filter<M> {
                Filter::raw(json!({
                    "property": self.key(),
                    "rollup": { quantifier: item_condition(condition) },
                }))
            }
        }
    )*};
}

quantifiers!(Vec<Value>, Option<Vec<Value>>);
