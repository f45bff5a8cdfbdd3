//! "Did you mean": the closest of some known names to a misspelled one.

/// The candidate closest to `wanted`: first one that differs only in case and spacing
/// (`Due date` for `due_date`), else the nearest by edit distance, if it is near enough to be
/// a typo rather than another name.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let folded = fold(wanted);
    if let Some(same) = candidates.iter().find(|c| fold(c) == folded) {
        return Some(same);
    }
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&folded, &fold(c)), c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `" did you mean \"Due date\"?"`, or nothing.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(wanted, candidates)
        .map(|c| format!("; did you mean {c:?}?"))
        .unwrap_or_default()
}

/// Lower case without spaces, underscores or dashes.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn case_and_spacing_differences_come_first() {
        let names = ["Due", "Due date", "Done"];
        assert_eq!(closest("due_date", names), Some("Due date"));
        assert_eq!(closest("DONE", names), Some("Done"));
    }

    #[test]
    fn then_the_nearest_by_edit_distance() {
        assert_eq!(
            closest("Priorty", ["Priority", "Project"]),
            Some("Priority")
        );
    }

    #[test]
    fn distant_names_are_not_suggested() {
        assert_eq!(closest("Owner", ["Priority", "Project"]), None);
    }
}
