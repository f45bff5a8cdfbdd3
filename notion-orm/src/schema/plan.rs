//! [`Plan`]: the schema changes that take a live data source to a wanted schema, printed
//! before they are applied, and applied in one `PATCH /v1/data_sources/{id}`.

use std::fmt;

use serde_json::{Map, Value, json};

use super::diff::{ChangedProperty, OptionChange, PropertyChange, SchemaDiff};
use super::{fetch_data_source, properties_of};
use crate::client::{Client, Request};
use crate::types::DataSourceId;
use crate::{Error, Result};

/// The steps from a live data source's schema to a wanted one (a snapshot's or a model's):
/// add properties and options, rename by id, and (destructive) delete properties or options
/// and change kinds.
///
/// ```no_run
/// # async fn run(client: notion_orm::Client, id: notion_orm::types::DataSourceId,
/// #     snapshot: serde_json::Value) -> notion_orm::Result<()> {
/// use notion_orm::schema::{Plan, properties_of};
///
/// let plan = Plan::fetch(&client, id, properties_of(&snapshot)).await?;
/// print!("{plan}"); // one line per step, destructive ones marked
/// plan.apply(&client, false).await?; // refuses if a step is destructive
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The data source the plan changes.
    pub data_source: DataSourceId,
    /// The differences from the live schema to the wanted one.
    pub diff: SchemaDiff,
}

impl Plan {
    /// The plan that takes `live` (a data-source object or its `properties`) to `wanted`
    /// (a `properties` map in response or request shape).
    pub fn new(data_source: DataSourceId, live: &Value, wanted: &Map<String, Value>) -> Plan {
        Plan {
            data_source,
            diff: SchemaDiff::between(properties_of(live), wanted),
        }
    }

    /// Reads the live schema of `data_source` and plans the way to `wanted`.
    ///
    /// # Errors
    ///
    /// Any error of [`Client::send`], e.g. `object_not_found` for a data source that is not
    /// shared with the integration.
    pub async fn fetch(
        client: &Client,
        data_source: DataSourceId,
        wanted: &Map<String, Value>,
    ) -> Result<Plan> {
        let live = fetch_data_source(client, data_source).await?;
        Ok(Plan::new(data_source, &live, wanted))
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.diff.is_empty()
    }

    /// Whether a step loses data (deletes a property or option, or changes a kind).
    pub fn is_destructive(&self) -> bool {
        self.diff.is_destructive()
    }

    /// The same plan without its destructive steps.
    pub fn without_destructive(&self) -> Plan {
        Plan {
            data_source: self.data_source,
            diff: self.diff.without_destructive(),
        }
    }

    /// The `PATCH /v1/data_sources/{id}` body that carries out the plan: existing properties
    /// are addressed by id, new ones by name.
    pub fn request_body(&self) -> Value {
        let mut properties = Map::new();
        for change in &self.diff.changes {
            match change {
                PropertyChange::Added { name, config, .. } => {
                    properties.insert(name.clone(), request_config(config));
                }
                PropertyChange::Removed { id, name, .. } => {
                    properties.insert(id.clone().unwrap_or_else(|| name.clone()), Value::Null);
                }
                PropertyChange::Changed(changed) => {
                    let key = changed.id.clone().unwrap_or_else(|| changed.name.clone());
                    properties.insert(key, changed_property_request(changed));
                }
            }
        }
        json!({ "properties": properties })
    }

    /// Applies the plan in one request. Does nothing when the plan is empty.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] without sending anything when a step is destructive and
    /// `allow_destructive` is false; any error of [`Client::send`].
    pub async fn apply(&self, client: &Client, allow_destructive: bool) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        if self.is_destructive() && !allow_destructive {
            return Err(Error::invalid(
                None,
                None,
                format!(
                    "the plan for data source {} deletes properties or options or changes a \
                     kind; nothing was changed. Allow destructive steps to apply it:\n{self}",
                    self.data_source
                ),
            ));
        }
        let request = Request::patch("/v1/data_sources/{data_source_id}")
            .param(self.data_source)
            .json_value(self.request_body());
        let _: Value = client.send(request).await?;
        Ok(())
    }
}

