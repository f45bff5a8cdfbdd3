//! Cross-field rules, checked after parsing; builds the small models [`expand`](crate::expand)
//! works from. Every problem is collected, so the user sees them all at once.

use darling::util::SpannedValue;
use darling::{Error, Result};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, Type, Visibility};

use crate::names::{KINDS, RENAME_RULES, apply_rule, const_name};
use crate::parse::{FieldInput, ModelInput, SelectInput};
use crate::{check, snapshot};

/// A model, ready to expand.
pub struct Model {
    pub ident: Ident,
    pub vis: Visibility,
    /// The path of the runtime crate (`::notion_orm` unless renamed).
    pub krate: TokenStream,
    /// The data source id known at compile time.
    pub data_source: Option<String>,
    /// The snapshot file the model was checked against, so cargo rebuilds when it changes.
    pub snapshot_path: Option<String>,
    pub fields: Vec<Field>,
    /// Disagreements with the snapshot. They leave the model well-formed, so it is expanded
    /// beside them and the kind checks done by trait bounds are reported in the same build.
    pub snapshot_errors: Option<Error>,
}

impl Model {
    /// Whether a field is part of the upsert key, so `upsert` is offered.
    pub fn keyed(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(&f.role, Role::Property(p) if p.key))
    }
}

/// A field of a model.
pub struct Field {
    pub ident: Ident,
    pub ty: Type,
    pub role: Role,
}

