//! Blocks: the content of pages.
//!
//! A [`Block`] is what Notion returns (id, parent, timestamps, `has_children`) around a
//! [`BlockContent`], the typed union of block types. Common types are typed; every other type
//! (and any type added after this crate) decodes into [`BlockContent::Unknown`] with its raw
//! JSON. [`BlockContent`] serializes to Notion's write shape, `{"<type>": {...}}`, which is
//! what append-children and update-block take.
//!
//! ```
//! use notion_orm::types::block::{BlockContent, TextBlock};
//!
//! let para = BlockContent::paragraph("Hello");
//! assert_eq!(
//!     serde_json::to_value(&para).unwrap(),
//!     serde_json::json!({"paragraph": {"rich_text": [{"text": {"content": "Hello"}}]}})
//! );
//! ```

use jiff::Timestamp;
use serde::de::{self, DeserializeOwned};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::color::Color;
use super::icon::{FileItem, Icon};
use super::ids::BlockId;
use super::parent::Parent;
use super::rich_text::{RichText, plain_text};
use super::user::User;

/// A block as Notion returns it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Block {
    /// The block's id.
    pub id: BlockId,
    /// Where the block lives: a page, another block, or a data source (for rows).
    pub parent: Option<Parent>,
    /// When it was created.
    pub created_time: Option<Timestamp>,
    /// When it was last edited.
    pub last_edited_time: Option<Timestamp>,
    /// Who created it (often a partial user).
    pub created_by: Option<User>,
    /// Who last edited it.
    pub last_edited_by: Option<User>,
    /// Whether it has nested blocks; read them with the list-children endpoint.
    pub has_children: bool,
    /// Whether it is in the trash (`in_trash`, or `archived` on older versions).
    pub in_trash: bool,
    /// The type and its content.
    pub content: BlockContent,
}

/// Fields of a block object around its content; `type` and the content key are read apart.
#[derive(Deserialize)]
struct Envelope {
    id: BlockId,
    #[serde(default)]
    parent: Option<Parent>,
    #[serde(default)]
    created_time: Option<Timestamp>,
    #[serde(default)]
    last_edited_time: Option<Timestamp>,
    #[serde(default)]
    created_by: Option<User>,
    #[serde(default)]
    last_edited_by: Option<User>,
    #[serde(default)]
    has_children: bool,
    #[serde(default)]
    in_trash: Option<bool>,
    #[serde(default)]
    archived: Option<bool>,
    #[serde(rename = "type")]
    type_name: String,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut env = Envelope::deserialize(deserializer)?;
        let data = env.rest.remove(&env.type_name).unwrap_or(Value::Null);
        let content = BlockContent::from_parts(env.type_name, data).map_err(de::Error::custom)?;
        Ok(Block {
            id: env.id,
            parent: env.parent,
            created_time: env.created_time,
            last_edited_time: env.last_edited_time,
            created_by: env.created_by,
            last_edited_by: env.last_edited_by,
            has_children: env.has_children,
            in_trash: env.in_trash.or(env.archived).unwrap_or(false),
            content,
        })
    }
}

impl Block {
    /// The block type as Notion spells it, e.g. `"heading_2"`.
    pub fn type_name(&self) -> &str {
        self.content.type_name()
    }
}

/// Declares [`BlockContent`] from one table, so the enum, its type names, decoding and
/// encoding never disagree.
macro_rules! block_types {
    ($($(#[$doc:meta])* $variant:ident($data:ty) = $name:literal,)*) => {
        /// The type of a block and its content.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum BlockContent {
            $($(#[$doc])* $variant($data),)*
            /// A block type this crate does not type (embed, equation, breadcrumb,
            /// link_to_page, meeting_notes, ...), kept as Notion sent it.
            Unknown {
                /// The `type` string.
                type_name: String,
                /// The content object (the value of the key named after the type).
                raw: Value,
            },
        }

        impl BlockContent {
            /// Every block type decoded into a typed variant.
            pub const KNOWN_TYPES: &'static [&'static str] = &[$($name,)*];

            /// The block type as Notion spells it.
            pub fn type_name(&self) -> &str {
                match self {
                    $(Self::$variant(_) => $name,)*
                    Self::Unknown { type_name, .. } => type_name,
                }
            }

            /// Decodes the content object of a block of type `type_name`.
            ///
            /// # Errors
            ///
            /// When a known type's content does not have the expected shape.
            pub fn from_parts(type_name: String, data: Value) -> Result<Self, serde_json::Error> {
                Ok(match type_name.as_str() {
                    $($name => Self::$variant(decode_content(data)?),)*
                    _ => Self::Unknown { type_name, raw: data },
                })
            }
        }

        impl Serialize for BlockContent {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    $(Self::$variant(data) => map.serialize_entry($name, data)?,)*
                    Self::Unknown { type_name, raw } => map.serialize_entry(type_name, raw)?,
                }
                map.end()
            }
        }
    };
}

