//! The `notion-orm` command line, as a library: the binary parses [`Cli`] and calls [`run`];
//! tests and examples call the commands' functions directly.
//!
//! ```text
//! notion-orm pull <data-source-id|url> [--name tasks]   # writes .notion/tasks.json
//! notion-orm pull --all                                 # refreshes every snapshot
//! notion-orm check                                      # exit 1 and a diff on drift (for CI)
//! notion-orm codegen tasks                              # prints a model for .notion/tasks.json
//! notion-orm push tasks [--allow-destructive]           # plans, then applies the snapshot
//! ```
//!
//! Every command reads `NOTION_TOKEN` (and `NOTION_BASE_URL`, `NOTION_VERSION`) like
//! `Client::from_env`; `--base-url` points it at another server, e.g. the emulator.
//! Snapshots live in `--dir`, else `NOTION_ORM_SNAPSHOT_DIR`, else `./.notion`.

pub mod codegen;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use notion_orm::client::ClientBuilder;
use notion_orm::schema::{
    DataSourceSpec, Plan, SchemaDiff, fetch_data_source, properties_of, snapshot_json,
};
use notion_orm::types::{DataSourceId, DatabaseId};
use notion_orm::{Client, ErrorCode};
use serde_json::Value;

/// Keeps committed schema snapshots (`.notion/*.json`) in step with a Notion workspace.
#[derive(Debug, Parser)]
#[command(name = "notion-orm", version, about)]
pub struct Cli {
    /// Where snapshots live.
    #[arg(
        long,
        global = true,
        env = "NOTION_ORM_SNAPSHOT_DIR",
        default_value = ".notion"
    )]
    pub dir: PathBuf,
    /// The Notion API base URL, e.g. an emulator's `http://127.0.0.1:PORT` (overrides
    /// NOTION_BASE_URL). The token comes from NOTION_TOKEN.
    #[arg(long, global = true)]
    pub base_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the live schema of a data source to `<dir>/<name>.json`.
    Pull {
        /// The data source id or its Notion URL.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        data_source: Option<String>,
        /// The snapshot name (default: the data source's title in snake_case).
        #[arg(long)]
        name: Option<String>,
        /// Refresh every snapshot in the directory instead.
        #[arg(long)]
        all: bool,
    },
    /// Compare every snapshot with the live workspace; exit 1 with the differences on drift.
    Check,
    /// Print a `#[derive(NotionModel)]` struct and `#[derive(NotionSelect)]` enums for a snapshot.
    Codegen {
        /// The snapshot name (`<dir>/<name>.json`).
        name: String,
        /// The struct's name (default: the snapshot name in UpperCamelCase).
        #[arg(long)]
        struct_name: Option<String>,
    },
    /// Evolve the live data source toward a snapshot: print the plan, then apply it.
    Push {
        /// The snapshot name (`<dir>/<name>.json`).
        name: String,
        /// Allow deleting properties or options and changing kinds.
        #[arg(long)]
        allow_destructive: bool,
        /// Print the plan only.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// Notion (or the client) refused.
    #[error(transparent)]
    Notion(#[from] notion_orm::Error),
    /// A snapshot could not be read or written.
    #[error("{path}: {message}")]
    Snapshot {
        /// The snapshot file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The arguments do not make sense together.
    #[error("{0}")]
    Usage(String),
}

/// What a command ended with: success, or a condition the caller should exit non-zero for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Ok,
    /// `check` found drift, or `push` refused destructive steps.
    Failed,
}

/// Runs a parsed command line with a client built from the environment, printing to stdout.
///
/// # Errors
///
/// [`CliError`] when the token is missing, a snapshot is unreadable or Notion refuses.
pub async fn run(cli: Cli) -> Result<Outcome, CliError> {
    if let Command::Codegen { name, struct_name } = &cli.command {
        // Codegen needs no token: it reads only the snapshot.
        print!(
            "{}",
            codegen_snapshot(&cli.dir, name, struct_name.as_deref())?
        );
        return Ok(Outcome::Ok);
    }
    let mut builder = ClientBuilder::from_env()?;
    if let Some(url) = &cli.base_url {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    let mut out = String::new();
    let outcome = execute(&client, &cli.dir, &cli.command, &mut out).await;
    print!("{out}");
    outcome
}

/// Runs `command` with `client`, writing what it reports to `out`.
///
/// # Errors
///
/// As [`run`].
pub async fn execute(
    client: &Client,
    dir: &Path,
    command: &Command,
    out: &mut String,
) -> Result<Outcome, CliError> {
    match command {
        Command::Pull {
            data_source: Some(source),
            name,
            all: false,
        } => {
            let id = DataSourceId::parse(source).map_err(notion_orm::Error::from)?;
            let path = pull(client, dir, id, name.as_deref()).await?;
            let _ = writeln!(out, "wrote {}", path.display());
            Ok(Outcome::Ok)
        }
        Command::Pull { .. } => {
            for path in pull_all(client, dir).await? {
                let _ = writeln!(out, "refreshed {}", path.display());
            }
            Ok(Outcome::Ok)
        }
        Command::Check => {
            let report = check(client, dir).await?;
            out.push_str(&report.to_string());
            Ok(if report.has_drift() {
                Outcome::Failed
            } else {
                Outcome::Ok
            })
        }
        Command::Codegen { name, struct_name } => {
            out.push_str(&codegen_snapshot(dir, name, struct_name.as_deref())?);
            Ok(Outcome::Ok)
        }
        Command::Push {
            name,
            allow_destructive,
            dry_run,
        } => push(client, dir, name, *allow_destructive, *dry_run, out).await,
    }
}

/// `pull`: writes the live schema of `id` to `<dir>/<name>.json` and returns the path. The
/// name defaults to the data source's title in snake_case.
///
/// # Errors
///
/// Notion's error (e.g. `object_not_found` for a data source not shared with the
/// integration), or the file cannot be written.
pub async fn pull(
    client: &Client,
    dir: &Path,
    id: DataSourceId,
    name: Option<&str>,
) -> Result<PathBuf, CliError> {
    let live = fetch_data_source(client, id).await?;
    let name = match name {
        Some(name) => name.to_owned(),
        None => default_name(&live).ok_or_else(|| {
            CliError::Usage(format!(
                "data source {id} has no title to name its snapshot after; pass --name"
            ))
        })?,
    };
    write_snapshot(dir, &name, &live)
}

/// `pull --all`: refreshes every snapshot in `dir` from the data source whose id it holds.
///
/// # Errors
///
/// As [`pull`], for the first snapshot that fails.
pub async fn pull_all(client: &Client, dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let names = snapshot_names(dir)?;
    let progress = progress(names.len(), "pulling");
    let mut written = Vec::with_capacity(names.len());
    for name in names {
        progress.set_message(name.clone());
        let id = snapshot_id(dir, &name)?;
        let live = fetch_data_source(client, id).await?;
        written.push(write_snapshot(dir, &name, &live)?);
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(written)
}

/// What `check` found, per snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    /// `(snapshot name, data source id, result)` in name order.
    pub snapshots: Vec<(String, DataSourceId, Drift)>,
}

/// How a live data source compares with its snapshot.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Drift {
    /// The same schema.
    None,
    /// The schema changed: `from` is the snapshot, `to` the live data source.
    Changed(SchemaDiff),
    /// The data source is gone, or no longer shared with the integration.
    Missing(String),
}

impl CheckReport {
    /// Whether any snapshot differs from the workspace.
    pub fn has_drift(&self) -> bool {
        self.snapshots
            .iter()
            .any(|(_, _, drift)| !matches!(drift, Drift::None))
    }
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut drifted = 0;
        for (name, id, drift) in &self.snapshots {
            match drift {
                Drift::None => writeln!(f, "{name}: up to date")?,
                Drift::Changed(diff) => {
                    drifted += 1;
                    let n = diff.changes.len();
                    let s = if n == 1 { "" } else { "s" };
                    writeln!(
                        f,
                        "{name}: the workspace differs from the snapshot ({n} change{s} in data source {id}):"
                    )?;
                    write!(f, "{diff}")?;
                }
                Drift::Missing(message) => {
                    drifted += 1;
                    writeln!(f, "{name}: data source {id} is missing: {message}")?;
                }
            }
        }
        if drifted > 0 {
            writeln!(
                f,
                "\n{drifted} of {} snapshots drifted: update the code and run `notion-orm pull --all`, \
                 or restore the workspace with `notion-orm push <name>`",
                self.snapshots.len()
            )?;
        }
        Ok(())
    }
}