/// One line per step; destructive steps end in `[destructive]`.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "data source {}: up to date", self.data_source);
        }
        writeln!(f, "data source {}:", self.data_source)?;
        const MARK: &str = "  [destructive]";
        for change in &self.diff.changes {
            match change {
                PropertyChange::Added { name, kind, .. } => {
                    writeln!(f, "  add property {name:?} ({kind})")?;
                }
                PropertyChange::Removed { name, kind, .. } => {
                    writeln!(f, "  delete property {name:?} ({kind}){MARK}")?;
                }
                PropertyChange::Changed(c) => {
                    if let Some(to) = &c.renamed_to {
                        writeln!(f, "  rename property {:?} to {to:?}", c.name)?;
                    }
                    let name = c.renamed_to.as_ref().unwrap_or(&c.name);
                    if let Some((from, to)) = &c.kind_change {
                        writeln!(f, "  change the kind of {name:?} from {from} to {to}{MARK}")?;
                    }
                    for option in &c.options {
                        match option {
                            OptionChange::Added { name: option } => {
                                writeln!(f, "  add option {option:?} to {name:?}")?;
                            }
                            OptionChange::Removed { name: option } => {
                                writeln!(f, "  delete option {option:?} of {name:?}{MARK}")?;
                            }
                            OptionChange::Renamed { from, to, .. } => {
                                writeln!(f, "  rename option {from:?} of {name:?} to {to:?}")?;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The update object of a changed property: its new name and, when the kind or options
/// change, its configuration.
fn changed_property_request(changed: &ChangedProperty) -> Value {
    let mut body = Map::new();
    if let Some(name) = &changed.renamed_to {
        body.insert("name".into(), Value::String(name.clone()));
    }
    if changed.kind_change.is_some() || !changed.options.is_empty() {
        let Value::Object(config) = request_config(&changed.config) else {
            unreachable!("request_config always builds an object")
        };
        let kind = config_kind(&changed.config);
        let mut settings = config.get(kind).cloned().unwrap_or_else(|| json!({}));
        // Renamed options are addressed by id, the others by name, as Notion matches them.
        if let Some(Value::Array(options)) = settings.get_mut("options") {
            for option in options.iter_mut() {
                let renamed = changed.options.iter().find_map(|o| match o {
                    OptionChange::Renamed { id, to, .. } if option["name"] == *to => Some(id),
                    _ => None,
                });
                if let Some(id) = renamed {
                    option["id"] = Value::String(id.clone());
                }
            }
        }
        body.insert(kind.to_owned(), settings);
    }
    Value::Object(body)
}

fn config_kind(config: &Value) -> &str {
    config
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
}

/// A property configuration as Notion reads it (`{"type":"select","select":{"options":[..]}}`)
/// in the shape creates and updates take: read-only parts (ids, status groups, a relation's
/// database id, synced property ids) left out.
pub(crate) fn request_config(config: &Value) -> Value {
    let kind = config_kind(config);
    let settings = config.get(kind).cloned().unwrap_or_else(|| json!({}));
    let settings = match kind {
        "select" | "multi_select" | "status" => {
            let options: Vec<Value> = settings["options"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|option| {
                    let mut out = Map::new();
                    for key in ["name", "color", "description"] {
                        if let Some(value) = option.get(key).filter(|v| !v.is_null()) {
                            out.insert(key.into(), value.clone());
                        }
                    }
                    Value::Object(out)
                })
                .collect();
            json!({ "options": options })
        }
        "relation" => {
            let kind = settings["type"].as_str().unwrap_or("single_property");
            let mut out = json!({
                "data_source_id": settings["data_source_id"],
                "type": kind,
            });
            out[kind] = match settings[kind].get("synced_property_name") {
                Some(name) if kind == "dual_property" => json!({"synced_property_name": name}),
                _ => json!({}),
            };
            out
        }
        "rollup" => json!({
            "function": settings["function"],
            "relation_property_name": settings["relation_property_name"],
            "rollup_property_name": settings["rollup_property_name"],
        }),
        _ => settings,
    };
    let mut out = Map::new();
    out.insert(kind.to_owned(), settings);
    if let Some(description) = config.get("description").filter(|d| !d.is_null()) {
        out.insert("description".into(), description.clone());
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> DataSourceId {
        DataSourceId::parse("2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d").unwrap()
    }

    fn live() -> Value {
        json!({"properties": {
            "Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
            "Deadline": {"id": "d1", "name": "Deadline", "type": "date", "date": {}},
            "Extra": {"id": "e1", "name": "Extra", "type": "number", "number": {"format": "number"}},
            "Priority": {"id": "p1", "name": "Priority", "type": "select", "select": {"options": [
                {"id": "o1", "name": "Hi", "color": "red", "description": null},
                {"id": "o2", "name": "Low", "color": "blue", "description": null},
            ]}},
        }})
    }

    fn wanted() -> Map<String, Value> {
        json!({
            "Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
            "Due": {"id": "d1", "name": "Due", "type": "date", "date": {}},
            "Priority": {"id": "p1", "name": "Priority", "type": "select", "select": {"options": [
                {"id": "o1", "name": "High", "color": "red", "description": null},
                {"id": "o2", "name": "Low", "color": "blue", "description": null},
                {"id": "o3", "name": "Mid", "color": "green", "description": null},
            ]}},
            "Tags": {"id": "t1", "name": "Tags", "type": "multi_select", "multi_select": {"options": []}},
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    #[test]
    fn plans_address_existing_properties_by_id_and_new_ones_by_name() {
        let plan = Plan::new(id(), &live(), &wanted());
        assert!(plan.is_destructive(), "Extra is deleted");
        assert_eq!(
            plan.request_body(),
            json!({"properties": {
                "d1": {"name": "Due"},
                "e1": null,
                "p1": {"select": {"options": [
                    {"id": "o1", "name": "High", "color": "red"},
                    {"name": "Low", "color": "blue"},
                    {"name": "Mid", "color": "green"},
                ]}},
                "Tags": {"multi_select": {"options": []}},
            }})
        );
    }

    #[test]
    fn plans_print_one_line_per_step_and_mark_destructive_ones() {
        let text = Plan::new(id(), &live(), &wanted()).to_string();
        assert!(
            text.contains("rename property \"Deadline\" to \"Due\"\n"),
            "{text}"
        );
        assert!(
            text.contains("delete property \"Extra\" (number)  [destructive]"),
            "{text}"
        );
        assert!(
            text.contains("rename option \"Hi\" of \"Priority\" to \"High\""),
            "{text}"
        );
        assert!(
            text.contains("add option \"Mid\" to \"Priority\""),
            "{text}"
        );
        assert!(
            text.contains("add property \"Tags\" (multi_select)"),
            "{text}"
        );
    }

    #[test]
    fn dropping_destructive_steps_keeps_the_rest() {
        let safe = Plan::new(id(), &live(), &wanted()).without_destructive();
        assert!(!safe.is_destructive());
        assert!(safe.request_body()["properties"].get("e1").is_none());
        assert_eq!(safe.diff.changes.len(), 3);
    }

    #[test]
    fn request_configs_drop_what_notion_computes() {
        let relation = json!({"type": "relation", "relation": {
            "database_id": "db", "data_source_id": "ds", "type": "dual_property",
            "dual_property": {"synced_property_id": "x", "synced_property_name": "Back"}}});
        assert_eq!(
            request_config(&relation),
            json!({"relation": {"data_source_id": "ds", "type": "dual_property",
                "dual_property": {"synced_property_name": "Back"}}})
        );
        let status = json!({"type": "status", "description": "Stage", "status": {
            "options": [{"id": "1", "name": "Todo", "color": "red", "description": null}],
            "groups": [{"id": "g", "name": "To-do", "option_ids": ["1"]}]}});
        assert_eq!(
            request_config(&status),
            json!({"status": {"options": [{"name": "Todo", "color": "red"}]}, "description": "Stage"})
        );
    }
}