/// Content objects of empty blocks (`divider`) may come as `{}`; `null` reads the same.
fn decode_content<T: DeserializeOwned>(data: Value) -> Result<T, serde_json::Error> {
    match data {
        Value::Null => serde_json::from_value(Value::Object(Map::new())),
        data => serde_json::from_value(data),
    }
}

block_types! {
    /// A paragraph.
    Paragraph(TextBlock) = "paragraph",
    /// A top-level heading.
    Heading1(Heading) = "heading_1",
    /// A second-level heading.
    Heading2(Heading) = "heading_2",
    /// A third-level heading.
    Heading3(Heading) = "heading_3",
    /// A fourth-level heading.
    Heading4(Heading) = "heading_4",
    /// A bulleted list item.
    BulletedListItem(TextBlock) = "bulleted_list_item",
    /// A numbered list item.
    NumberedListItem(TextBlock) = "numbered_list_item",
    /// A to-do item with a checkbox.
    ToDo(ToDo) = "to_do",
    /// A toggle; its content is in its children.
    Toggle(TextBlock) = "toggle",
    /// A quote.
    Quote(TextBlock) = "quote",
    /// A callout with an icon.
    Callout(Callout) = "callout",
    /// A code block.
    Code(Code) = "code",
    /// A horizontal divider.
    Divider(Empty) = "divider",
    /// An image.
    Image(FileBlock) = "image",
    /// A file.
    File(FileBlock) = "file",
    /// A PDF.
    Pdf(FileBlock) = "pdf",
    /// A video.
    Video(FileBlock) = "video",
    /// An audio file.
    Audio(FileBlock) = "audio",
    /// A web bookmark.
    Bookmark(Bookmark) = "bookmark",
    /// A table; its rows are its children.
    Table(Table) = "table",
    /// A row of a table.
    TableRow(TableRow) = "table_row",
    /// A sub-page (read only: create pages with the pages API).
    ChildPage(ChildTitle) = "child_page",
    /// An inline or full-page database (read only: create databases with the databases API).
    ChildDatabase(ChildTitle) = "child_database",
    /// A synced block: the original, or a reference to it.
    SyncedBlock(SyncedBlock) = "synced_block",
    /// A set of columns; its children are [`BlockContent::Column`]s.
    ColumnList(Container) = "column_list",
    /// One column of a column list.
    Column(Column) = "column",
    /// A set of tabs (API 2026-03-11); each tab is a paragraph child, labelled by its text and
    /// icon.
    Tab(Container) = "tab",
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Content of paragraphs, list items, toggles and quotes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextBlock {
    /// The text.
    #[serde(default)]
    pub rich_text: Vec<RichText>,
    /// Text or background color.
    #[serde(default, skip_serializing_if = "is_default_color")]
    pub color: Color,
    /// The icon of a paragraph that labels a tab of a [`BlockContent::Tab`] (2026-03-11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
    /// Nested blocks to create with this one (requests only; reads list them separately).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

fn is_default_color(c: &Color) -> bool {
    *c == Color::Default
}

impl TextBlock {
    /// Text content with default color and no children.
    pub fn new(rich_text: Vec<RichText>) -> Self {
        Self {
            rich_text,
            ..Self::default()
        }
    }

    /// Nests `children` under this block when it is created.
    pub fn with_children(mut self, children: Vec<BlockContent>) -> Self {
        self.children = children;
        self
    }
}

/// Content of headings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Heading {
    /// The heading text.
    #[serde(default)]
    pub rich_text: Vec<RichText>,
    /// Text or background color.
    #[serde(default, skip_serializing_if = "is_default_color")]
    pub color: Color,
    /// Whether the heading is a toggle (its content is then in its children).
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_toggleable: bool,
    /// Nested blocks of a toggleable heading (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

impl Heading {
    /// A heading with this text.
    pub fn new(rich_text: Vec<RichText>) -> Self {
        Self {
            rich_text,
            ..Self::default()
        }
    }
}

/// Content of a to-do item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToDo {
    /// The item text.
    #[serde(default)]
    pub rich_text: Vec<RichText>,
    /// Whether it is checked.
    #[serde(default)]
    pub checked: bool,
    /// Text or background color.
    #[serde(default, skip_serializing_if = "is_default_color")]
    pub color: Color,
    /// Nested blocks (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

impl ToDo {
    /// A to-do item.
    pub fn new(rich_text: Vec<RichText>, checked: bool) -> Self {
        Self {
            rich_text,
            checked,
            ..Self::default()
        }
    }
}

/// Content of a callout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Callout {
    /// The text.
    #[serde(default)]
    pub rich_text: Vec<RichText>,
    /// The icon (emoji, file, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
    /// Text or background color.
    #[serde(default, skip_serializing_if = "is_default_color")]
    pub color: Color,
    /// Nested blocks (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

/// Content of a code block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Code {
    /// The code.
    #[serde(default)]
    pub rich_text: Vec<RichText>,
    /// The language as Notion names it (`"rust"`, `"plain text"`, ...).
    #[serde(default)]
    pub language: String,
    /// The caption.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<RichText>,
}

impl Code {
    /// A code block in `language`.
    pub fn new(code: impl Into<String>, language: impl Into<String>) -> Self {
        Self {
            rich_text: vec![RichText::text(code)],
            language: language.into(),
            caption: Vec::new(),
        }
    }
}

/// The content of blocks that carry none (`divider`): serializes as `{}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// Content of image, file, pdf, video and audio blocks: the file plus a caption.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FileBlock {
    /// The file: external URL, Notion-hosted, or (in requests) a file upload.
    pub file: FileItem,
    /// The caption.
    pub caption: Vec<RichText>,
}

