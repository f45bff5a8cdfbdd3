//! One-pass decoding of the parts of a page a model reads.
//!
//! A query response holds whole pages; a model maps a few properties and page keys. Parsing
//! everything into `serde_json::Value` first allocates for all of it. [`SlimPage`] walks the
//! JSON once instead, building values only for `id`, `parent` (for the schema check), the
//! model's page keys and its mapped properties, and skipping the rest without allocating.
//! Within a mapped property it drops what the conversion never reads
//! ([`FromProperty::READS`]): for styled text, annotations left at their defaults; for plain
//! text and option names, everything else. The property's `id` is
//! kept: a value cut at 25 references is completed through it.
//!
//! [`FromProperty::READS`]: super::FromProperty::READS

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::types::de::Key;

use super::{NotionModel, Reads};

/// The parts of a page that model `M` reads, as a page object `Value`.
pub struct SlimPage<M> {
    /// The page with only the parts `M` reads.
    pub page: Value,
    model: PhantomData<fn() -> M>,
}

impl<M> fmt::Debug for SlimPage<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SlimPage").field(&self.page).finish()
    }
}

impl<'de, M: NotionModel> Deserialize<'de> for SlimPage<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let page = deserializer.deserialize_map(PageVisitor::<M>(PhantomData))?;
        Ok(SlimPage {
            page: Value::Object(page),
            model: PhantomData,
        })
    }
}

/// Page keys kept whatever the model reads: the id, and the timestamps a query past Notion's
/// row cap continues from.
const WINDOW_KEYS: &[&str] = &["id", "created_time", "last_edited_time"];

struct PageVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M: NotionModel> Visitor<'de> for PageVisitor<M> {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut page = Map::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if key == "properties" {
                let properties = map.next_value_seed(PropertiesSeed::<M>(PhantomData))?;
                page.insert(key.into_owned(), Value::Object(properties));
            } else if WINDOW_KEYS.contains(&&*key)
                || key == "parent"
                || M::PAGE_KEYS.contains(&&*key)
            {
                let value: Value = map.next_value()?;
                page.insert(key.into_owned(), value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(page)
    }
}

struct PropertiesSeed<M>(PhantomData<fn() -> M>);

impl<'de, M: NotionModel> DeserializeSeed<'de> for PropertiesSeed<M> {
    type Value = Map<String, Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, M: NotionModel> Visitor<'de> for PropertiesSeed<M> {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of property values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // A field bound by id is found by the id inside the value, so keep every value then.
        let by_id = M::PROPERTIES.iter().any(|p| p.id.is_some());
        let mut properties = Map::new();
        while let Some(Key(name)) = map.next_key::<Key<'de>>()? {
            if by_id {
                let value: Value = map.next_value()?;
                properties.insert(name.into_owned(), value);
            } else if let Some(def) = M::PROPERTIES.iter().find(|p| p.name == name) {
                let value = map.next_value_seed(Lean {
                    depth: 0,
                    reads: def.reads,
                    annotations: false,
                })?;
                properties.insert(name.into_owned(), value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(properties)
    }
}

/// Builds the `Value` of one property value `{id, type, <kind>: ..., has_more?}` without what
/// its field's conversion does not read, per [`Reads`].
#[derive(Clone, Copy)]
struct Lean {
    /// 0 for the property object, 1 and more inside it.
    depth: u8,
    reads: Reads,
    /// Inside an `annotations` object.
    annotations: bool,
}

impl Lean {
    fn keeps(&self, key: &str) -> bool {
        match (self.depth, self.reads) {
            // The property `id` is kept: a value truncated at 25 references is completed
            // through `/v1/pages/{id}/properties/{property_id}`, which needs it.
            (0, _) => true,
            (_, Reads::Plain) => key == "plain_text" || key == "name",
            _ => true,
        }
    }

    fn inner(&self, key: &str) -> Lean {
        Lean {
            depth: self.depth.saturating_add(1),
            reads: self.reads,
            annotations: self.reads == Reads::Styled && key == "annotations",
        }
    }
}

/// Whether an annotation value is its default, which reads the same when absent.
fn default_annotation(value: &Value) -> bool {
    matches!(value, Value::Bool(false)) || value.as_str() == Some("default")
}

impl<'de> DeserializeSeed<'de> for Lean {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Lean {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        // Array items sit at the depth of the array: rich-text items and options are trimmed
        // like a single option object would be.
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if self.keeps(&key) {
                let value = map.next_value_seed(self.inner(&key))?;
                if !(self.annotations && default_annotation(&value)) {
                    out.insert(key.into_owned(), value);
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Value::Object(out))
    }
}
