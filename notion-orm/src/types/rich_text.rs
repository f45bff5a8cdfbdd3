//! Rich text: the styled text of titles, text properties, comments and blocks.
//!
//! A response item is `{"type":"text"|"mention"|"equation", "<type>":{..}, "annotations":{..},
//! "plain_text":"..", "href":..}`. [`RichText`] decodes every item, keeping unknown item and
//! mention types as raw JSON. It serializes to the request shape: `{"text":{"content":..}}`
//! plus `annotations` only when some style is set (`plain_text` and `href` are computed by
//! Notion and never sent).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::color::Color;
use super::date::DateValue;
use super::de::{open_string_enum, read_tagged, serialize_tagged};
use super::icon::CustomEmoji;
use super::ids::{DataSourceReference, DatabaseReference, PageReference};
use super::user::User;

/// One rich-text item.
#[derive(Debug, Clone, PartialEq)]
pub struct RichText {
    /// What the item is: text, a mention or an equation.
    pub kind: RichTextKind,
    /// Styling.
    pub annotations: Annotations,
    /// The item as plain text (for mentions: what Notion displays).
    pub plain_text: String,
    /// The URL the item links to, if any.
    pub href: Option<String>,
}

/// The content of a [`RichText`] item.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RichTextKind {
    /// Plain text, optionally linked.
    Text(Text),
    /// A mention of a user, page, date, ...
    Mention(Mention),
    /// A KaTeX equation.
    Equation(Equation),
    /// An item type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The item as received.
        raw: Value,
    },
}

/// The text of a `text` item; at most 2,000 characters per item in requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// The characters.
    pub content: String,
    /// The link, if the text is linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// A link inside a `text` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The target URL.
    pub url: String,
}

/// A KaTeX equation (at most 1,000 characters in requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equation {
    /// The KaTeX source.
    pub expression: String,
}

/// The styling of a rich-text item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Annotations {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Struck through.
    pub strikethrough: bool,
    /// Underlined.
    pub underline: bool,
    /// Inline code.
    pub code: bool,
    /// Text or background color.
    pub color: Color,
}

impl Annotations {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// What a `mention` item refers to.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Mention {
    /// A user or group.
    User(User),
    /// A date or date range.
    Date(DateValue),
    /// A page.
    Page(PageReference),
    /// A database (mentions keep referring to databases, not data sources).
    Database(DatabaseReference),
    /// A data source.
    DataSource(DataSourceReference),
    /// A template placeholder, resolved when the template is used.
    TemplateMention(TemplateMention),
    /// A link preview (read only).
    LinkPreview(LinkPreview),
    /// A rich link mention (read only).
    LinkMention(LinkMention),
    /// A custom emoji.
    CustomEmoji(CustomEmoji),
    /// A mention type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The mention object as received.
        raw: Value,
    },
}

/// A link preview mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkPreview {
    /// The previewed URL.
    pub url: String,
}

/// A link mention, with the metadata Notion fetched for the link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkMention {
    /// The linked URL.
    pub href: String,
    /// The page title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The page description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The author, if the site names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_author: Option<String>,
    /// The provider, e.g. `GitHub`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_provider: Option<String>,
    /// A thumbnail URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// A favicon URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
}

open_string_enum! {
    /// The date a template date mention resolves to.
    pub enum TemplateMentionDate {
        /// `today`
        Today = "today",
        /// `now`
        Now = "now",
    }
}

open_string_enum! {
    /// The user a template user mention resolves to.
    pub enum TemplateMentionUser {
        /// `me`: whoever uses the template.
        Me = "me",
    }
}

/// A template placeholder mention.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateMention {
    /// `{"type":"template_mention_date","template_mention_date":"today"|"now"}`
    Date(TemplateMentionDate),
    /// `{"type":"template_mention_user","template_mention_user":"me"}`
    User(TemplateMentionUser),
    /// A template mention type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The object as received.
        raw: Value,
    },
}

impl RichText {
    /// An unstyled text item.
    pub fn text(content: impl Into<String>) -> Self {
        let content = content.into();
        Self {
            plain_text: content.clone(),
            kind: RichTextKind::Text(Text {
                content,
                link: None,
            }),
            annotations: Annotations::default(),
            href: None,
        }
    }