/// `check`: compares every snapshot in `dir` with its live data source.
///
/// # Errors
///
/// A snapshot cannot be read, or Notion fails otherwise than with a missing data source.
pub async fn check(client: &Client, dir: &Path) -> Result<CheckReport, CliError> {
    let names = snapshot_names(dir)?;
    let progress = progress(names.len(), "checking");
    let mut report = CheckReport::default();
    for name in names {
        progress.set_message(name.clone());
        let snapshot = read_snapshot(dir, &name)?;
        let id = id_of(&snapshot, &snapshot_path(dir, &name))?;
        let drift = match fetch_data_source(client, id).await {
            Ok(live) => {
                let diff = SchemaDiff::between(properties_of(&snapshot), properties_of(&live));
                if diff.is_empty() {
                    Drift::None
                } else {
                    Drift::Changed(diff)
                }
            }
            Err(notion_orm::Error::Api(e)) if e.code == ErrorCode::ObjectNotFound => {
                Drift::Missing(e.message.clone())
            }
            Err(e) => return Err(e.into()),
        };
        report.snapshots.push((name, id, drift));
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(report)
}

/// `push`: plans the way from the live data source to snapshot `name`, writes the plan to
/// `out`, and applies it (creating the data source in the snapshot's database when it does
/// not exist) unless `dry_run`, or it is destructive without `allow_destructive`
/// ([`Outcome::Failed`], nothing changed). After applying, the snapshot is pulled again so
/// it holds the ids Notion gave new properties and options.
///
/// # Errors
///
/// The snapshot cannot be read or written, or Notion refuses.
pub async fn push(
    client: &Client,
    dir: &Path,
    name: &str,
    allow_destructive: bool,
    dry_run: bool,
    out: &mut String,
) -> Result<Outcome, CliError> {
    let snapshot = read_snapshot(dir, name)?;
    let id = id_of(&snapshot, &snapshot_path(dir, name))?;
    let plan = match Plan::fetch(client, id, properties_of(&snapshot)).await {
        Err(notion_orm::Error::Api(e)) if e.code == ErrorCode::ObjectNotFound => {
            return create_from_snapshot(client, dir, name, &snapshot, dry_run, out).await;
        }
        plan => plan?,
    };
    let _ = write!(out, "plan for {name}: {plan}");
    if plan.is_empty() || dry_run {
        return Ok(Outcome::Ok);
    }
    if plan.is_destructive() && !allow_destructive {
        let _ = writeln!(
            out,
            "refusing: the plan deletes properties or options or changes a kind, which loses \
             data; nothing was changed. Re-run with --allow-destructive to apply it."
        );
        return Ok(Outcome::Failed);
    }
    plan.apply(client, allow_destructive).await?;
    let live = fetch_data_source(client, id).await?;
    let path = write_snapshot(dir, name, &live)?;
    let _ = writeln!(out, "applied; refreshed {}", path.display());
    Ok(Outcome::Ok)
}

/// `push` of a snapshot whose data source does not exist (deleted, or from another
/// workspace): creates it in the snapshot's database and rewrites the snapshot with its new id.
async fn create_from_snapshot(
    client: &Client,
    dir: &Path,
    name: &str,
    snapshot: &Value,
    dry_run: bool,
    out: &mut String,
) -> Result<Outcome, CliError> {
    let database = snapshot
        .pointer("/parent/database_id")
        .and_then(Value::as_str)
        .and_then(|id| DatabaseId::parse(id).ok())
        .ok_or_else(|| CliError::Snapshot {
            path: snapshot_path(dir, name),
            message: "its data source does not exist and it names no parent database to \
                      create it in"
                .into(),
        })?;
    let title = codegen::title_text(snapshot);
    let properties = properties_of(snapshot);
    let _ = writeln!(
        out,
        "plan for {name}: the data source does not exist; create {title:?} with {} properties \
         in database {database}",
        properties.len()
    );
    if dry_run {
        return Ok(Outcome::Ok);
    }
    let spec = DataSourceSpec::from_properties(title, properties.clone());
    let id = spec.create(client, database).await?;
    let live = fetch_data_source(client, id).await?;
    let path = write_snapshot(dir, name, &live)?;
    let _ = writeln!(
        out,
        "created data source {id}; refreshed {}",
        path.display()
    );
    Ok(Outcome::Ok)
}

/// `codegen`: the model source for snapshot `name` in `dir` (see [`codegen::generate`]).
///
/// # Errors
///
/// [`CliError::Snapshot`] when the snapshot cannot be read.
pub fn codegen_snapshot(
    dir: &Path,
    name: &str,
    struct_name: Option<&str>,
) -> Result<String, CliError> {
    let snapshot = read_snapshot(dir, name)?;
    Ok(codegen::generate(name, &snapshot, struct_name))
}

/// The path of snapshot `name` in `dir`.
pub fn snapshot_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.json"))
}

