//! The mixed results of search and of queries on wiki data sources.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::data_source::DataSource;
use super::de::Key;
use super::page::Page;

/// A search or query result: a page or a data source, told apart by `object`.
#[derive(Debug, Clone, PartialEq)]
pub enum PageOrDataSource {
    /// `object: "page"`
    Page(Box<Page>),
    /// `object: "data_source"`
    DataSource(Box<DataSource>),
    /// Another object kind, kept as received.
    Unknown(Value),
}

impl PageOrDataSource {
    /// The page, if this is one.
    pub fn as_page(&self) -> Option<&Page> {
        match self {
            Self::Page(page) => Some(page),
            _ => None,
        }
    }

    /// The data source, if this is one.
    pub fn as_data_source(&self) -> Option<&DataSource> {
        match self {
            Self::DataSource(data_source) => Some(data_source),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for PageOrDataSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResultVisitor)
    }
}

struct ResultVisitor;

impl<'de> Visitor<'de> for ResultVisitor {
    type Value = PageOrDataSource;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page or data source object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageOrDataSource, A::Error> {
        // Notion writes `object` first: then the rest of the map decodes straight into the
        // right type in the same pass. Otherwise buffer the object and look it up.
        let Some(Key(first)) = map.next_key::<Key<'de>>()? else {
            return Ok(PageOrDataSource::Unknown(Value::Object(Map::new())));
        };
        if first == "object" {
            let Key(object) = map.next_value::<Key<'de>>()?;
            let rest = MapAccessDeserializer::new(map);
            return Ok(match &*object {
                "page" => PageOrDataSource::Page(Box::new(Page::deserialize(rest)?)),
                "data_source" => {
                    PageOrDataSource::DataSource(Box::new(DataSource::deserialize(rest)?))
                }
                _ => {
                    let mut raw = Map::deserialize(rest)?;
                    raw.insert("object".into(), Value::String(object.into_owned()));
                    PageOrDataSource::Unknown(Value::Object(raw))
                }
            });
        }
        let mut raw = Map::new();
        raw.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            raw.insert(key, value);
        }
        let raw = Value::Object(raw);
        let decoded = match raw.get("object").and_then(Value::as_str) {
            Some("page") => {
                Page::deserialize(raw).map(|page| PageOrDataSource::Page(Box::new(page)))
            }
            Some("data_source") => DataSource::deserialize(raw)
                .map(|data_source| PageOrDataSource::DataSource(Box::new(data_source))),
            _ => Ok(PageOrDataSource::Unknown(raw)),
        };
        decoded.map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page_json() -> Value {
        json!({
            "object": "page",
            "id": "393abc1e-edcd-81f5-ae94-ec2d55fe98ed",
            "created_time": "2026-07-04T09:08:00.000Z",
            "last_edited_time": "2026-07-04T09:08:00.000Z",
            "created_by": {"object": "user", "id": "7775f3a3-893f-43fa-b625-460c61094c78"},
            "last_edited_by": {"object": "user", "id": "7775f3a3-893f-43fa-b625-460c61094c78"},
            "parent": {"type": "workspace", "workspace": true},
            "in_trash": false,
            "properties": {},
            "url": "https://app.notion.com/p/393abc1eedcd81f5ae94ec2d55fe98ed"
        })
    }

    #[test]
    fn results_with_object_first_decode_in_one_pass() {
        // `serde_json::Map` sorts keys, so write the object by hand to keep `object` first.
        let text = page_json()
            .to_string()
            .replacen(r#""object":"page","#, "", 1);
        let text = text.replacen('{', r#"{"object":"page","#, 1);
        let result: PageOrDataSource = serde_json::from_str(&text).unwrap();
        assert_eq!(
            result.as_page().unwrap().parent,
            crate::types::Parent::Workspace
        );
    }

    #[test]
    fn results_with_object_later_still_decode() {
        let result: PageOrDataSource = serde_json::from_value(page_json()).unwrap();
        assert!(result.as_page().is_some());
    }

    #[test]
    fn unknown_objects_are_kept() {
        let result: PageOrDataSource =
            serde_json::from_str(r#"{"object":"agent","id":"a1"}"#).unwrap();
        assert_eq!(
            result,
            PageOrDataSource::Unknown(json!({"object": "agent", "id": "a1"}))
        );
    }
}