    /// An unstyled text item linking to `url`.
    pub fn link(content: impl Into<String>, url: impl Into<String>) -> Self {
        let mut item = Self::text(content);
        let url = url.into();
        if let RichTextKind::Text(text) = &mut item.kind {
            text.link = Some(Link { url: url.clone() });
        }
        item.href = Some(url);
        item
    }

    /// A mention item; `plain_text` stays empty until Notion renders it.
    pub fn mention(mention: Mention) -> Self {
        Self {
            kind: RichTextKind::Mention(mention),
            annotations: Annotations::default(),
            plain_text: String::new(),
            href: None,
        }
    }

    /// An equation item.
    pub fn equation(expression: impl Into<String>) -> Self {
        let expression = expression.into();
        Self {
            plain_text: expression.clone(),
            kind: RichTextKind::Equation(Equation { expression }),
            annotations: Annotations::default(),
            href: None,
        }
    }

    /// The item's type as Notion names it.
    pub fn type_name(&self) -> &str {
        self.kind.type_name()
    }
}

/// Concatenates the plain text of rich-text items, e.g. a title as a `String`.
pub fn plain_text(items: &[RichText]) -> String {
    items.iter().map(|item| item.plain_text.as_str()).collect()
}

impl RichTextKind {
    fn type_name(&self) -> &str {
        match self {
            Self::Text(_) => "text",
            Self::Mention(_) => "mention",
            Self::Equation(_) => "equation",
            Self::Unknown { type_name, .. } => type_name,
        }
    }
}

impl Serialize for RichText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match &self.kind {
            RichTextKind::Text(text) => map.serialize_entry("text", text)?,
            RichTextKind::Mention(mention) => map.serialize_entry("mention", mention)?,
            RichTextKind::Equation(equation) => map.serialize_entry("equation", equation)?,
            RichTextKind::Unknown { raw, .. } => {
                // Send back what Notion sent minus the fields it computes.
                if let Value::Object(fields) = raw {
                    for (key, value) in fields {
                        if !matches!(key.as_str(), "plain_text" | "href" | "annotations") {
                            map.serialize_entry(key, value)?;
                        }
                    }
                }
            }
        }
        if !self.annotations.is_default() {
            map.serialize_entry("annotations", &self.annotations)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for RichText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RichTextVisitor)
    }
}

struct RichTextVisitor;

