//! Rich text: request items normalised to Notion's response form, with the §4 limits
//! (2,000 characters per text item, 100 items per array, 2,000-character link URLs,
//! 1,000-character equations).

use serde_json::{Value, json};

use crate::notion::error::{ApiError, ApiResult};

/// Maximum characters in one `text.content` (and in a link URL).
pub(crate) const MAX_TEXT_CHARS: usize = 2000;
/// Maximum items in any request array (rich text, relations, options, children...).
pub(crate) const MAX_ARRAY_ITEMS: usize = 100;
/// Maximum characters in an `equation.expression`.
const MAX_EQUATION_CHARS: usize = 1000;

/// Checks that an array at `path` has at most 100 items, in Notion's words.
pub(crate) fn check_array_len(path: &str, items: &[Value]) -> ApiResult<()> {
    if items.len() > MAX_ARRAY_ITEMS {
        return Err(ApiError::body_field(
            &format!("{path}.length"),
            &format!("≤ {MAX_ARRAY_ITEMS}"),
            items.len(),
        ));
    }
    Ok(())
}

/// Checks a string's length against `max` the way Notion's (JavaScript) validation measures it:
/// in UTF-16 code units, so an emoji outside the Basic Multilingual Plane counts twice.
pub(crate) fn check_chars(path: &str, text: &str, max: usize) -> ApiResult<()> {
    let chars = text.encode_utf16().count();
    if chars > max {
        return Err(ApiError::body_field(
            &format!("{path}.length"),
            &format!("≤ {max}"),
            chars,
        ));
    }
    Ok(())
}

/// Normalises a rich-text request array found at `path` (e.g. `properties.Name.title`).
pub(crate) fn normalize(value: &Value, path: &str) -> ApiResult<Value> {
    let Some(items) = value.as_array() else {
        return Err(ApiError::body_field(path, "an array", describe(value)));
    };
    check_array_len(path, items)?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| normalize_item(item, &format!("{path}[{i}]")))
        .collect::<ApiResult<Vec<_>>>()
        .map(Value::Array)
}

/// Text as one response item (for titles the emulator writes itself).
pub(crate) fn text_item(content: &str) -> Value {
    json!({
        "type": "text",
        "text": { "content": content, "link": null },
        "annotations": default_annotations(),
        "plain_text": content,
        "href": null,
    })
}

