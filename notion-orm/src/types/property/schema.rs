//! Data-source property schemas: read shape, create shape and update shape.
//!
//! A data source reads each property as `{"id":..,"name":..,"description":..,"type":T,T:{..}}`
//! ([`PropertySchema`]). Creating a data source takes `{"<name>": {T:{..}}}` per property, which
//! is what [`PropertyConfig`] serializes to (the request shape: `{"number":{"format":"dollar"}}`,
//! relations name only their data source, status groups are left out because only the UI
//! edits them). Updating takes a [`PropertySchemaChange`] per property: a new config, a rename
//! (`{"name":..}`) or a deletion (`null`).

use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::PropertyType;
use super::value::SelectOption;
use crate::types::color::Color;
use crate::types::de::{Empty, open_string_enum, read_tagged, serialize_tagged};
use crate::types::ids::{DataSourceId, DatabaseId, PropertyId};

/// A property of a data source as read.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertySchema {
    /// The property id; the title property's id is always `title`.
    pub id: PropertyId,
    /// The property name.
    pub name: String,
    /// The description shown in Notion, if any.
    pub description: Option<String>,
    /// The type and its configuration.
    pub config: PropertyConfig,
}

/// The type of a property and its type-specific configuration.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PropertyConfig {
    /// `title` (exactly one per data source)
    Title,
    /// `rich_text`
    RichText,
    /// `number`
    Number(NumberConfig),
    /// `select`
    Select(SelectConfig),
    /// `multi_select`
    MultiSelect(SelectConfig),
    /// `status`
    Status(StatusConfig),
    /// `date`
    Date,
    /// `people`
    People,
    /// `files`
    Files,
    /// `checkbox`
    Checkbox,
    /// `url`
    Url,
    /// `email`
    Email,
    /// `phone_number`
    PhoneNumber,
    /// `formula`
    Formula(FormulaConfig),
    /// `relation`
    Relation(RelationConfig),
    /// `rollup`
    Rollup(RollupConfig),
    /// `created_time`
    CreatedTime,
    /// `created_by`
    CreatedBy,
    /// `last_edited_time`
    LastEditedTime,
    /// `last_edited_by`
    LastEditedBy,
    /// `unique_id`
    UniqueId(UniqueIdConfig),
    /// `verification` (wiki data sources)
    Verification,
    /// `button`
    Button,
    /// `place`
    Place,
    /// `location` (accepted in requests by the SDK; undocumented)
    Location,
    /// `last_visited_time` (accepted in requests by the SDK; undocumented)
    LastVisitedTime,
    /// A property type this version does not know.
    Unknown {
        /// The `type` Notion sent.
        type_name: String,
        /// The config object as received (`type` and the type's key; without id, name and
        /// description).
        raw: Value,
    },
}

