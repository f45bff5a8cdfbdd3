//! Serde plumbing shared by the wire types (crate-private).
//!
//! Notion encodes most unions as `{"type": "<tag>", "<tag>": <content>, ...siblings}`. Serde's
//! built-in enum representations cannot express "the content key is named after the tag", and
//! its internally tagged enums buffer every object before decoding it. [`read_tagged`] instead
//! walks the object once: a key that names a known variant is decoded straight into that
//! variant, sibling keys go to the caller, and everything else is kept as raw JSON so an unknown
//! tag can still be reported as `Unknown { type_name, raw }`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A map key or short string, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// What [`read_tagged`] found in one object.
pub(crate) struct Tagged<'de, V> {
    /// The `type` key, if present.
    pub kind: Option<Cow<'de, str>>,
    /// The variant decoded from the key named after a known tag.
    pub value: Option<V>,
    /// Keys that were neither `type`, a sibling, nor a known variant, as raw JSON.
    pub rest: Map<String, Value>,
}

/// Reads one `{"type": .., "<tag>": ..}` object.
///
/// `variant(key, map)` decodes the value of `key` and returns the variant if `key` names a
/// known tag, or returns `None` without touching `map`. `sibling(key, map)` consumes keys that
/// belong to the enclosing object (`id`, `has_more`, `function`, ...) and returns whether it did.
pub(crate) fn read_tagged<'de, A, V>(
    map: &mut A,
    mut variant: impl FnMut(&str, &mut A) -> Result<Option<V>, A::Error>,
    mut sibling: impl FnMut(&str, &mut A) -> Result<bool, A::Error>,
) -> Result<Tagged<'de, V>, A::Error>
where
    A: MapAccess<'de>,
{
    let mut out = Tagged {
        kind: None,
        value: None,
        rest: Map::new(),
    };
    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
        if key == "type" {
            out.kind = Some(map.next_value::<Key<'de>>()?.0);
            continue;
        }
        if sibling(&key, map)? {
            continue;
        }
        // Only the content key matching `type` matters; once `type` is known, other tag-named
        // keys (rare, e.g. a stray `null`) are kept raw instead of overwriting the variant.
        let wanted = out.kind.as_deref().is_none_or(|kind| kind == key);
        if wanted
            && out.value.is_none()
            && let Some(value) = variant(&key, map)?
        {
            out.value = Some(value);
            continue;
        }
        out.rest.insert(key.into_owned(), map.next_value()?);
    }
    Ok(out)
}

impl<V> Tagged<'_, V> {
    /// Picks the decoded variant when it matches `type` (or when `type` is absent, as in
    /// request shapes), otherwise builds the unknown variant from the raw object.
    ///
    /// Limit: if a known tag's key came before a `type` naming another tag, that key was
    /// already decoded and is missing from `raw`. Notion never sends such objects.
    pub fn finish<E: de::Error>(
        self,
        type_name: impl Fn(&V) -> &str,
        unknown: impl FnOnce(String, Value) -> V,
    ) -> Result<V, E> {
        match (self.kind, self.value) {
            (Some(kind), Some(value)) if type_name(&value) == kind => Ok(value),
            (None, Some(value)) => Ok(value),
            (Some(kind), _) => {
                let mut raw = self.rest;
                raw.insert("type".to_owned(), Value::String(kind.clone().into_owned()));
                Ok(unknown(kind.into_owned(), Value::Object(raw)))
            }
            (None, None) => Err(E::missing_field("type")),
        }
    }
}

/// Serializes `{key: value}`, the request shape of a tagged union (Notion's `type` is optional
/// in requests, and Notion's own SDKs omit it).
pub(crate) fn serialize_tagged<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// Serializes as `{}`, the content of configs and values that carry no data.
pub(crate) struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// Defines a string enum that keeps unknown values in `Other(String)` instead of failing, for
/// the open-ended vocabularies of Notion (colors, number formats, rollup functions, ...).
macro_rules! open_string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of notion-orm does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The value as Notion spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $text => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let key = $crate::types::de::Key::deserialize(deserializer)?;
                Ok(Self::from(&*key.0))
            }
        }
    };
}

pub(crate) use open_string_enum;
