//! Expansion snapshots and error messages, run outside rustc.

use quote::quote;

fn pretty(tokens: proc_macro2::TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}

#[test]
fn rich_model_expansion() {
    let input = quote! {
        #[notion(data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", rename_all = "Title Case")]
        pub struct Task {
            #[notion(id)]
            id: PageId,
            #[notion(title)]
            name: String,
            #[notion(property_id = "%3CnJT")]
            priority: Option<Priority>,
            done: bool,
            #[notion(kind = "formula", rename = "Score")]
            score: Option<f64>,
            #[notion(key)]
            external_id: String,
            #[notion(read_only, default)]
            notes: Option<String>,
            #[notion(created_time)]
            created: jiff::Timestamp,
            #[notion(skip)]
            cache: Vec<u8>,
        }
    };
    insta::assert_snapshot!(pretty(crate::model::derive(input)));
}

#[test]
fn select_expansion() {
    let input = quote! {
        enum Priority {
            High,
            #[notion(rename = "Medium priority")]
            Medium,
            #[notion(other)]
            Other(String),
        }
    };
    insta::assert_snapshot!(pretty(crate::select::derive(input)));
}

fn errors_of(tokens: proc_macro2::TokenStream) -> String {
    tokens.to_string()
}

#[test]
fn unknown_kinds_get_a_suggestion() {
    let out = errors_of(crate::model::derive(quote! {
        struct T { #[notion(kind = "multiselect")] tags: Vec<String> }
    }));
    assert!(out.contains("multi_select"), "{out}");
}

#[test]
fn all_errors_are_reported_at_once() {
    let out = errors_of(crate::model::derive(quote! {
        #[notion(rename_all = "Shouting")]
        struct T { #[notion(title)] a: String, #[notion(title)] b: String }
    }));
    assert!(
        out.contains("Shouting") && out.contains("one title"),
        "{out}"
    );
}

#[test]
fn invalid_input_still_gets_a_stub_impl() {
    let out = errors_of(crate::model::derive(quote! {
        struct T { #[notion(titel)] a: String }
    }));
    assert!(
        out.contains("compile_error") && out.contains("NotionModel for T"),
        "{out}"
    );
}

#[test]
fn an_unknown_snapshot_name_is_an_error() {
    let out = errors_of(crate::model::derive(quote! {
        #[notion(data_source = "no-such-snapshot")]
        struct T { #[notion(title)] a: String }
    }));
    assert!(out.contains("no snapshot"), "{out}");
}

#[test]
fn other_variants_must_hold_the_name() {
    let out = errors_of(crate::select::derive(quote! {
        enum P { A, #[notion(other)] Other }
    }));
    assert!(out.contains("Other(String)"), "{out}");
}

#[test]
fn sentence_case_names_properties_like_notion_does() {
    let out = crate::model::derive(quote! {
        #[notion(data_source = "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", rename_all = "Sentence case")]
        struct Product { #[notion(title)] name: String, in_stock: bool, external_id: String }
    })
    .to_string();
    assert!(
        out.contains("\"In stock\"") && out.contains("\"External id\"") && out.contains("\"Name\""),
        "{out}"
    );
}

#[test]
fn an_unknown_rename_rule_lists_the_rules() {
    let out = errors_of(crate::model::derive(quote! {
        #[notion(rename_all = "Sentence Case")]
        struct T { #[notion(title)] a: String }
    }));
    assert!(
        out.contains("did you mean \\\"Sentence case\\\"")
            && out.contains("Train-Case, Sentence case"),
        "{out}"
    );
}