open_string_enum! {
    /// How a number property is displayed.
    pub enum NumberFormat {
        /// `number`
        Number = "number",
        /// `number_with_commas`
        NumberWithCommas = "number_with_commas",
        /// `percent`
        Percent = "percent",
        /// `dollar`
        Dollar = "dollar",
        /// `australian_dollar`
        AustralianDollar = "australian_dollar",
        /// `canadian_dollar`
        CanadianDollar = "canadian_dollar",
        /// `singapore_dollar`
        SingaporeDollar = "singapore_dollar",
        /// `euro`
        Euro = "euro",
        /// `pound`
        Pound = "pound",
        /// `yen`
        Yen = "yen",
        /// `ruble`
        Ruble = "ruble",
        /// `rupee`
        Rupee = "rupee",
        /// `won`
        Won = "won",
        /// `yuan`
        Yuan = "yuan",
        /// `real`
        Real = "real",
        /// `lira`
        Lira = "lira",
        /// `rupiah`
        Rupiah = "rupiah",
        /// `franc`
        Franc = "franc",
        /// `hong_kong_dollar`
        HongKongDollar = "hong_kong_dollar",
        /// `new_zealand_dollar`
        NewZealandDollar = "new_zealand_dollar",
        /// `krona`
        Krona = "krona",
        /// `norwegian_krone`
        NorwegianKrone = "norwegian_krone",
        /// `mexican_peso`
        MexicanPeso = "mexican_peso",
        /// `rand`
        Rand = "rand",
        /// `new_taiwan_dollar`
        NewTaiwanDollar = "new_taiwan_dollar",
        /// `danish_krone`
        DanishKrone = "danish_krone",
        /// `zloty`
        Zloty = "zloty",
        /// `baht`
        Baht = "baht",
        /// `forint`
        Forint = "forint",
        /// `koruna`
        Koruna = "koruna",
        /// `shekel`
        Shekel = "shekel",
        /// `chilean_peso`
        ChileanPeso = "chilean_peso",
        /// `philippine_peso`
        PhilippinePeso = "philippine_peso",
        /// `dirham`
        Dirham = "dirham",
        /// `colombian_peso`
        ColombianPeso = "colombian_peso",
        /// `riyal`
        Riyal = "riyal",
        /// `ringgit`
        Ringgit = "ringgit",
        /// `leu`
        Leu = "leu",
        /// `argentine_peso`
        ArgentinePeso = "argentine_peso",
        /// `uruguayan_peso`
        UruguayanPeso = "uruguayan_peso",
        /// `peruvian_sol`
        PeruvianSol = "peruvian_sol",
    }
}

open_string_enum! {
    /// The aggregation of a rollup.
    pub enum RollupFunction {
        /// `count`
        Count = "count",
        /// `count_values`
        CountValues = "count_values",
        /// `empty`
        Empty = "empty",
        /// `not_empty`
        NotEmpty = "not_empty",
        /// `unique`
        Unique = "unique",
        /// `show_unique`
        ShowUnique = "show_unique",
        /// `percent_empty`
        PercentEmpty = "percent_empty",
        /// `percent_not_empty`
        PercentNotEmpty = "percent_not_empty",
        /// `sum`
        Sum = "sum",
        /// `average`
        Average = "average",
        /// `median`
        Median = "median",
        /// `min`
        Min = "min",
        /// `max`
        Max = "max",
        /// `range`
        Range = "range",
        /// `earliest_date`
        EarliestDate = "earliest_date",
        /// `latest_date`
        LatestDate = "latest_date",
        /// `date_range`
        DateRange = "date_range",
        /// `checked`
        Checked = "checked",
        /// `unchecked`
        Unchecked = "unchecked",
        /// `percent_checked`
        PercentChecked = "percent_checked",
        /// `percent_unchecked`
        PercentUnchecked = "percent_unchecked",
        /// `count_per_group`
        CountPerGroup = "count_per_group",
        /// `percent_per_group`
        PercentPerGroup = "percent_per_group",
        /// `show_original`
        ShowOriginal = "show_original",
    }
}

/// Configuration of a number property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberConfig {
    /// The display format; Notion defaults to `number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<NumberFormat>,
}

/// Configuration of a select or multi-select property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectConfig {
    /// The options (at most 100).
    #[serde(default)]
    pub options: Vec<SelectOption>,
}

/// Configuration of a status property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusConfig {
    /// The options.
    #[serde(default)]
    pub options: Vec<SelectOption>,
    /// The groups (To-do, In progress, Complete by default); read only through the API.
    #[serde(default, skip_serializing)]
    pub groups: Vec<StatusGroup>,
}

/// A group of status options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusGroup {
    /// The group id.
    pub id: String,
    /// The group name, e.g. `Complete`.
    pub name: String,
    /// The group color.
    #[serde(default)]
    pub color: Option<Color>,
    /// The ids of the options in this group.
    #[serde(default)]
    pub option_ids: Vec<String>,
}

