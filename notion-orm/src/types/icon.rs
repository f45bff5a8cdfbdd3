//! Files, icons and covers.
//!
//! A Notion file object is `{"type":"external","external":{"url":..}}`,
//! `{"type":"file","file":{"url":..,"expiry_time":..}}` (hosted by Notion, URL valid one hour) or,
//! in requests, `{"type":"file_upload","file_upload":{"id":..}}`. [`FileSource`] is that union;
//! covers are exactly a [`FileSource`], icons add emoji, custom emoji and Notion's native icons,
//! and entries of a `files` property add a `name` ([`FileItem`]).
//!
//! Everything here serializes to the request shape, without the optional `type` key.

use std::fmt;

use jiff::Timestamp;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::de::{read_tagged, serialize_tagged};
use super::ids::{CustomEmojiId, FileUploadId};

/// A file hosted elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalFile {
    /// Its URL.
    pub url: String,
}

/// A file hosted by Notion; `url` is signed and expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedFile {
    /// The signed download URL.
    pub url: String,
    /// When `url` stops working (about an hour after the read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<Timestamp>,
}

/// A reference to a completed file upload, used to attach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileUploadRef {
    /// The file upload's id.
    pub id: FileUploadId,
}

/// Where a file's bytes are.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FileSource {
    /// `{"external":{"url":..}}`
    External(ExternalFile),
    /// `{"file":{"url":..,"expiry_time":..}}`
    File(HostedFile),
    /// `{"file_upload":{"id":..}}` (requests only)
    FileUpload(FileUploadRef),
    /// A file type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The object as received.
        raw: Value,
    },
}

/// A page or database cover.
pub type Cover = FileSource;

impl FileSource {
    /// A file at an external URL.
    pub fn external(url: impl Into<String>) -> Self {
        Self::External(ExternalFile { url: url.into() })
    }

    /// A completed file upload.
    pub fn upload(id: FileUploadId) -> Self {
        Self::FileUpload(FileUploadRef { id })
    }

    /// The URL to download the file from, if it has one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::External(file) => Some(&file.url),
            Self::File(file) => Some(&file.url),
            _ => None,
        }
    }

    fn type_name(&self) -> &str {
        match self {
            Self::External(_) => "external",
            Self::File(_) => "file",
            Self::FileUpload(_) => "file_upload",
            Self::Unknown { type_name, .. } => type_name,
        }
    }

    /// Decodes the value of `key` if it names a file type.
    fn decode_variant<'de, A: MapAccess<'de>>(
        key: &str,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error> {
        Ok(Some(match key {
            "external" => Self::External(map.next_value()?),
            "file" => Self::File(map.next_value()?),
            "file_upload" => Self::FileUpload(map.next_value()?),
            _ => return Ok(None),
        }))
    }

    /// Writes `type: content` into an open map (shared by covers, icons and file items).
    fn serialize_entry<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self {
            Self::External(file) => map.serialize_entry("external", file),
            Self::File(file) => map.serialize_entry("file", file),
            Self::FileUpload(upload) => map.serialize_entry("file_upload", upload),
            Self::Unknown { raw, .. } => serialize_raw_entries(raw, map),
        }
    }
}

/// Writes the fields of a raw object into an open map.
fn serialize_raw_entries<M: SerializeMap>(raw: &Value, map: &mut M) -> Result<(), M::Error> {
    if let Value::Object(fields) = raw {
        for (key, value) in fields {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

impl Serialize for FileSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.serialize_entry(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for FileSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourceVisitor;
        impl<'de> Visitor<'de> for SourceVisitor {
            type Value = FileSource;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Notion file object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileSource, A::Error> {
                read_tagged(&mut map, FileSource::decode_variant, |_, _| Ok(false))?
                    .finish(FileSource::type_name, |type_name, raw| {
                        FileSource::Unknown { type_name, raw }
                    })
            }
        }
        deserializer.deserialize_map(SourceVisitor)
    }
}

/// One entry of a `files` property: a named [`FileSource`].
#[derive(Debug, Clone, PartialEq)]
pub struct FileItem {
    /// The file name shown in Notion (required for external files in requests).
    pub name: Option<String>,
    /// Where the bytes are.
    pub source: FileSource,
}

impl FileItem {
    /// A named file at an external URL.
    pub fn external(name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            source: FileSource::external(url),
        }
    }

    /// A completed file upload; Notion names it after the uploaded file unless `name` is set.
    pub fn upload(id: FileUploadId) -> Self {
        Self {
            name: None,
            source: FileSource::upload(id),
        }
    }
}

impl Serialize for FileItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(name) = &self.name {
            map.serialize_entry("name", name)?;
        }
        self.source.serialize_entry(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for FileItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = FileItem;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Notion file item")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileItem, A::Error> {
                let mut name = None;
                let source = read_tagged(&mut map, FileSource::decode_variant, |key, map| {
                    if key == "name" {
                        name = map.next_value()?;
                        return Ok(true);
                    }
                    Ok(false)
                })?
                .finish(FileSource::type_name, |type_name, raw| {
                    FileSource::Unknown { type_name, raw }
                })?;
                Ok(FileItem { name, source })
            }
        }
        deserializer.deserialize_map(ItemVisitor)
    }
}

