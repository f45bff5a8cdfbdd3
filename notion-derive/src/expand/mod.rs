//! Code generation, one file per generated item.

pub mod fallback;
pub mod handles;
pub mod model;
pub mod select;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;

use crate::names::kind_type;
use crate::validate::{Field, Model, Property};

/// Makes cargo rebuild the expansion when the snapshot at `path`, or the directory
/// `NOTION_ORM_SNAPSHOT_DIR` points at, changes: rustc records files read by `include_str!` and
/// variables read by `option_env!` in its dep-info, which cargo watches. (A proc macro's own
/// reads are not tracked on stable Rust: `proc_macro::tracked_env` is unstable.)
pub fn track_snapshot(path: &str) -> TokenStream {
    quote::quote! {
        const _: &::core::primitive::str = ::core::include_str!(#path);
        const _: ::core::option::Option<&::core::primitive::str> =
            ::core::option_env!("NOTION_ORM_SNAPSHOT_DIR");
    }
}

/// The kind marker type of a property field: the given kind, or the one inferred from the type.
/// Spanned at the field's type, so trait errors about the kind point at the field.
pub fn kind_of(model: &Model, field: &Field, property: &Property) -> TokenStream {
    let krate = &model.krate;
    let ty = &field.ty;
    let span = ty.span();
    match &property.kind {
        Some(kind) => {
            let marker = syn::Ident::new(&kind_type(kind), span);
            quote_spanned!(span=> #krate::__private::kind::#marker)
        }
        None => {
            // Every token at one span: rustc then reports a type with no default kind once,
            // not once at its first token and again at the whole (generic) type.
            let ty = respanned(ty.to_token_stream(), span);
            quote_spanned!(span=> <#ty as #krate::__private::DefaultKind>::Kind)
        }
    }
}

/// `tokens` with every token, nested ones too, at `span`.
fn respanned(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respanned(group.stream(), span));
                inner.set_span(span);
                token = TokenTree::Group(inner);
            }
            token.set_span(span);
            token
        })
        .collect()
}

/// The access marker of a property field: read-only when marked, else the kind's. Spanned at
/// the field's type like the kind.
pub fn access_of(
    model: &Model,
    field: &Field,
    kind: &TokenStream,
    property: &Property,
) -> TokenStream {
    let krate = &model.krate;
    let span = field.ty.span();
    if property.read_only {
        quote_spanned!(span=> #krate::__private::ReadOnly)
    } else {
        quote_spanned!(span=> <#kind as #krate::__private::Kind>::Access)
    }
}

/// The property fields with their index in `PROPERTIES`.
pub fn properties(model: &Model) -> impl Iterator<Item = (usize, &Field, &Property)> {
    model
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            crate::validate::Role::Property(p) => Some((f, p)),
            _ => None,
        })
        .enumerate()
        .map(|(i, (f, p))| (i, f, p))
}

/// `tokens` with every span set to `span`, groups included.
///
/// rustc reports an error about a generated item at the span of the item's first token; the
/// crate path (`::notion_orm`) otherwise carries the derive's span, so errors would point at
/// `#[derive(NotionModel)]` instead of the field.
pub fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(&group.stream(), span));
                inner.set_span(span);
                tree = TokenTree::Group(inner);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}