/// Configuration of a formula property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormulaConfig {
    /// The formula expression.
    #[serde(default)]
    pub expression: String,
}

/// Configuration of a relation property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationConfig {
    /// The related data source.
    pub data_source_id: DataSourceId,
    /// The database containing it (responses only; never sent).
    pub database_id: Option<DatabaseId>,
    /// One-way or two-way.
    pub kind: RelationKind,
}

/// Whether a relation is mirrored on the related data source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelationKind {
    /// `single_property`: one-way.
    Single,
    /// `dual_property`: two-way, with the mirrored property.
    Dual {
        /// The id of the mirrored property.
        synced_property_id: Option<String>,
        /// The name of the mirrored property.
        synced_property_name: Option<String>,
    },
    /// A relation type this version does not know.
    Other(String),
}

/// Configuration of a rollup property; requests may name properties by name or id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollupConfig {
    /// The aggregation.
    pub function: RollupFunction,
    /// The relation property to follow, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_property_name: Option<String>,
    /// The relation property to follow, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_property_id: Option<String>,
    /// The property of the related pages to roll up, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup_property_name: Option<String>,
    /// The property of the related pages to roll up, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup_property_id: Option<String>,
}

/// Configuration of a unique-id property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueIdConfig {
    /// The prefix, e.g. `TASK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// One entry of the `properties` map of a data-source update.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertySchemaChange {
    /// Create the property or replace its configuration (possibly changing its type),
    /// optionally renaming it and setting its description.
    Set {
        /// The new configuration.
        config: PropertyConfig,
        /// A new name, if renaming.
        name: Option<String>,
        /// A new description.
        description: Option<String>,
    },
    /// `{"name": ..}`: rename only.
    Rename(String),
    /// `null`: delete the property.
    Delete,
}

impl PropertyConfig {
    /// The property type as Notion names it.
    pub fn type_name(&self) -> &str {
        match self {
            Self::Title => "title",
            Self::RichText => "rich_text",
            Self::Number(_) => "number",
            Self::Select(_) => "select",
            Self::MultiSelect(_) => "multi_select",
            Self::Status(_) => "status",
            Self::Date => "date",
            Self::People => "people",
            Self::Files => "files",
            Self::Checkbox => "checkbox",
            Self::Url => "url",
            Self::Email => "email",
            Self::PhoneNumber => "phone_number",
            Self::Formula(_) => "formula",
            Self::Relation(_) => "relation",
            Self::Rollup(_) => "rollup",
            Self::CreatedTime => "created_time",
            Self::CreatedBy => "created_by",
            Self::LastEditedTime => "last_edited_time",
            Self::LastEditedBy => "last_edited_by",
            Self::UniqueId(_) => "unique_id",
            Self::Verification => "verification",
            Self::Button => "button",
            Self::Place => "place",
            Self::Location => "location",
            Self::LastVisitedTime => "last_visited_time",
            Self::Unknown { type_name, .. } => type_name,
        }
    }

    /// The property type.
    pub fn property_type(&self) -> PropertyType {
        PropertyType::from(self.type_name())
    }

    /// The options of a select, multi-select or status property.
    pub fn options(&self) -> Option<&[SelectOption]> {
        match self {
            Self::Select(config) | Self::MultiSelect(config) => Some(&config.options),
            Self::Status(config) => Some(&config.options),
            _ => None,
        }
    }