/// A custom emoji of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomEmoji {
    /// Its id.
    pub id: CustomEmojiId,
    /// Its name, e.g. `bufo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One of Notion's built-in icons (`{"type":"icon","icon":{"name":..,"color":..}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NativeIcon {
    /// The icon's name, e.g. `pizza`.
    pub name: String,
    /// Its color, e.g. `gray`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A page, data source or database icon.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Icon {
    /// An emoji, e.g. `"⚙️"`.
    Emoji(String),
    /// An image file.
    File(FileSource),
    /// A custom emoji of the workspace.
    CustomEmoji(CustomEmoji),
    /// A built-in Notion icon.
    Native(NativeIcon),
    /// An icon type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The icon object as received.
        raw: Value,
    },
}

impl Icon {
    /// An emoji icon.
    pub fn emoji(emoji: impl Into<String>) -> Self {
        Self::Emoji(emoji.into())
    }
}

impl Serialize for Icon {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Icon::Emoji(emoji) => serialize_tagged(serializer, "emoji", emoji),
            Icon::File(source) => source.serialize(serializer),
            Icon::CustomEmoji(emoji) => serialize_tagged(serializer, "custom_emoji", emoji),
            Icon::Native(icon) => serialize_tagged(serializer, "icon", icon),
            Icon::Unknown { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Icon {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IconVisitor;
        impl<'de> Visitor<'de> for IconVisitor {
            type Value = Icon;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Notion icon object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Icon, A::Error> {
                read_tagged(
                    &mut map,
                    |key, map| {
                        Ok(match key {
                            "emoji" => Some(Icon::Emoji(map.next_value()?)),
                            "custom_emoji" => Some(Icon::CustomEmoji(map.next_value()?)),
                            "icon" => Some(Icon::Native(map.next_value()?)),
                            _ => FileSource::decode_variant(key, map)?.map(Icon::File),
                        })
                    },
                    |_, _| Ok(false),
                )?
                .finish(
                    |icon| match icon {
                        Icon::Emoji(_) => "emoji",
                        Icon::File(source) => source.type_name(),
                        Icon::CustomEmoji(_) => "custom_emoji",
                        Icon::Native(_) => "icon",
                        Icon::Unknown { type_name, .. } => type_name,
                    },
                    |type_name, raw| Icon::Unknown { type_name, raw },
                )
            }
        }
        deserializer.deserialize_map(IconVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emoji_icons_round_trip_without_type() {
        let icon: Icon = serde_json::from_value(json!({"type": "emoji", "emoji": "⚙️"})).unwrap();
        assert_eq!(icon, Icon::emoji("⚙️"));
        assert_eq!(serde_json::to_value(&icon).unwrap(), json!({"emoji": "⚙️"}));
    }

    #[test]
    fn hosted_files_keep_their_expiry() {
        let cover: Cover = serde_json::from_value(json!({
            "type": "file",
            "file": {"url": "https://s3/x.png", "expiry_time": "2026-07-04T10:08:00.000Z"}
        }))
        .unwrap();
        let FileSource::File(file) = &cover else {
            panic!("expected a hosted file");
        };
        assert_eq!(
            file.expiry_time.unwrap().to_string(),
            "2026-07-04T10:08:00Z"
        );
    }

    #[test]
    fn native_icons_decode() {
        let icon: Icon = serde_json::from_value(
            json!({"type": "icon", "icon": {"name": "pizza", "color": "blue"}}),
        )
        .unwrap();
        assert_eq!(
            icon,
            Icon::Native(NativeIcon {
                name: "pizza".into(),
                color: Some("blue".into())
            })
        );
    }

    #[test]
    fn unknown_icon_types_keep_the_raw_object() {
        let icon: Icon =
            serde_json::from_value(json!({"type": "sticker", "sticker": {"id": 1}})).unwrap();
        assert!(matches!(icon, Icon::Unknown { ref type_name, .. } if type_name == "sticker"));
    }

    #[test]
    fn file_items_serialize_name_and_source() {
        let item = FileItem::external("spec.pdf", "https://example.com/spec.pdf");
        assert_eq!(
            serde_json::to_value(&item).unwrap(),
            json!({"name": "spec.pdf", "external": {"url": "https://example.com/spec.pdf"}})
        );
    }
}
