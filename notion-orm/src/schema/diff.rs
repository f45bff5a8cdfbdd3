//! [`SchemaDiff`]: how one property schema differs from another, matching properties by id so
//! that a rename reads as a rename, not as a deletion and an addition.
//!
//! Both sides are `properties` maps, either as Notion answers them (a data-source object's
//! `properties`, or a snapshot's) or in request shape (`{"Done": {"checkbox": {}}}`, as
//! [`NotionModel::schema`](crate::NotionModel::schema) writes it). Properties and options are
//! matched by id when both sides have one, then by name (options case-insensitively, as Notion
//! compares option names), so a schema from another workspace still lines up by name.

use std::fmt;

use serde_json::{Map, Value};

/// Every difference between two property schemas, `from` → `to`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaDiff {
    /// One entry per property that differs, in `from`'s order, then the added ones.
    pub changes: Vec<PropertyChange>,
}

/// How one property differs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PropertyChange {
    /// Only in `to`.
    Added {
        /// Its name in `to`.
        name: String,
        /// Its kind.
        kind: String,
        /// Its configuration in `to`: `{"type": kind, kind: {..}, "description": ..}`.
        config: Value,
    },
    /// Only in `from`.
    Removed {
        /// Its id in `from`, when known.
        id: Option<String>,
        /// Its name in `from`.
        name: String,
        /// Its kind.
        kind: String,
    },
    /// On both sides, with a different name, kind or options.
    Changed(ChangedProperty),
}

/// A property present on both sides whose name, kind or options differ.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangedProperty {
    /// Its id in `from`, when known (how a plan addresses it).
    pub id: Option<String>,
    /// Its name in `from`.
    pub name: String,
    /// Its name in `to`, when it was renamed.
    pub renamed_to: Option<String>,
    /// `(from, to)` kinds, when the kind changed.
    pub kind_change: Option<(String, String)>,
    /// Option changes of a select, multi_select or status of the same kind on both sides.
    pub options: Vec<OptionChange>,
    /// Its configuration in `to`.
    pub config: Value,
}

/// How one option of a select, multi_select or status differs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionChange {
    /// Only in `to`.
    Added {
        /// The option name.
        name: String,
    },
    /// Only in `from`.
    Removed {
        /// The option name.
        name: String,
    },
    /// Same option id, another name.
    Renamed {
        /// The option id.
        id: String,
        /// Its name in `from`.
        from: String,
        /// Its name in `to`.
        to: String,
    },
}

/// The kinds whose configuration lists options.
const OPTION_KINDS: &[&str] = &["select", "multi_select", "status"];

impl SchemaDiff {
    /// The differences from `from` to `to`, two `properties` maps (response or request shape).
    ///
    /// ```
    /// use notion_orm::schema::{PropertyChange, SchemaDiff};
    /// use serde_json::json;
    ///
    /// let snapshot = json!({"Due": {"id": "a1", "name": "Due", "type": "date", "date": {}}});
    /// let live = json!({"Deadline": {"id": "a1", "name": "Deadline", "type": "date", "date": {}}});
    /// let diff = SchemaDiff::between(snapshot.as_object().unwrap(), live.as_object().unwrap());
    /// assert!(matches!(&diff.changes[0], PropertyChange::Changed(c) if c.renamed_to.as_deref() == Some("Deadline")));
    /// assert_eq!(diff.to_string(), "  ~ property \"Due\" renamed to \"Deadline\" (id a1)\n");
    /// ```
    pub fn between(from: &Map<String, Value>, to: &Map<String, Value>) -> SchemaDiff {
        let from: Vec<Prop<'_>> = from.iter().map(Prop::read).collect();
        let to: Vec<Prop<'_>> = to.iter().map(Prop::read).collect();
        // A data source has exactly one title, so the two titles are the same property
        // whatever their names (a model's title has no id to match by).
        let pairs = match_up(
            &from,
            &to,
            |a, b| a.kind == "title" && b.kind == "title",
            |a, b| a.name == b.name,
        );
        let mut changes = Vec::new();
        for (i, old) in from.iter().enumerate() {
            match pairs.iter().find(|(f, _)| *f == i) {
                None => changes.push(PropertyChange::Removed {
                    id: old.id.map(str::to_owned),
                    name: old.name.to_owned(),
                    kind: old.kind.to_owned(),
                }),
                Some(&(_, j)) => {
                    if let Some(changed) = compare(old, &to[j]) {
                        changes.push(PropertyChange::Changed(changed));
                    }
                }
            }
        }
        for (j, new) in to.iter().enumerate() {
            if !pairs.iter().any(|(_, t)| *t == j) {
                changes.push(PropertyChange::Added {
                    name: new.name.to_owned(),
                    kind: new.kind.to_owned(),
                    config: new.config(),
                });
            }
        }
        SchemaDiff { changes }
    }

