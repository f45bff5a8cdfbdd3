//! The `Notion-Version` header value.

use std::fmt;
use std::str::FromStr;

/// The Notion API version sent in `Notion-Version`.
///
/// Responses of both versions decode into the same types: `2025-09-03` sends `archived` and
/// `in_trash`, `2026-03-11` only `in_trash`. Request shapes that differ (block `position` versus
/// `after`) are chosen from [`crate::Client::version`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum NotionVersion {
    /// `2025-09-03`: databases contain data sources (the default, as in Notion's own SDKs).
    #[default]
    V2025_09_03,
    /// `2026-03-11`: `archived` removed in favour of `in_trash`, block `position`.
    V2026_03_11,
}

impl NotionVersion {
    /// The header value, e.g. `"2025-09-03"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            NotionVersion::V2025_09_03 => "2025-09-03",
            NotionVersion::V2026_03_11 => "2026-03-11",
        }
    }
}

impl fmt::Display for NotionVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NotionVersion {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim() {
            "2025-09-03" => Ok(NotionVersion::V2025_09_03),
            "2026-03-11" => Ok(NotionVersion::V2026_03_11),
            other => Err(crate::Error::Config(format!(
                "unsupported Notion-Version {other:?}: this crate speaks 2025-09-03 and 2026-03-11"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_round_trip_through_their_header_value() {
        for v in [NotionVersion::V2025_09_03, NotionVersion::V2026_03_11] {
            assert_eq!(v.as_str().parse::<NotionVersion>().unwrap(), v);
        }
    }

    #[test]
    fn unknown_versions_are_a_config_error() {
        assert!(matches!(
            "2022-06-28".parse::<NotionVersion>(),
            Err(crate::Error::Config(_))
        ));
    }
}
