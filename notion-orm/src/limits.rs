//! Notion's request limits, applied before anything is sent.
//!
//! Every JSON request is checked by the client, whether it was built by a
//! model or by hand with the `api` module: text over 2,000 characters is split into several
//! rich-text items (keeping their style), and what cannot be fixed is refused with
//! [`Error::InvalidInput`] naming the property and the JSON path, instead of a 400 from Notion.
//! Model conversions apply the same limits first, so their errors also name the Rust field.
//!
//! Lengths are counted as Notion counts them, in UTF-16 code units: an emoji outside the
//! Basic Multilingual Plane counts twice. Text is split between grapheme clusters (an emoji
//! with its modifiers, a letter with its accents stay whole), and only inside one when a single
//! cluster is longer than the limit; never inside a surrogate pair.
//!
//! | What | Limit |
//! |---|---|
//! | `text.content` of one rich-text item | [`MAX_TEXT`] (split, not refused) |
//! | `text.link.url`, any `url` | [`MAX_URL`] |
//! | `equation.expression` | [`MAX_EQUATION`] |
//! | `email`, `phone_number` | [`MAX_EMAIL`], [`MAX_PHONE`] |
//! | items of rich text, `multi_select`, `relation`, `people`, `files`, `children` | [`MAX_ITEMS`] |
//! | blocks in one request (all levels) | [`MAX_BLOCKS`] |
//! | levels of `children` in one request | [`MAX_CHILD_DEPTH`] |
//! | request body | [`MAX_BODY_BYTES`] |
//!
//! A relation (or people) value over 100 ids is refused rather than sent in steps: every write
//! replaces the whole list, so a second request would unlink the ids of the first. Link the
//! extra pages from the other side of a two-way relation instead.

use serde_json::{Map, Value};
use unicode_segmentation::UnicodeSegmentation;

use crate::{Error, Result};

/// UTF-16 units in one rich-text item's `text.content`.
pub const MAX_TEXT: usize = 2000;
/// UTF-16 units in a URL (`url` properties, links, external files).
pub const MAX_URL: usize = 2000;
/// UTF-16 units in an `equation.expression`.
pub const MAX_EQUATION: usize = 1000;
/// UTF-16 units in an `email` value.
pub const MAX_EMAIL: usize = 200;
/// UTF-16 units in a `phone_number` value.
pub const MAX_PHONE: usize = 200;
/// Items in any request array: rich text, options, relations, people, files, children.
pub const MAX_ITEMS: usize = 100;
/// Blocks in one request, counting nested children.
pub const MAX_BLOCKS: usize = 1000;
/// Levels of nested `children` in one request (children, and their children).
pub const MAX_CHILD_DEPTH: usize = 2;
/// Bytes of one request body (Notion: 500 KB).
pub const MAX_BODY_BYTES: usize = 500_000;

