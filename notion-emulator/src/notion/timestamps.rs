//! The two timestamp forms Notion writes for the objects in the emulator's extra modules.
//!
//! Comments and file uploads use minute-rounded UTC (`2026-07-04T09:11:00.000Z`, as recorded);
//! views and import results use milliseconds with an explicit offset
//! (`2026-07-04T09:10:20.602+00:00`).

use jiff::Timestamp;

/// `2026-07-04T09:11:00.000Z`; with `round` off the seconds and milliseconds are kept, for tests
/// that need distinct times within a minute (see [`crate::Config::round_timestamps_to_minute`]).
pub(crate) fn minute_time(at: Timestamp, round: bool) -> String {
    let format = if round {
        "%Y-%m-%dT%H:%M:00.000Z"
    } else {
        "%Y-%m-%dT%H:%M:%S%.3fZ"
    };
    at.strftime(format).to_string()
}

/// `2026-07-04T09:10:20.602+00:00`.
pub(crate) fn millis_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_time_rounds_down_to_the_minute() {
        let at: Timestamp = "2026-07-04T09:11:43.5Z".parse().unwrap();
        assert_eq!(minute_time(at, true), "2026-07-04T09:11:00.000Z");
        assert_eq!(minute_time(at, false), "2026-07-04T09:11:43.500Z");
    }

    #[test]
    fn millis_time_keeps_milliseconds_and_an_offset() {
        let at: Timestamp = "2026-07-04T09:11:43.5Z".parse().unwrap();
        assert_eq!(millis_time(at), "2026-07-04T09:11:43.500+00:00");
    }
}
