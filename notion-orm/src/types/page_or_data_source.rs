//! The mixed results of search and of queries on wiki data sources.

use serde::{Deserialize, Deserializer, de};
use serde_json::Value;

use super::data_source::DataSource;
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
        // Search results are few per request, so buffering each one to look at `object`
        // first costs little; query results that are known to be pages decode as `Page`.
        let raw = Value::deserialize(deserializer)?;
        match raw.get("object").and_then(Value::as_str) {
            Some("page") => Page::deserialize(raw)
                .map(|page| Self::Page(Box::new(page)))
                .map_err(de::Error::custom),
            Some("data_source") => DataSource::deserialize(raw)
                .map(|data_source| Self::DataSource(Box::new(data_source)))
                .map_err(de::Error::custom),
            _ => Ok(Self::Unknown(raw)),
        }
    }
}
