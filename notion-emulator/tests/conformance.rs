//! Conformance: replays every recorded Notion exchange (`notion-orm/tests/fixtures/recorded/`,
//! real API responses from 2026-07-04) against a fresh emulator per file, in order, and checks
//! that the emulator answers with the same status and the same response shape: the same keys
//! at every level. Values may differ (ids, timestamps, request ids, texts).
//!
//! How a file is replayed:
//! - Recorded ids are mapped to the ids the emulator returned earlier in the same file, by
//!   walking each recorded response beside the emulator's response.
//! - A page a file uses as a parent without creating it (the workspace page the recordings were
//!   made under) is seeded with its recorded id first.
//! - A recorded 401 is replayed with a wrong token; everything else with the emulator's token.
//! - A recorded body that is not JSON (an HTML error page) is compared by status only; for
//!   Notion errors the `code` must match too.
//!
//! Shape rules: objects must have the same keys; `null` matches anything (an empty value in
//! one, a set value in the other); in arrays, each emulator item must have the shape of some
//! recorded item, and an empty array on either side matches (recorded lists also show objects
//! made by other sessions of the recording workspace).
//!
//! Interactions the emulator cannot match are listed in [`SKIPS`] with the reason.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use notion_emulator::Emulator;
use serde_json::{Map, Value};

/// Interactions not compared, as (file, interaction index or `None` for the whole file, reason).
/// Indexes are 0-based positions in the file's `interactions`. A skipped interaction that now
/// matches is reported on stderr so the list can be trimmed. Every recorded interaction matches
/// today: add an entry only for a difference the emulator cannot reasonably remove.
const SKIPS: &[(&str, Option<usize>, &str)] = &[];

#[derive(Debug)]
struct Interaction {
    method: String,
    path: String,
    query: Option<String>,
    notion_version: Option<String>,
    request_body: Value,
    status: u16,
    response_body: Value,
}

