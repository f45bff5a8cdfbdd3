//! The property-item endpoint (`GET /v1/pages/{id}/properties/{property_id}`).
//!
//! Non-paginated types answer with one `{"object":"property_item","id":..,"type":T,T:value}`
//! ([`PropertyItem`], the same value shapes as on a page). Title, rich text, relation, people
//! and rollups answer with a list of single elements plus a `property_item` summary
//! ([`PropertyItemList`]); [`PropertyItemList::into_value`] joins one or more pages of such a
//! list back into the full [`PropertyValue`], which is how values truncated at 25 references
//! on a page are read in full.

use serde::de;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::value::{PageProperty, PropertyValue, RelationValue, RollupResult, RollupValue};
use crate::types::ids::{PageReference, PropertyId};
use crate::types::rich_text::RichText;
use crate::types::user::User;

/// The answer of the property-item endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyItemResponse {
    /// A non-paginated property (`object: "property_item"`).
    Single(PropertyItem),
    /// One page of a paginated property (`object: "list"`).
    List(PropertyItemList),
}

/// A non-paginated property item: the same id and value as on a page.
pub type PropertyItem = PageProperty;

/// One page of a paginated property item.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PropertyItemList {
    /// The elements on this page.
    pub results: Vec<PropertyItemElement>,
    /// The cursor of the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// Whether more pages follow.
    #[serde(default)]
    pub has_more: bool,
    /// What property this is and, for rollups, the aggregate.
    pub property_item: PropertyItemSummary,
}

/// The `property_item` object of a paginated property item.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PropertyItemSummary {
    /// The property id.
    pub id: PropertyId,
    /// The property type, e.g. `relation`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The URL of the next page, if any.
    #[serde(default)]
    pub next_url: Option<String>,
    /// For rollups: the function and aggregate (for `show_original`, an empty array: the
    /// values are the list's elements).
    #[serde(default)]
    pub rollup: Option<RollupValue>,
}

/// One element of a paginated property item.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyItemElement {
    /// One rich-text item of a title.
    Title(RichText),
    /// One rich-text item of a rich-text property.
    RichText(RichText),
    /// One related page.
    Relation(PageReference),
    /// One person or group.
    People(User),
    /// Any other element (e.g. a related value of a rollup), with the page-value shape.
    Value {
        /// The element's `id` as Notion sent it (the rollup's property id).
        id: Option<String>,
        /// The element's value.
        value: PropertyValue,
    },
}

impl PropertyItemList {
    /// Joins the elements of consecutive pages of one property into its full value.
    ///
    /// Rollups give their aggregate, with an `array` result filled from the elements.
    pub fn into_value(pages: impl IntoIterator<Item = PropertyItemList>) -> Option<PropertyValue> {
        let mut pages = pages.into_iter().peekable();
        let summary = pages.peek()?.property_item.clone();
        let elements = pages.flat_map(|page| page.results);
        Some(match summary.type_name.as_str() {
            "title" => PropertyValue::Title(elements.filter_map(element_rich_text).collect()),
            "rich_text" => {
                PropertyValue::RichText(elements.filter_map(element_rich_text).collect())
            }
            "relation" => PropertyValue::Relation(RelationValue {
                pages: elements
                    .filter_map(|element| match element {
                        PropertyItemElement::Relation(page) => Some(page),
                        _ => None,
                    })
                    .collect(),
                has_more: false,
            }),
            "people" => PropertyValue::People(
                elements
                    .filter_map(|element| match element {
                        PropertyItemElement::People(user) => Some(user),
                        _ => None,
                    })
                    .collect(),
            ),
            "rollup" => {
                let mut rollup = summary.rollup?;
                if let RollupResult::Array(values) = &mut rollup.result {
                    values.extend(elements.map(PropertyItemElement::into_value));
                }
                PropertyValue::Rollup(rollup)
            }
            _ => return None,
        })
    }
}

fn element_rich_text(element: PropertyItemElement) -> Option<RichText> {
    match element {
        PropertyItemElement::Title(text) | PropertyItemElement::RichText(text) => Some(text),
        _ => None,
    }
}

impl PropertyItemElement {
    /// The element as a property value of its own (a single title item becomes a one-item
    /// title, a related page a one-page relation, ...).
    pub fn into_value(self) -> PropertyValue {
        match self {
            Self::Title(text) => PropertyValue::Title(vec![text]),
            Self::RichText(text) => PropertyValue::RichText(vec![text]),
            Self::Relation(page) => PropertyValue::Relation(RelationValue {
                pages: vec![page],
                has_more: false,
            }),
            Self::People(user) => PropertyValue::People(vec![user]),
            Self::Value { value, .. } => value,
        }
    }
}