impl FileBlock {
    /// A file block showing `file` with no caption.
    pub fn new(file: FileItem) -> Self {
        Self {
            file,
            caption: Vec::new(),
        }
    }
}

impl Serialize for FileBlock {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The file's own keys (`type`, `external`/`file`/`file_upload`, `name`) sit beside
        // `caption` in the same object.
        let mut value = serde_json::to_value(&self.file).map_err(serde::ser::Error::custom)?;
        if let (Value::Object(map), false) = (&mut value, self.caption.is_empty()) {
            let caption = serde_json::to_value(&self.caption).map_err(serde::ser::Error::custom)?;
            map.insert("caption".into(), caption);
        }
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FileBlock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        let caption = match map.remove("caption") {
            Some(Value::Null) | None => Vec::new(),
            Some(caption) => serde_json::from_value(caption).map_err(de::Error::custom)?,
        };
        let file = serde_json::from_value(Value::Object(map)).map_err(de::Error::custom)?;
        Ok(FileBlock { file, caption })
    }
}

/// Content of a bookmark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bookmark {
    /// The bookmarked URL.
    pub url: String,
    /// The caption.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<RichText>,
}

/// Content of a table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Table {
    /// Number of columns; fixed once created.
    pub table_width: u32,
    /// Whether the first row is a header.
    #[serde(default)]
    pub has_column_header: bool,
    /// Whether the first column is a header.
    #[serde(default)]
    pub has_row_header: bool,
    /// The rows ([`BlockContent::TableRow`]) to create with the table (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

/// Content of a table row: one rich-text array per cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TableRow {
    /// The cells, left to right.
    #[serde(default)]
    pub cells: Vec<Vec<RichText>>,
}

/// Content of `child_page` and `child_database`: the title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChildTitle {
    /// The page or database title.
    #[serde(default)]
    pub title: String,
}

/// Content of a synced block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SyncedBlock {
    /// `None` for the original; the original's id for a reference.
    #[serde(default)]
    pub synced_from: Option<SyncedFrom>,
    /// The synced content, when creating an original (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

/// The original a synced block reference points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncedFrom {
    /// The original synced block.
    pub block_id: BlockId,
}

/// Content of blocks that only hold children (`column_list`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Container {
    /// The children to create with the block (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

/// Content of a column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Column {
    /// The column's share of the list's width (0..1), when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width_ratio: Option<f64>,
    /// The blocks in the column (requests only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BlockContent>,
}