impl Interaction {
    fn parse(value: &Value) -> Self {
        Self {
            method: value["method"].as_str().unwrap_or("GET").to_owned(),
            path: value["path"].as_str().unwrap_or("/").to_owned(),
            query: value["query"].as_str().map(str::to_owned),
            notion_version: value["notion_version"].as_str().map(str::to_owned),
            request_body: value["request_body"].clone(),
            status: value["status"].as_u64().unwrap_or(0) as u16,
            response_body: value["response_body"].clone(),
        }
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../notion-orm/tests/fixtures/recorded")
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("the recorded fixtures are in notion-orm/tests/fixtures/recorded")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// A dashed, lower-case uuid if `s` is one (dashed or not).
fn as_uuid(s: &str) -> Option<String> {
    (s.len() == 32 || s.len() == 36)
        .then(|| uuid::Uuid::try_parse(s).ok())
        .flatten()
        .map(|u| u.to_string())
}

/// The key an id is mapped under: a dashed uuid, or an async task id (`task_<hex>`) as is.
fn id_key(s: &str) -> Option<String> {
    as_uuid(s).or_else(|| s.starts_with("task_").then(|| s.to_owned()))
}

/// Replays one file.
struct Replay {
    emulator: Emulator,
    http: reqwest::Client,
    /// Recorded id (dashed) → emulator id.
    ids: HashMap<String, String>,
}

impl Replay {
    fn map_str(&self, s: &str) -> String {
        match id_key(s).and_then(|u| self.ids.get(&u)) {
            Some(mapped) => mapped.clone(),
            None => s.to_owned(),
        }
    }

    fn map_path(&self, path: &str) -> String {
        path.split('/')
            .map(|segment| self.map_str(segment))
            .collect::<Vec<_>>()
            .join("/")
    }

    fn map_query(&self, query: &str) -> String {
        query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => format!("{k}={}", self.map_str(v)),
                None => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    fn map_json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.map_str(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.map_json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.map_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Learns recorded → emulator ids from two responses at the same positions.
    fn learn(&mut self, recorded: &Value, actual: &Value) {
        match (recorded, actual) {
            (Value::String(r), Value::String(a)) => {
                if let (Some(r), Some(a)) = (id_key(r), id_key(a)) {
                    self.ids.entry(r).or_insert(a);
                }
            }
            (Value::Object(r), Value::Object(a)) => {
                for (key, r_value) in r {
                    if let Some(a_value) = a.get(key) {
                        self.learn(r_value, a_value);
                    }
                }
            }
            (Value::Array(r), Value::Array(a)) if r.len() == a.len() => {
                for (r_item, a_item) in r.iter().zip(a) {
                    self.learn(r_item, a_item);
                }
            }
            _ => {}
        }
    }

    async fn send(&self, interaction: &Interaction) -> (u16, Value) {
        let mut url = format!(
            "{}{}",
            self.emulator.base_url(),
            self.map_path(&interaction.path)
        );
        if let Some(query) = &interaction.query {
            url = format!("{url}?{}", self.map_query(query));
        }
        let method = reqwest::Method::from_bytes(interaction.method.as_bytes()).unwrap();
        let token = if interaction.status == 401 {
            "recorded-401-uses-a-wrong-token"
        } else {
            self.emulator.token()
        };
        let mut request = self.http.request(method, url).bearer_auth(token);
        if let Some(version) = &interaction.notion_version {
            request = request.header("Notion-Version", version);
        }
        request = match &interaction.request_body {
            Value::Object(body) if body.contains_key("multipart_form_data") => {
                let raw = body["multipart_form_data"].as_str().unwrap_or_default();
                let boundary = raw
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("--"))
                    .unwrap_or_default();
                request
                    .header(
                        "Content-Type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .body(raw.to_owned())
            }
            Value::Object(_) | Value::Array(_) => {
                request.json(&self.map_json(&interaction.request_body))
            }
            _ => request,
        };
        let response = request.send().await.expect("the emulator answers");
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }
}

/// Page ids a file's requests use as a parent but that no earlier response produced.
fn pages_to_seed(interactions: &[Interaction]) -> Vec<String> {
    let mut produced = HashSet::new();
    let mut needed = Vec::new();
    for interaction in interactions {
        let mut parents = Vec::new();
        collect_key(&interaction.request_body, "page_id", &mut parents);
        for id in parents {
            if !produced.contains(&id) && !needed.contains(&id) {
                needed.push(id);
            }
        }
        collect_uuids(&interaction.response_body, &mut produced);
    }
    needed
}

fn collect_key(value: &Value, key: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v.as_str().and_then(as_uuid) {
                    Some(id) if k == key => out.push(id),
                    _ => collect_key(v, key, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_key(v, key, out)),
        _ => {}
    }
}

fn collect_uuids(value: &Value, out: &mut HashSet<String>) {
    match value {
        Value::String(s) => {
            if let Some(id) = as_uuid(s) {
                out.insert(id);
            }
        }
        Value::Object(map) => map.values().for_each(|v| collect_uuids(v, out)),
        Value::Array(items) => items.iter().for_each(|v| collect_uuids(v, out)),
        _ => {}
    }
}

/// Where `actual`'s shape differs from `recorded`'s, as JSON paths with what differs.
fn shape_diff(recorded: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (recorded, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(r), Value::Object(a)) => object_diff(r, a, path, out),
        (Value::Array(r), Value::Array(a)) => {
            if r.is_empty() || a.is_empty() {
                return;
            }
            for (i, item) in a.iter().enumerate() {
                let mut best: Option<Vec<String>> = None;
                for candidate in r {
                    let mut diff = Vec::new();
                    shape_diff(candidate, item, &format!("{path}[{i}]"), &mut diff);
                    if best.as_ref().is_none_or(|b| diff.len() < b.len()) {
                        best = Some(diff);
                    }
                }
                out.extend(best.unwrap_or_default());
            }
        }
        (r, a) if json_type(r) != json_type(a) => out.push(format!(
            "{path}: recorded {} but emulator {}",
            json_type(r),
            json_type(a)
        )),
        _ => {}
    }
}

fn object_diff(r: &Map<String, Value>, a: &Map<String, Value>, path: &str, out: &mut Vec<String>) {
    for key in r.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("{path}.{key}: missing in the emulator's response"));
    }
    for key in a.keys().filter(|k| !r.contains_key(*k)) {
        out.push(format!("{path}.{key}: not in the recorded response"));
    }
    for (key, r_value) in r {
        if let Some(a_value) = a.get(key) {
            shape_diff(r_value, a_value, &format!("{path}.{key}"), out);
        }
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn skipped(file: &str, index: usize) -> bool {
    SKIPS
        .iter()
        .any(|(f, i, _)| *f == file && i.is_none_or(|i| i == index))
}

/// Replays one file; returns one line per mismatch.
async fn replay_file(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let interactions: Vec<Interaction> = json["interactions"]
        .as_array()
        .map(|items| items.iter().map(Interaction::parse).collect())
        .unwrap_or_default();
    let mut replay = Replay {
        emulator: Emulator::start().await.expect("the emulator starts"),
        http: reqwest::Client::new(),
        ids: HashMap::new(),
    };
    for id in pages_to_seed(&interactions) {
        let uuid = uuid::Uuid::parse_str(&id).unwrap();
        replay.emulator.seed_page(uuid, "Recorded workspace page");
        replay.ids.insert(id.clone(), id);
    }
    let mut failures = Vec::new();
    for (index, interaction) in interactions.iter().enumerate() {
        let (status, body) = replay.send(interaction).await;
        replay.learn(&interaction.response_body, &body);
        let mismatches = compare(&name, index, interaction, status, &body);
        if skipped(&name, index) {
            if mismatches.is_empty() {
                eprintln!("{name}[{index}] is in SKIPS but now matches the recording");
            }
        } else {
            failures.extend(mismatches);
        }
    }
    failures
}

/// The mismatches of one response with its recording.
fn compare(
    name: &str,
    index: usize,
    interaction: &Interaction,
    status: u16,
    body: &Value,
) -> Vec<String> {
    let what = format!(
        "{name}[{index}] {} {}",
        interaction.method, interaction.path
    );
    if status != interaction.status {
        return vec![format!(
            "{what}: status {status}, recorded {} (emulator body: {body})",
            interaction.status
        )];
    }
    let mut diff = Vec::new();
    if interaction.response_body.is_object() {
        shape_diff(&interaction.response_body, body, "", &mut diff);
    }
    // For errors the code is part of the contract, not just a value.
    let recorded_code = &interaction.response_body["code"];
    if interaction.response_body["object"] == "error" && *recorded_code != body["code"] {
        diff.push(format!(
            "error code {}, recorded {recorded_code}",
            body["code"]
        ));
    }
    diff.into_iter().map(|d| format!("{what}: {d}")).collect()
}

#[tokio::test]
async fn every_recorded_interaction_gets_the_same_status_and_shape() {
    let files = fixture_files();
    assert!(!files.is_empty(), "no recorded fixtures found");
    let mut failures = Vec::new();
    for file in &files {
        failures.extend(replay_file(file).await);
    }
    assert!(
        failures.is_empty(),
        "{} mismatch(es) with the recordings:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shape_diff_ignores_values_but_not_keys() {
    let recorded = serde_json::json!({"id": "a", "n": 1, "list": [{"x": 1}], "icon": null});
    let same = serde_json::json!({"id": "b", "n": 2, "list": [{"x": 5}, {"x": 6}], "icon": {"emoji": "x"}});
    let mut diff = Vec::new();
    shape_diff(&recorded, &same, "", &mut diff);
    assert!(diff.is_empty(), "{diff:?}");
    let missing = serde_json::json!({"id": "b", "list": [{"y": 1}], "icon": null});
    shape_diff(&recorded, &missing, "", &mut diff);
    assert_eq!(diff.len(), 3, "{diff:?}");
}

#[test]
fn pages_used_as_parents_before_any_response_are_seeded() {
    let interactions = vec![
        Interaction::parse(&serde_json::json!({
            "method": "POST", "path": "/v1/pages", "status": 200,
            "request_body": {"parent": {"page_id": "393abc1eedcd80f3813be205934558c6"}},
            "response_body": {"id": "393abc1e-edcd-81d9-b35a-f68a37112ef7"}
        })),
        Interaction::parse(&serde_json::json!({
            "method": "POST", "path": "/v1/comments", "status": 200,
            "request_body": {"parent": {"page_id": "393abc1e-edcd-81d9-b35a-f68a37112ef7"}},
            "response_body": {}
        })),
    ];
    assert_eq!(
        pages_to_seed(&interactions),
        ["393abc1e-edcd-80f3-813b-e205934558c6"]
    );
}

#[tokio::test]
async fn recorded_ids_are_mapped_in_paths_queries_and_bodies() {
    let mut replay = Replay {
        emulator: Emulator::start().await.unwrap(),
        http: reqwest::Client::new(),
        ids: HashMap::new(),
    };
    replay.learn(
        &serde_json::json!({"id": "393abc1e-edcd-8162-9cea-000cc5ac5ec7", "n": [1]}),
        &serde_json::json!({"id": "00000000-0000-0000-0000-000000000001", "n": [2]}),
    );
    let mapped = "00000000-0000-0000-0000-000000000001";
    assert_eq!(
        replay.map_path("/v1/views/393abc1eedcd81629cea000cc5ac5ec7/queries"),
        format!("/v1/views/{mapped}/queries")
    );
    assert_eq!(
        replay.map_query("block_id=393abc1e-edcd-8162-9cea-000cc5ac5ec7&page_size=2"),
        format!("block_id={mapped}&page_size=2")
    );
    assert_eq!(
        replay.map_json(
            &serde_json::json!({"parent": {"page_id": "393abc1e-edcd-8162-9cea-000cc5ac5ec7"}})
        ),
        serde_json::json!({"parent": {"page_id": mapped}})
    );
}
