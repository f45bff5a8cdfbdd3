//! Scale: what the client costs and holds on large reads, how much of a server's rate limit it
//! uses, and what bulk upserts save. A plain release binary (not divan): each measurement is a
//! whole workload against the emulator, run once or twice.
//!
//! ```sh
//! cargo build --release -p notion-emulator          # the memory run starts it as a process
//! cargo bench -p notion-orm --bench scale           # all measurements
//! cargo bench -p notion-orm --bench scale -- memory # one of: overhead memory rate bulk
//! ```
//!
//! Results are in `BENCHMARKS.md` (section "Scale").

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use notion_emulator::{Config, Emulator};
use notion_orm::client::{RateLimit, Request};
use notion_orm::prelude::*;
use serde_json::{Value, json};

/// The rows every measurement reads and writes.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Row {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Seq")]
    seq: u64,
    #[notion(rename = "Done")]
    done: bool,
    #[notion(rename = "Code", key)]
    code: String,
}

impl Row {
    fn new(i: u64) -> Row {
        Row {
            id: None,
            name: format!("row {i}"),
            seq: i,
            done: i.is_multiple_of(2),
            code: format!("C-{i}"),
        }
    }

    fn body(ds: &str, i: u64) -> Value {
        json!({
            "parent": {"data_source_id": ds},
            "properties": {
                "Name": {"title": [{"text": {"content": format!("row {i}")}}]},
                "Seq": {"number": i},
                "Done": {"checkbox": i.is_multiple_of(2)},
                "Code": {"rich_text": [{"text": {"content": format!("C-{i}")}}]},
            },
        })
    }
}

const SCHEMA: &str = r#"{"Name": {"title": {}}, "Seq": {"number": {}}, "Done": {"checkbox": {}}, "Code": {"rich_text": {}}}"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("seed") {
        return seed_process(&args[1..]);
    }
    let wanted = |name: &str| {
        let picked: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        picked.is_empty() || picked.iter().any(|a| a.as_str() == name)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        if wanted("overhead") {
            overhead().await;
        }
        if wanted("memory") {
            memory().await;
        }
        let rate = wanted("rate").then(rate_limits);
        let bulk = wanted("bulk").then(bulk);
        match (rate, bulk) {
            (Some(rate), Some(bulk)) => {
                tokio::join!(rate, bulk);
            }
            (Some(rate), None) => rate.await,
            (None, Some(bulk)) => bulk.await,
            (None, None) => {}
        }
    });
}

fn client(base_url: &str, token: &str, limit: RateLimit) -> Client {
    Client::builder()
        .token(token.to_owned())
        .base_url(base_url)
        .rate_limit(limit)
        .build()
        .unwrap()
}

/// A data source for `Row` in an in-process emulator.
fn data_source(emulator: &Emulator) -> String {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let db = emulator
        .create_database(json!({
            "parent": {"type": "workspace", "workspace": true},
            "initial_data_source": {"properties": schema},
        }))
        .unwrap();
    db["data_sources"][0]["id"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------------------------------------
// Overhead: a model stream over 10,000 rows beside a plain reqwest + serde_json loop.

async fn overhead() {
    const ROWS: u64 = 10_000;
    let emulator = Emulator::start().await.unwrap();
    let ds = data_source(&emulator);
    emulator
        .create_pages((0..ROWS).map(|i| Row::body(&ds, i)))
        .unwrap();
    let client = client(emulator.base_url(), emulator.token(), RateLimit::disabled());
    let id = DataSourceId::parse(&ds).unwrap();
    let http = reqwest::Client::new();
    let mut model_times = Vec::new();
    let mut plain_times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let rows: Vec<Row> = Row::query()
            .data_source(id)
            .stream(&client)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(rows.len() as u64, ROWS);
        model_times.push(start.elapsed());

        let start = Instant::now();
        let rows = plain_loop(&http, &emulator, &ds).await;
        assert_eq!(rows.len() as u64, ROWS);
        plain_times.push(start.elapsed());
    }
    let (model, plain) = (min(&model_times), min(&plain_times));
    println!("## overhead: stream of {ROWS} rows (best of 3)");
    println!(
        "model stream      {model:>10.1?}  ({:.0} rows/s)",
        rate(ROWS, model)
    );
    println!(
        "reqwest+serde_json {plain:>9.1?}  ({:.0} rows/s)",
        rate(ROWS, plain)
    );
    println!(
        "ratio model / plain: {:.3}",
        model.as_secs_f64() / plain.as_secs_f64()
    );
}

/// The same requests as the model stream (sort, properties, page size), decoded to `Value`.
async fn plain_loop(http: &reqwest::Client, emulator: &Emulator, ds: &str) -> Vec<Value> {
    let url = format!("{}/v1/data_sources/{ds}/query", emulator.base_url());
    let query: Vec<(&str, &str)> = ["Name", "Seq", "Done", "Code"]
        .iter()
        .map(|p| ("filter_properties", *p))
        .collect();
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut body = json!({"sorts": [{"timestamp": "created_time", "direction": "ascending"}]});
        if let Some(c) = &cursor {
            body["start_cursor"] = json!(c);
        }
        let bytes = http
            .post(&url)
            .query(&query)
            .bearer_auth(emulator.token())
            .header("Notion-Version", "2025-09-03")
            .json(&body)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let mut page: Value = serde_json::from_slice(&bytes).unwrap();
        rows.append(page["results"].as_array_mut().unwrap());
        match page["next_cursor"].as_str() {
            Some(next) if page["has_more"] == true => cursor = Some(next.to_owned()),
            _ => return rows,
        }
    }
}