    /// Whether the two schemas are the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether applying the change from `from` to `to` would lose data: a property or option
    /// removed, or a kind changed.
    pub fn is_destructive(&self) -> bool {
        self.changes.iter().any(PropertyChange::is_destructive)
    }

    /// The same diff without its destructive parts: what can be applied safely.
    pub fn without_destructive(&self) -> SchemaDiff {
        let changes = self
            .changes
            .iter()
            .filter_map(|change| match change {
                PropertyChange::Removed { .. } => None,
                PropertyChange::Added { .. } => Some(change.clone()),
                PropertyChange::Changed(c) => {
                    let mut c = c.clone();
                    if c.kind_change.is_some() {
                        c.kind_change = None;
                        c.options.clear();
                    }
                    // Notion deletes the options an update leaves out: keep the removed ones.
                    let kind = c.config["type"].as_str().unwrap_or_default().to_owned();
                    for option in &c.options {
                        if let (OptionChange::Removed { name }, Some(Value::Array(options))) =
                            (option, c.config[kind.as_str()].get_mut("options"))
                        {
                            options.push(serde_json::json!({ "name": name }));
                        }
                    }
                    c.options
                        .retain(|o| !matches!(o, OptionChange::Removed { .. }));
                    (c.renamed_to.is_some() || !c.options.is_empty())
                        .then_some(PropertyChange::Changed(c))
                }
            })
            .collect();
        SchemaDiff { changes }
    }
}

impl PropertyChange {
    /// Whether this change loses data when applied.
    pub fn is_destructive(&self) -> bool {
        match self {
            PropertyChange::Added { .. } => false,
            PropertyChange::Removed { .. } => true,
            PropertyChange::Changed(c) => {
                c.kind_change.is_some()
                    || c.options
                        .iter()
                        .any(|o| matches!(o, OptionChange::Removed { .. }))
            }
        }
    }
}