impl<'de> Deserialize<'de> for PropertyItemElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Elements are few and small; decoding through `Value` keeps the single-element
        // shapes apart from the page-value shapes without a second visitor.
        let mut raw = Value::deserialize(deserializer)?;
        let kind = raw.get("type").and_then(Value::as_str).unwrap_or_default();
        let single = |key: &str| raw.get(key).cloned().unwrap_or(Value::Null);
        let element = match kind {
            "title" => serde_json::from_value(single("title")).map(Self::Title),
            "rich_text" => serde_json::from_value(single("rich_text")).map(Self::RichText),
            "relation" => serde_json::from_value(single("relation")).map(Self::Relation),
            "people" => serde_json::from_value(single("people")).map(Self::People),
            _ => {
                let mut id = None;
                if let Value::Object(fields) = &mut raw {
                    fields.remove("object");
                    id = match fields.remove("id") {
                        Some(Value::String(id)) => Some(id),
                        _ => None,
                    };
                }
                serde_json::from_value(raw).map(|value| Self::Value { id, value })
            }
        };
        element.map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for PropertyItemResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(deserializer)?;
        match raw.get("object").and_then(Value::as_str) {
            Some("list") => serde_json::from_value(raw)
                .map(Self::List)
                .map_err(de::Error::custom),
            _ => serde_json::from_value::<PropertyItem>(raw)
                .map(Self::Single)
                .map_err(de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const P1: &str = "393abc1e-edcd-81f5-ae94-ec2d55fe98ed";
    const P2: &str = "393abc1e-edcd-8165-8d21-cc32a3d05895";

    fn relation_page(ids: &[&str], has_more: bool) -> PropertyItemList {
        serde_json::from_value(json!({
            "object": "list",
            "results": ids.iter().map(|id| json!({
                "object": "property_item", "id": "rel", "type": "relation", "relation": {"id": id}
            })).collect::<Vec<_>>(),
            "next_cursor": if has_more { json!("c2") } else { Value::Null },
            "has_more": has_more,
            "type": "property_item",
            "property_item": {"id": "rel", "next_url": null, "type": "relation", "relation": {}}
        }))
        .unwrap()
    }

    #[test]
    fn relation_pages_join_into_one_complete_value() {
        let value =
            PropertyItemList::into_value([relation_page(&[P1], true), relation_page(&[P2], false)])
                .unwrap();
        let PropertyValue::Relation(relation) = value else {
            panic!("expected a relation");
        };
        assert_eq!(relation.pages.len(), 2);
        assert_eq!(relation.pages[1].id.to_string(), P2);
        assert!(!relation.has_more);
    }

    #[test]
    fn rollup_arrays_are_filled_from_the_elements() {
        let list: PropertyItemList = serde_json::from_value(json!({
            "object": "list",
            "results": [
                {"object": "property_item", "id": "r", "type": "number", "number": 2},
                {"object": "property_item", "id": "r", "type": "number", "number": 3}
            ],
            "next_cursor": null,
            "has_more": false,
            "type": "property_item",
            "property_item": {"id": "r", "next_url": null, "type": "rollup",
                              "rollup": {"type": "array", "array": [], "function": "show_original"}}
        }))
        .unwrap();
        let Some(PropertyValue::Rollup(rollup)) = PropertyItemList::into_value([list]) else {
            panic!("expected a rollup");
        };
        assert_eq!(
            rollup.result,
            RollupResult::Array(vec![
                PropertyValue::Number(Some(2.into())),
                PropertyValue::Number(Some(3.into()))
            ])
        );
    }

    #[test]
    fn rollup_elements_keep_their_id() {
        let element: PropertyItemElement = serde_json::from_value(
            json!({"object": "property_item", "id": "r%3Ax", "type": "number", "number": 2}),
        )
        .unwrap();
        assert_eq!(
            element,
            PropertyItemElement::Value {
                id: Some("r%3Ax".to_owned()),
                value: PropertyValue::Number(Some(2.into())),
            }
        );
    }

    #[test]
    fn single_property_items_decode_as_page_values() {
        let response: PropertyItemResponse = serde_json::from_value(json!({
            "object": "property_item", "id": "chk", "type": "checkbox", "checkbox": true,
            "request_id": "r"
        }))
        .unwrap();
        let PropertyItemResponse::Single(item) = response else {
            panic!("expected a single item");
        };
        assert_eq!(item.value, PropertyValue::Checkbox(true));
    }

    #[test]
    fn no_pages_join_into_nothing() {
        assert_eq!(PropertyItemList::into_value([]), None);
    }
}
