//! The attribute grammar, as darling receivers. Unknown keys are rejected with a "did you mean".

use darling::util::{Flag, Ignored, SpannedValue};
use darling::{FromDeriveInput, FromField, FromVariant, ast};
use syn::{Generics, Ident, Path, Type, Visibility};

/// `#[derive(NotionModel)]` input: `#[notion(data_source = "...", rename_all = "...", crate = "...")]`.
#[derive(Debug, FromDeriveInput)]
#[darling(attributes(notion), supports(struct_named))]
pub struct ModelInput {
    pub ident: Ident,
    pub vis: Visibility,
    pub generics: Generics,
    pub data: ast::Data<Ignored, FieldInput>,
    /// A data-source UUID, or the name of a `.notion/<name>.json` snapshot.
    #[darling(default)]
    pub data_source: Option<SpannedValue<String>>,
    #[darling(default)]
    pub rename_all: Option<SpannedValue<String>>,
    /// The path of the `notion_orm` crate, when renamed.
    #[darling(default, rename = "crate")]
    pub krate: Option<Path>,
}

/// One field of a model.
#[derive(Debug, FromField)]
#[darling(attributes(notion))]
pub struct FieldInput {
    pub ident: Option<Ident>,
    pub ty: Type,
    /// The Notion property name, when it differs from the field's.
    #[darling(default)]
    pub rename: Option<SpannedValue<String>>,
    /// Binds the field to a property id, so a rename in Notion breaks nothing.
    #[darling(default)]
    pub property_id: Option<SpannedValue<String>>,
    /// The property kind, when the Rust type does not tell.
    #[darling(default)]
    pub kind: Option<SpannedValue<String>>,
    /// The title property.
    pub title: Flag,
    /// Never written, even for writable kinds.
    pub read_only: Flag,
    /// Part of the natural key `upsert` finds rows by.
    pub key: Flag,
    /// Not mapped: always `Default::default()` when read.
    pub skip: Flag,
    /// A property missing from the page reads as `Default::default()`.
    pub default: Flag,
    /// Page metadata: the page id.
    pub id: Flag,
    /// Page metadata: `created_time`.
    pub created_time: Flag,
    /// Page metadata: `last_edited_time`.
    pub last_edited_time: Flag,
    /// Page metadata: `url`.
    pub url: Flag,
    /// Page metadata: `public_url`.
    pub public_url: Flag,
    /// Page metadata: `icon`.
    pub icon: Flag,
    /// Page metadata: `cover`.
    pub cover: Flag,
    /// Page metadata: `parent`.
    pub parent: Flag,
    /// Page metadata: `in_trash`.
    pub in_trash: Flag,
}

impl FieldInput {
    /// The page-level keys a field may be bound to, with whether this field asks for each.
    pub fn metadata_flags(&self) -> [(&'static str, &Flag); 9] {
        [
            ("id", &self.id),
            ("created_time", &self.created_time),
            ("last_edited_time", &self.last_edited_time),
            ("url", &self.url),
            ("public_url", &self.public_url),
            ("icon", &self.icon),
            ("cover", &self.cover),
            ("parent", &self.parent),
            ("in_trash", &self.in_trash),
        ]
    }
}

/// `#[derive(NotionSelect)]` input.
#[derive(Debug, FromDeriveInput)]
#[darling(attributes(notion), supports(enum_unit, enum_newtype))]
pub struct SelectInput {
    pub ident: Ident,
    pub generics: Generics,
    pub data: ast::Data<VariantInput, Ignored>,
    #[darling(default)]
    pub rename_all: Option<SpannedValue<String>>,
    #[darling(default, rename = "crate")]
    pub krate: Option<Path>,
    /// The snapshot the enum's options are checked against, with `property`.
    #[darling(default)]
    pub data_source: Option<SpannedValue<String>>,
    /// The select, status or multi_select property of `data_source` whose options these are.
    #[darling(default)]
    pub property: Option<SpannedValue<String>>,
}

/// One variant of a select enum.
#[derive(Debug, FromVariant)]
#[darling(attributes(notion))]
pub struct VariantInput {
    pub ident: Ident,
    pub fields: ast::Fields<Type>,
    /// The option name, when it differs from the variant's.
    #[darling(default)]
    pub rename: Option<SpannedValue<String>>,
    /// The catch-all `Other(String)` variant: any unknown option reads into it.
    pub other: Flag,
}
