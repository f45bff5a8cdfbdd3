//! `impl NotionModel for Task`: reading, writing, key, schema; and the module's entry point.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{access_of, handles, kind_of, properties};
use crate::validate::{Field, Model, Property, Role};

/// Everything `#[derive(NotionModel)]` generates, inside `const _: () = { ... };` so helper
/// items never leak into the user's namespace.
pub fn expand(model: &Model) -> TokenStream {
    let handles = handles::expand(model);
    let model_impl = model_impl(model);
    let snapshot = model.snapshot_path.as_deref().map(super::track_snapshot);
    let snapshot_kinds = properties(model)
        .filter_map(|(_, field, property)| snapshot_kind_check(model, field, property));
    let keyed = model.keyed().then(|| {
        let krate = &model.krate;
        let ident = &model.ident;
        quote!(impl #krate::__private::Keyed for #ident {})
    });
    quote! {
        const _: () = {
            #snapshot
            #(#snapshot_kinds)*
            #handles
            #model_impl
            #keyed
        };
    }
}

/// For a field whose kind is inferred from its type, the bound that the inferred kind is the
/// snapshot's; spanned at the type, so the error points at the field.
fn snapshot_kind_check(model: &Model, field: &Field, property: &Property) -> Option<TokenStream> {
    let expected = property.snapshot_kind.as_deref()?;
    let span = field.ty.span();
    let krate = super::respan(&model.krate, span);
    let kind = kind_of(model, field, property);
    let function = syn::Ident::new(expected, span);
    Some(quote_spanned! {span=>
        const _: () = #krate::__private::snapshot::#function::<#kind>();
    })
}

fn model_impl(model: &Model) -> TokenStream {
    let krate = &model.krate;
    let p = quote!(#krate::__private);
    let ident = &model.ident;
    let model_name = ident.to_string();
    let data_source = match &model.data_source {
        Some(id) => quote!(::core::option::Option::Some(#id)),
        None => quote!(::core::option::Option::None),
    };

    let defs = properties(model).map(|(i, field, property)| {
        let kind = kind_of(model, field, property);
        let access = access_of(model, field, &kind, property);
        let field_name = field.ident.to_string();
        let name = &property.name;
        let id = match &property.id {
            Some(id) => quote!(::core::option::Option::Some(#id)),
            None => quote!(::core::option::Option::None),
        };
        let key = property.key;
        let codec = codec_name(i);
        // Spanned at the type like the kind, so an uninferable kind is reported once, there.
        let span = field.ty.span();
        let kind_name = quote_spanned!(span=> <#kind as #p::Kind>::NAME);
        let writable = quote_spanned!(span=> <#access as #p::Access>::WRITABLE);
        quote! {
            #p::PropertyDef {
                field: #field_name,
                name: #name,
                id: #id,
                kind: #kind_name,
                writable: #writable,
                key: #key,
                reads: #codec.reads,
            }
        }
    });

    let property_index: Vec<Option<usize>> = {
        let mut next = 0;
        model
            .fields
            .iter()
            .map(|f| match f.role {
                Role::Property(_) => {
                    next += 1;
                    Some(next - 1)
                }
                _ => None,
            })
            .collect()
    };

    let reads = model
        .fields
        .iter()
        .zip(&property_index)
        .map(|(field, index)| {
            let f = &field.ident;
            let ty = &field.ty;
            let field_name = f.to_string();
            match (&field.role, index) {
                (Role::Skip, _) => quote!(#f: ::core::default::Default::default()),
                (Role::Metadata(key), _) => quote_spanned! {ty.span()=>
                    #f: #p::metadata::<#ty>(__page, #key, #field_name, #model_name)?
                },
                (Role::Property(property), Some(i)) => {
                    let codec = codec_name(*i);
                    // Spanned at the type, so "the trait `Default` is not implemented" points at
                    // the field.
                    if property.default {
                        quote_spanned! {ty.span()=>
                            #f: #p::read_or_default(#codec.read, __page, &__PROPERTIES[#i], #model_name)?
                        }
                    } else {
                        quote!(#f: (#codec.read)(__page, &__PROPERTIES[#i], #model_name)?)
                    }
                }
                (Role::Property(_), None) => quote!(),
            }
        });

    let codecs = properties(model).map(|(i, field, property)| codec(model, i, field, property));

    let writes = properties(model).map(|(i, field, _)| {
        let f = &field.ident;
        let codec = codec_name(i);
        quote! {
            #p::write(&mut __map, &__PROPERTIES[#i], (#codec.encode)(&self.#f, &__PROPERTIES[#i])?);
        }
    });

    let keys = properties(model)
        .filter(|(_, _, property)| property.key)
        .map(|(i, field, property)| {
            let f = &field.ident;
            let ty = &field.ty;
            let kind = kind_of(model, field, property);
            let codec = codec_name(i);
            quote_spanned! {ty.span()=>
                #p::key_condition::<#kind>(
                    &__PROPERTIES[#i],
                    (#codec.encode)(&self.#f, &__PROPERTIES[#i])?,
                )?
            }
        });

    let schema = properties(model).map(|(i, _, _)| {
        let codec = codec_name(i);
        quote! {
            if let ::core::option::Option::Some(__config) = (#codec.schema)(__this) {
                __map.insert(
                    ::std::string::ToString::to_string(__PROPERTIES[#i].name),
                    __config,
                );
            }
        }
    });

    let snapshot_checked = model.snapshot_path.is_some();
    let page_keys = model.fields.iter().filter_map(|f| match f.role {
        Role::Metadata(key) => Some(key),
        _ => None,
    });

    let page_id = model
        .fields
        .iter()
        .find(|f| matches!(f.role, Role::Metadata("id")))
        .map(|f| {
            let field = &f.ident;
            quote!(#p::PageIdField::page_id(&self.#field))
        })
        .unwrap_or_else(|| quote!(::core::option::Option::None));

    quote! {
        const __PROPERTIES: &[#p::PropertyDef] = &[#(#defs),*];
        #(#codecs)*

        #[automatically_derived]
        impl #p::NotionModel for #ident {
            const MODEL_NAME: &'static ::core::primitive::str = #model_name;
            const DATA_SOURCE: ::core::option::Option<&'static ::core::primitive::str> = #data_source;
            const PROPERTIES: &'static [#p::PropertyDef] = __PROPERTIES;
            const PAGE_KEYS: &'static [&'static ::core::primitive::str] = &[#(#page_keys),*];
            const SNAPSHOT_CHECKED: ::core::primitive::bool = #snapshot_checked;

            fn from_page(__page: &#p::Value) -> #p::Result<Self> {
                ::core::result::Result::Ok(Self {
                    #(#reads),*
                })
            }

            fn to_properties(&self) -> #p::Result<#p::Map<::std::string::String, #p::Value>> {
                let mut __map = #p::Map::new();
                #(#writes)*
                ::core::result::Result::Ok(__map)
            }

            fn page_id(&self) -> ::core::option::Option<#p::PageId> {
                #page_id
            }

            fn key_filter(&self) -> #p::Result<::core::option::Option<#p::Value>> {
                ::core::result::Result::Ok(#p::key_filter(::std::vec![#(#keys),*]))
            }

            fn schema(
                __this: ::core::option::Option<#p::DataSourceId>,
            ) -> #p::Map<::std::string::String, #p::Value> {
                let mut __map = #p::Map::new();
                #(#schema)*
                __map
            }
        }
    }
}

/// The constant holding the codec of property `i`.
fn codec_name(i: usize) -> syn::Ident {
    quote::format_ident!("__CODEC_{}", i)
}

/// `const __CODEC_i: Codec<T> = ...;`: the one place a field's type is checked against its kind.
/// A spelled-out kind goes through its own function, whose error lists the types the kind
/// accepts; an inferred kind goes through `inferred`, so a type with no default kind is only
/// the error about that. Spanned at the type, so the error points at the field.
fn codec(model: &Model, i: usize, field: &Field, property: &Property) -> TokenStream {
    let p = &model.krate;
    let ident = &model.ident;
    let ty = &field.ty;
    let kind = kind_of(model, field, property);
    let access = access_of(model, field, &kind, property);
    let name = codec_name(i);
    let make = match &property.kind {
        Some(kind_name) => {
            let function = syn::Ident::new(kind_name, ty.span());
            quote_spanned!(ty.span()=> #p::__private::fits::#function::<#access, #ident, #ty>())
        }
        None => {
            quote_spanned!(ty.span()=> #p::__private::inferred::<#kind, #access, #ident, #ty>())
        }
    };
    quote_spanned! {ty.span()=>
        const #name: #p::__private::Codec<#ty> = #make;
    }
}