impl BlockContent {
    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Self::Paragraph(TextBlock::new(vec![RichText::text(text)]))
    }

    /// A heading of `level` 1 to 4 (other levels are clamped into that range).
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        let heading = Heading::new(vec![RichText::text(text)]);
        match level {
            0 | 1 => Self::Heading1(heading),
            2 => Self::Heading2(heading),
            3 => Self::Heading3(heading),
            _ => Self::Heading4(heading),
        }
    }

    /// A bulleted list item of plain text.
    pub fn bulleted(text: impl Into<String>) -> Self {
        Self::BulletedListItem(TextBlock::new(vec![RichText::text(text)]))
    }

    /// A numbered list item of plain text.
    pub fn numbered(text: impl Into<String>) -> Self {
        Self::NumberedListItem(TextBlock::new(vec![RichText::text(text)]))
    }

    /// A to-do item of plain text.
    pub fn to_do(text: impl Into<String>, checked: bool) -> Self {
        Self::ToDo(ToDo::new(vec![RichText::text(text)], checked))
    }

    /// A divider.
    pub fn divider() -> Self {
        Self::Divider(Empty {})
    }

    /// A quote of plain text.
    pub fn quote(text: impl Into<String>) -> Self {
        Self::Quote(TextBlock::new(vec![RichText::text(text)]))
    }

    /// A toggle showing `text` that hides `children`.
    pub fn toggle(text: impl Into<String>, children: Vec<BlockContent>) -> Self {
        Self::Toggle(TextBlock::new(vec![RichText::text(text)]).with_children(children))
    }

    /// A callout of plain text with an icon.
    pub fn callout(text: impl Into<String>, icon: Icon) -> Self {
        Self::Callout(Callout {
            rich_text: vec![RichText::text(text)],
            icon: Some(icon),
            ..Callout::default()
        })
    }

    /// A code block in `language` (Notion's names: `"rust"`, `"plain text"`, ...).
    pub fn code(code: impl Into<String>, language: impl Into<String>) -> Self {
        Self::Code(Code::new(code, language))
    }

    /// A bookmark of `url`.
    pub fn bookmark(url: impl Into<String>) -> Self {
        Self::Bookmark(Bookmark {
            url: url.into(),
            caption: Vec::new(),
        })
    }

    /// An image block, e.g. of a completed upload: `BlockContent::image(FileItem::upload(id))`.
    pub fn image(file: FileItem) -> Self {
        Self::Image(FileBlock::new(file))
    }

    /// A file block.
    pub fn file(file: FileItem) -> Self {
        Self::File(FileBlock::new(file))
    }

    /// The rich text of text-like blocks (paragraph, headings, list items, to-do, toggle,
    /// quote, callout, code); `None` for other types.
    pub fn rich_text(&self) -> Option<&[RichText]> {
        match self {
            Self::Paragraph(b)
            | Self::BulletedListItem(b)
            | Self::NumberedListItem(b)
            | Self::Toggle(b)
            | Self::Quote(b) => Some(&b.rich_text),
            Self::Heading1(h) | Self::Heading2(h) | Self::Heading3(h) | Self::Heading4(h) => {
                Some(&h.rich_text)
            }
            Self::ToDo(t) => Some(&t.rich_text),
            Self::Callout(c) => Some(&c.rich_text),
            Self::Code(c) => Some(&c.rich_text),
            _ => None,
        }
    }

    /// The text of text-like blocks as plain text; `None` for other types.
    pub fn plain_text(&self) -> Option<String> {
        self.rich_text().map(plain_text)
    }
}

