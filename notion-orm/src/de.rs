//! Serde helpers for data that arrives in other shapes than Notion's, such as CSV files.
//!
//! A CSV cell like `"docs; api"` is one string, while a `multi_select` field is a list. Read it
//! with [`semicolon_separated`] (or [`comma_separated`], or [`split_list`] by hand):
//!
//! ```
//! use notion_orm::prelude::*;
//!
//! #[derive(NotionModel, serde::Deserialize, Debug)]
//! struct Product {
//!     #[notion(title)]
//!     name: String,
//!     #[serde(deserialize_with = "notion_orm::de::semicolon_separated")]
//!     tags: Vec<String>, // a multi_select
//! }
//!
//! let row: Product = serde_json::from_str(r#"{"name": "Lamp", "tags": "home; light;"}"#).unwrap();
//! assert_eq!(row.tags, ["home", "light"]);
//! ```

use serde::{Deserialize, Deserializer};

/// Splits `text` at `separator`, trims each item and drops empty ones: `"a; b;;"` → `["a", "b"]`.
pub fn split_list(text: &str, separator: char) -> Vec<String> {
    text.split(separator)
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `#[serde(deserialize_with = "notion_orm::de::semicolon_separated")]`: a `;`-separated string
/// as a list (see [`split_list`]).
pub fn semicolon_separated<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    Ok(split_list(&String::deserialize(deserializer)?, ';'))
}

/// `#[serde(deserialize_with = "notion_orm::de::comma_separated")]`: a `,`-separated string as a
/// list (see [`split_list`]).
pub fn comma_separated<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    Ok(split_list(&String::deserialize(deserializer)?, ','))
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn items_are_trimmed_and_empty_ones_dropped() {
        assert_eq!(split_list(" a ;b;; c;", ';'), ["a", "b", "c"]);
        assert!(split_list("", ';').is_empty());
        assert_eq!(split_list("one", ','), ["one"]);
    }
}