/// The concatenated `plain_text` of a response rich-text array.
pub(crate) fn plain_text(value: &Value) -> String {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["plain_text"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

fn normalize_item(item: &Value, path: &str) -> ApiResult<Value> {
    let Some(object) = item.as_object() else {
        return Err(ApiError::body_field(path, "an object", describe(item)));
    };
    let annotations = normalize_annotations(object.get("annotations"));
    if let Some(text) = object.get("text") {
        let content = text["content"]
            .as_str()
            .ok_or_else(|| ApiError::body_missing(&format!("{path}.text.content")))?;
        check_chars(&format!("{path}.text.content"), content, MAX_TEXT_CHARS)?;
        let link = match text.get("link") {
            None | Some(Value::Null) => Value::Null,
            Some(link) => {
                let url = link["url"]
                    .as_str()
                    .ok_or_else(|| ApiError::body_missing(&format!("{path}.text.link.url")))?;
                check_chars(&format!("{path}.text.link.url"), url, MAX_TEXT_CHARS)?;
                json!({ "url": url })
            }
        };
        let href = link.get("url").cloned().unwrap_or(Value::Null);
        return Ok(json!({
            "type": "text",
            "text": { "content": content, "link": link },
            "annotations": annotations,
            "plain_text": content,
            "href": href,
        }));
    }
    if let Some(equation) = object.get("equation") {
        let expression = equation["expression"]
            .as_str()
            .ok_or_else(|| ApiError::body_missing(&format!("{path}.equation.expression")))?;
        check_chars(
            &format!("{path}.equation.expression"),
            expression,
            MAX_EQUATION_CHARS,
        )?;
        return Ok(json!({
            "type": "equation",
            "equation": { "expression": expression },
            "annotations": annotations,
            "plain_text": expression,
            "href": null,
        }));
    }
    if let Some(mention) = object.get("mention") {
        let (mention, plain) = normalize_mention(mention, &format!("{path}.mention"))?;
        return Ok(json!({
            "type": "mention",
            "mention": mention,
            "annotations": annotations,
            "plain_text": plain,
            "href": null,
        }));
    }
    Err(ApiError::body_missing(&format!("{path}.text")))
}

fn normalize_mention(mention: &Value, path: &str) -> ApiResult<(Value, String)> {
    for kind in ["user", "page", "database", "data_source"] {
        if let Some(target) = mention.get(kind) {
            let id = target["id"]
                .as_str()
                .and_then(crate::notion::ids::parse_uuid)
                .ok_or_else(|| {
                    ApiError::body_field(
                        &format!("{path}.{kind}.id"),
                        "a valid uuid",
                        describe(&target["id"]),
                    )
                })?;
            let reference = if kind == "user" {
                json!({ "object": "user", "id": id })
            } else {
                json!({ "id": id })
            };
            let plain = if kind == "user" {
                "@Anonymous".to_owned()
            } else {
                "Untitled".to_owned()
            };
            return Ok((json!({ "type": kind, kind: reference }), plain));
        }
    }
    if let Some(date) = mention.get("date") {
        let start = date["start"]
            .as_str()
            .ok_or_else(|| ApiError::body_missing(&format!("{path}.date.start")))?;
        let value = json!({
            "start": start,
            "end": date.get("end").cloned().unwrap_or(Value::Null),
            "time_zone": date.get("time_zone").cloned().unwrap_or(Value::Null),
        });
        return Ok((json!({ "type": "date", "date": value }), start.to_owned()));
    }
    Err(ApiError::body_missing(&format!("{path}.user")))
}

fn normalize_annotations(requested: Option<&Value>) -> Value {
    let mut annotations = default_annotations();
    if let Some(Value::Object(requested)) = requested {
        for (key, value) in requested {
            let valid = match key.as_str() {
                "color" => value.is_string(),
                "bold" | "italic" | "strikethrough" | "underline" | "code" => value.is_boolean(),
                _ => false,
            };
            if valid {
                annotations[key] = value.clone();
            }
        }
    }
    annotations
}

fn default_annotations() -> Value {
    json!({
        "bold": false,
        "italic": false,
        "strikethrough": false,
        "underline": false,
        "code": false,
        "color": "default",
    })
}

/// How Notion's validation messages show a received value: `` `"x"` ``, `` `undefined` ``.
pub(crate) fn describe(value: &Value) -> String {
    format!("`{value}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_fills_annotations_plain_text_and_href() {
        let out = normalize(&json!([{ "text": { "content": "hi" } }]), "title").unwrap();
        assert_eq!(out, json!([text_item("hi")]));
    }

    #[test]
    fn text_length_counts_utf16_units_like_notion() {
        let emoji = "😀".repeat(1001);
        let error = normalize(&json!([{ "text": { "content": emoji } }]), "title").unwrap_err();
        assert!(
            error.message.ends_with("instead was 2002."),
            "{}",
            error.message
        );
        let fits = "😀".repeat(1000);
        assert!(normalize(&json!([{ "text": { "content": fits } }]), "title").is_ok());
    }

    #[test]
    fn normalize_rejects_text_over_2000_chars_in_notions_words() {
        let long = "x".repeat(2001);
        let error = normalize(
            &json!([{ "text": { "content": long } }]),
            "properties.Name.title",
        )
        .unwrap_err();
        assert_eq!(
            error.message,
            "body failed validation: body.properties.Name.title[0].text.content.length should be ≤ 2000, instead was 2001."
        );
    }

    #[test]
    fn normalize_rejects_more_than_100_items() {
        let items: Vec<_> = (0..101)
            .map(|_| json!({ "text": { "content": "a" } }))
            .collect();
        let error = normalize(&Value::Array(items), "rich_text").unwrap_err();
        assert!(
            error
                .message
                .contains("rich_text.length should be ≤ 100, instead was 101")
        );
    }

    #[test]
    fn plain_text_concatenates_items() {
        let value = json!([text_item("a"), text_item("b")]);
        assert_eq!(plain_text(&value), "ab");
    }
}
