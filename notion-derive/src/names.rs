//! Name conventions: `rename_all` rules and the names of generated items.

use heck::{
    ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToTitleCase, ToTrainCase,
    ToUpperCamelCase,
};

/// The `rename_all` rules, as spelled in the attribute.
pub const RENAME_RULES: &[&str] = &[
    "lowercase",
    "UPPERCASE",
    "PascalCase",
    "camelCase",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "Title Case",
    "Train-Case",
    "Sentence case",
];

/// Applies a `rename_all` rule (already checked to be one of [`RENAME_RULES`]).
pub fn apply_rule(rule: &str, name: &str) -> String {
    match rule {
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "PascalCase" => name.to_upper_camel_case(),
        "camelCase" => name.to_lower_camel_case(),
        "snake_case" => name.to_snake_case(),
        "SCREAMING_SNAKE_CASE" => name.to_shouty_snake_case(),
        "kebab-case" => name.to_kebab_case(),
        "Title Case" => name.to_title_case(),
        "Train-Case" => name.to_train_case(),
        "Sentence case" => sentence_case(name),
        _ => name.to_owned(),
    }
}

/// `in_stock` → `In stock`: words as in `snake_case`, spaced, only the first capitalised
/// (heck has no such rule; it is how Notion names its own default properties).
fn sentence_case(name: &str) -> String {
    let words = name.to_snake_case().replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The property kinds, as Notion spells them (mirrors `notion_orm::model::kind::NAMES`).
pub const KINDS: &[&str] = &[
    "title",
    "rich_text",
    "number",
    "checkbox",
    "select",
    "status",
    "multi_select",
    "date",
    "people",
    "files",
    "relation",
    "url",
    "email",
    "phone_number",
    "formula",
    "rollup",
    "created_time",
    "created_by",
    "last_edited_time",
    "last_edited_by",
    "unique_id",
    "verification",
    "button",
];

/// The marker type of a kind: `phone_number` → `PhoneNumber`.
pub fn kind_type(kind: &str) -> String {
    kind.to_upper_camel_case()
}

/// The associated constant of a field: `due_date` → `DUE_DATE`.
pub fn const_name(field: &str) -> String {
    field.trim_start_matches("r#").to_shouty_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_types_are_upper_camel_case() {
        assert_eq!(kind_type("phone_number"), "PhoneNumber");
        assert_eq!(kind_type("unique_id"), "UniqueId");
    }

    #[test]
    fn title_case_renames_snake_case_fields() {
        assert_eq!(apply_rule("Title Case", "due_date"), "Due Date");
    }

    #[test]
    fn sentence_case_capitalises_only_the_first_word() {
        assert_eq!(apply_rule("Sentence case", "in_stock"), "In stock");
        assert_eq!(apply_rule("Sentence case", "external_id"), "External id");
        assert_eq!(apply_rule("Sentence case", "name"), "Name");
        assert_eq!(apply_rule("Sentence case", "DueDate"), "Due date");
    }

    #[test]
    fn raw_identifiers_lose_their_prefix_in_constants() {
        assert_eq!(const_name("r#type"), "TYPE");
    }
}