/// Reads snapshot `name` from `dir`.
///
/// # Errors
///
/// [`CliError::Snapshot`] when the file is missing or not JSON.
pub fn read_snapshot(dir: &Path, name: &str) -> Result<Value, CliError> {
    let path = snapshot_path(dir, name);
    let text = std::fs::read_to_string(&path).map_err(|e| CliError::Snapshot {
        path: path.clone(),
        message: format!(
            "cannot read it ({e}); create it with `notion-orm pull <id> --name {name}`"
        ),
    })?;
    serde_json::from_str(&text).map_err(|e| CliError::Snapshot {
        path,
        message: format!("not JSON: {e}"),
    })
}

/// Writes `data_source` as snapshot `name` in `dir` (creating the directory).
///
/// # Errors
///
/// [`CliError::Snapshot`] when it cannot be written.
pub fn write_snapshot(dir: &Path, name: &str, data_source: &Value) -> Result<PathBuf, CliError> {
    let path = snapshot_path(dir, name);
    let io = |e: std::io::Error| CliError::Snapshot {
        path: path.clone(),
        message: format!("cannot write it: {e}"),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(&path, snapshot_json(data_source)).map_err(io)?;
    Ok(path)
}

/// The names of the snapshots in `dir`, sorted.
fn snapshot_names(dir: &Path) -> Result<Vec<String>, CliError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CliError::Snapshot {
        path: dir.to_owned(),
        message: format!("cannot list snapshots ({e}); pull one first"),
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "json").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    Ok(names)
}

fn snapshot_id(dir: &Path, name: &str) -> Result<DataSourceId, CliError> {
    id_of(&read_snapshot(dir, name)?, &snapshot_path(dir, name))
}

fn id_of(snapshot: &Value, path: &Path) -> Result<DataSourceId, CliError> {
    snapshot
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| DataSourceId::parse(id).ok())
        .ok_or_else(|| CliError::Snapshot {
            path: path.to_owned(),
            message: "it has no data source `id` at its top level".into(),
        })
}

/// The data source's title in snake_case, if it has one.
fn default_name(data_source: &Value) -> Option<String> {
    use heck::ToSnakeCase;
    let title: String = data_source
        .get("title")?
        .as_array()?
        .iter()
        .filter_map(|t| t.get("plain_text").and_then(Value::as_str))
        .collect();
    let name = title.to_snake_case();
    (!name.is_empty()).then_some(name)
}

/// A progress bar on stderr (hidden when stderr is not a terminal, e.g. in CI).
fn progress(len: usize, verb: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template(&format!("{verb} {{pos}}/{{len}} {{msg}}")) {
        bar.set_style(style);
    }
    bar
}