/// The length of `text` as Notion counts it: UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Splits `text` into parts of at most `max` UTF-16 units, between grapheme clusters where
/// possible and never inside a character. Empty text is no parts.
pub fn split_text(text: &str, max: usize) -> Vec<&str> {
    let max = max.max(2);
    let mut parts = Vec::new();
    let mut start = 0;
    let mut units = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        let len = utf16_len(grapheme);
        if units + len > max && at > start {
            parts.push(&text[start..at]);
            start = at;
            units = 0;
        }
        if len > max {
            // One cluster longer than the limit (e.g. a long run of combining marks): it has to
            // be cut, so cut it between characters.
            for (offset, c) in grapheme.char_indices() {
                let at = at + offset;
                if units + c.len_utf16() > max && at > start {
                    parts.push(&text[start..at]);
                    start = at;
                    units = 0;
                }
                units += c.len_utf16();
            }
        } else {
            units += len;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// Splits every `text` item longer than [`MAX_TEXT`] into several with the same style and link.
pub(crate) fn split_rich_text(items: &[Value]) -> Option<Vec<Value>> {
    let too_long = |item: &Value| {
        item.pointer("/text/content")
            .and_then(Value::as_str)
            .is_some_and(|t| utf16_len(t) > MAX_TEXT)
    };
    if !items.iter().any(too_long) {
        return None;
    }
    let mut out = Vec::with_capacity(items.len() + 1);
    for item in items {
        let Some(content) = item.pointer("/text/content").and_then(Value::as_str) else {
            out.push(item.clone());
            continue;
        };
        if utf16_len(content) <= MAX_TEXT {
            out.push(item.clone());
            continue;
        }
        for part in split_text(content, MAX_TEXT) {
            let mut piece = item.clone();
            piece["text"]["content"] = Value::String(part.to_owned());
            // `plain_text` (if the caller copied a read item) describes the whole; drop it.
            if let Some(map) = piece.as_object_mut() {
                map.remove("plain_text");
            }
            out.push(piece);
        }
    }
    Some(out)
}

/// Applies the limits to a request body: splits long text and refuses what Notion would.
///
/// # Errors
///
/// [`Error::InvalidInput`] naming the property (when the value is one) and the JSON path.
pub(crate) fn prepare_body(body: &mut Value) -> Result<()> {
    let mut walk = Walk {
        path: String::new(),
        property: None,
        blocks: 0,
        depth: 0,
    };
    walk.value(body)
}

/// Refuses a serialized body over [`MAX_BODY_BYTES`], naming its largest property.
pub(crate) fn check_body_size(bytes: usize, body: &Value) -> Result<()> {
    if bytes <= MAX_BODY_BYTES {
        return Ok(());
    }
    let largest = body
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|properties| {
            properties
                .iter()
                .map(|(name, v)| (name, serde_json::to_vec(v).map_or(0, |b| b.len())))
                .max_by_key(|(_, size)| *size)
        });
    let (property, detail) = match largest {
        Some((name, size)) => (
            Some(name.as_str()),
            format!("; the largest property, {name:?}, is {size} bytes"),
        ),
        None => (None, String::new()),
    };
    Err(Error::invalid(
        property,
        None,
        format!(
            "the request body is {bytes} bytes; Notion accepts at most {MAX_BODY_BYTES} bytes per \
             request{detail}. Send the content in several requests (e.g. append blocks in batches)"
        ),
    ))
}

struct Walk {
    /// JSON path of the value being checked, e.g. `properties.Name.title[3]`.
    path: String,
    /// The property the value belongs to, if any.
    property: Option<String>,
    /// Blocks seen so far in `children` arrays.
    blocks: usize,
    /// Levels of `children` around the value.
    depth: usize,
}

impl Walk {
    fn fail(&self, message: String) -> Error {
        Error::invalid(
            self.property.as_deref(),
            None,
            format!("{}: {message}", self.path),
        )
    }

    fn at<T>(&mut self, segment: &str, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let len = self.path.len();
        if !self.path.is_empty() && !segment.starts_with('[') {
            self.path.push('.');
        }
        self.path.push_str(segment);
        let result = f(self);
        self.path.truncate(len);
        result
    }

    fn value(&mut self, value: &mut Value) -> Result<()> {
        match value {
            Value::Object(map) => self.object(map),
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.at(&format!("[{i}]"), |w| w.value(item))?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn object(&mut self, map: &mut Map<String, Value>) -> Result<()> {
        for (key, value) in map.iter_mut() {
            self.at(key, |w| w.entry(key, value))?;
        }
        Ok(())
    }

    fn entry(&mut self, key: &str, value: &mut Value) -> Result<()> {
        match (key, &mut *value) {
            ("properties", Value::Object(properties)) if self.property.is_none() => {
                for (name, value) in properties.iter_mut() {
                    self.property = Some(name.clone());
                    let result = self.at(name, |w| w.value(value));
                    self.property = None;
                    result?;
                }
                Ok(())
            }
            ("title" | "rich_text" | "caption", Value::Array(items)) => {
                if let Some(split) = split_rich_text(items) {
                    *items = split;
                }
                self.count(
                    items.len(),
                    "rich text items (after splitting text at 2,000 characters)",
                )?;
                self.value(value)
            }
            ("url", Value::String(url)) => self.length(url, MAX_URL, "URL"),
            ("expression", Value::String(e)) => self.length(e, MAX_EQUATION, "equation"),
            ("email", Value::String(email)) => self.length(email, MAX_EMAIL, "email"),
            ("phone_number", Value::String(phone)) => self.length(phone, MAX_PHONE, "phone number"),
            ("relation" | "people", Value::Array(items)) if items.len() > MAX_ITEMS => Err(self
                .fail(format!(
                    "{} {key} references; Notion accepts at most {MAX_ITEMS} per write, and a \
                     write replaces the whole list, so the rest cannot follow in later requests. \
                     Keep at most {MAX_ITEMS}, or link the extra pages from the other side of a \
                     two-way relation",
                    items.len()
                ))),
            ("multi_select" | "files", Value::Array(items)) => {
                self.count(items.len(), key)?;
                self.value(value)
            }
            ("children", Value::Array(items)) => self.children(items),
            _ => self.value(value),
        }
    }

    fn children(&mut self, items: &mut [Value]) -> Result<()> {
        self.count(items.len(), "child blocks")?;
        if self.depth == MAX_CHILD_DEPTH {
            return Err(self.fail(format!(
                "children nested {} levels deep; Notion accepts {MAX_CHILD_DEPTH} levels per \
                 request. Append the deeper blocks in a second request, to the block created by \
                 the first",
                self.depth + 1
            )));
        }
        self.blocks += items.len();
        if self.blocks > MAX_BLOCKS {
            return Err(self.fail(format!(
                "more than {MAX_BLOCKS} blocks in one request; append them in batches"
            )));
        }
        self.depth += 1;
        let result = items
            .iter_mut()
            .enumerate()
            .try_for_each(|(i, item)| self.at(&format!("[{i}]"), |w| w.value(item)));
        self.depth -= 1;
        result
    }

    fn count(&self, len: usize, what: &str) -> Result<()> {
        if len > MAX_ITEMS {
            return Err(self.fail(format!("{len} {what}; Notion accepts at most {MAX_ITEMS}")));
        }
        Ok(())
    }

    fn length(&self, text: &str, max: usize, what: &str) -> Result<()> {
        let len = utf16_len(text);
        if len > max {
            return Err(self.fail(format!(
                "the {what} is {len} characters (UTF-16 units); Notion accepts at most {max}"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_splits_by_utf16_units_between_graphemes() {
        // 1,999 units, then a family emoji (11 units, one grapheme): it moves whole.
        let family = "👨‍👩‍👧‍👦";
        let text = format!("{}{family}tail", "a".repeat(1999));
        let parts = split_text(&text, MAX_TEXT);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], "a".repeat(1999));
        assert!(parts[1].starts_with(family));
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn a_surrogate_pair_is_never_cut() {
        let text = format!("{}😀", "a".repeat(1999));
        let parts = split_text(&text, MAX_TEXT);
        assert_eq!(parts, [&"a".repeat(1999)[..], "😀"]);
    }

    #[test]
    fn styled_items_keep_their_style_when_split() {
        let item = json!({"type": "text", "text": {"content": "漢".repeat(4500), "link": {"url": "https://x.test"}},
                          "annotations": {"bold": true}});
        let split = split_rich_text(&[item]).unwrap();
        assert_eq!(split.len(), 3);
        for piece in &split {
            assert_eq!(piece["annotations"]["bold"], true);
            assert_eq!(piece["text"]["link"]["url"], "https://x.test");
        }
    }

    #[test]
    fn long_text_in_a_page_body_is_split() {
        let mut body = json!({"properties": {"Notes": {"rich_text": [{"text": {"content": "x".repeat(4001)}}]}}});
        prepare_body(&mut body).unwrap();
        assert_eq!(
            body["properties"]["Notes"]["rich_text"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }

    fn refused(mut body: Value) -> String {
        match prepare_body(&mut body) {
            Err(Error::InvalidInput {
                property, message, ..
            }) => format!("{property:?} {message}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_url_over_2000_characters_is_refused_naming_the_property() {
        let message = refused(
            json!({"properties": {"Link": {"url": format!("https://x.test/{}", "a".repeat(2000))}}}),
        );
        assert!(
            message.starts_with("Some(\"Link\") properties.Link.url"),
            "{message}"
        );
    }

    #[test]
    fn emails_and_phone_numbers_over_200_characters_are_refused() {
        let message = refused(
            json!({"properties": {"Mail": {"email": format!("{}@x.test", "a".repeat(200))}}}),
        );
        assert!(message.contains("properties.Mail.email"), "{message}");
        let message = refused(json!({"properties": {"Tel": {"phone_number": "1".repeat(201)}}}));
        assert!(message.contains("properties.Tel.phone_number"), "{message}");
    }

    #[test]
    fn more_than_100_options_are_refused() {
        let options: Vec<Value> = (0..101).map(|i| json!({"name": i.to_string()})).collect();
        let message = refused(json!({"properties": {"Tags": {"multi_select": options}}}));
        assert!(message.contains("101 multi_select"), "{message}");
    }

    #[test]
    fn more_than_100_rich_text_items_after_splitting_are_refused() {
        let text = json!([{"text": {"content": "x".repeat(2000 * 100 + 1)}}]);
        let message = refused(json!({"properties": {"Notes": {"rich_text": text}}}));
        assert!(message.contains("101 rich text items"), "{message}");
    }

    #[test]
    fn relations_over_100_are_refused_with_the_reason() {
        let ids: Vec<Value> = (0..101)
            .map(|_| json!({"id": uuid::Uuid::new_v4()}))
            .collect();
        let message = refused(json!({"properties": {"Deps": {"relation": ids}}}));
        assert!(message.contains("replaces the whole list"), "{message}");
    }

    #[test]
    fn children_nested_three_levels_are_refused() {
        let leaf = json!({"paragraph": {"rich_text": []}});
        let mid = json!({"paragraph": {"rich_text": [], "children": [leaf]}});
        let top = json!({"paragraph": {"rich_text": [], "children": [mid]}});
        let message = refused(json!({"children": [top]}));
        assert!(message.contains("3 levels"), "{message}");
    }

    #[test]
    fn more_than_1000_blocks_in_one_request_are_refused() {
        let child = json!({"paragraph": {"rich_text": []}});
        let parent = json!({"toggle": {"rich_text": [], "children": vec![child; 100]}});
        let message = refused(json!({"children": vec![parent; 10]}));
        assert!(message.contains("1000 blocks"), "{message}");
    }

    #[test]
    fn an_equation_over_1000_characters_is_refused() {
        let item = json!({"type": "equation", "equation": {"expression": "x".repeat(1001)}});
        let message = refused(json!({"properties": {"Notes": {"rich_text": [item]}}}));
        assert!(message.contains("equation"), "{message}");
    }

    #[test]
    fn bodies_over_500_kb_are_refused_naming_the_largest_property() {
        let body = json!({"properties": {"Big": {"rich_text": []}, "Small": {"number": 1}}});
        let err = check_body_size(600_000, &body).unwrap_err();
        assert!(err.to_string().contains("Big"), "{err}");
        assert!(check_body_size(MAX_BODY_BYTES, &body).is_ok());
    }
}
