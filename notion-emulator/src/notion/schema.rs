//! Data-source schemas: turning a property configuration from a request
//! (`{"number":{"format":"dollar"}}`, `{"relation":{"data_source_id":..}}`, ...) into the stored,
//! response-shaped [`PropertySchema`], with Notion's validation of option names and limits.

use rand::RngExt;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::notion::error::{ApiError, ApiResult};
use crate::notion::formula;
use crate::notion::ids::parse_uuid;
use crate::notion::richtext::{MAX_ARRAY_ITEMS, describe};
use crate::world::{PropertySchema, World};

/// Every property type a schema may declare.
pub(crate) const PROPERTY_TYPES: &[&str] = &[
    "title",
    "rich_text",
    "number",
    "select",
    "multi_select",
    "status",
    "date",
    "people",
    "files",
    "checkbox",
    "url",
    "email",
    "phone_number",
    "formula",
    "relation",
    "rollup",
    "created_time",
    "created_by",
    "last_edited_time",
    "last_edited_by",
    "unique_id",
    "verification",
    "button",
    "place",
    "location",
    "last_visited_time",
];

/// Types whose values the API computes; writing them is an error.
pub(crate) const READ_ONLY_TYPES: &[&str] = &[
    "formula",
    "rollup",
    "created_time",
    "created_by",
    "last_edited_time",
    "last_edited_by",
    "unique_id",
    "button",
    "last_visited_time",
];

const COLORS: &[&str] = &[
    "default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red",
];

/// The property type a request configuration declares (its one known type key, or `type`).
pub(crate) fn declared_type(config: &Value) -> Option<&'static str> {
    if let Some(kind) = config.get("type").and_then(Value::as_str) {
        return PROPERTY_TYPES.iter().copied().find(|t| *t == kind);
    }
    PROPERTY_TYPES
        .iter()
        .copied()
        .find(|t| config.get(*t).is_some())
}

/// A fresh short property id, unique among `taken`, like Notion's (`"a%3Bx1"` style, but
/// URL-safe characters only so it needs no encoding in paths).
pub(crate) fn new_property_id(taken: &[PropertySchema]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    loop {
        let id: String = (0..4)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        if !taken.iter().any(|p| p.id == id) && id != "title" {
            return id;
        }
    }
}

/// Builds a property from its request configuration at `path` (`properties.<name>`).
///
/// `existing` is the property being replaced (its id and,
/// for select-like types, its option ids are kept), `siblings` the other properties (for rollups).
pub(crate) fn build_property(
    world: &World,
    name: &str,
    config: &Value,
    path: &str,
    existing: Option<&PropertySchema>,
    siblings: &[PropertySchema],
) -> ApiResult<PropertySchema> {
    if !config.is_object() {
        return Err(ApiError::body_field(path, "an object", describe(config)));
    }
    let Some(kind) = declared_type(config) else {
        return Err(ApiError::validation(format!(
            "body failed validation: {path} should be a property configuration with one of the types {}, instead was {}.",
            PROPERTY_TYPES.join(", "),
            describe(config)
        )));
    };
    let options = config.get(kind).cloned().unwrap_or_else(|| json!({}));
    let path = format!("{path}.{kind}");
    let previous = existing.filter(|p| p.kind == kind);
    let built = match kind {
        "number" => {
            let format = options
                .get("format")
                .and_then(Value::as_str)
                .or_else(|| previous.and_then(|p| p.config["format"].as_str()))
                .unwrap_or("number");
            json!({ "format": format })
        }
        "select" | "multi_select" => json!({
            "options": build_options(&options, &path, previous)?,
        }),
        "status" => build_status(&options, &path, previous)?,
        "formula" => {
            let expression = options
                .get("expression")
                .and_then(Value::as_str)
                .or_else(|| previous.and_then(|p| p.config["expression"].as_str()))
                .unwrap_or("");
            if let Err(error) = formula::parse(expression) {
                return Err(ApiError::validation(format!(
                    "Formula expression is invalid: {error}."
                )));
            }
            json!({ "expression": expression })
        }
        "relation" => build_relation(world, &options, &path)?,
        "rollup" => build_rollup(world, &options, &path, siblings)?,
        "unique_id" => json!({
            "prefix": options.get("prefix").cloned().unwrap_or(Value::Null),
        }),
        _ => json!({}),
    };
    let description = match config.get("description") {
        Some(d @ (Value::String(_) | Value::Null)) => d.clone(),
        _ => existing.map_or(Value::Null, |p| p.description.clone()),
    };
    Ok(PropertySchema {
        id: existing.map_or_else(
            || {
                if kind == "title" {
                    "title".to_owned()
                } else {
                    new_property_id(siblings)
                }
            },
            |p| p.id.clone(),
        ),
        name: name.to_owned(),
        description,
        kind: kind.to_owned(),
        config: built,
    })
}