/// Lists each difference on its own line: `+` added, `-` removed, `~` changed.
impl fmt::Display for SchemaDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            match change {
                PropertyChange::Added { name, kind, .. } => {
                    writeln!(f, "  + property {name:?} ({kind}) added")?;
                }
                PropertyChange::Removed { name, kind, .. } => {
                    writeln!(f, "  - property {name:?} ({kind}) removed")?;
                }
                PropertyChange::Changed(c) => {
                    if let Some(new_name) = &c.renamed_to {
                        let id = c.id.as_deref().unwrap_or("?");
                        writeln!(
                            f,
                            "  ~ property {:?} renamed to {new_name:?} (id {id})",
                            c.name
                        )?;
                    }
                    let name = c.renamed_to.as_ref().unwrap_or(&c.name);
                    if let Some((from, to)) = &c.kind_change {
                        writeln!(f, "  ~ property {name:?}: kind {from} -> {to}")?;
                    }
                    for option in &c.options {
                        match option {
                            OptionChange::Added { name: option } => {
                                writeln!(f, "  ~ property {name:?}: option {option:?} added")?;
                            }
                            OptionChange::Removed { name: option } => {
                                writeln!(f, "  ~ property {name:?}: option {option:?} removed")?;
                            }
                            OptionChange::Renamed { from, to, .. } => writeln!(
                                f,
                                "  ~ property {name:?}: option {from:?} renamed to {to:?}"
                            )?,
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// One property, in either shape.
struct Prop<'a> {
    id: Option<&'a str>,
    name: &'a str,
    kind: &'a str,
    /// The kind's own object (`{"options": [..]}` for a select).
    settings: Option<&'a Value>,
    description: Option<&'a Value>,
}

impl<'a> Prop<'a> {
    fn read((key, value): (&'a String, &'a Value)) -> Prop<'a> {
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .or_else(|| {
                // Request shape: the one key that is not metadata names the kind.
                value.as_object().and_then(|map| {
                    map.keys()
                        .map(String::as_str)
                        .find(|k| !matches!(*k, "id" | "name" | "description" | "type"))
                })
            })
            .unwrap_or("unknown");
        Prop {
            id: value.get("id").and_then(Value::as_str),
            name: value.get("name").and_then(Value::as_str).unwrap_or(key),
            kind,
            settings: value.get(kind),
            description: value.get("description"),
        }
    }

    fn options(&self) -> Vec<Opt<'a>> {
        self.settings
            .and_then(|s| s.get("options"))
            .and_then(Value::as_array)
            .map(|options| {
                options
                    .iter()
                    .filter_map(|o| {
                        Some(Opt {
                            id: o.get("id").and_then(Value::as_str),
                            name: o.get("name").and_then(Value::as_str)?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The response-shaped configuration: `{"type": kind, kind: {..}, "description": ..}`.
    fn config(&self) -> Value {
        let mut map = Map::new();
        map.insert("type".into(), Value::String(self.kind.to_owned()));
        map.insert(
            self.kind.to_owned(),
            self.settings
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new())),
        );
        if let Some(description) = self.description.filter(|d| !d.is_null()) {
            map.insert("description".into(), description.clone());
        }
        Value::Object(map)
    }
}

/// An option of a select-like property.
struct Opt<'a> {
    id: Option<&'a str>,
    name: &'a str,
}

trait HasId {
    fn id(&self) -> Option<&str>;
}

impl HasId for Prop<'_> {
    fn id(&self) -> Option<&str> {
        self.id
    }
}

impl HasId for Opt<'_> {
    fn id(&self) -> Option<&str> {
        self.id
    }
}

/// Pairs `(index in from, index in to)`: first by id, then the rest by `same_slot`, then by
/// `same_name`.
fn match_up<T: HasId>(
    from: &[T],
    to: &[T],
    same_slot: impl Fn(&T, &T) -> bool,
    same_name: impl Fn(&T, &T) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, a) in from.iter().enumerate() {
        if let Some(j) = to.iter().position(|b| a.id().is_some() && a.id() == b.id()) {
            pairs.push((i, j));
        }
    }
    for same in [&same_slot as &dyn Fn(&T, &T) -> bool, &same_name] {
        for (i, a) in from.iter().enumerate() {
            if pairs.iter().any(|(f, _)| *f == i) {
                continue;
            }
            let free = |j: &usize| !pairs.iter().any(|(_, t)| t == j);
            if let Some(j) = (0..to.len()).filter(free).find(|&j| same(a, &to[j])) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// The difference between two matched properties, if any.
fn compare(old: &Prop<'_>, new: &Prop<'_>) -> Option<ChangedProperty> {
    let renamed_to = (old.name != new.name).then(|| new.name.to_owned());
    let kind_change = (old.kind != new.kind).then(|| (old.kind.to_owned(), new.kind.to_owned()));
    let options = if kind_change.is_none() && OPTION_KINDS.contains(&old.kind) {
        compare_options(&old.options(), &new.options())
    } else {
        Vec::new()
    };
    if renamed_to.is_none() && kind_change.is_none() && options.is_empty() {
        return None;
    }
    Some(ChangedProperty {
        id: old.id.map(str::to_owned),
        name: old.name.to_owned(),
        renamed_to,
        kind_change,
        options,
        config: new.config(),
    })
}

fn compare_options(old: &[Opt<'_>], new: &[Opt<'_>]) -> Vec<OptionChange> {
    let pairs = match_up(
        old,
        new,
        |_, _| false,
        |a, b| a.name.eq_ignore_ascii_case(b.name),
    );
    let mut changes = Vec::new();
    for (i, option) in old.iter().enumerate() {
        match pairs.iter().find(|(f, _)| *f == i) {
            None => changes.push(OptionChange::Removed {
                name: option.name.to_owned(),
            }),
            Some(&(_, j)) if new[j].name != option.name => changes.push(OptionChange::Renamed {
                id: option.id.unwrap_or_default().to_owned(),
                from: option.name.to_owned(),
                to: new[j].name.to_owned(),
            }),
            Some(_) => {}
        }
    }
    for (j, option) in new.iter().enumerate() {
        if !pairs.iter().any(|(_, t)| *t == j) {
            changes.push(OptionChange::Added {
                name: option.name.to_owned(),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn select(id: &str, name: &str, options: &[(&str, &str)]) -> Value {
        let options: Vec<Value> = options
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name, "color": "default"}))
            .collect();
        json!({"id": id, "name": name, "type": "select", "select": {"options": options}})
    }

    #[test]
    fn identical_schemas_have_no_diff() {
        let schema =
            props(json!({"Name": {"id": "title", "name": "Name", "type": "title", "title": {}}}));
        assert!(SchemaDiff::between(&schema, &schema).is_empty());
    }

    #[test]
    fn renames_are_found_by_property_id() {
        let from = props(json!({"Due": {"id": "x", "name": "Due", "type": "date", "date": {}}}));
        let to = props(json!({"When": {"id": "x", "name": "When", "type": "date", "date": {}}}));
        let diff = SchemaDiff::between(&from, &to);
        assert_eq!(diff.changes.len(), 1);
        assert!(!diff.is_destructive());
        assert!(diff.to_string().contains("\"Due\" renamed to \"When\""));
    }

    #[test]
    fn additions_removals_and_kind_changes_are_listed() {
        let from = props(json!({
            "A": {"id": "a", "name": "A", "type": "number", "number": {"format": "number"}},
            "B": {"id": "b", "name": "B", "type": "checkbox", "checkbox": {}},
        }));
        let to = props(json!({
            "A": {"id": "a", "name": "A", "type": "rich_text", "rich_text": {}},
            "C": {"id": "c", "name": "C", "type": "url", "url": {}},
        }));
        let diff = SchemaDiff::between(&from, &to);
        let text = diff.to_string();
        assert!(text.contains("\"A\": kind number -> rich_text"), "{text}");
        assert!(
            text.contains("- property \"B\" (checkbox) removed"),
            "{text}"
        );
        assert!(text.contains("+ property \"C\" (url) added"), "{text}");
        assert!(diff.is_destructive());
        let safe = diff.without_destructive();
        assert_eq!(safe.changes.len(), 1, "{safe}");
        assert!(!safe.is_destructive());
    }

    #[test]
    fn option_changes_are_matched_by_id_then_name() {
        let from =
            props(json!({"P": select("p", "P", &[("1", "High"), ("2", "Low"), ("3", "Med")])}));
        let to =
            props(json!({"P": select("p", "P", &[("1", "Urgent"), ("3", "med"), ("4", "New")])}));
        let diff = SchemaDiff::between(&from, &to);
        let PropertyChange::Changed(changed) = &diff.changes[0] else {
            panic!("{diff:?}")
        };
        assert_eq!(
            changed.options,
            [
                OptionChange::Renamed {
                    id: "1".into(),
                    from: "High".into(),
                    to: "Urgent".into()
                },
                OptionChange::Removed { name: "Low".into() },
                OptionChange::Renamed {
                    id: "3".into(),
                    from: "Med".into(),
                    to: "med".into()
                },
                OptionChange::Added { name: "New".into() },
            ]
        );
    }

    #[test]
    fn the_titles_are_one_property_whatever_their_names() {
        let live =
            props(json!({"Title": {"id": "title", "name": "Title", "type": "title", "title": {}}}));
        let model = props(json!({"Name": {"title": {}}}));
        let diff = SchemaDiff::between(&live, &model);
        assert_eq!(
            diff.to_string(),
            "  ~ property \"Title\" renamed to \"Name\" (id title)\n"
        );
    }

    #[test]
    fn request_shaped_schemas_match_by_name() {
        let live =
            props(json!({"Done": {"id": "d", "name": "Done", "type": "checkbox", "checkbox": {}}}));
        let model = props(
            json!({"Done": {"checkbox": {}}, "Tags": {"multi_select": {"options": [{"name": "a"}]}}}),
        );
        let diff = SchemaDiff::between(&live, &model);
        assert_eq!(diff.changes.len(), 1);
        assert!(
            matches!(&diff.changes[0], PropertyChange::Added { kind, .. } if kind == "multi_select")
        );
    }
}