impl<'de> Visitor<'de> for RichTextVisitor {
    type Value = RichText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Notion rich text item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RichText, A::Error> {
        let mut annotations = None;
        let mut plain_text = None;
        let mut href = None;
        let kind = read_tagged(
            &mut map,
            |key, map| {
                Ok(match key {
                    "text" => Some(RichTextKind::Text(map.next_value()?)),
                    "mention" => Some(RichTextKind::Mention(map.next_value()?)),
                    "equation" => Some(RichTextKind::Equation(map.next_value()?)),
                    _ => None,
                })
            },
            |key, map| {
                match key {
                    "annotations" => annotations = Some(map.next_value()?),
                    "plain_text" => plain_text = Some(map.next_value()?),
                    "href" => href = map.next_value()?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?
        .finish(RichTextKind::type_name, |type_name, raw| {
            RichTextKind::Unknown { type_name, raw }
        })?;
        let plain_text = plain_text.unwrap_or_else(|| match &kind {
            // Request shapes carry no plain_text; derive it where it is obvious.
            RichTextKind::Text(text) => text.content.clone(),
            RichTextKind::Equation(equation) => equation.expression.clone(),
            _ => String::new(),
        });
        Ok(RichText {
            kind,
            annotations: annotations.unwrap_or_default(),
            plain_text,
            href,
        })
    }
}

impl Mention {
    fn type_name(&self) -> &str {
        match self {
            Self::User(_) => "user",
            Self::Date(_) => "date",
            Self::Page(_) => "page",
            Self::Database(_) => "database",
            Self::DataSource(_) => "data_source",
            Self::TemplateMention(_) => "template_mention",
            Self::LinkPreview(_) => "link_preview",
            Self::LinkMention(_) => "link_mention",
            Self::CustomEmoji(_) => "custom_emoji",
            Self::Unknown { type_name, .. } => type_name,
        }
    }
}

impl Serialize for Mention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key = self.type_name();
        match self {
            Self::User(user) => serialize_tagged(serializer, key, user),
            Self::Date(date) => serialize_tagged(serializer, key, date),
            Self::Page(page) => serialize_tagged(serializer, key, page),
            Self::Database(database) => serialize_tagged(serializer, key, database),
            Self::DataSource(data_source) => serialize_tagged(serializer, key, data_source),
            Self::TemplateMention(template) => serialize_tagged(serializer, key, template),
            Self::LinkPreview(preview) => serialize_tagged(serializer, key, preview),
            Self::LinkMention(link) => serialize_tagged(serializer, key, link),
            Self::CustomEmoji(emoji) => serialize_tagged(serializer, key, emoji),
            Self::Unknown { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Mention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MentionVisitor;
        impl<'de> Visitor<'de> for MentionVisitor {
            type Value = Mention;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Notion mention object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Mention, A::Error> {
                read_tagged(
                    &mut map,
                    |key, map| {
                        Ok(Some(match key {
                            "user" => Mention::User(map.next_value()?),
                            "date" => Mention::Date(map.next_value()?),
                            "page" => Mention::Page(map.next_value()?),
                            "database" => Mention::Database(map.next_value()?),
                            "data_source" => Mention::DataSource(map.next_value()?),
                            "template_mention" => Mention::TemplateMention(map.next_value()?),
                            "link_preview" => Mention::LinkPreview(map.next_value()?),
                            "link_mention" => Mention::LinkMention(map.next_value()?),
                            "custom_emoji" => Mention::CustomEmoji(map.next_value()?),
                            _ => return Ok(None),
                        }))
                    },
                    |_, _| Ok(false),
                )?
                .finish(Mention::type_name, |type_name, raw| Mention::Unknown {
                    type_name,
                    raw,
                })
            }
        }
        deserializer.deserialize_map(MentionVisitor)
    }
}

impl TemplateMention {
    fn type_name(&self) -> &str {
        match self {
            Self::Date(_) => "template_mention_date",
            Self::User(_) => "template_mention_user",
            Self::Unknown { type_name, .. } => type_name,
        }
    }
}

impl Serialize for TemplateMention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Date(date) => serialize_tagged(serializer, self.type_name(), date),
            Self::User(user) => serialize_tagged(serializer, self.type_name(), user),
            Self::Unknown { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for TemplateMention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TemplateVisitor;
        impl<'de> Visitor<'de> for TemplateVisitor {
            type Value = TemplateMention;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a template mention object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TemplateMention, A::Error> {
                read_tagged(
                    &mut map,
                    |key, map| {
                        Ok(match key {
                            "template_mention_date" => {
                                Some(TemplateMention::Date(map.next_value()?))
                            }
                            "template_mention_user" => {
                                Some(TemplateMention::User(map.next_value()?))
                            }
                            _ => None,
                        })
                    },
                    |_, _| Ok(false),
                )?
                .finish(TemplateMention::type_name, |type_name, raw| {
                    TemplateMention::Unknown { type_name, raw }
                })
            }
        }
        deserializer.deserialize_map(TemplateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response_item(kind: &str, content: Value) -> Value {
        json!({
            "type": kind,
            kind: content,
            "annotations": {"bold": true, "italic": false, "strikethrough": false,
                            "underline": false, "code": false, "color": "red_background"},
            "plain_text": "shown",
            "href": null
        })
    }

    #[test]
    fn text_items_decode_with_annotations() {
        let item: RichText = serde_json::from_value(response_item(
            "text",
            json!({"content": "shown", "link": null}),
        ))
        .unwrap();
        assert!(item.annotations.bold);
        assert_eq!(item.annotations.color, Color::RedBackground);
        assert_eq!(item.plain_text, "shown");
    }

    #[test]
    fn text_items_serialize_to_the_request_shape() {
        assert_eq!(
            serde_json::to_value(RichText::text("hi")).unwrap(),
            json!({"text": {"content": "hi"}})
        );
    }

    #[test]
    fn styles_are_sent_only_when_set() {
        let mut item = RichText::link("docs", "https://example.com");
        item.annotations.italic = true;
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["text"]["link"]["url"], "https://example.com");
        assert_eq!(json["annotations"]["italic"], true);
    }

    #[test]
    fn template_mentions_decode() {
        let item: RichText = serde_json::from_value(response_item(
            "mention",
            json!({"type": "template_mention",
                   "template_mention": {"type": "template_mention_date",
                                        "template_mention_date": "today"}}),
        ))
        .unwrap();
        assert_eq!(
            item.kind,
            RichTextKind::Mention(Mention::TemplateMention(TemplateMention::Date(
                TemplateMentionDate::Today
            )))
        );
    }

    #[test]
    fn unknown_mention_types_keep_the_raw_object() {
        let item: RichText = serde_json::from_value(response_item(
            "mention",
            json!({"type": "meeting", "meeting": {"id": "m1"}}),
        ))
        .unwrap();
        let RichTextKind::Mention(Mention::Unknown { type_name, raw }) = item.kind else {
            panic!("expected an unknown mention");
        };
        assert_eq!(type_name, "meeting");
        assert_eq!(raw["meeting"]["id"], "m1");
    }

    #[test]
    fn unknown_item_types_keep_the_raw_object() {
        let item: RichText =
            serde_json::from_value(response_item("sparkle", json!({"level": 3}))).unwrap();
        assert_eq!(item.type_name(), "sparkle");
        assert_eq!(item.plain_text, "shown");
    }

    /// (mention as read, the same mention in request shape)
    fn mention_cases() -> Vec<(Value, Value)> {
        let user = "7775f3a3-893f-43fa-b625-460c61094c78";
        let page = "393abc1e-edcd-81f5-ae94-ec2d55fe98ed";
        vec![
            (
                json!({"type": "user", "user": {"object": "user", "id": user}}),
                json!({"user": {"object": "user", "id": user}}),
            ),
            (
                json!({"type": "date", "date": {"start": "2022-12-16", "end": null, "time_zone": null}}),
                json!({"date": {"start": "2022-12-16"}}),
            ),
            (
                json!({"type": "page", "page": {"id": page}}),
                json!({"page": {"id": page}}),
            ),
            (
                json!({"type": "database", "database": {"id": page}}),
                json!({"database": {"id": page}}),
            ),
            (
                json!({"type": "data_source", "data_source": {"id": page}}),
                json!({"data_source": {"id": page}}),
            ),
            (
                json!({"type": "template_mention", "template_mention":
                    {"type": "template_mention_user", "template_mention_user": "me"}}),
                json!({"template_mention": {"template_mention_user": "me"}}),
            ),
            (
                json!({"type": "link_preview", "link_preview": {"url": "https://github.com/x"}}),
                json!({"link_preview": {"url": "https://github.com/x"}}),
            ),
            (
                json!({"type": "link_mention", "link_mention":
                    {"href": "https://example.com", "title": "Example", "icon_url": null}}),
                json!({"link_mention": {"href": "https://example.com", "title": "Example"}}),
            ),
            (
                json!({"type": "custom_emoji", "custom_emoji":
                    {"id": page, "name": "bufo", "url": "https://x/bufo.png"}}),
                json!({"custom_emoji": {"id": page, "name": "bufo", "url": "https://x/bufo.png"}}),
            ),
        ]
    }

    #[test]
    fn every_mention_kind_decodes_to_its_variant() {
        for (read, _) in mention_cases() {
            let kind = read["type"].as_str().unwrap().to_owned();
            let item: RichText = serde_json::from_value(response_item("mention", read)).unwrap();
            let RichTextKind::Mention(mention) = &item.kind else {
                panic!("expected a mention");
            };
            assert!(!matches!(mention, Mention::Unknown { .. }), "{kind}");
            assert_eq!(mention.type_name(), kind);
        }
    }

    #[test]
    fn every_mention_kind_serializes_to_the_request_shape() {
        for (read, request) in mention_cases() {
            let mention: Mention = serde_json::from_value(read).unwrap();
            assert_eq!(
                serde_json::to_value(RichText::mention(mention)).unwrap(),
                json!({"mention": request})
            );
        }
    }

    #[test]
    fn request_shapes_decode_without_type() {
        let item: RichText = serde_json::from_value(json!({"text": {"content": "hi"}})).unwrap();
        assert_eq!(item, RichText::text("hi"));
    }

    #[test]
    fn plain_text_concatenates_items() {
        let items = [RichText::text("a"), RichText::equation("b")];
        assert_eq!(plain_text(&items), "ab");
    }
}