/// Validates and normalises select/multi_select/status options, keeping ids of options that
/// already exist (matched by id or by case-insensitive name).
fn build_options(
    options: &Value,
    path: &str,
    previous: Option<&PropertySchema>,
) -> ApiResult<Vec<Value>> {
    let old: Vec<Value> = previous
        .and_then(|p| p.config["options"].as_array().cloned())
        .unwrap_or_default();
    let Some(requested) = options.get("options") else {
        return Ok(old);
    };
    let Some(requested) = requested.as_array() else {
        return Err(ApiError::body_field(
            &format!("{path}.options"),
            "an array",
            describe(requested),
        ));
    };
    if requested.len() > MAX_ARRAY_ITEMS {
        return Err(ApiError::body_field(
            &format!("{path}.options.length"),
            "≤ 100",
            requested.len(),
        ));
    }
    let mut out: Vec<Value> = Vec::with_capacity(requested.len());
    for (i, option) in requested.iter().enumerate() {
        let item_path = format!("{path}.options[{i}]");
        let by_id = option["id"]
            .as_str()
            .and_then(|id| old.iter().find(|o| o["id"] == id));
        let name = match option["name"].as_str() {
            Some(name) => name.to_owned(),
            None => match by_id {
                Some(o) => o["name"].as_str().unwrap_or_default().to_owned(),
                None => return Err(ApiError::body_missing(&format!("{item_path}.name"))),
            },
        };
        check_option_name(&name, &format!("{item_path}.name"))?;
        if out.iter().any(|o| {
            o["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        }) {
            return Err(ApiError::validation(format!(
                "Duplicate option names are not allowed: {name}."
            )));
        }
        let matched = by_id.or_else(|| {
            old.iter().find(|o| {
                o["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&name))
            })
        });
        let color = match option.get("color").and_then(Value::as_str) {
            Some(c) if COLORS.contains(&c) => c.to_owned(),
            Some(c) => {
                return Err(ApiError::body_field(
                    &format!("{item_path}.color"),
                    &format!("one of {}", COLORS.join(", ")),
                    describe(&json!(c)),
                ));
            }
            None => matched
                .and_then(|o| o["color"].as_str())
                .unwrap_or("default")
                .to_owned(),
        };
        let description = option
            .get("description")
            .cloned()
            .or_else(|| matched.map(|o| o["description"].clone()))
            .unwrap_or(Value::Null);
        let id = matched
            .and_then(|o| o["id"].as_str())
            .map_or_else(new_option_id, str::to_owned);
        out.push(json!({ "id": id, "name": name, "color": color, "description": description }));
    }
    Ok(out)
}

/// Notion forbids commas in option names (they separate values in the UI) and caps length.
pub(crate) fn check_option_name(name: &str, path: &str) -> ApiResult<()> {
    if name.contains(',') {
        return Err(ApiError::validation(format!(
            "body failed validation: {path} should not contain commas, instead was {}.",
            describe(&json!(name))
        )));
    }
    if name.trim().is_empty() {
        return Err(ApiError::body_field(
            path,
            "non-empty",
            describe(&json!(name)),
        ));
    }
    crate::notion::richtext::check_chars(path, name, 100)
}

/// A fresh option id.
pub(crate) fn new_option_id() -> String {
    Uuid::new_v4().to_string()
}

fn build_status(
    options: &Value,
    path: &str,
    previous: Option<&PropertySchema>,
) -> ApiResult<Value> {
    if let Some(previous) = previous {
        let built = build_options(options, path, Some(previous))?;
        let mut config = previous.config.clone();
        // Removed options leave their group; new options join the first ("To-do") group, as
        // in Notion.
        let mut groups = config["groups"].as_array().cloned().unwrap_or_default();
        for group in &mut groups {
            if let Some(ids) = group["option_ids"].as_array_mut() {
                ids.retain(|id| built.iter().any(|o| o["id"] == *id));
            }
        }
        for option in &built {
            let id = &option["id"];
            let grouped = groups.iter().any(|g| {
                g["option_ids"]
                    .as_array()
                    .is_some_and(|ids| ids.contains(id))
            });
            if !grouped
                && let Some(ids) = groups
                    .first_mut()
                    .and_then(|first| first["option_ids"].as_array_mut())
            {
                ids.push(id.clone());
            }
        }
        config["options"] = Value::Array(built);
        config["groups"] = Value::Array(groups);
        return Ok(config);
    }
    let requested = build_options(options, path, None)?;
    let defaults = [
        ("Not started", "default", 0),
        ("In progress", "blue", 1),
        ("Done", "green", 2),
    ];
    let options: Vec<Value> = if requested.is_empty() {
        defaults
            .iter()
            .map(|(name, color, _)| {
                json!({ "id": new_option_id(), "name": name, "color": color, "description": null })
            })
            .collect()
    } else {
        requested
    };
    let mut group_ids: [Vec<Value>; 3] = Default::default();
    for option in &options {
        // Options that are not among the defaults start in "To-do", as new options do.
        let group = defaults
            .iter()
            .find(|(name, _, _)| option["name"] == *name)
            .map_or(0, |(_, _, g)| *g);
        group_ids[group].push(option["id"].clone());
    }
    let groups: Vec<Value> = [("To-do", "gray"), ("In progress", "blue"), ("Complete", "green")]
        .iter()
        .zip(group_ids)
        .map(|((name, color), ids)| {
            json!({ "id": new_option_id(), "name": name, "color": color, "option_ids": ids })
        })
        .collect();
    Ok(json!({ "options": options, "groups": groups }))
}

fn build_relation(world: &World, options: &Value, path: &str) -> ApiResult<Value> {
    let raw = options
        .get("data_source_id")
        .or_else(|| options.get("database_id"))
        .ok_or_else(|| ApiError::body_missing(&format!("{path}.data_source_id")))?;
    let target = raw.as_str().and_then(parse_uuid).ok_or_else(|| {
        ApiError::body_field(
            &format!("{path}.data_source_id"),
            "a valid uuid",
            describe(raw),
        )
    })?;
    // A database id is accepted when the database has exactly one data source.
    let target_ds = if world.data_sources.contains_key(&target) {
        target
    } else {
        match world.database(target).map(|db| db.data_sources.as_slice()) {
            Some([only]) => *only,
            _ => {
                return Err(ApiError::validation(format!(
                    "Could not find data source with ID: {target}."
                )));
            }
        }
    };
    let database_id = world
        .data_source(target_ds)
        .map(|ds| ds.database_id)
        .unwrap_or(target_ds);
    let dual = options.get("type").and_then(Value::as_str) == Some("dual_property")
        || options.get("dual_property").is_some();
    Ok(if dual {
        let synced = options.get("dual_property").cloned().unwrap_or(json!({}));
        json!({
            "database_id": database_id,
            "data_source_id": target_ds,
            "type": "dual_property",
            "dual_property": {
                "synced_property_id": synced.get("synced_property_id").cloned().unwrap_or(Value::Null),
                "synced_property_name": synced.get("synced_property_name").cloned().unwrap_or(Value::Null),
            },
        })
    } else {
        json!({
            "database_id": database_id,
            "data_source_id": target_ds,
            "type": "single_property",
            "single_property": {},
        })
    })
}

fn build_rollup(
    world: &World,
    options: &Value,
    path: &str,
    siblings: &[PropertySchema],
) -> ApiResult<Value> {
    let function = options
        .get("function")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::body_missing(&format!("{path}.function")))?;
    let relation = options
        .get("relation_property_name")
        .or_else(|| options.get("relation_property_id"))
        .and_then(Value::as_str)
        .and_then(|key| {
            siblings
                .iter()
                .find(|p| p.name == key)
                .or_else(|| siblings.iter().find(|p| p.id == key))
        })
        .filter(|p| p.kind == "relation")
        .ok_or_else(|| {
            ApiError::validation(format!(
                "body failed validation: {path}.relation_property_name should name a relation property of this data source."
            ))
        })?;
    let target = relation.config["data_source_id"]
        .as_str()
        .and_then(parse_uuid)
        .and_then(|id| world.data_source(id));
    let rollup_key = options
        .get("rollup_property_name")
        .or_else(|| options.get("rollup_property_id"))
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::body_missing(&format!("{path}.rollup_property_name")))?;
    let rolled = target.and_then(|ds| ds.property(rollup_key)).ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: {path}.rollup_property_name should name a property of the related data source, instead was {}.",
            describe(&json!(rollup_key))
        ))
    })?;
    Ok(json!({
        "function": function,
        "relation_property_name": relation.name,
        "relation_property_id": relation.id,
        "rollup_property_name": rolled.name,
        "rollup_property_id": rolled.id,
    }))
}

