//! A public integration's install flow: OAuth, then preparing the user's workspace from code.
//!
//! ```sh
//! cargo run --example oauth_install
//! ```
//!
//! It runs against the embedded Notion emulator, which plays Notion's OAuth server (a real
//! install needs a web server for the redirect, and your integration's client id and secret).
//! The user "approves" through `emulator.oauth().authorize(..)`.

use futures_util::future::BoxFuture;
use notion_emulator::{Emulator, Integration, OAuthClient};
use notion_orm::oauth::{OAuthApp, OAuthTokenSource, TokenResponse, TokenStore};
use notion_orm::prelude::*;
use notion_orm::schema::{DataSourceSpec, DatabaseSpec, PageSpec, Setup, ViewSpec};
use notion_orm::types::Parent;
use notion_orm::types::view::ViewType;

/// A row of the "Tasks" data source the integration keeps in each user's workspace.
#[derive(NotionModel, Debug, Clone)]
struct Task {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Done")]
    done: bool,
}

const CLIENT_ID: &str = "my-integration";
const SECRET: &str = "my-secret";
const REDIRECT: &str = "https://app.example/notion/callback";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (emulator, my_app) = start_emulator().await?;
    let app =
        OAuthApp::new(CLIENT_ID, SECRET.into(), REDIRECT).with_base_url(emulator.base_url())?;

    // 1. Send the user to Notion; Notion redirects back to REDIRECT with `?code=..&state=..`.
    println!("1. Authorize at {}", app.authorize_url("csrf-token"));
    let code = emulator
        .oauth()
        .authorize(CLIENT_ID, REDIRECT)
        .ok_or("unknown client")?;

    // 2. Exchange the code; keep the tokens with the user's account.
    let tokens = app.exchange_code(&code).await?;
    println!(
        "2. Installed in {:?}",
        tokens.workspace_name.as_deref().unwrap_or("?")
    );
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token_source(OAuthTokenSource::new(app, &tokens, LogStore))
        .build()?;

    // 3. Set up: under the user's copy of your template if they duplicated it, else under a
    //    page they shared while installing. Running it again (a re-install) finds everything
    //    and creates nothing.
    let parent = Parent::Page(
        tokens
            .duplicated_template_id
            .unwrap_or_else(|| shared_page(&emulator, &my_app)),
    );
    let setup = Setup::new(parent)
        .database(
            DatabaseSpec::new("My app")
                .data_source(DataSourceSpec::from_model::<Task>("Tasks"))
                .view(ViewSpec::new("To do", "Tasks", ViewType::Table)),
        )
        .page(PageSpec::new("Welcome").markdown("Thanks for installing **My app**."));
    let installed = setup.run(&client).await?;
    println!("3. Created: {:?}", installed.created);
    let again = setup.run(&client).await?;
    assert!(
        again.created.is_empty(),
        "re-running created {:?}",
        again.created
    );
    assert_eq!(again.data_source("Tasks"), installed.data_source("Tasks"));
    println!("4. Re-running found: {:?}", again.found);

    // 4. Use it: bind the model to this user's data source.
    let tasks = installed
        .data_source("Tasks")
        .ok_or("no Tasks data source")?;
    let task = Task::create()
        .data_source(tasks)
        .set(Task::NAME, "Try My app")
        .send(&client)
        .await?;
    assert_eq!(task.name, "Try My app");
    println!("5. Created the first task in data source {tasks}");
    Ok(())
}

/// An emulator that knows this integration as a public one (its OAuth client).
async fn start_emulator() -> Result<(Emulator, Integration), notion_emulator::StartError> {
    let emulator = Emulator::start().await?;
    let my_app = emulator
        .integration("My app")
        .public(OAuthClient::new(CLIENT_ID, SECRET, REDIRECT))
        .create();
    Ok((emulator, my_app))
}

/// The page the user picked in Notion's install dialog (seeded in the emulator, and shared with
/// the install, as Notion does when the user ticks it).
fn shared_page(emulator: &Emulator, my_app: &Integration) -> PageId {
    let id = uuid::Uuid::new_v4();
    emulator.seed_page(id, "My app");
    emulator.share(id, my_app);
    PageId::from_uuid(id)
}

/// Where refreshed tokens would be saved (a database, a secret store); here, a log line.
#[derive(Debug)]
struct LogStore;

impl TokenStore for LogStore {
    fn save<'a>(&'a self, _tokens: &'a TokenResponse) -> BoxFuture<'a, notion_orm::Result<()>> {
        Box::pin(async {
            println!("   (tokens refreshed and saved)");
            Ok(())
        })
    }
}
