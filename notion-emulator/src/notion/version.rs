//! The `Notion-Version`s the emulator speaks, and what differs between them.

/// A `Notion-Version` the emulator speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ApiVersion {
    /// `2025-09-03`: data sources; responses carry both `archived` and `in_trash`.
    V2025_09_03,
    /// `2026-03-11`: `archived` removed, `position` replaces `after`.
    V2026_03_11,
}

impl ApiVersion {
    pub(crate) fn parse(raw: &str) -> Option<Self> {
        match raw {
            "2025-09-03" => Some(Self::V2025_09_03),
            "2026-03-11" => Some(Self::V2026_03_11),
            _ => None,
        }
    }

    /// Whether responses still carry the deprecated `archived` flag.
    pub(crate) fn has_archived(self) -> bool {
        self == Self::V2025_09_03
    }
}
