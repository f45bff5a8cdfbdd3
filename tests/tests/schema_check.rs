//! Models compiled without a snapshot are checked against the live schema on first use:
//! one error listing every difference, once per client and model.

mod common;

use common::emulator::Env;
use notion_orm::Error;
use notion_orm::client::{RateLimit, Request};
use notion_orm::prelude::*;
use serde_json::{Value, json};

/// The model the data source is created from.
#[derive(NotionModel, Debug)]
struct Chore {
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Done")]
    done: bool,
    #[notion(rename = "Points")]
    points: Option<f64>,
}

/// The same data source, mapped wrongly twice.
#[derive(NotionModel, Debug)]
struct MistypedChore {
    #[notion(title, rename = "Name")]
    name: String,
    #[notion(rename = "Dnoe")]
    done: bool,
    #[notion(rename = "Points", kind = "rich_text")]
    points: Option<String>,
}

async fn with_one_chore() -> (Env, DataSourceId) {
    let env = Env::start().await;
    let ds = env.data_source::<Chore>().await;
    Chore::create()
        .data_source(ds)
        .set(Chore::NAME, "Sweep")
        .send(&env.client)
        .await
        .unwrap();
    (env, ds)
}

#[tokio::test]
async fn a_model_that_differs_from_the_live_schema_gets_every_difference_in_one_error() {
    let (env, ds) = with_one_chore().await;
    let err = MistypedChore::query()
        .data_source(ds)
        .all(&env.client)
        .await
        .unwrap_err();
    let Error::SchemaMismatch {
        model, differences, ..
    } = &err
    else {
        panic!("expected a schema mismatch, got {err}");
    };
    assert_eq!(*model, "MistypedChore");
    assert_eq!(differences.len(), 2, "{err}");
    assert!(
        differences[0].contains("`done`") && differences[0].contains("\"Dnoe\""),
        "{err}"
    );
    assert!(
        differences[1].contains("`points`")
            && differences[1].contains("`number`")
            && differences[1].contains("`rich_text`"),
        "{err}"
    );
}

#[tokio::test]
async fn the_schema_is_checked_once_per_client() {
    let (env, ds) = with_one_chore().await;
    assert_eq!(
        Chore::query()
            .data_source(ds)
            .all(&env.client)
            .await
            .unwrap()
            .len(),
        1
    );

    let _: Value = env
        .client
        .send(
            Request::patch("/v1/data_sources/{data_source_id}")
                .param(ds)
                .json_value(json!({"properties": {"Done": {"name": "Finished"}}})),
        )
        .await
        .unwrap();

    // This client checked `Chore` before the rename: the read fails on the field itself.
    let err = Chore::query()
        .data_source(ds)
        .all(&env.client)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Conversion { field: "done", .. }),
        "{err}"
    );

    // A new client checks again and reports the schema difference.
    let fresh = Client::builder()
        .token(env.emulator.token().to_owned())
        .base_url(env.emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .build()
        .unwrap();
    let err = Chore::query()
        .data_source(ds)
        .all(&fresh)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::SchemaMismatch { differences, .. } if differences.len() == 1),
        "{err}"
    );
}