/// What a field maps to.
pub enum Role {
    /// Nothing: `Default::default()` on reads, never written.
    Skip,
    /// A key of the page object (`id`, `created_time`, ...).
    Metadata(&'static str),
    /// A property.
    Property(Property),
}

/// A field mapped to a property.
pub struct Property {
    /// The Notion property name.
    pub name: String,
    /// The property id, when bound by id.
    pub id: Option<String>,
    /// The kind given by `kind = ".."` or `title`; `None` infers it from the type.
    pub kind: Option<String>,
    pub read_only: bool,
    pub key: bool,
    /// A missing property reads as `Default::default()`.
    pub default: bool,
    /// The associated constant holding the property handle.
    pub handle: Ident,
    /// Where the name comes from: the `rename` value, else the field.
    pub name_span: Span,
    /// Whether the name was given with `rename` rather than derived from the field.
    pub renamed: bool,
    /// The `property_id` value.
    pub id_span: Option<Span>,
    /// The `kind` value or the `title` flag.
    pub kind_span: Option<Span>,
    /// The snapshot's kind, for a field whose kind is inferred from its type: the expansion
    /// checks the inference agrees (by trait bound, so the type is never matched by syntax).
    pub snapshot_kind: Option<String>,
}

/// The runtime crate path: `crate = "..."` or `::notion_orm`.
fn krate(path: Option<syn::Path>) -> TokenStream {
    match path {
        Some(path) => quote!(#path),
        None => quote!(::notion_orm),
    }
}

fn check_rename_all(
    errors: &mut darling::error::Accumulator,
    rule: &Option<SpannedValue<String>>,
) -> Option<String> {
    let rule = rule.as_ref()?;
    if RENAME_RULES.contains(&rule.as_str()) {
        Some((**rule).clone())
    } else {
        let hint = crate::suggest::did_you_mean(rule, RENAME_RULES.iter().copied());
        errors.push(
            Error::custom(format!(
                "unknown `rename_all` rule {:?}{hint} (the rules: {})",
                rule.as_str(),
                RENAME_RULES.join(", ")
            ))
            .with_span(&rule.span()),
        );
        None
    }
}

/// Checks a model and resolves names, kinds and the data source.
pub fn model(input: ModelInput) -> Result<Model> {
    let mut errors = Error::accumulator();
    if !input.generics.params.is_empty() {
        errors.push(
            Error::custom("NotionModel does not support generic structs")
                .with_span(&input.generics),
        );
    }
    let rename_all = check_rename_all(&mut errors, &input.rename_all);

    let data_source = input
        .data_source
        .as_ref()
        .and_then(|value| errors.handle(snapshot::resolve(value)));

    let fields = input
        .data
        .take_struct()
        .map(|f| f.fields)
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut title: Option<Ident> = None;
    let mut page_id: Option<Ident> = None;
    let mut seen_names: Vec<(String, Ident)> = Vec::new();

    for field in fields {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let Some(role) = errors.handle(field_role(&field, &ident, rename_all.as_deref())) else {
            continue;
        };
        match &role {
            Role::Metadata("id") => {
                if let Some(first) = &page_id {
                    errors.push(
                        Error::custom(format!(
                            "only one field can be the page id (`{first}` already is)"
                        ))
                        .with_span(&ident),
                    );
                }
                page_id = Some(ident.clone());
            }
            Role::Property(p) => {
                if p.kind.as_deref() == Some("title") {
                    if let Some(first) = &title {
                        errors.push(
                            Error::custom(format!(
                                "a data source has exactly one title property, and `{first}` is already it"
                            ))
                            .with_span(&ident),
                        );
                    }
                    title = Some(ident.clone());
                }
                let key = p.id.clone().unwrap_or_else(|| p.name.clone());
                if let Some((_, other)) = seen_names.iter().find(|(n, _)| *n == key) {
                    errors.push(
                        Error::custom(format!("property {key:?} is already mapped by `{other}`"))
                            .with_span(&ident),
                    );
                }
                seen_names.push((key, ident.clone()));
            }
            _ => {}
        }
        out.push(Field {
            ident,
            ty: field.ty,
            role,
        });
    }

    let snapshot = data_source.as_ref().and_then(|d| d.snapshot.as_ref());
    let mut snapshot_errors = Error::accumulator();
    if let Some(snapshot) = snapshot {
        check::model(&mut snapshot_errors, snapshot, &input.ident, &mut out);
    }
    errors.finish_with(Model {
        snapshot_errors: snapshot_errors.finish().err(),
        ident: input.ident,
        vis: input.vis,
        krate: krate(input.krate),
        snapshot_path: snapshot.map(|s| s.path.display().to_string()),
        data_source: data_source.map(|d| d.id),
        fields: out,
    })
}

/// What one field maps to, checking its attributes agree.
fn field_role(field: &FieldInput, ident: &Ident, rename_all: Option<&str>) -> Result<Role> {
    let mut errors = Error::accumulator();
    let metadata: Vec<&'static str> = field
        .metadata_flags()
        .iter()
        .filter(|(_, flag)| flag.is_present())
        .map(|(name, _)| *name)
        .collect();
    let property_attrs = [
        ("rename", field.rename.is_some()),
        ("property_id", field.property_id.is_some()),
        ("kind", field.kind.is_some()),
        ("title", field.title.is_present()),
        ("read_only", field.read_only.is_present()),
        ("key", field.key.is_present()),
        ("default", field.default.is_present()),
    ];

    if field.skip.is_present() {
        if !metadata.is_empty() || property_attrs.iter().any(|(_, set)| *set) {
            errors.push(
                Error::custom("`skip` cannot be combined with other attributes").with_span(ident),
            );
        }
        return errors.finish_with(Role::Skip);
    }

    if let Some(first) = metadata.first() {
        if metadata.len() > 1 {
            errors.push(
                Error::custom(format!(
                    "a field maps to one page attribute, not {}",
                    metadata.join(" and ")
                ))
                .with_span(ident),
            );
        }
        if let Some((attr, _)) = property_attrs.iter().find(|(_, set)| *set) {
            errors.push(
                Error::custom(format!(
                    "`{attr}` applies to properties, but this field maps the page's `{first}`"
                ))
                .with_span(ident),
            );
        }
        return errors.finish_with(Role::Metadata(first));
    }

    let kind = match (&field.kind, field.title.is_present()) {
        (Some(kind), title) => {
            if !KINDS.contains(&kind.as_str()) {
                errors.push(
                    Error::unknown_value_with_alts(kind, KINDS.iter()).with_span(&kind.span()),
                );
            } else if title && kind.as_str() != "title" {
                errors.push(
                    Error::custom(format!(
                        "`title` conflicts with `kind = {:?}`",
                        kind.as_str()
                    ))
                    .with_span(&kind.span()),
                );
            }
            Some((**kind).clone())
        }
        (None, true) => Some("title".to_owned()),
        (None, false) => None,
    };
    if field.key.is_present() && field.read_only.is_present() {
        errors.push(
            Error::custom("a `key` is written on create, so it cannot be `read_only`")
                .with_span(ident),
        );
    }

    let field_name = ident.to_string();
    let field_name = field_name.trim_start_matches("r#");
    let name = match (&field.rename, rename_all) {
        (Some(rename), _) => (**rename).clone(),
        (None, Some(rule)) => apply_rule(rule, field_name),
        (None, None) => field_name.to_owned(),
    };
    errors.finish_with(Role::Property(Property {
        name,
        id: field.property_id.as_ref().map(|id| (**id).clone()),
        kind,
        read_only: field.read_only.is_present(),
        key: field.key.is_present(),
        default: field.default.is_present(),
        handle: format_ident!("{}", const_name(field_name), span = ident.span()),
        name_span: field.rename.as_ref().map_or(ident.span(), |r| r.span()),
        renamed: field.rename.is_some(),
        id_span: field.property_id.as_ref().map(|id| id.span()),
        kind_span: match &field.kind {
            Some(kind) => Some(kind.span()),
            None => field.title.is_present().then(|| field.title.span()),
        },
        snapshot_kind: None,
    }))
}

/// A select enum, ready to expand.
pub struct Select {
    pub ident: Ident,
    pub krate: TokenStream,
    /// Unit variants and their option names.
    pub options: Vec<(Ident, String)>,
    /// The catch-all variant holding unknown option names.
    pub other: Option<Ident>,
    /// The snapshot the options were checked against, so cargo rebuilds when it changes.
    pub snapshot_path: Option<String>,
    /// Options missing from the snapshot; the enum is expanded beside them, as for models.
    pub snapshot_errors: Option<Error>,
}

/// Checks a select enum.
pub fn select(input: SelectInput) -> Result<Select> {
    let mut errors = Error::accumulator();
    if !input.generics.params.is_empty() {
        errors.push(
            Error::custom("NotionSelect does not support generic enums").with_span(&input.generics),
        );
    }
    let rename_all = check_rename_all(&mut errors, &input.rename_all);
    let variants = input.data.take_enum().unwrap_or_default();
    let mut options: Vec<(Ident, String)> = Vec::new();
    let mut other: Option<Ident> = None;
    for variant in variants {
        if variant.other.is_present() {
            let holds_string = variant.fields.is_newtype();
            if !holds_string {
                errors.push(
                    Error::custom(
                        "the `other` variant must hold the unknown name: `Other(String)`",
                    )
                    .with_span(&variant.ident),
                );
            }
            if other.is_some() {
                errors.push(
                    Error::custom("only one variant can be `other`").with_span(&variant.ident),
                );
            }
            other = Some(variant.ident);
            continue;
        }
        if !variant.fields.is_unit() {
            errors.push(
                Error::custom("option variants hold no data; mark a catch-all `Other(String)` with #[notion(other)]")
                    .with_span(&variant.ident),
            );
            continue;
        }
        let ident_name = variant.ident.to_string();
        let name = match (&variant.rename, &rename_all) {
            (Some(rename), _) => (**rename).clone(),
            (None, Some(rule)) => apply_rule(rule, &ident_name),
            (None, None) => ident_name,
        };
        if name.contains(',') {
            errors.push(
                Error::custom("Notion option names cannot contain commas")
                    .with_span(&variant.ident),
            );
        }
        if let Some((first, _)) = options.iter().find(|(_, n)| n.eq_ignore_ascii_case(&name)) {
            errors.push(
                Error::custom(format!("option {name:?} is already used by `{first}` (Notion compares names case-insensitively)"))
                    .with_span(&variant.ident),
            );
        }
        options.push((variant.ident, name));
    }
    let mut snapshot_errors = Error::accumulator();
    let snapshot_path = select_snapshot(
        &mut errors,
        &mut snapshot_errors,
        input.data_source.as_ref(),
        input.property.as_ref(),
        &options,
    );
    errors.finish_with(Select {
        ident: input.ident,
        krate: krate(input.krate),
        options,
        other,
        snapshot_path,
        snapshot_errors: snapshot_errors.finish().err(),
    })
}

/// Checks the options against `data_source` and `property`, when given; the snapshot read.
fn select_snapshot(
    errors: &mut darling::error::Accumulator,
    option_errors: &mut darling::error::Accumulator,
    data_source: Option<&SpannedValue<String>>,
    property: Option<&SpannedValue<String>>,
    options: &[(Ident, String)],
) -> Option<String> {
    let (data_source, property) = match (data_source, property) {
        (None, None) => return None,
        (Some(data_source), Some(property)) => (data_source, property),
        (Some(given), None) | (None, Some(given)) => {
            errors.push(
                Error::custom(
                    "checking options needs both `data_source = \"<snapshot>\"` and \
                     `property = \"<name>\"`",
                )
                .with_span(&given.span()),
            );
            return None;
        }
    };
    let found = errors.handle(snapshot::resolve(data_source))?;
    let Some(snapshot) = found.snapshot else {
        errors.push(
            Error::custom(
                "options are checked against a snapshot: give its name (`.notion/<name>.json`), \
                 not an id",
            )
            .with_span(&data_source.span()),
        );
        return None;
    };
    check::select(option_errors, &snapshot, property, options);
    Some(snapshot.path.display().to_string())
}
