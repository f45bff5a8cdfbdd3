//! Emulator throughput: a filtered, sorted query over 10,000 rows and 1,000 page creates, both
//! through the HTTP layer (reqwest → axum → world), as a client sees them.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use notion_emulator::Emulator;
use serde_json::{Value, json};

fn main() {
    divan::main();
}

/// One runtime and one emulator with a 10,000-row data source, shared by every benchmark.
struct Fixture {
    runtime: tokio::runtime::Runtime,
    emulator: Emulator,
    http: reqwest::Client,
    data_source: String,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let emulator = runtime
        .block_on(Emulator::start())
        .expect("emulator starts");
    let db = emulator
        .create_database(json!({
            "parent": {"type": "workspace", "workspace": true},
            "title": [{"text": {"content": "Bench"}}],
            "initial_data_source": {"properties": {
                "Name": {"title": {}},
                "Score": {"number": {}},
                "Stage": {"select": {"options": [{"name": "todo"}, {"name": "doing"}, {"name": "done"}]}},
                "Done": {"checkbox": {}},
            }},
        }))
        .expect("database");
    let data_source = db["data_sources"][0]["id"].as_str().expect("id").to_owned();
    let stages = ["todo", "doing", "done"];
    emulator
        .create_pages((0..10_000).map(|i| {
            json!({
                "parent": {"data_source_id": data_source},
                "properties": {
                    "Name": {"title": [{"text": {"content": format!("row {i}")}}]},
                    "Score": {"number": (i * 7919) % 1000},
                    "Stage": {"select": {"name": stages[i % 3]}},
                    "Done": {"checkbox": i % 2 == 0},
                },
            })
        }))
        .expect("rows");
    Fixture {
        runtime,
        emulator,
        http: reqwest::Client::new(),
        data_source,
    }
});

impl Fixture {
    fn post(&self, path: &str, body: &Value) -> Value {
        self.runtime.block_on(async {
            let response = self
                .http
                .post(format!("{}{path}", self.emulator.base_url()))
                .bearer_auth(self.emulator.token())
                .header("Notion-Version", "2025-09-03")
                .json(body)
                .send()
                .await
                .expect("request");
            assert!(response.status().is_success());
            response.json().await.expect("json")
        })
    }
}

/// First page (100 rows) of a filtered, sorted query over 10,000 rows. Every iteration uses a
/// different filter, so nothing is served from the emulator's last-query cache.
#[divan::bench(sample_count = 20)]
fn query_10k_rows_filtered_sorted(bencher: divan::Bencher<'_, '_>) {
    let fixture = &*FIXTURE;
    let path = format!("/v1/data_sources/{}/query", fixture.data_source);
    let counter = AtomicU64::new(0);
    bencher.bench_local(|| {
        let threshold = counter.fetch_add(1, Ordering::Relaxed) % 500;
        let body = json!({
            "filter": {"and": [
                {"property": "Score", "number": {"greater_than": threshold}},
                {"property": "Stage", "select": {"equals": ["todo", "doing"]}},
            ]},
            "sorts": [{"property": "Score", "direction": "descending"}],
        });
        let page = fixture.post(&path, &body);
        divan::black_box(page);
    });
}

/// The next page of the same query: the sorted result is cached, so paging costs rendering only.
#[divan::bench(sample_count = 20)]
fn query_10k_rows_next_page(bencher: divan::Bencher<'_, '_>) {
    let fixture = &*FIXTURE;
    let path = format!("/v1/data_sources/{}/query", fixture.data_source);
    let body = json!({
        "filter": {"property": "Done", "checkbox": {"equals": true}},
        "sorts": [{"property": "Score", "direction": "ascending"}],
    });
    let first = fixture.post(&path, &body);
    let mut next = body.clone();
    next["start_cursor"] = first["next_cursor"].clone();
    bencher.bench_local(|| divan::black_box(fixture.post(&path, &next)));
}

/// 1,000 sequential `POST /v1/pages` into the data source.
#[divan::bench(sample_count = 5)]
fn create_1000_pages_over_http(bencher: divan::Bencher<'_, '_>) {
    let fixture = &*FIXTURE;
    let emulator = fixture
        .runtime
        .block_on(Emulator::start())
        .expect("emulator starts");
    let db = emulator
        .create_database(json!({"parent": {"type": "workspace", "workspace": true}}))
        .expect("database");
    let data_source = db["data_sources"][0]["id"].as_str().expect("id").to_owned();
    let url = format!("{}/v1/pages", emulator.base_url());
    bencher.bench_local(|| {
        fixture.runtime.block_on(async {
            for i in 0..1000 {
                let response = fixture
                    .http
                    .post(&url)
                    .bearer_auth(emulator.token())
                    .header("Notion-Version", "2025-09-03")
                    .json(&json!({
                        "parent": {"data_source_id": data_source},
                        "properties": {"Name": {"title": [{"text": {"content": format!("p{i}")}}]}},
                    }))
                    .send()
                    .await
                    .expect("request");
                assert!(response.status().is_success());
                divan::black_box(response.bytes().await.expect("body"));
            }
        });
    });
}