    /// Decodes the value of `key` if `key` names a property type.
    fn decode_variant<'de, A: MapAccess<'de>>(
        key: &str,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error> {
        Ok(Some(match key {
            "number" => Self::Number(map.next_value()?),
            "select" => Self::Select(map.next_value()?),
            "multi_select" => Self::MultiSelect(map.next_value()?),
            "status" => Self::Status(map.next_value()?),
            "formula" => Self::Formula(map.next_value()?),
            "relation" => Self::Relation(map.next_value()?),
            "rollup" => Self::Rollup(map.next_value()?),
            "unique_id" => Self::UniqueId(map.next_value()?),
            _ => match Self::without_config(key) {
                Some(config) => {
                    // Always `{}`; read past it whatever it holds.
                    map.next_value::<IgnoredAny>()?;
                    config
                }
                None => return Ok(None),
            },
        }))
    }

    /// The types whose configuration is always `{}`.
    fn without_config(type_name: &str) -> Option<Self> {
        Some(match type_name {
            "title" => Self::Title,
            "rich_text" => Self::RichText,
            "date" => Self::Date,
            "people" => Self::People,
            "files" => Self::Files,
            "checkbox" => Self::Checkbox,
            "url" => Self::Url,
            "email" => Self::Email,
            "phone_number" => Self::PhoneNumber,
            "created_time" => Self::CreatedTime,
            "created_by" => Self::CreatedBy,
            "last_edited_time" => Self::LastEditedTime,
            "last_edited_by" => Self::LastEditedBy,
            "verification" => Self::Verification,
            "button" => Self::Button,
            "place" => Self::Place,
            "location" => Self::Location,
            "last_visited_time" => Self::LastVisitedTime,
            _ => return None,
        })
    }

    /// Writes the `"<type>": {..}` entry into an open map.
    fn serialize_entry<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        let key = self.type_name();
        match self {
            Self::Number(config) => map.serialize_entry(key, config),
            Self::Select(config) | Self::MultiSelect(config) => map.serialize_entry(key, config),
            Self::Status(config) => map.serialize_entry(key, config),
            Self::Formula(config) => map.serialize_entry(key, config),
            Self::Relation(config) => map.serialize_entry(key, config),
            Self::Rollup(config) => map.serialize_entry(key, config),
            Self::UniqueId(config) => map.serialize_entry(key, config),
            Self::Unknown { raw, .. } => {
                if let Value::Object(fields) = raw {
                    for (field, value) in fields {
                        if field != "type" {
                            map.serialize_entry(field, value)?;
                        }
                    }
                }
                Ok(())
            }
            _ => map.serialize_entry(key, &Empty),
        }
    }
}

impl Serialize for PropertyConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        self.serialize_entry(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for PropertyConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConfigVisitor;
        impl<'de> Visitor<'de> for ConfigVisitor {
            type Value = PropertyConfig;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property configuration")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropertyConfig, A::Error> {
                read_tagged(&mut map, PropertyConfig::decode_variant, |key, map| {
                    // Tolerate the read shape's siblings when decoding a bare config.
                    if matches!(key, "id" | "name" | "description") {
                        map.next_value::<IgnoredAny>()?;
                        return Ok(true);
                    }
                    Ok(false)
                })?
                .finish(PropertyConfig::type_name, |type_name, raw| {
                    PropertyConfig::Unknown { type_name, raw }
                })
            }
        }
        deserializer.deserialize_map(ConfigVisitor)
    }
}

impl<'de> Deserialize<'de> for PropertySchema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SchemaVisitor;
        impl<'de> Visitor<'de> for SchemaVisitor {
            type Value = PropertySchema;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a data-source property")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropertySchema, A::Error> {
                let mut id = None;
                let mut name = None;
                let mut description = None;
                let config = read_tagged(&mut map, PropertyConfig::decode_variant, |key, map| {
                    match key {
                        "id" => id = Some(map.next_value()?),
                        "name" => name = Some(map.next_value()?),
                        "description" => description = map.next_value()?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?
                .finish(PropertyConfig::type_name, |type_name, raw| {
                    PropertyConfig::Unknown { type_name, raw }
                })?;
                Ok(PropertySchema {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    name: name.ok_or_else(|| de::Error::missing_field("name"))?,
                    description,
                    config,
                })
            }
        }
        deserializer.deserialize_map(SchemaVisitor)
    }
}

