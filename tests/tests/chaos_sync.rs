//! Chaos sync: 1,000 source records upserted by key into a model while the emulator misbehaves
//! on a seeded schedule: 429 with `Retry-After`, 529, 500, 503, 504, 409, two-second latency
//! spikes, and connections dropped after the write but before the answer.
//!
//! Afterwards every record is present exactly once with its values, and no request was tried
//! more often than the retry policy allows. Bounded: loopback only, a fixed number of records,
//! faults capped in count, and a deadline on the whole run.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::emulator::Env;
use futures_util::{StreamExt, TryStreamExt};
use notion_emulator::FaultRule;
use notion_orm::Error;
use notion_orm::client::{RateLimit, RetryPolicy};
use notion_orm::model::upsert_in;
use notion_orm::prelude::*;

const RECORDS: usize = 1_000;
/// How many upserts run at once, like a sync job with a small worker pool.
const WORKERS: usize = 8;
/// The client's attempts per request.
const ATTEMPTS: u32 = 5;
/// How often the sync itself tries one record again after the client gave up on it. Upsert
/// looks the key up first, so a repeat after a lost answer updates instead of duplicating.
const SYNC_ATTEMPTS: u32 = 6;

#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Record {
    #[notion(title)]
    name: String,
    #[notion(key)]
    external_id: String,
    amount: f64,
    active: bool,
}

fn source() -> Vec<Record> {
    (0..RECORDS)
        .map(|i| Record {
            name: format!("Record {i}"),
            external_id: format!("src-{i:04}"),
            amount: i as f64 * 1.5,
            active: i % 3 == 0,
        })
        .collect()
}

/// Every kind of failure Notion produces, each a few percent of the requests, with the slow
/// ones capped so the run stays short.
fn schedule(env: &Env, seed: u64) {
    let faults = env.emulator.faults();
    faults.seed(seed);
    for rule in [
        FaultRule::status(429)
            .retry_after(1)
            .with_probability(0.02)
            .times(4),
        FaultRule::status(529).with_probability(0.02).times(4),
        FaultRule::status(500).with_probability(0.02),
        FaultRule::status(503).with_probability(0.02),
        FaultRule::status(504).with_probability(0.02),
        FaultRule::status(409).with_probability(0.02),
        FaultRule::latency(Duration::from_secs(2))
            .with_probability(0.005)
            .times(3),
        FaultRule::drop_connection().with_probability(0.03),
    ] {
        faults.push(rule);
    }
}

async fn sync(client: &Client, ds: DataSourceId, records: Vec<Record>) -> Vec<(String, Error)> {
    futures_util::stream::iter(records)
        .map(|record| async move {
            let mut last = None;
            for _ in 0..SYNC_ATTEMPTS {
                match upsert_in(client, ds, &record).await {
                    Ok(_) => return None,
                    Err(e) => {
                        if let Error::Api(api) = &e {
                            assert!(api.attempts <= ATTEMPTS, "retries beyond the policy: {e}");
                        }
                        last = Some(e);
                    }
                }
            }
            Some((
                record.external_id,
                last.expect("an error after failed attempts"),
            ))
        })
        .buffer_unordered(WORKERS)
        .filter_map(|failure| async move { failure })
        .collect()
        .await
}

async fn chaos_sync(seed: u64) {
    let env = Env::start().await;
    let ds = env.data_source::<Record>().await;
    let client = Client::builder()
        .token(env.emulator.token().to_owned())
        .base_url(env.emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .retry(
            RetryPolicy::default()
                .max_attempts(ATTEMPTS)
                .initial_delay(Duration::from_millis(5))
                .max_delay(Duration::from_millis(50))
                .max_total_wait(Duration::from_secs(10)),
        )
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    schedule(&env, seed);
    let failures = tokio::time::timeout(Duration::from_secs(300), sync(&client, ds, source()))
        .await
        .expect("the sync finishes within its deadline");
    let faults_fired: u32 = env
        .emulator
        .faults()
        .rules()
        .iter()
        .map(|r| r.fired())
        .sum();
    env.emulator.faults().clear();
    assert!(
        failures.is_empty(),
        "seed {seed}: records never synced: {failures:?}"
    );
    assert!(
        faults_fired > 50,
        "seed {seed}: the schedule fired ({faults_fired})"
    );

    let rows: Vec<Record> = Record::query()
        .data_source(ds)
        .stream(&client)
        .try_collect()
        .await
        .unwrap();
    let mut by_key: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for row in rows {
        by_key.entry(row.external_id.clone()).or_default().push(row);
    }
    let duplicates: Vec<_> = by_key.iter().filter(|(_, rows)| rows.len() > 1).collect();
    assert!(
        duplicates.is_empty(),
        "seed {seed}: duplicates {duplicates:?}"
    );
    let expected: BTreeMap<String, Vec<Record>> = source()
        .into_iter()
        .map(|r| (r.external_id.clone(), vec![r]))
        .collect();
    assert_eq!(by_key.len(), RECORDS, "seed {seed}: every record, once");
    assert!(
        by_key == expected,
        "seed {seed}: values differ from the source"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chaos_sync_seed_1() {
    chaos_sync(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chaos_sync_seed_2() {
    chaos_sync(2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chaos_sync_seed_3() {
    chaos_sync(3).await;
}
