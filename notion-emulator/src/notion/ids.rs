//! Ids as Notion accepts them anywhere: dashed or undashed UUIDs.

use uuid::Uuid;

/// Parses a dashed or undashed UUID (the two forms Notion accepts anywhere an id goes).
pub(crate) fn parse_uuid(raw: &str) -> Option<Uuid> {
    let raw = raw.trim();
    if raw.len() != 32 && raw.len() != 36 {
        return None;
    }
    Uuid::try_parse(raw).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_uuid_accepts_dashed_and_undashed_forms() {
        let dashed = parse_uuid("393abc1e-edcd-80f3-813b-e205934558c6").unwrap();
        let undashed = parse_uuid("393abc1eedcd80f3813be205934558c6").unwrap();
        assert_eq!(dashed, undashed);
    }

    #[test]
    fn parse_uuid_rejects_braced_and_urn_forms() {
        assert!(parse_uuid("{393abc1e-edcd-80f3-813b-e205934558c6}").is_none());
        assert!(parse_uuid("urn:uuid:393abc1e-edcd-80f3-813b-e205934558c6").is_none());
    }
}
