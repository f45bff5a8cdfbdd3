//! Every decoder meets hostile input with `Ok` or a clear error, never a panic.
//!
//! Inputs are real Notion responses and webhook deliveries (the recorded fixtures) with random
//! parts replaced, removed or renamed, plus arbitrary strings for ids, dates and URLs. A panic
//! anywhere fails the property.

use std::path::Path;

use notion_orm::Client;
use notion_orm::pagination::ListResponse;
use notion_orm::types::block::Block;
use notion_orm::types::comment::Comment;
use notion_orm::types::view::View;
use notion_orm::types::{
    BlockId, DataSource, DataSourceId, Database, DateOrDateTime, Page, PageId, PageOrDataSource,
    PropertyItemResponse, User, UserId,
};
use notion_orm::webhook::{Delivery, Event, SIGNATURE_HEADER, sign_payload, verify_signature};
use proptest::prelude::*;
use secrecy::SecretString;
use serde_json::{Map, Value, json};

/// Every response body of the recorded exchanges, and every webhook delivery.
fn corpus() -> &'static [Value] {
    static CORPUS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut bodies = Vec::new();
        for dir in ["recorded", "webhooks", "properties"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            for file in files {
                let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                match json.get("interactions").and_then(Value::as_array) {
                    Some(interactions) => bodies.extend(
                        interactions
                            .iter()
                            .filter_map(|i| i.get("response_body").cloned()),
                    ),
                    None => bodies.push(json),
                }
            }
        }
        assert!(bodies.len() > 100, "the fixtures are found");
        bodies
    })
}

/// Small JSON values of every kind, biased toward what confuses decoders: wrong types, empty
/// and huge numbers, id-like, date-like and type-name strings.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::from)),
        Just(json!(u64::MAX)),
        ".{0,12}".prop_map(Value::String),
        "[0-9a-f]{32}".prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
            .prop_map(Value::String),
        prop::sample::select(vec![
            "page", "data_source", "database", "list", "block", "user", "bot", "person",
            "title", "rich_text", "relation", "select", "date", "formula", "rollup", "text",
            "mention", "equation", "file", "external", "file_upload", "emoji", "paragraph",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
        Just(json!([])),
        Just(json!({})),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a document: at the node reached by `path` (indices taken modulo the
/// children), replace it, drop one of its keys, or rename one of its keys.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Rename(Vec<usize>, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let path = prop::collection::vec(any::<usize>(), 0..8);
    prop_oneof![
        4 => (path.clone(), json_value()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        2 => path.clone().prop_map(Mutation::Remove),
        1 => (path, "[a-z_]{1,10}").prop_map(|(p, k)| Mutation::Rename(p, k)),
    ]
}

/// Walks `path` from `value` as far as it goes; the last container reached is returned.
fn walk<'a>(value: &'a mut Value, path: &[usize]) -> &'a mut Value {
    let Some((step, rest)) = path.split_first() else {
        return value;
    };
    let len = match value {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    };
    if len == 0 {
        return value;
    }
    let next = match value {
        Value::Array(items) => &mut items[step % len],
        Value::Object(map) => map.values_mut().nth(step % len).unwrap(),
        _ => unreachable!("only containers have children"),
    };
    if matches!(next, Value::Array(_) | Value::Object(_)) {
        walk(next, rest)
    } else {
        // Scalars are changed through their parent, which can replace or drop them.
        next
    }
}

fn apply(document: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Replace(path, replacement) => *walk(document, path) = replacement.clone(),
        Mutation::Remove(path) => {
            if let Value::Object(map) = walk(document, path)
                && let Some(key) = map.keys().next().cloned()
            {
                map.remove(&key);
            }
        }
        Mutation::Rename(path, to) => {
            if let Value::Object(map) = walk(document, path)
                && let Some(key) = map.keys().next_back().cloned()
            {
                let moved = map.remove(&key).unwrap();
                map.insert(to.clone(), moved);
            }
        }
    }
}

