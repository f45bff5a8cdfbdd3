//! The property handles: one associated constant per property field (`Task::DONE`).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{access_of, kind_of, properties, respan};
use crate::validate::Model;

/// `impl Task { pub const DONE: Prop<Task, Checkbox, bool, ReadWrite> = ...; }`
pub fn expand(model: &Model) -> TokenStream {
    let krate = &model.krate;
    let ident = &model.ident;
    let vis = &model.vis;
    let consts = properties(model).map(|(_, field, property)| {
        let kind = kind_of(model, field, property);
        let access = access_of(model, field, &kind, property);
        let ty = &field.ty;
        let handle = &property.handle;
        let name = &property.name;
        let field_name = field.ident.to_string();
        let id = match &property.id {
            Some(id) => quote!(::core::option::Option::Some(#id)),
            None => quote!(::core::option::Option::None),
        };
        let doc = format!(
            "The Notion property {name:?} (field `{}`): filters, sorts and writes.",
            field.ident
        );
        // Spanned at the field's type like the kind (the crate path too: rustc reports a
        // const's type at the item's first tokens), so an uninferable kind is reported once,
        // there, and not also at the derive.
        let krate = respan(krate, ty.span());
        quote_spanned! {ty.span()=>
            #[doc = #doc]
            #vis const #handle: #krate::__private::Prop<#ident, #kind, #ty, #access> =
                #krate::__private::Prop::__new(#name, #id, #field_name);
        }
    });
    // The handles carry the user's spans, so lints see them as user code: a model need not
    // use every handle, and their types are long by construction.
    quote! {
        #[allow(dead_code, clippy::type_complexity)]
        impl #ident {
            #(#consts)*
        }
    }
}