impl<'de> Deserialize<'de> for BlockContent {
    /// Reads the write shape `{"<type>": {...}}` (with or without `"type"`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        let type_name = match map.remove("type") {
            Some(Value::String(t)) => t,
            _ => match map.keys().find(|k| *k != "object") {
                Some(key) => key.clone(),
                None => return Err(de::Error::missing_field("type")),
            },
        };
        let data = map.remove(&type_name).unwrap_or(Value::Null);
        BlockContent::from_parts(type_name, data).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn block(type_name: &str, content: Value) -> Value {
        json!({
            "object": "block",
            "id": "393abc1e-edcd-8181-b2fd-dd37c96a3532",
            "parent": {"type": "page_id", "page_id": "393abc1e-edcd-81d5-beec-e345d8013f05"},
            "created_time": "2026-07-04T09:08:00.000Z",
            "last_edited_time": "2026-07-04T09:08:00.000Z",
            "has_children": false,
            "archived": false,
            "in_trash": false,
            "type": type_name,
            type_name: content,
        })
    }

    #[test]
    fn unknown_block_types_keep_their_content() {
        let raw = json!({"url": "https://example.com"});
        let b: Block = serde_json::from_value(block("embed", raw.clone())).unwrap();
        assert_eq!(
            b.content,
            BlockContent::Unknown {
                type_name: "embed".into(),
                raw: raw.clone()
            }
        );
        assert_eq!(
            serde_json::to_value(&b.content).unwrap(),
            json!({ "embed": raw })
        );
    }

    #[test]
    fn tab_blocks_and_the_icons_of_their_paragraphs_are_kept() {
        let tab: Block = serde_json::from_value(block("tab", json!({}))).unwrap();
        assert!(matches!(tab.content, BlockContent::Tab(_)));
        assert_eq!(
            serde_json::to_value(&tab.content).unwrap(),
            json!({"tab": {}})
        );
        let label: Block = serde_json::from_value(block(
            "paragraph",
            json!({"rich_text": [], "color": "default", "icon": {"type": "emoji", "emoji": "📌"}}),
        ))
        .unwrap();
        let BlockContent::Paragraph(paragraph) = &label.content else {
            panic!("a paragraph");
        };
        assert!(paragraph.icon.is_some());
        assert_eq!(
            serde_json::to_value(&label.content).unwrap()["paragraph"]["icon"]["emoji"],
            "📌"
        );
    }

    #[test]
    fn archived_reads_as_in_trash_on_old_versions() {
        let mut v = block("divider", json!({}));
        v.as_object_mut().unwrap().remove("in_trash");
        v["archived"] = json!(true);
        let b: Block = serde_json::from_value(v).unwrap();
        assert!(b.in_trash);
    }

    #[test]
    fn to_do_round_trips_to_the_write_shape() {
        let b: Block = serde_json::from_value(block(
            "to_do",
            json!({"rich_text": [], "checked": true, "color": "default"}),
        ))
        .unwrap();
        assert_eq!(
            serde_json::to_value(&b.content).unwrap(),
            json!({"to_do": {"rich_text": [], "checked": true}})
        );
    }

    #[test]
    fn image_blocks_keep_file_and_caption() {
        let content = json!({
            "caption": [],
            "type": "external",
            "external": {"url": "https://example.com/a.png"}
        });
        let b: Block = serde_json::from_value(block("image", content)).unwrap();
        let BlockContent::Image(image) = &b.content else {
            panic!("expected an image, got {:?}", b.content);
        };
        assert!(image.caption.is_empty());
        assert_eq!(
            serde_json::to_value(&b.content).unwrap(),
            json!({"image": {"external": {"url": "https://example.com/a.png"}}})
        );
    }

    #[test]
    fn heading_4_is_typed() {
        let b: Block = serde_json::from_value(block(
            "heading_4",
            json!({"rich_text": [], "is_toggleable": false, "color": "default"}),
        ))
        .unwrap();
        assert!(matches!(b.content, BlockContent::Heading4(_)));
    }

    #[test]
    fn builders_produce_the_write_shape() {
        assert_eq!(
            serde_json::to_value(BlockContent::toggle("More", vec![BlockContent::divider()]))
                .unwrap(),
            json!({"toggle": {"rich_text": [{"text": {"content": "More"}}],
                              "children": [{"divider": {}}]}})
        );
        assert_eq!(
            serde_json::to_value(BlockContent::code("let x = 1;", "rust")).unwrap(),
            json!({"code": {"rich_text": [{"text": {"content": "let x = 1;"}}], "language": "rust"}})
        );
        assert_eq!(
            serde_json::to_value(BlockContent::bookmark("https://example.com")).unwrap(),
            json!({"bookmark": {"url": "https://example.com"}})
        );
    }

    #[test]
    fn plain_text_joins_the_rich_text() {
        assert_eq!(
            BlockContent::quote("To be").plain_text().as_deref(),
            Some("To be")
        );
        assert_eq!(BlockContent::divider().plain_text(), None);
    }

    #[test]
    fn write_shapes_read_back() {
        let content = BlockContent::to_do("ship", true);
        let json = serde_json::to_value(&content).unwrap();
        let back: BlockContent = serde_json::from_value(json).unwrap();
        assert_eq!(back, content);
    }
}
