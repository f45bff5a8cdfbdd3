//! Uploads: a 200 MiB file sent multi-part to the emulator on loopback through `client.upload`,
//! beside a plain reqwest loop that sends the same 10 MiB parts, in the same run.
//!
//! Run with `cargo bench -p notion-orm --bench upload`; results are in `BENCHMARKS.md`.
//!
//! Besides time, each bench records its peak memory growth from the OS: before every run the
//! peak RSS (`VmHWM` in `/proc/self/status`) is reset to the current RSS by writing `5` to
//! `/proc/self/clear_refs`, and after it the growth is `VmHWM - VmRSS before`. The emulator
//! runs in this process and on the same runtime for every bench: it keeps only part sizes,
//! never contents (it counts each part's chunks as they stream in), so what it adds is its
//! transient socket and multipart buffers, the same for all benches. The largest growth of each
//! bench is printed after the timings.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};

use notion_emulator::Emulator;
use notion_orm::Client;
use notion_orm::api::file_uploads::{FilePart, NewFileUpload};
use notion_orm::client::RateLimit;
use notion_orm::upload::UploadSource;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

const MIB: u64 = 1024 * 1024;
const FILE_BYTES: u64 = 200 * MIB;
const PART_BYTES: u64 = 10 * MIB;

struct Setup {
    runtime: tokio::runtime::Runtime,
    emulator: Emulator,
    client: Client,
    http: reqwest::Client,
    file: PathBuf,
    _dir: tempfile::TempDir,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime.block_on(Emulator::start()).unwrap();
    // The client's own rate limiter (3 requests/s by default, for real Notion) is off: this
    // measures moving bytes, and the plain loop has no limiter either.
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bench.mp4");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let chunk: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8).collect();
    for _ in 0..FILE_BYTES / MIB {
        out.write_all(&chunk).unwrap();
    }
    out.flush().unwrap();
    Setup {
        runtime,
        emulator,
        client,
        http: reqwest::Client::new(),
        file,
        _dir: dir,
    }
});

/// Largest peak-RSS growth per bench, in bytes.
static PEAKS: LazyLock<Mutex<BTreeMap<&'static str, u64>>> = LazyLock::new(Default::default);

fn main() {
    LazyLock::force(&SETUP);
    divan::main();
    println!("\npeak RSS growth per run (largest over the runs of each bench):");
    for (bench, bytes) in PEAKS.lock().unwrap().iter() {
        println!("  {bench:<28} {:>6.1} MiB", *bytes as f64 / MIB as f64);
    }
}

/// A field of `/proc/self/status` in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Runs `f`, recording how far the process's peak RSS rose above the RSS before it.
fn measured<T>(bench: &'static str, f: impl FnOnce() -> T) -> T {
    // Resets VmHWM to the current RSS (Linux >= 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_bytes("VmRSS:").unwrap_or(0);
    let out = f();
    if reset && let Some(peak) = status_bytes("VmHWM:") {
        let growth = peak.saturating_sub(before);
        let mut peaks = PEAKS.lock().unwrap();
        let entry = peaks.entry(bench).or_default();
        *entry = (*entry).max(growth);
    }
    out
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn client_upload(bencher: divan::Bencher<'_, '_>) {
    bench_client_upload(
        bencher,
        "client_upload",
        notion_orm::upload::DEFAULT_CONCURRENCY,
    );
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn client_upload_one_part_at_a_time(bencher: divan::Bencher<'_, '_>) {
    bench_client_upload(bencher, "client_upload_one_at_a_time", 1);
}

/// `client.upload` of the file, `concurrency` parts in flight.
fn bench_client_upload(bencher: divan::Bencher<'_, '_>, name: &'static str, concurrency: usize) {
    let setup = &*SETUP;
    bencher
        .counter(divan::counter::BytesCount::new(FILE_BYTES))
        .bench(|| {
            measured(name, || {
                setup.runtime.block_on(async {
                    let upload = setup
                        .client
                        .upload(UploadSource::path(&setup.file))
                        .concurrency(concurrency)
                        .await
                        .unwrap();
                    assert_eq!(upload.content_length, Some(FILE_BYTES));
                })
            })
        });
}

/// The low-level API in the same loop as the plain one: `file_uploads().create/send/complete`,
/// parts read the same way, one at a time.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn low_level_send_loop(bencher: divan::Bencher<'_, '_>) {
    let setup = &*SETUP;
    bencher
        .counter(divan::counter::BytesCount::new(FILE_BYTES))
        .bench(|| {
            measured("low_level_send_loop", || {
                setup.runtime.block_on(low_level_loop(setup))
            })
        });
}

async fn low_level_loop(setup: &Setup) {
    let uploads = setup.client.file_uploads();
    let parts = FILE_BYTES.div_ceil(PART_BYTES);
    let created = uploads
        .create(&NewFileUpload::multi_part("bench.mp4", parts as u32))
        .await
        .unwrap();
    let mut file = tokio::fs::File::open(&setup.file).await.unwrap();
    for number in 1..=parts {
        let size = PART_BYTES.min(FILE_BYTES - (number - 1) * PART_BYTES);
        let mut buf = vec![0; size as usize];
        file.read_exact(&mut buf).await.unwrap();
        let part = FilePart::new(buf, "bench.mp4")
            .content_type("video/mp4")
            .part_number(number as u32);
        uploads.send(created.id, part).await.unwrap();
    }
    let done = uploads.complete(created.id).await.unwrap();
    assert_eq!(done.content_length, Some(FILE_BYTES));
}

/// What a user would write without the client: create, send each 10 MiB part in turn, complete.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn plain_reqwest_loop(bencher: divan::Bencher<'_, '_>) {
    let setup = &*SETUP;
    bencher
        .counter(divan::counter::BytesCount::new(FILE_BYTES))
        .bench(|| {
            measured("plain_reqwest_loop", || {
                setup.runtime.block_on(plain_loop(setup))
            })
        });
}

async fn plain_loop(setup: &Setup) {
    let base = setup.emulator.base_url();
    let token = setup.emulator.token();
    let post = |path: String| {
        setup
            .http
            .post(format!("{base}{path}"))
            .bearer_auth(token)
            .header("Notion-Version", "2025-09-03")
    };
    let parts = FILE_BYTES.div_ceil(PART_BYTES);
    let created: Value = post("/v1/file_uploads".into())
        .json(&json!({"mode": "multi_part", "filename": "bench.mp4", "number_of_parts": parts}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let mut file = tokio::fs::File::open(&setup.file).await.unwrap();
    for number in 1..=parts {
        let size = PART_BYTES.min(FILE_BYTES - (number - 1) * PART_BYTES);
        let mut buf = vec![0; size as usize];
        file.read_exact(&mut buf).await.unwrap();
        let form = Form::new()
            .part(
                "file",
                Part::bytes(buf)
                    .file_name("bench.mp4")
                    .mime_str("video/mp4")
                    .unwrap(),
            )
            .text("part_number", number.to_string());
        let response = post(format!("/v1/file_uploads/{id}/send"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }
    let done: Value = post(format!("/v1/file_uploads/{id}/complete"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(done["content_length"], FILE_BYTES);
}
