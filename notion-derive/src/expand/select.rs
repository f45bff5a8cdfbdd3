//! `impl SelectOption for Priority` and the impls that make the enum a select field type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::validate::Select;

/// Everything `#[derive(NotionSelect)]` generates.
pub fn expand(select: &Select) -> TokenStream {
    let krate = &select.krate;
    let p = quote!(#krate::__private);
    let ident = &select.ident;
    let names: Vec<&String> = select.options.iter().map(|(_, name)| name).collect();
    let variants: Vec<&syn::Ident> = select.options.iter().map(|(v, _)| v).collect();

    let (unknown, other_name) = match &select.other {
        Some(other) => (
            quote!(::core::option::Option::Some(Self::#other(::std::string::ToString::to_string(__name)))),
            quote!(Self::#other(__name) => __name,),
        ),
        None => (quote!(::core::option::Option::None), quote!()),
    };

    let snapshot = select.snapshot_path.as_deref().map(super::track_snapshot);
    quote! {
        const _: () = {
            #snapshot

            #[automatically_derived]
            impl #p::SelectOption for #ident {
                const OPTIONS: &'static [&'static ::core::primitive::str] = &[#(#names),*];

                fn from_name(__name: &::core::primitive::str) -> ::core::option::Option<Self> {
                    match __name {
                        #(#names => ::core::option::Option::Some(Self::#variants),)*
                        _ => #unknown,
                    }
                }

                fn name(&self) -> &::core::primitive::str {
                    match self {
                        #(Self::#variants => #names,)*
                        #other_name
                    }
                }
            }

            #[automatically_derived]
            impl #p::SelectField for #ident {
                type Option = Self;

                fn option_name(__option: &Self) -> &::core::primitive::str {
                    #p::SelectOption::name(__option)
                }
            }

            #[automatically_derived]
            impl #p::DefaultKind for #ident {
                type Kind = #p::kind::Select;
            }
        };
    }
}