/// Runs every typed decoder of the crate on `value`. Results are dropped: only panics matter.
fn decode_everything(value: &Value) {
    fn try_decode<T: serde::de::DeserializeOwned>(value: &Value) {
        let _ = serde_json::from_value::<T>(value.clone());
        let _ = serde_json::from_slice::<T>(value.to_string().as_bytes());
    }
    try_decode::<Page>(value);
    try_decode::<DataSource>(value);
    try_decode::<Database>(value);
    try_decode::<Block>(value);
    try_decode::<User>(value);
    try_decode::<Comment>(value);
    try_decode::<View>(value);
    try_decode::<PageOrDataSource>(value);
    try_decode::<PropertyItemResponse>(value);
    try_decode::<ListResponse<PageOrDataSource>>(value);
    try_decode::<ListResponse<Block>>(value);
    try_decode::<ListResponse<User>>(value);
    let _ = Event::from_value(value);
}

proptest! {
    // Each case runs a dozen decoders twice; 1,000 cases keep the suite to seconds in release
    // and well under a minute in debug.
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_responses_decode_or_fail_cleanly(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let corpus = corpus();
        let mut document = corpus[index.index(corpus.len())].clone();
        for m in &mutations {
            apply(&mut document, m);
        }
        decode_everything(&document);
    }

    #[test]
    fn arbitrary_json_decodes_or_fails_cleanly(value in json_value()) {
        decode_everything(&value);
    }

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<Page>(&bytes);
        let _ = serde_json::from_slice::<ListResponse<PageOrDataSource>>(&bytes);
        let _ = Delivery::parse(&bytes, &http::HeaderMap::new(), None);
    }

    #[test]
    fn webhook_deliveries_with_any_signature_header_are_checked_cleanly(
        index in any::<prop::sample::Index>(),
        header in ".{0,80}",
        signed in any::<bool>(),
    ) {
        let corpus = corpus();
        let body = corpus[index.index(corpus.len())].to_string().into_bytes();
        let token = SecretString::from("secret_token".to_owned());
        let value = if signed { sign_payload(&body, &token) } else { header.clone() };
        let _ = verify_signature(&body, Some(&value), &token);
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(&value) {
            headers.insert(SIGNATURE_HEADER, value);
        }
        let parsed = Delivery::parse(&body, &headers, Some(&token));
        let handshake = corpus[index.index(corpus.len())].get("verification_token").is_some();
        if signed && !handshake {
            // A correctly signed event is never refused for its signature.
            prop_assert!(!parsed.as_ref().is_err_and(|e| e.is_signature_error()), "{parsed:?}");
        }
    }

    #[test]
    fn ids_parse_or_fail_cleanly(input in ".{0,80}", hex in "[0-9a-fA-F-]{0,40}") {
        for text in [&input, &hex] {
            let _ = PageId::parse(text);
            let _ = DataSourceId::parse(text);
            let _ = BlockId::parse(text);
            let _ = UserId::parse(text);
        }
    }

    #[test]
    fn dates_parse_or_fail_cleanly(
        input in ".{0,40}",
        shaped in "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}(T[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?(\\.[0-9]{0,12})?(Z|[+-][0-9]{1,3}:[0-9]{1,3})?)?",
    ) {
        for text in [&input, &shaped] {
            if let Ok(date) = text.parse::<DateOrDateTime>() {
                // What parses prints back to something that parses to the same value.
                prop_assert_eq!(date.to_string().parse::<DateOrDateTime>().ok(), Some(date));
            }
        }
    }

    #[test]
    fn base_urls_are_accepted_or_refused_cleanly(url in ".{0,60}", shaped in "(https?|ftp)://[a-z0-9.:@/_-]{0,40}") {
        for text in [&url, &shaped] {
            let _ = Client::builder().token("t").base_url(text.as_str()).build();
        }
    }
}