fn min(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap()
}

fn rate(n: u64, took: Duration) -> f64 {
    n as f64 / took.as_secs_f64()
}

// ---------------------------------------------------------------------------------------------
// Memory: stream 10,000 then 100,000 rows from an emulator in another process.

/// The `notion-emulator` binary, built with `cargo build --release -p notion-emulator`.
fn emulator_binary() -> std::path::PathBuf {
    if let Some(path) = std::env::var_os("NOTION_EMULATOR_BIN") {
        return path.into();
    }
    let exe = std::env::current_exe().unwrap();
    // target/release/deps/scale-xxxx → target/release/notion-emulator
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("notion-emulator")
}

struct External {
    child: Child,
    base_url: String,
    token: String,
}

impl Drop for External {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn external_emulator() -> External {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let child = Command::new(emulator_binary())
        .args(["--port", &port.to_string()])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("build it first: cargo build --release -p notion-emulator");
    let base_url = format!("http://127.0.0.1:{port}");
    let token = Config::default().token;
    for _ in 0..100 {
        if reqwest::get(format!("{base_url}/v1/users/me"))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    External {
        child,
        base_url,
        token,
    }
}

/// `scale seed <base_url> <token> <data_source> <from> <to>`: creates rows over HTTP, in a
/// process of its own so the measuring process's memory holds none of it.
fn seed_process(args: &[String]) {
    let [base_url, token, ds, from, to] = args else {
        panic!("seed <base_url> <token> <data_source> <from> <to>");
    };
    let (from, to): (u64, u64) = (from.parse().unwrap(), to.parse().unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = client(base_url, token, RateLimit::disabled());
        futures_util::stream::iter(from..to)
            .map(|i| {
                let client = client.clone();
                let body = Row::body(ds, i);
                async move {
                    let _: Value = client
                        .send(Request::post("/v1/pages").json_value(body))
                        .await
                        .unwrap();
                }
            })
            .buffer_unordered(32)
            .collect::<()>()
            .await;
    });
}

fn seed(external: &External, ds: &str, from: u64, to: u64) {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["seed", &external.base_url, &external.token, ds])
        .args([from.to_string(), to.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// A `/proc/self/status` value in KiB.
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Streams every row sorted by `Seq` (a number sort, so windows past the cap keep the order
/// even when Notion's minute-rounded `created_time` is shared by more rows than the cap) and
/// returns (rows, time, peak RSS growth in KiB, peak RSS in KiB).
async fn stream_and_measure(client: &Client, ds: DataSourceId) -> (u64, Duration, u64, u64) {
    let before = status_kib("VmRSS:");
    // Peak RSS is measured from here: the process holds only the client (run `-- memory` alone).
    // Resets the peak (VmHWM) to the current RSS.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let start = Instant::now();
    let mut rows = Row::query()
        .data_source(ds)
        .sort(Row::SEQ.ascending())
        .stream(client)
        .boxed();
    let (mut n, mut last) = (0u64, None);
    while let Some(row) = rows.try_next().await.unwrap() {
        assert!(last < Some(row.seq) || last.is_none());
        last = Some(row.seq);
        n += 1;
    }
    let took = start.elapsed();
    let peak = status_kib("VmHWM:");
    (n, took, peak.saturating_sub(before), peak)
}

async fn memory() {
    let external = external_emulator().await;
    let setup = client(&external.base_url, &external.token, RateLimit::disabled());
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let db: Value = setup
        .send(Request::post("/v1/databases").json_value(json!({
            "parent": {"type": "workspace", "workspace": true},
            "initial_data_source": {"properties": schema},
        })))
        .await
        .unwrap();
    let ds = db["data_sources"][0]["id"].as_str().unwrap().to_owned();
    let id = DataSourceId::parse(&ds).unwrap();
    let client = client(&external.base_url, &external.token, RateLimit::disabled());

    println!("## memory: stream from an emulator in another process");
    let started = Instant::now();
    seed(&external, &ds, 0, 10_000);
    println!("(seeded 10,000 rows in {:.1?})", started.elapsed());
    let (n, took, growth, small) = stream_and_measure(&client, id).await;
    assert_eq!(n, 10_000);
    println!(
        "{n:>7} rows: {took:>9.1?} ({:.0} rows/s), peak RSS {small} KiB (+{growth} KiB in the stream)",
        rate(n, took)
    );
    let started = Instant::now();
    seed(&external, &ds, 10_000, 100_000);
    println!("(seeded 90,000 more rows in {:.1?})", started.elapsed());
    let (n, took, growth, large) = stream_and_measure(&client, id).await;
    assert_eq!(n, 100_000);
    println!(
        "{n:>7} rows: {took:>9.1?} ({:.0} rows/s), peak RSS {large} KiB (+{growth} KiB in the stream)",
        rate(n, took)
    );
    println!(
        "ratio of peak RSS 100k / 10k: {:.3}",
        large as f64 / small.max(1) as f64
    );
}

// ---------------------------------------------------------------------------------------------
// Rate limits: creates against an emulator that answers 429 beyond its limit.

async fn rate_limits() {
    // The client set to the server's rate, and the client at its default (3 req/s, bursts of
    // 10) against a server limited to 2 req/s: run side by side (each has its own emulator).
    // Also the client a little under the server's rate: two buckets ticking at exactly the same
    // rate meet timing noise, and each 429 costs a whole second of `Retry-After`.
    let (fast, under, slow) = tokio::join!(
        creates_against_limit(500, 50.0, RateLimit::per_second(50.0)),
        creates_against_limit(500, 50.0, RateLimit::per_second(47.0)),
        creates_against_limit(300, 2.0, RateLimit::default()),
    );
    println!("## rate limits: creates through insert_many (concurrency 8)");
    for line in [fast, under, slow] {
        println!("{line}");
    }
}

async fn creates_against_limit(n: u64, server: f64, limit: RateLimit) -> String {
    let mut config = Config::default();
    config.rate_limit = Some(notion_emulator::RateLimit::new(server, 10));
    let emulator = Emulator::start_with(config).await.unwrap();
    let ds = DataSourceId::parse(&data_source(&emulator)).unwrap();
    let client = client(emulator.base_url(), emulator.token(), limit);
    let start = Instant::now();
    let report = Row::bulk()
        .data_source(ds)
        .insert_many(&client, (0..n).map(Row::new))
        .await;
    let took = start.elapsed();
    let failed = report.failed().count();
    let rate_limited = report
        .failed()
        .filter(|(_, e)| e.status() == Some(429))
        .count();
    let answered_429 = emulator
        .faults()
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    // The server's bucket starts full (burst 10): those requests are free of the rate.
    let used = (n as f64 - 10.0) / took.as_secs_f64() / server;
    format!(
        "{n} creates, server {server} req/s, client {limit:?}: {took:.1?}, {:.1} req/s, \
         {:.0}% of the server's limit used; {answered_429} 429s answered by the server, \
         {rate_limited} reached the caller, {failed} items failed",
        n as f64 / took.as_secs_f64(),
        used * 100.0
    )
}

// ---------------------------------------------------------------------------------------------
// Bulk: upsert_many of 1,000 rows against 1,000 single upserts.

async fn bulk() {
    const ROWS: u64 = 1000;
    let mut lines =
        vec!["## bulk: 1,000 upserts of new rows, then the same 1,000 again".to_owned()];
    for (name, bulk) in [("upsert_many", true), ("1,000 x upsert", false)] {
        let emulator = Emulator::start().await.unwrap();
        let ds = DataSourceId::parse(&data_source(&emulator)).unwrap();
        let client = client(emulator.base_url(), emulator.token(), RateLimit::disabled());
        let mut results = Vec::new();
        for pass in ["new", "unchanged"] {
            emulator.faults().clear_requests();
            let start = Instant::now();
            let rows = (0..ROWS).map(Row::new);
            if bulk {
                let report = Row::bulk().data_source(ds).upsert_many(&client, rows).await;
                assert!(report.is_success());
            } else {
                for row in rows {
                    notion_orm::model::upsert_in(&client, ds, &row)
                        .await
                        .unwrap();
                }
            }
            let took = start.elapsed();
            let requests = emulator.faults().requests().len();
            results.push(format!("{pass}: {requests} requests in {took:.1?}"));
        }
        let count = Row::query().data_source(ds).count(&client).await.unwrap();
        let unique: HashSet<String> = Row::query()
            .data_source(ds)
            .all(&client)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.code)
            .collect();
        assert_eq!((count, unique.len()), (ROWS as usize, ROWS as usize));
        lines.push(format!("{name:<15} {}", results.join("; ")));
    }
    println!("{}", lines.join("\n"));
}
