//! `#[derive(NotionModel)]`: parse → validate → expand.

use darling::FromDeriveInput;
use proc_macro2::TokenStream;

use crate::{expand, parse, validate};

/// Expands `#[derive(NotionModel)]` on `input`. On invalid input: every error, plus a stub impl
/// so the rest of the crate does not fail with follow-up errors.
pub fn derive(input: TokenStream) -> TokenStream {
    let ast: syn::DeriveInput = match syn::parse2(input) {
        Ok(ast) => ast,
        Err(e) => return e.to_compile_error(),
    };
    let result = parse::ModelInput::from_derive_input(&ast).and_then(validate::model);
    match result {
        Ok(model) => {
            let mut out = expand::model::expand(&model);
            if let Some(errors) = model.snapshot_errors {
                out.extend(errors.write_errors());
            }
            out
        }
        Err(errors) => {
            let mut out = errors.write_errors();
            out.extend(expand::fallback::model(&ast));
            out
        }
    }
}
