//! The `notion-orm` binary end to end against the emulator: pull, codegen (compiled as the
//! module `tests/hygiene/codegen_cli_tasks.rs` of the `notion-orm-tests` library), check,
//! schema drift, push.

use std::path::Path;
use std::process::Output;

use notion_emulator::Emulator;
use notion_orm::Client;
use notion_orm::client::Request;
use serde_json::{Value, json};

/// The schema the committed snapshot `.notion/cli_tasks.json` was pulled from.
fn tasks_database() -> Value {
    let options = |names: &[&str]| -> Value {
        names
            .iter()
            .map(|n| json!({"name": n, "color": "default"}))
            .collect()
    };
    json!({
        "parent": {"type": "workspace", "workspace": true},
        "title": [{"type": "text", "text": {"content": "CLI tasks"}}],
        "initial_data_source": {"properties": {
            "Name": {"title": {}},
            "Priority": {"select": {"options": options(&["High", "Medium", "Low", "In progress"])}},
            "Stage": {"status": {}},
            "Tags": {"multi_select": {"options": options(&["docs", "Bug fix"])}},
            "Due date": {"date": {}},
            "Done": {"checkbox": {}},
            "Estimate": {"number": {"format": "number"}},
            "Link": {"url": {}},
            "Contact email": {"email": {}},
            "Owner": {"people": {}},
            "Attachments": {"files": {}},
            "Notes": {"rich_text": {}},
            "Created": {"created_time": {}},
            "Type": {"rich_text": {}},
            "Total": {"formula": {"expression": "prop(\"Estimate\") * 2"}},
            "Ticket": {"unique_id": {"prefix": "T"}},
        }},
    })
}

