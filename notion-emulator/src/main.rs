//! `notion-emulator`: the Notion API emulator as a local dev server.
//!
//! ```text
//! notion-emulator --port 7447 --seed .notion --data emulator.json
//! ```
//!
//! It prints the base URL and the token to use, serves until Ctrl-C (or SIGTERM), then lets
//! in-flight requests finish. With `--data`, the world is loaded at start and every write is
//! saved before it is answered, so nothing acknowledged is lost, even to `kill -9`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use notion_emulator::{Capabilities, Config, Emulator, OAuthClient, Plan, RateLimit};

/// Run the Notion API emulator as a local HTTP server.
#[derive(Debug, Parser)]
#[command(name = "notion-emulator", version, about)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "NOTION_EMULATOR_PORT", default_value_t = 7447)]
    port: u16,
    /// Address to bind. Keep the loopback default unless you mean to expose the emulator.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// The bearer token the emulator accepts (default: the emulator's built-in token).
    #[arg(long, env = "NOTION_EMULATOR_TOKEN")]
    token: Option<String>,
    /// A JSON file holding the world: loaded at start if it exists, and saved before every write
    /// is answered, so an acknowledged write survives even `kill -9`.
    #[arg(long, value_name = "FILE.json")]
    data: Option<PathBuf>,
    /// A directory of data-source snapshots (`*.json`, as `GET /v1/data_sources/{id}` returns
    /// them) to load at start, ids included.
    #[arg(long, value_name = "DIR")]
    seed: Option<PathBuf>,
    /// Limit each token to this many requests per second on average (Notion's documented
    /// average is 3), answering 429 `rate_limited` with `Retry-After` beyond it.
    #[arg(long, value_name = "PER_SECOND")]
    rate_limit: Option<f64>,
    /// Requests a token may send at once under `--rate-limit`.
    #[arg(long, default_value_t = 10, requires = "rate_limit")]
    burst: u32,
    /// The workspace plan: `free` accepts files up to 5 MiB, `paid` up to 5 GiB.
    #[arg(long, value_enum, default_value_t = PlanArg::Paid)]
    plan: PlanArg,
    /// Another internal integration, `name:token[:capabilities]`, capabilities a comma list of
    /// read, update, insert, comments, users, emails or all (default: all). Repeatable. It sees
    /// what is shared with it: the root page is shared with every integration given here.
    #[arg(long = "integration", value_name = "NAME:TOKEN[:CAPS]", value_parser = parse_integration)]
    integrations: Vec<IntegrationArg>,
    /// A JSON file of integrations to create at start: an array of `{"name", "token",
    /// "capabilities"}` (internal; capabilities as for `--integration`, default all) and
    /// `{"name", "client_id", "client_secret", "redirect_uri"}` (public, installed through
    /// OAuth).
    #[arg(long, value_name = "FILE.json")]
    integrations_file: Option<PathBuf>,
    /// Subscribe this URL to the default integration's webhook events (repeatable). The
    /// receiver gets the verification-token handshake at start; the token is printed too.
    #[arg(long = "webhook", value_name = "URL")]
    webhooks: Vec<String>,
}

/// One entry of `--integrations-file`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IntegrationSeed {
    name: String,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    capabilities: Option<String>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    redirect_uri: Option<String>,
}

/// Creates the integrations listed in `path`; returns what to print for each.
fn seed_integrations(emulator: &Emulator, path: &std::path::Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let seeds: Vec<IntegrationSeed> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut created = Vec::new();
    for seed in seeds {
        let capabilities = match &seed.capabilities {
            Some(list) => Capabilities::parse_list(list)?,
            None => Capabilities::ALL,
        };
        let builder = emulator.integration(&seed.name).capabilities(capabilities);
        let (builder, line) = match (seed.token, seed.client_id, seed.client_secret) {
            (Some(token), None, None) => (
                builder.token(&token),
                format!("Integration {:?} with token {token}", seed.name),
            ),
            (None, Some(id), Some(secret)) => {
                let redirect = seed.redirect_uri.unwrap_or_default();
                (
                    builder.public(OAuthClient::new(id.clone(), secret, redirect)),
                    format!(
                        "Public integration {:?} with OAuth client id {id}",
                        seed.name
                    ),
                )
            }
            _ => {
                return Err(format!(
                    "{}: integration {:?} needs either a token or a client_id and client_secret",
                    path.display(),
                    seed.name
                ));
            }
        };
        let integration = builder.create();
        emulator.share(emulator.root_page_id(), &integration);
        created.push(line);
    }
    Ok(created)
}

