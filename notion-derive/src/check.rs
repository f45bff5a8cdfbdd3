//! Checks of a model or select enum against its data source's snapshot: property names, ids,
//! kinds, options and the title. Every problem is one error spanned at the field, variant or
//! attribute it is about, and all are reported together.
//!
//! Kinds given in attributes are compared here. A kind inferred from a field's type is not:
//! the type is never matched by syntax. The field then carries the snapshot's kind
//! ([`Property::snapshot_kind`]), and the expansion checks the inference by a trait bound.

use darling::Error;
use darling::error::Accumulator;
use darling::util::SpannedValue;
use syn::Ident;

use crate::names::KINDS;
use crate::snapshot::{Snapshot, SnapshotProperty};
use crate::suggest::did_you_mean;
use crate::validate::{Field, Property, Role};

/// Kinds Notion computes: a page create or update cannot set them.
const READ_ONLY_KINDS: &[&str] = &[
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

/// Checks every property field of model `ident` against `snapshot`.
pub fn model(errors: &mut Accumulator, snapshot: &Snapshot, ident: &Ident, fields: &mut [Field]) {
    let mut mapped: Vec<(&str, &Ident, String)> = Vec::new();
    let mut writes = false;
    for field in fields.iter_mut() {
        let Role::Property(property) = &mut field.role else {
            continue;
        };
        writes |= !property.read_only
            && !property
                .kind
                .as_deref()
                .is_some_and(|k| READ_ONLY_KINDS.contains(&k));
        let Some(found) = find(errors, snapshot, &field.ident, property) else {
            continue;
        };
        // Same keys are reported by `validate`; this catches a name and an id of one property.
        let key = property.id.clone().unwrap_or_else(|| property.name.clone());
        if let Some((_, other, _)) = mapped
            .iter()
            .find(|(id, _, other_key)| *id == found.id && *other_key != key)
        {
            errors.push(
                Error::custom(format!(
                    "property {:?} is already mapped by `{other}`",
                    found.name
                ))
                .with_span(&field.ident),
            );
        }
        mapped.push((&found.id, &field.ident, key));
        check_kind(errors, snapshot, &field.ident, property, found);
    }

    let Some(title) = snapshot.title() else {
        return;
    };
    if writes && !mapped.iter().any(|(id, _, _)| *id == title.id) {
        errors.push(
            Error::custom(format!(
                "`{ident}` does not map the title property {:?} of snapshot `{}`, so the rows \
                 it creates would have no title; add `#[notion(title, rename = {:?})] name: \
                 String`, or mark every field `read_only`",
                title.name, snapshot.name, title.name
            ))
            .with_span(ident),
        );
    }
}

/// The snapshot property a field maps, by id when bound by id, else by name.
fn find<'s>(
    errors: &mut Accumulator,
    snapshot: &'s Snapshot,
    field: &Ident,
    property: &Property,
) -> Option<&'s SnapshotProperty> {
    let Some(id) = &property.id else {
        let found = snapshot.by_name(&property.name);
        if found.is_none() {
            errors.push(
                Error::custom(format!(
                    "no property {:?} in snapshot `{}`{}",
                    property.name,
                    snapshot.name,
                    did_you_mean(&property.name, names(snapshot))
                ))
                .with_span(&property.name_span),
            );
        }
        return found;
    };
    let span = property.id_span.unwrap_or_else(|| field.span());
    let Some(found) = snapshot.by_id(id) else {
        let known: Vec<String> = snapshot
            .properties
            .iter()
            .map(|p| format!("{:?} = {:?}", p.name, p.id))
            .collect();
        errors.push(
            Error::custom(format!(
                "no property with id {id:?} in snapshot `{}` (its properties: {})",
                snapshot.name,
                known.join(", ")
            ))
            .with_span(&span),
        );
        return None;
    };
    let named = snapshot.by_name(&property.name);
    if property.renamed && found.name != property.name {
        errors.push(
            Error::custom(format!(
                "`rename = {:?}` and `property_id = {id:?}` point at different properties: \
                 the id is {:?}'s",
                property.name, found.name
            ))
            .with_span(&property.name_span),
        );
    } else if let Some(named) = named.filter(|n| n.id != found.id) {
        errors.push(
            Error::custom(format!(
                "the field's name maps property {:?}, but `property_id = {id:?}` is {:?}'s; \
                 add `rename = {:?}` or bind the other id",
                named.name, found.name, found.name
            ))
            .with_span(field),
        );
    }
    Some(found)
}

/// Compares a spelled-out kind with the snapshot's, or hands the snapshot's kind to the
/// expansion for an inferred one.
fn check_kind(
    errors: &mut Accumulator,
    snapshot: &Snapshot,
    field: &Ident,
    property: &mut Property,
    found: &SnapshotProperty,
) {
    if !KINDS.contains(&found.kind.as_str()) {
        errors.push(
            Error::custom(format!(
                "property {:?} of snapshot `{}` is of kind `{}`, which notion-orm cannot map",
                found.name, snapshot.name, found.kind
            ))
            .with_span(field),
        );
        return;
    }
    let Some(kind) = &property.kind else {
        property.snapshot_kind = Some(found.kind.clone());
        return;
    };
    if *kind == found.kind {
        return;
    }
    let span = property.kind_span.unwrap_or_else(|| field.span());
    let message = if READ_ONLY_KINDS.contains(&found.kind.as_str())
        && !READ_ONLY_KINDS.contains(&kind.as_str())
    {
        format!(
            "property {:?} is a `{}` in snapshot `{}`, which Notion computes, so a `{kind}` \
             field cannot write it; map it read-only with `kind = {:?}`",
            found.name, found.kind, snapshot.name, found.kind
        )
    } else {
        format!(
            "property {:?} is a `{}` in snapshot `{}`, not a `{kind}`; use `kind = {:?}`",
            found.name, found.kind, snapshot.name, found.kind
        )
    };
    errors.push(Error::custom(message).with_span(&span));
}

/// Checks a select enum's options against property `property` of `snapshot`.
pub fn select(
    errors: &mut Accumulator,
    snapshot: &Snapshot,
    property: &SpannedValue<String>,
    options: &[(Ident, String)],
) {
    let Some(found) = snapshot
        .by_name(property)
        .or_else(|| snapshot.by_id(property))
    else {
        errors.push(
            Error::custom(format!(
                "no property {:?} in snapshot `{}`{}",
                property.as_str(),
                snapshot.name,
                did_you_mean(property, names(snapshot))
            ))
            .with_span(&property.span()),
        );
        return;
    };
    if !["select", "status", "multi_select"].contains(&found.kind.as_str()) {
        errors.push(
            Error::custom(format!(
                "property {:?} of snapshot `{}` is a `{}`, which has no options; \
                 NotionSelect maps select, status and multi_select properties",
                found.name, snapshot.name, found.kind
            ))
            .with_span(&property.span()),
        );
        return;
    }
    for (variant, name) in options {
        if found.options.contains(name) {
            continue;
        }
        errors.push(
            Error::custom(format!(
                "no option {name:?} in the `{}` property {:?} of snapshot `{}`{}",
                found.kind,
                found.name,
                snapshot.name,
                did_you_mean(name, found.options.iter().map(String::as_str))
            ))
            .with_span(variant),
        );
    }
}

fn names(snapshot: &Snapshot) -> impl Iterator<Item = &str> {
    snapshot.properties.iter().map(|p| p.name.as_str())
}
