//! Stub impls emitted beside errors, so one mistake in a derive input produces its own error
//! and not a cascade of "trait not implemented" errors wherever the type is used.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// The runtime crate path: `crate = ...` is not trusted on invalid input.
fn krate() -> TokenStream {
    quote!(::notion_orm)
}

/// A `NotionModel` impl whose bodies are never run (the crate does not compile). None for a
/// generic type: the stub's own bounds (`Send + Sync + 'static`) would fail on its parameters.
pub fn model(ast: &DeriveInput) -> TokenStream {
    if !ast.generics.params.is_empty() {
        return TokenStream::new();
    }
    let p = {
        let k = krate();
        quote!(#k::__private)
    };
    let ident = &ast.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = ast.generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_generics #p::NotionModel for #ident #ty_generics #where_clause {
                const MODEL_NAME: &'static ::core::primitive::str = #name;
                const DATA_SOURCE: ::core::option::Option<&'static ::core::primitive::str> = ::core::option::Option::None;
                const PROPERTIES: &'static [#p::PropertyDef] = &[];
                const PAGE_KEYS: &'static [&'static ::core::primitive::str] = &[];
                fn from_page(_: &#p::Value) -> #p::Result<Self> { ::core::unreachable!() }
                fn to_properties(&self) -> #p::Result<#p::Map<::std::string::String, #p::Value>> { ::core::unreachable!() }
                fn page_id(&self) -> ::core::option::Option<#p::PageId> { ::core::unreachable!() }
                fn key_filter(&self) -> #p::Result<::core::option::Option<#p::Value>> { ::core::unreachable!() }
                fn schema(_: ::core::option::Option<#p::DataSourceId>) -> #p::Map<::std::string::String, #p::Value> { ::core::unreachable!() }
            }
            // So `upsert` on the model is not a second error.
            impl #impl_generics #p::Keyed for #ident #ty_generics #where_clause {}
        };
    }
}

/// A `SelectOption` impl whose bodies are never run; none for a generic type, as for models.
pub fn select(ast: &DeriveInput) -> TokenStream {
    if !ast.generics.params.is_empty() {
        return TokenStream::new();
    }
    let p = {
        let k = krate();
        quote!(#k::__private)
    };
    let ident = &ast.ident;
    let (impl_generics, ty_generics, where_clause) = ast.generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_generics #p::SelectOption for #ident #ty_generics #where_clause {
                const OPTIONS: &'static [&'static ::core::primitive::str] = &[];
                fn from_name(_: &::core::primitive::str) -> ::core::option::Option<Self> { ::core::unreachable!() }
                fn name(&self) -> &::core::primitive::str { ::core::unreachable!() }
            }
        };
    }
}
