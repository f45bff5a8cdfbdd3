//! Dates as Notion writes them: date-only or date-time, with an optional IANA time zone.
//!
//! A date property value is `{"start": .., "end": .. | null, "time_zone": .. | null}`. Each end
//! is either a calendar date (`2024-01-31`) or a date-time. Reads carry an offset
//! (`2022-02-25T01:23:00.000+09:00`); writes that name a `time_zone` must omit it
//! (`2024-01-31T10:00:00`). [`DateOrDateTime`] keeps which form was used, so a value decoded
//! from Notion serializes back to the same text. Date-times are printed the way Notion prints
//! them: milliseconds always, a zero offset as `+00:00`.

use std::fmt;
use std::str::FromStr;

use jiff::civil;
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One end of a Notion date: a calendar date or a date-time.
///
/// ```
/// use notion_orm::types::DateOrDateTime;
///
/// let date: DateOrDateTime = "2024-01-31".parse()?;
/// assert!(!date.has_time());
/// let instant: DateOrDateTime = "2022-02-25T01:23:00.000+09:00".parse()?;
/// assert_eq!(instant.to_string(), "2022-02-25T01:23:00.000+09:00");
/// assert_eq!(instant.timestamp().unwrap().to_string(), "2022-02-24T16:23:00Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrDateTime {
    /// A date without a time, e.g. `2024-01-31`.
    Date(civil::Date),
    /// A date with a time of day.
    DateTime {
        /// The wall-clock date and time.
        datetime: civil::DateTime,
        /// The UTC offset Notion sent; `None` when the text had none, which happens in
        /// requests that name a `time_zone` (Notion then interprets the time in that zone).
        offset: Option<Offset>,
    },
}

impl DateOrDateTime {
    /// The calendar date, dropping any time of day.
    pub fn date(&self) -> civil::Date {
        match self {
            Self::Date(date) => *date,
            Self::DateTime { datetime, .. } => datetime.date(),
        }
    }

    /// Whether a time of day is present.
    pub fn has_time(&self) -> bool {
        matches!(self, Self::DateTime { .. })
    }

    /// The instant this denotes, when it is a date-time with an offset.
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        match self {
            Self::DateTime {
                datetime,
                offset: Some(offset),
            } => offset.to_timestamp(*datetime).ok(),
            _ => None,
        }
    }
}

impl From<civil::Date> for DateOrDateTime {
    fn from(date: civil::Date) -> Self {
        Self::Date(date)
    }
}

impl From<jiff::Timestamp> for DateOrDateTime {
    /// A UTC date-time, e.g. `2024-01-31T10:00:00.000+00:00`.
    fn from(timestamp: jiff::Timestamp) -> Self {
        Self::DateTime {
            datetime: Offset::UTC.to_datetime(timestamp),
            offset: Some(Offset::UTC),
        }
    }
}

impl From<&jiff::ZonedDateTime> for DateOrDateTime {
    /// The wall-clock time of `zoned` with its offset.
    fn from(zoned: &jiff::ZonedDateTime) -> Self {
        Self::DateTime {
            datetime: zoned.datetime(),
            offset: Some(zoned.offset()),
        }
    }
}

/// The error returned when a string is not a Notion date or date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a Notion date (`YYYY-MM-DD`) or ISO 8601 date-time: {reason}")]
pub struct ParseDateError {
    input: String,
    reason: String,
}

impl FromStr for DateOrDateTime {
    type Err = ParseDateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let error = |reason: String| ParseDateError {
            input: input.chars().take(80).collect(),
            reason,
        };
        let pieces = Pieces::parse(input).map_err(|e| error(e.to_string()))?;
        Ok(match pieces.time() {
            None => Self::Date(pieces.date()),
            Some(time) => Self::DateTime {
                datetime: pieces.date().to_datetime(time),
                offset: pieces.to_numeric_offset(),
            },
        })
    }
}

impl fmt::Display for DateOrDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date(date) => write!(f, "{date}"),
            Self::DateTime { datetime, offset } => {
                let time = datetime.time();
                write!(
                    f,
                    "{}T{:02}:{:02}:{:02}.{:03}",
                    datetime.date(),
                    time.hour(),
                    time.minute(),
                    time.second(),
                    time.millisecond()
                )?;
                if let Some(offset) = offset {
                    let seconds = offset.seconds();
                    let sign = if seconds < 0 { '-' } else { '+' };
                    let minutes = seconds.unsigned_abs() / 60;
                    write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for DateOrDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateOrDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = super::de::Key::deserialize(deserializer)?;
        text.0.parse().map_err(serde::de::Error::custom)
    }
}

/// A date property value, date mention or formula/rollup date result.
///
/// Serializes to the request shape `{"start": .., "end"?: .., "time_zone"?: ..}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateValue {
    /// The start, or the only date.
    pub start: DateOrDateTime,
    /// The end of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateOrDateTime>,
    /// An IANA time zone name such as `America/New_York`; when set, `start` and `end` are
    /// wall-clock times in that zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

impl DateValue {
    /// A single date or date-time without end or time zone.
    pub fn new(start: impl Into<DateOrDateTime>) -> Self {
        Self {
            start: start.into(),
            end: None,
            time_zone: None,
        }
    }

    /// A range from `start` to `end`.
    pub fn range(start: impl Into<DateOrDateTime>, end: impl Into<DateOrDateTime>) -> Self {
        Self {
            start: start.into(),
            end: Some(end.into()),
            time_zone: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_only_round_trips() {
        let date: DateOrDateTime = "2024-01-31".parse().unwrap();
        assert_eq!(date, DateOrDateTime::Date(civil::date(2024, 1, 31)));
        assert_eq!(date.to_string(), "2024-01-31");
    }

    #[test]
    fn datetime_with_offset_round_trips() {
        let text = "2022-02-25T01:23:00.000+09:00";
        let value: DateOrDateTime = text.parse().unwrap();
        assert_eq!(value.to_string(), text);
        assert_eq!(
            value.timestamp().unwrap().to_string(),
            "2022-02-24T16:23:00Z"
        );
    }

    #[test]
    fn negative_offsets_keep_their_sign() {
        let text = "2021-05-11T11:00:00.000-04:30";
        assert_eq!(text.parse::<DateOrDateTime>().unwrap().to_string(), text);
    }

    #[test]
    fn zulu_is_printed_as_zero_offset() {
        let value: DateOrDateTime = "2024-01-31T10:00:00Z".parse().unwrap();
        assert_eq!(value.to_string(), "2024-01-31T10:00:00.000+00:00");
    }

    #[test]
    fn datetime_without_offset_stays_floating() {
        let value: DateOrDateTime = "2024-01-31T10:00:00.000".parse().unwrap();
        assert!(value.timestamp().is_none());
        assert_eq!(value.to_string(), "2024-01-31T10:00:00.000");
    }

    #[test]
    fn garbage_is_an_error_naming_the_input() {
        let err = "next tuesday".parse::<DateOrDateTime>().unwrap_err();
        assert!(err.to_string().contains("next tuesday"), "{err}");
    }
}
