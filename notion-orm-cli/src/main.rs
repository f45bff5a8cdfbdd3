//! The `notion-orm` binary: see the library docs of `notion_orm_cli` for the commands.

use std::process::ExitCode;

use clap::Parser;
use notion_orm_cli::{Cli, Outcome, run};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        // Drift or a refused destructive push: the report is on stdout.
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
