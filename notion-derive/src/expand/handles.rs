//! The property handles: one associated constant per property field (`Task::DONE`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{access_of, kind_of, properties};
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
        quote! {
            #[doc = #doc]
            #vis const #handle: #krate::__private::Prop<#ident, #kind, #ty, #access> =
                #krate::__private::Prop::__new(#name, #id, #field_name);
        }
    });
    quote! {
        impl #ident {
            #(#consts)*
        }
    }
}
