//! The data file: every write answered 2xx is on disk before the answer, so it survives
//! `kill -9` and a graceful stop in the middle of concurrent writes.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use notion_emulator::Emulator;
use serde_json::{Value, json};

const WRITERS: usize = 8;

/// The `notion-emulator` binary on a free port with `--data`, and its base URL and token.
fn spawn_binary(data: &Path) -> (Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_notion-emulator"))
        .args(["--port", "0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut base, mut token) = (None, None);
    while base.is_none() || token.is_none() {
        let line = lines.next().expect("the binary prints its URL").unwrap();
        if let Some(url) = line.trim().strip_prefix("NOTION_BASE_URL=") {
            base = Some(url.to_owned());
        }
        if let Some(t) = line.trim().strip_prefix("NOTION_TOKEN=") {
            token = Some(t.to_owned());
        }
    }
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, base.unwrap(), token.unwrap())
}

async fn call(
    base: &str,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Result<(u16, Value), reqwest::Error> {
    let mut request = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .header("Notion-Version", "2025-09-03")
        .timeout(Duration::from_secs(10));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

async fn new_data_source(base: &str, token: &str) -> String {
    let (status, db) = call(
        base,
        token,
        reqwest::Method::POST,
        "/v1/databases",
        Some(json!({
            "parent": {"type": "workspace", "workspace": true},
            "title": [{"text": {"content": "Durable"}}],
            "initial_data_source": {"properties": {"Name": {"title": {}}}},
        })),
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{db}");
    db["data_sources"][0]["id"].as_str().unwrap().to_owned()
}

/// `WRITERS` tasks creating pages until `stop` (or an error); returns the ids answered 200.
/// Each answer waits for a flush to disk, so on a busy machine a writer may manage only a few.
async fn write_until(
    base: &str,
    token: &str,
    ds: &str,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Vec<String> {
    let tasks: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (base, token, ds, stop) = (base.to_owned(), token.to_owned(), ds.to_owned(), stop.clone());
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    if *stop.borrow() {
                        break;
                    }
                    let body = json!({
                        "parent": {"data_source_id": ds},
                        "properties": {"Name": {"title": [{"text": {"content": format!("w{writer}-{n}")}}]}},
                    });
                    match call(&base, &token, reqwest::Method::POST, "/v1/pages", Some(body)).await {
                        Ok((200, page)) => acknowledged.push(page["id"].as_str().unwrap().to_owned()),
                        // Refused or cut off while stopping: not acknowledged, so not promised.
                        _ => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all
}

/// Loads `data` into a fresh emulator and returns the ids it does not know.
async fn missing_after_restart(data: &Path, ids: &[String]) -> Vec<String> {
    let restarted = Emulator::start().await.unwrap();
    restarted.load_data(data).unwrap();
    let mut missing = Vec::new();
    for id in ids {
        let (status, _) = call(
            restarted.base_url(),
            restarted.token(),
            reqwest::Method::GET,
            &format!("/v1/pages/{id}"),
            None,
        )
        .await
        .unwrap();
        if status != 200 {
            missing.push(id.clone());
        }
    }
    missing
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("world.json");
    let (mut child, base, token) = spawn_binary(&data);
    let ds = new_data_source(&base, &token).await;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let writing = tokio::spawn({
        let (base, token, ds) = (base.clone(), token.clone(), ds.clone());
        async move { write_until(&base, &token, &ds, stopped).await }
    });
    tokio::time::sleep(Duration::from_secs(3)).await;
    child.kill().expect("SIGKILL"); // no chance to save anything at exit
    child.wait().unwrap();
    let _ = stop.send(true);
    let acknowledged = writing.await.unwrap();
    assert!(
        acknowledged.len() >= WRITERS,
        "writes happened before the kill: {}",
        acknowledged.len()
    );

    assert_eq!(
        missing_after_restart(&data, &acknowledged).await,
        Vec::<String>::new()
    );

    // The binary itself restarts on the file, as the same bot.
    let (mut child, base, token) = spawn_binary(&data);
    let (status, page) = call(
        &base,
        &token,
        reqwest::Method::GET,
        &format!("/v1/pages/{}", acknowledged[0]),
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{page}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_loses_no_write_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("world.json");
    let emulator = Emulator::start().await.unwrap();
    emulator.persist_to(&data).unwrap();
    let (base, token) = (emulator.base_url().to_owned(), emulator.token().to_owned());
    let ds = new_data_source(&base, &token).await;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let writing = tokio::spawn({
        let (base, token, ds) = (base.clone(), token.clone(), ds.clone());
        async move { write_until(&base, &token, &ds, stopped).await }
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    emulator.shutdown().await; // while the writers are still sending
    let _ = stop.send(true);
    let acknowledged = writing.await.unwrap();
    assert!(
        acknowledged.len() >= WRITERS,
        "writes happened: {}",
        acknowledged.len()
    );

    assert_eq!(
        missing_after_restart(&data, &acknowledged).await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn a_data_file_that_cannot_be_written_fails_at_start() {
    let emulator = Emulator::start().await.unwrap();
    let err = emulator
        .persist_to(Path::new("/nonexistent-directory/world.json"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("/nonexistent-directory/world.json"),
        "{err}"
    );
}