/// The response form of a property: `{"id","name","description","type", <type>: config}`.
pub(crate) fn render_property(property: &PropertySchema) -> Value {
    let mut out = Map::new();
    out.insert("id".to_owned(), json!(property.id));
    out.insert("name".to_owned(), json!(property.name));
    out.insert("description".to_owned(), property.description.clone());
    out.insert("type".to_owned(), json!(property.kind));
    out.insert(property.kind.clone(), property.config.clone());
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(config: Value) -> ApiResult<PropertySchema> {
        let world = World::default();
        build_property(&world, "P", &config, "properties.P", None, &[])
    }

    #[test]
    fn number_defaults_to_the_number_format() {
        let p = build(json!({ "number": {} })).unwrap();
        assert_eq!(p.config, json!({ "format": "number" }));
    }

    #[test]
    fn select_options_get_ids_and_default_colors() {
        let p = build(json!({ "select": { "options": [{ "name": "A" }] } })).unwrap();
        let option = &p.config["options"][0];
        assert_eq!(option["name"], "A");
        assert_eq!(option["color"], "default");
        assert!(option["id"].is_string());
    }

    #[test]
    fn option_names_with_commas_are_rejected() {
        let error = build(json!({ "select": { "options": [{ "name": "a,b" }] } })).unwrap_err();
        assert_eq!(error.code, "validation_error");
    }

    #[test]
    fn duplicate_option_names_are_rejected_case_insensitively() {
        let config = json!({ "multi_select": { "options": [{ "name": "A" }, { "name": "a" }] } });
        assert!(build(config).is_err());
    }

    #[test]
    fn status_defaults_to_three_options_in_three_groups() {
        let p = build(json!({ "status": {} })).unwrap();
        assert_eq!(p.config["options"].as_array().unwrap().len(), 3);
        assert_eq!(p.config["groups"][0]["name"], "To-do");
        assert_eq!(
            p.config["groups"][2]["option_ids"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn status_updates_keep_groups_in_step_with_options() {
        let world = World::default();
        let created = build(json!({ "status": {} })).unwrap();
        let done = created.config["options"][2].clone();
        let update =
            json!({ "status": { "options": [{ "id": done["id"] }, { "name": "Blocked" }] } });
        let updated =
            build_property(&world, "P", &update, "properties.P", Some(&created), &[]).unwrap();
        let groups = updated.config["groups"].as_array().unwrap();
        let blocked = &updated.config["options"][1]["id"];
        assert_eq!(groups[0]["option_ids"], json!([blocked]));
        assert_eq!(groups[1]["option_ids"], json!([]));
        assert_eq!(groups[2]["option_ids"], json!([done["id"]]));
    }

    #[test]
    fn a_bad_formula_is_a_validation_error() {
        assert!(build(json!({ "formula": { "expression": "1 +" } })).is_err());
    }

    #[test]
    fn title_keeps_the_title_id() {
        assert_eq!(build(json!({ "title": {} })).unwrap().id, "title");
    }
}
