//! `notion-emulator`: the Notion API emulator as a local dev server.
//!
//! ```text
//! notion-emulator --port 7447 --seed .notion --data emulator.json
//! ```
//!
//! It prints the base URL and the token to use, serves until Ctrl-C (or SIGTERM), then lets
//! in-flight requests finish and, with `--data`, saves the world for the next start.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use notion_emulator::{Config, Emulator};

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
    /// A JSON file holding the world: loaded at start if it exists, written at shutdown.
    #[arg(long, value_name = "FILE.json")]
    data: Option<PathBuf>,
    /// A directory of data-source snapshots (`*.json`, as `GET /v1/data_sources/{id}` returns
    /// them) to load at start, ids included.
    #[arg(long, value_name = "DIR")]
    seed: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("notion-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let mut config = Config::default();
    config.bind = SocketAddr::new(args.bind, args.port);
    if let Some(token) = args.token {
        config.token = token;
    }
    let emulator = Emulator::start_with(config)
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    if let Some(path) = &args.data
        && path.exists()
    {
        emulator.load_data(path).map_err(|e| e.to_string())?;
        println!("Loaded {}", path.display());
    }
    if let Some(dir) = &args.seed {
        let seeded = emulator.seed_dir(dir).map_err(|e| e.to_string())?;
        println!(
            "Seeded {} data source(s) from {}",
            seeded.len(),
            dir.display()
        );
    }
    println!("Notion API emulator listening on {}", emulator.base_url());
    println!("  NOTION_BASE_URL={}", emulator.base_url());
    println!("  NOTION_TOKEN={}", emulator.token());
    println!("Press Ctrl-C to stop.");

    shutdown_signal().await;
    println!("Shutting down...");
    let saved = match &args.data {
        Some(path) => emulator
            .save_data(path)
            .map(|()| println!("Saved {}", path.display()))
            .map_err(|e| e.to_string()),
        None => Ok(()),
    };
    emulator.shutdown().await;
    saved
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