impl Serialize for PropertySchema {
    /// The create shape: `{"<type>":{..},"description"?:..}` (the name is the map key).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.config.serialize_entry(&mut map)?;
        if let Some(description) = &self.description {
            map.serialize_entry("description", description)?;
        }
        map.end()
    }
}

impl Serialize for PropertySchemaChange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set {
                config,
                name,
                description,
            } => {
                let mut map = serializer.serialize_map(None)?;
                config.serialize_entry(&mut map)?;
                if let Some(name) = name {
                    map.serialize_entry("name", name)?;
                }
                if let Some(description) = description {
                    map.serialize_entry("description", description)?;
                }
                map.end()
            }
            Self::Rename(name) => serialize_tagged(serializer, "name", name),
            Self::Delete => serializer.serialize_unit(),
        }
    }
}

impl Serialize for RelationConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("data_source_id", &self.data_source_id)?;
        match &self.kind {
            RelationKind::Single => {
                map.serialize_entry("type", "single_property")?;
                map.serialize_entry("single_property", &Empty)?;
            }
            RelationKind::Dual {
                synced_property_id,
                synced_property_name,
            } => {
                #[derive(Serialize)]
                struct Dual<'a> {
                    #[serde(skip_serializing_if = "Option::is_none")]
                    synced_property_name: &'a Option<String>,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    synced_property_id: &'a Option<String>,
                }
                map.serialize_entry("type", "dual_property")?;
                map.serialize_entry(
                    "dual_property",
                    &Dual {
                        synced_property_name,
                        synced_property_id,
                    },
                )?;
            }
            RelationKind::Other(type_name) => map.serialize_entry("type", type_name)?,
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for RelationConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, Default)]
        struct Dual {
            #[serde(default)]
            synced_property_id: Option<String>,
            #[serde(default)]
            synced_property_name: Option<String>,
        }
        #[derive(Deserialize)]
        struct Wire {
            data_source_id: DataSourceId,
            #[serde(default)]
            database_id: Option<DatabaseId>,
            #[serde(rename = "type", default)]
            kind: Option<String>,
            #[serde(default)]
            dual_property: Option<Dual>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let kind = match (wire.kind.as_deref(), wire.dual_property) {
            (Some("dual_property"), dual) | (None, dual @ Some(_)) => {
                let dual = dual.unwrap_or_default();
                RelationKind::Dual {
                    synced_property_id: dual.synced_property_id,
                    synced_property_name: dual.synced_property_name,
                }
            }
            (None | Some("single_property"), _) => RelationKind::Single,
            (Some(other), _) => RelationKind::Other(other.to_owned()),
        };
        Ok(RelationConfig {
            data_source_id: wire.data_source_id,
            database_id: wire.database_id,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_reads_keep_id_name_and_description() {
        let schema: PropertySchema = serde_json::from_value(json!({
            "id": "%3CnJT", "name": "Price", "description": "in USD",
            "type": "number", "number": {"format": "dollar"}
        }))
        .unwrap();
        assert_eq!(schema.id.as_str(), "%3CnJT");
        assert_eq!(schema.description.as_deref(), Some("in USD"));
        assert_eq!(
            schema.config,
            PropertyConfig::Number(NumberConfig {
                format: Some(NumberFormat::Dollar)
            })
        );
    }

    #[test]
    fn unknown_number_formats_are_kept() {
        let config: NumberConfig = serde_json::from_value(json!({"format": "bitcoin"})).unwrap();
        assert_eq!(config.format, Some(NumberFormat::Other("bitcoin".into())));
    }

    #[test]
    fn schema_changes_serialize_to_update_shapes() {
        assert_eq!(
            serde_json::to_value(PropertySchemaChange::Rename("Cost".into())).unwrap(),
            json!({"name": "Cost"})
        );
        assert_eq!(
            serde_json::to_value(PropertySchemaChange::Delete).unwrap(),
            Value::Null
        );
    }
}