/// One `--integration` argument.
#[derive(Debug, Clone, PartialEq)]
struct IntegrationArg {
    name: String,
    token: String,
    capabilities: Capabilities,
}

fn parse_integration(raw: &str) -> Result<IntegrationArg, String> {
    let mut parts = raw.splitn(3, ':');
    let (Some(name), Some(token)) = (parts.next(), parts.next()) else {
        return Err("expected name:token[:capabilities]".to_owned());
    };
    if name.is_empty() || token.is_empty() {
        return Err("expected name:token[:capabilities]".to_owned());
    }
    let capabilities = match parts.next() {
        Some(list) => Capabilities::parse_list(list)?,
        None => Capabilities::ALL,
    };
    Ok(IntegrationArg {
        name: name.to_owned(),
        token: token.to_owned(),
        capabilities,
    })
}

/// `--plan`, mapped onto [`Plan`].
#[derive(Debug, Clone, Copy, ValueEnum)]
enum PlanArg {
    Free,
    Paid,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        // Colours only for a terminal: a log redirected to a file stays plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    match run(Args::parse(), shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("notion-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish and stops. With
/// `--data`, every write was saved before it was answered.
async fn run(args: Args, shutdown: impl Future<Output = ()>) -> Result<(), String> {
    let mut config = Config::default();
    if !args.bind.is_loopback() {
        // The default token is printed in every README: off loopback it is no secret at all.
        if args.token.is_none() {
            return Err(format!(
                "refusing to listen on {} with the built-in token, which anyone can read in the \
                 docs; pass --token <a secret of your own> (or NOTION_EMULATOR_TOKEN)",
                args.bind
            ));
        }
        eprintln!(
            "warning: listening on {} exposes the emulator (and everything stored in it) beyond \
             this machine",
            args.bind
        );
    }
    config.bind = SocketAddr::new(args.bind, args.port);
    if let Some(token) = args.token {
        config.token = token;
    }
    config.rate_limit = args
        .rate_limit
        .map(|per_second| RateLimit::new(per_second, args.burst));
    config.plan = match args.plan {
        PlanArg::Free => Plan::Free,
        PlanArg::Paid => Plan::Paid,
    };
    if let Some(path) = &args.data {
        // Restart as the same bot, so "me" is the author of the saved objects.
        config.bot_id = notion_emulator::saved_bot_id(path).map_err(|e| e.to_string())?;
    }
    let emulator = Emulator::start_with(config)
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    if let Some(path) = &args.data {
        let existed = path.exists();
        emulator.persist_to(path).map_err(|e| e.to_string())?;
        let verb = if existed { "Loaded" } else { "Created" };
        println!(
            "{verb} {} (every acknowledged write is saved)",
            path.display()
        );
    }
    if let Some(dir) = &args.seed {
        let seeded = emulator.seed_dir(dir).map_err(|e| e.to_string())?;
        println!(
            "Seeded {} data source(s) from {}",
            seeded.len(),
            dir.display()
        );
        if let Some(path) = &args.data {
            emulator.save_data(path).map_err(|e| e.to_string())?;
        }
    }
    for arg in &args.integrations {
        let integration = emulator
            .integration(&arg.name)
            .token(&arg.token)
            .capabilities(arg.capabilities)
            .create();
        emulator.share(emulator.root_page_id(), &integration);
        println!("Integration {:?} with token {}", arg.name, arg.token);
    }
    if let Some(path) = &args.integrations_file {
        for line in seed_integrations(&emulator, path)? {
            println!("{line}");
        }
    }
    for url in &args.webhooks {
        let subscription = emulator
            .subscribe_webhook(&emulator.default_integration(), url)
            .await
            .map_err(|e| format!("webhook handshake with {url} failed: {e}"))?;
        println!(
            "Webhook {url} subscribed; verification token {}",
            subscription.verification_token
        );
    }
    println!("Notion API emulator listening on {}", emulator.base_url());
    println!("  NOTION_BASE_URL={}", emulator.base_url());
    println!("  NOTION_TOKEN={}", emulator.token());
    println!("  NOTION_ROOT_PAGE_ID={}", emulator.root_page_id());
    println!("Press Ctrl-C to stop.");

    shutdown.await;
    println!("Shutting down...");
    // In-flight requests finish first; each write among them is saved before it is answered.
    emulator.shutdown().await;
    Ok(())
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one (containers, process managers).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // Without a signal handler the only way out is killing the process.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_loopback_and_a_fixed_port() {
        let args = Args::try_parse_from(["notion-emulator"]).unwrap();
        assert_eq!(args.bind, IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(args.port, 7447);
        assert!(args.data.is_none() && args.seed.is_none());
        assert!(args.rate_limit.is_none());
    }

    #[tokio::test]
    async fn exposing_the_emulator_needs_a_token_of_ones_own() {
        // Refused before anything is bound.
        let args =
            Args::try_parse_from(["notion-emulator", "--bind", "0.0.0.0", "--port", "0"]).unwrap();
        let err = run(args, async {}).await.unwrap_err();
        assert!(err.contains("--token"), "{err}");
    }

    #[tokio::test]
    async fn an_integrations_file_creates_internal_and_public_integrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("integrations.json");
        let seeds = serde_json::json!([
            {"name": "Reader", "token": "secret_reader", "capabilities": "read"},
            {"name": "App", "client_id": "app-id", "client_secret": "app-secret",
             "redirect_uri": "https://app.example/callback"},
        ]);
        std::fs::write(&path, seeds.to_string()).unwrap();
        let emulator = Emulator::start().await.unwrap();
        let lines = seed_integrations(&emulator, &path).unwrap();
        assert_eq!(lines.len(), 2, "{lines:?}");
        // The reader's token works and sees the root page, which is shared with it.
        let client = reqwest::Client::new();
        let root = client
            .get(format!(
                "{}/v1/pages/{}",
                emulator.base_url(),
                emulator.root_page_id()
            ))
            .bearer_auth("secret_reader")
            .header("Notion-Version", "2025-09-03")
            .send()
            .await
            .unwrap();
        assert_eq!(root.status(), 200);

        std::fs::write(&path, r#"[{"name": "Broken"}]"#).unwrap();
        let err = seed_integrations(&emulator, &path).unwrap_err();
        assert!(err.contains("needs either a token"), "{err}");
    }

    #[test]
    fn integrations_parse_name_token_and_capabilities() {
        let args = Args::try_parse_from([
            "notion-emulator",
            "--integration",
            "Reader:secret_r:read,users",
            "--integration",
            "Writer:secret_w",
        ])
        .unwrap();
        assert_eq!(args.integrations[0].name, "Reader");
        assert_eq!(args.integrations[0].token, "secret_r");
        assert!(!args.integrations[0].capabilities.insert);
        assert_eq!(args.integrations[1].capabilities, Capabilities::ALL);
        assert!(Args::try_parse_from(["notion-emulator", "--integration", "nope"]).is_err());
    }

    #[test]
    fn burst_needs_a_rate_limit() {
        assert!(Args::try_parse_from(["notion-emulator", "--burst", "5"]).is_err());
        let args =
            Args::try_parse_from(["notion-emulator", "--rate-limit", "3", "--burst", "5"]).unwrap();
        assert_eq!((args.rate_limit, args.burst), (Some(3.0), 5));
    }

    #[tokio::test]
    async fn seeded_data_is_saved_at_shutdown() {
        let dir = tempfile::tempdir().unwrap();
        let seed = dir.path().join("snapshots");
        std::fs::create_dir(&seed).unwrap();
        let id = "393abc1e-edcd-812b-85b5-000b8f6eb5fd";
        let snapshot = serde_json::json!({
            "object": "data_source",
            "id": id,
            "properties": {"Name": {"id": "title", "name": "Name", "type": "title", "title": {}}},
        });
        std::fs::write(seed.join("tasks.json"), snapshot.to_string()).unwrap();
        let data = dir.path().join("world.json");
        let args = Args::try_parse_from([
            "notion-emulator",
            "--port",
            "0",
            "--seed",
            seed.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ])
        .unwrap();

        run(args, async {}).await.unwrap();

        let saved = std::fs::read_to_string(&data).unwrap();
        assert!(saved.contains(id), "the seeded data source was saved");
        let restarted = Emulator::start().await.unwrap();
        restarted.load_data(&data).unwrap();
    }
}