struct Fixture {
    emulator: Emulator,
    client: Client,
    data_source: String,
    dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let emulator = Emulator::start().await.unwrap();
    let database = emulator.create_database(tasks_database()).unwrap();
    let data_source = database["data_sources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    Fixture {
        emulator,
        client,
        data_source,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Fixture {
    /// Runs the built binary with the emulator's token and base URL.
    async fn cli(&self, args: &[&str]) -> Output {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_notion-orm"));
        command
            .args(args)
            .arg("--dir")
            .arg(self.dir.path())
            .arg("--base-url")
            .arg(self.emulator.base_url())
            .env("NOTION_TOKEN", self.emulator.token())
            .env_remove("NOTION_BASE_URL")
            .env_remove("NOTION_VERSION")
            .env_remove("NOTION_ORM_SNAPSHOT_DIR");
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    async fn patch_schema(&self, properties: Value) {
        let _: Value = self
            .client
            .send(
                Request::patch("/v1/data_sources/{id}")
                    .param(&self.data_source)
                    .json_value(json!({ "properties": properties })),
            )
            .await
            .unwrap();
    }

    async fn live(&self) -> Value {
        self.client
            .send(Request::get("/v1/data_sources/{id}").param(&self.data_source))
            .await
            .unwrap()
    }

    fn snapshot(&self) -> Value {
        notion_orm_cli::read_snapshot(self.dir.path(), "cli_tasks").unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn report(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn property_id(data_source: &Value, name: &str) -> String {
    data_source["properties"][name]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_writes_the_data_source_as_notion_returned_it_with_sorted_keys() {
    let f = fixture().await;
    let url = format!(
        "https://www.notion.so/acme/{}?v=0123456789abcdef0123456789abcdef",
        f.data_source.replace('-', "")
    );
    let output = f.cli(&["pull", &url, "--name", "cli_tasks"]).await;
    assert!(output.status.success(), "{}", report(&output));

    let mut live = f.live().await;
    live.as_object_mut().unwrap().remove("request_id");
    assert_eq!(f.snapshot(), live, "nothing dropped, nothing added");
    let text = std::fs::read_to_string(f.dir.path().join("cli_tasks.json")).unwrap();
    assert_eq!(text, notion_orm::schema::snapshot_json(&live));
    assert!(text.find("\"cover\"").unwrap() < text.find("\"id\"").unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_names_the_snapshot_after_the_title_and_pull_all_refreshes_it() {
    let f = fixture().await;
    let output = f.cli(&["pull", &f.data_source]).await;
    assert!(output.status.success(), "{}", report(&output));
    let path = f.dir.path().join("cli_tasks.json");
    assert!(path.is_file(), "{}", report(&output));

    f.patch_schema(json!({"Reviewer": {"people": {}}})).await;
    let output = f.cli(&["pull", "--all"]).await;
    assert!(output.status.success(), "{}", report(&output));
    assert!(f.snapshot()["properties"]["Reviewer"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codegen_of_a_pulled_snapshot_is_the_compiled_hygiene_case() {
    let f = fixture().await;
    let output = f
        .cli(&["pull", &f.data_source, "--name", "cli_tasks"])
        .await;
    assert!(output.status.success(), "{}", report(&output));
    let output = f
        .cli(&["codegen", "cli_tasks", "--struct-name", "Task"])
        .await;
    assert!(output.status.success(), "{}", report(&output));
    let generated = stdout(&output);

    // The generated code is a module of the `notion-orm-tests` library (`tests/lib.rs`), which
    // compiles it against the committed snapshot `.notion/cli_tasks.json`.
    let hygiene_case = workspace_root().join("tests/hygiene/codegen_cli_tasks.rs");
    let expected = generated;
    if std::env::var_os("UPDATE_CODEGEN").is_some() {
        std::fs::write(&hygiene_case, &expected).unwrap();
        std::fs::copy(
            f.dir.path().join("cli_tasks.json"),
            workspace_root().join(".notion/cli_tasks.json"),
        )
        .unwrap();
    }
    let committed = std::fs::read_to_string(&hygiene_case).unwrap();
    assert_eq!(
        committed, expected,
        "codegen output changed: re-run with UPDATE_CODEGEN=1 to update the hygiene case and snapshot"
    );
    let committed_snapshot: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join(".notion/cli_tasks.json")).unwrap(),
    )
    .unwrap();
    let diff = notion_orm::schema::SchemaDiff::between(
        notion_orm::schema::properties_of(&committed_snapshot),
        notion_orm::schema::properties_of(&f.snapshot()),
    );
    assert!(
        diff.is_empty(),
        "the committed snapshot has the same schema:\n{diff}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_reports_drift_and_push_restores_the_snapshot() {
    let f = fixture().await;
    let output = f
        .cli(&["pull", &f.data_source, "--name", "cli_tasks"])
        .await;
    assert!(output.status.success(), "{}", report(&output));
    let output = f.cli(&["check"]).await;
    assert!(output.status.success(), "{}", report(&output));
    assert_eq!(stdout(&output), "cli_tasks: up to date\n");

    // Someone edits the schema in Notion.
    let live = f.live().await;
    f.patch_schema(json!({
        property_id(&live, "Due date"): {"name": "Deadline"},
        property_id(&live, "Done"): null,
        property_id(&live, "Estimate"): {"rich_text": {}},
        property_id(&live, "Priority"): {"select": {"options": [
            {"name": "High"}, {"name": "Medium"}, {"name": "Low"}, {"name": "In progress"}, {"name": "Urgent"},
        ]}},
        "Sprint": {"number": {}},
    }))
    .await;
    let output = f.cli(&["check"]).await;
    assert_eq!(output.status.code(), Some(1), "{}", report(&output));
    let text = stdout(&output);
    for line in [
        "cli_tasks: the workspace differs from the snapshot (5 changes in data source",
        "  ~ property \"Due date\" renamed to \"Deadline\" (id ",
        "  - property \"Done\" (checkbox) removed",
        "  ~ property \"Estimate\": kind number -> rich_text",
        "  ~ property \"Priority\": option \"Urgent\" added",
        "  + property \"Sprint\" (number) added",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }

    // Restoring deletes Sprint and the option and changes a kind back: destructive.
    let output = f.cli(&["push", "cli_tasks"]).await;
    assert_eq!(output.status.code(), Some(1), "{}", report(&output));
    assert!(stdout(&output).contains("refusing"), "{}", report(&output));
    assert!(
        f.live().await["properties"]["Deadline"].is_object(),
        "nothing applied"
    );

    let output = f.cli(&["push", "cli_tasks", "--allow-destructive"]).await;
    assert!(output.status.success(), "{}", report(&output));
    let text = stdout(&output);
    for line in [
        "  rename property \"Deadline\" to \"Due date\"",
        "  add property \"Done\" (checkbox)",
        "  delete property \"Sprint\" (number)  [destructive]",
        "  change the kind of \"Estimate\" from rich_text to number  [destructive]",
        "  delete option \"Urgent\" of \"Priority\"  [destructive]",
        "applied; refreshed",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let output = f.cli(&["check"]).await;
    assert!(output.status.success(), "{}", report(&output));
    assert_eq!(stdout(&output), "cli_tasks: up to date\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_without_allow_destructive_refuses_a_deletion() {
    let f = fixture().await;
    let output = f
        .cli(&["pull", &f.data_source, "--name", "cli_tasks"])
        .await;
    assert!(output.status.success(), "{}", report(&output));
    f.patch_schema(json!({"Extra": {"checkbox": {}}})).await;

    let output = f.cli(&["push", "cli_tasks"]).await;
    assert_eq!(output.status.code(), Some(1), "{}", report(&output));
    let text = stdout(&output);
    assert!(
        text.contains("delete property \"Extra\" (checkbox)  [destructive]"),
        "{text}"
    );
    assert!(text.contains("--allow-destructive"), "{text}");
    assert!(f.live().await["properties"]["Extra"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_adds_missing_properties_without_consent() {
    let f = fixture().await;
    let output = f
        .cli(&["pull", &f.data_source, "--name", "cli_tasks"])
        .await;
    assert!(output.status.success(), "{}", report(&output));
    let live = f.live().await;
    f.patch_schema(json!({ property_id(&live, "Link"): null }))
        .await;

    let output = f.cli(&["push", "cli_tasks"]).await;
    assert!(output.status.success(), "{}", report(&output));
    assert!(stdout(&output).contains("add property \"Link\" (url)"));
    assert_eq!(f.live().await["properties"]["Link"]["type"], "url");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_fail_clearly_without_a_token_or_a_snapshot() {
    let f = fixture().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_notion-orm"))
        .args(["check", "--dir"])
        .arg(f.dir.path())
        .env_remove("NOTION_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("NOTION_TOKEN"));

    let output = f.cli(&["codegen", "nope"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("notion-orm pull"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_creates_a_data_source_that_does_not_exist_from_its_snapshot() {
    let f = fixture().await;
    let output = f
        .cli(&["pull", &f.data_source, "--name", "cli_tasks"])
        .await;
    assert!(output.status.success(), "{}", report(&output));
    // A snapshot whose data source is gone (or lives in another workspace).
    let mut snapshot = f.snapshot();
    let missing = "00000000-0000-4000-8000-000000000001";
    snapshot["id"] = json!(missing);
    notion_orm_cli::write_snapshot(f.dir.path(), "cli_tasks", &snapshot).unwrap();

    let output = f.cli(&["push", "cli_tasks"]).await;
    assert!(output.status.success(), "{}", report(&output));
    assert!(stdout(&output).contains("the data source does not exist; create \"CLI tasks\""));
    let created = f.snapshot();
    assert_ne!(created["id"], json!(missing));
    let diff = notion_orm::schema::SchemaDiff::between(
        notion_orm::schema::properties_of(&snapshot),
        notion_orm::schema::properties_of(&created),
    );
    assert!(diff.is_empty(), "{diff}");
    let output = f.cli(&["check"]).await;
    assert!(output.status.success(), "{}", report(&output));
}
