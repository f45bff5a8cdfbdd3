//! Large data sources streamed 100 rows at a time over HTTP, the way a client pages through a
//! query. Both runs are part of the normal suite: the 10,000-row run takes about a second in a
//! debug build, the 100,000-row run about 8 s on a loaded 2-core machine. They assert what was
//! read, never how long it took; the timings are in BENCHMARKS.md.

mod support;

use notion_emulator::Config;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::json;
use support::Api;

/// What the test reads of a query response; the rest is skipped without building values (the
/// test measures the emulator, not a client's decoding).
#[derive(Deserialize)]
struct QueryPage {
    results: Vec<IgnoredAny>,
    next_cursor: Option<String>,
}

/// Seeds `rows` rows in-process, then streams them all with `page_size` 100; returns how many
/// rows the stream saw and how many requests it took.
async fn stream(rows: usize) -> (usize, usize) {
    let mut config = Config::default();
    // Notion ends one query at 10,000 rows; here one query walks through all of them.
    config.query_result_cap = rows;
    let api = Api::start_with(config).await;
    let ds = api
        .data_source(
            "Big",
            json!({"Name": {"title": {}}, "Score": {"number": {}}, "Done": {"checkbox": {}}}),
        )
        .await;
    api.emulator
        .create_pages((0..rows).map(|i| {
            json!({"parent": {"data_source_id": ds}, "properties": {
                "Name": {"title": [{"text": {"content": format!("row {i}")}}]},
                "Score": {"number": i},
                "Done": {"checkbox": i % 2 == 0},
            }})
        }))
        .expect("the rows are valid");
    let mut seen = 0;
    let mut requests = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut body = json!({"page_size": 100});
        if let Some(cursor) = &cursor {
            body["start_cursor"] = json!(cursor);
        }
        let page: QueryPage = api
            .http
            .post(api.url(&format!("/v1/data_sources/{ds}/query")))
            .bearer_auth(api.emulator.token())
            .header("Notion-Version", api.version)
            .json(&body)
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .expect("a query page");
        requests += 1;
        seen += page.results.len();
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    (seen, requests)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10k_row_data_source_streams_in_pages_of_100() {
    assert_eq!(stream(10_000).await, (10_000, 100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100k_row_data_source_streams_in_pages_of_100() {
    assert_eq!(stream(100_000).await, (100_000, 1_000));
}
