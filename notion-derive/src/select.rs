//! `#[derive(NotionSelect)]`: parse → validate → expand.

use darling::FromDeriveInput;
use proc_macro2::TokenStream;

use crate::{expand, parse, validate};

/// Expands `#[derive(NotionSelect)]` on `input`; on invalid input, the errors and a stub impl.
pub fn derive(input: TokenStream) -> TokenStream {
    let ast: syn::DeriveInput = match syn::parse2(input) {
        Ok(ast) => ast,
        Err(e) => return e.to_compile_error(),
    };
    let result = parse::SelectInput::from_derive_input(&ast).and_then(validate::select);
    match result {
        Ok(select) => {
            let mut out = expand::select::expand(&select);
            if let Some(errors) = select.snapshot_errors {
                out.extend(errors.write_errors());
            }
            out
        }
        Err(errors) => {
            let mut out = errors.write_errors();
            out.extend(expand::fallback::select(&ast));
            out
        }
    }
}
