//! CSV sync: import a CSV into a typed data source with `upsert_many`, twice, without duplicates.
//!
//! ```sh
//! cargo run --example csv_sync
//! ```
//!
//! Rows are matched by their `SKU` key: existing rows are looked up 100 keys per query, new rows
//! created, changed rows patched, unchanged rows left alone; so the import can be re-run. Without
//! `NOTION_TOKEN` it runs against the embedded emulator; with `NOTION_TOKEN` and
//! `NOTION_PARENT_PAGE_ID` (a page shared with your integration), in your workspace.

use indicatif::{ProgressBar, ProgressStyle};
use notion_orm::api::databases::NewDatabase;
use notion_orm::client::RateLimit;
use notion_orm::model::bind;
use notion_orm::prelude::*;
use notion_orm::types::Parent;

/// One row of the "Products" data source, and of the CSV.
#[derive(NotionModel, Debug, Clone, PartialEq)]
struct Product {
    #[notion(id)]
    id: Option<PageId>,
    #[notion(title, rename = "Name")]
    name: String,
    /// The natural key the import matches rows by.
    #[notion(rename = "SKU", key)]
    sku: String,
    #[notion(rename = "Price")]
    price: f64,
    #[notion(rename = "In stock")]
    in_stock: bool,
}

/// A small catalogue as CSV text: `sku,name,price,in_stock`.
fn catalogue(rows: usize) -> String {
    let mut csv = String::from("sku,name,price,in_stock\n");
    for i in 0..rows {
        let price = 5.0 + (i % 40) as f64 * 2.5;
        csv.push_str(&format!("SKU-{i:04},Product {i},{price},{}\n", i % 3 != 0));
    }
    csv
}

/// Parses the CSV (no quoted fields in this file, so a split is enough).
fn parse(csv: &str) -> Result<Vec<Product>, Box<dyn std::error::Error>> {
    let mut products = Vec::new();
    for line in csv.lines().skip(1).filter(|l| !l.is_empty()) {
        let [sku, name, price, in_stock] = line.split(',').collect::<Vec<_>>()[..] else {
            return Err(format!("bad CSV line: {line}").into());
        };
        let (price, in_stock) = (price.parse()?, in_stock.parse()?);
        let (sku, name) = (sku.to_owned(), name.to_owned());
        products.push(Product {
            id: None,
            name,
            sku,
            price,
            in_stock,
        });
    }
    Ok(products)
}

/// The import: parse, upsert all rows with a progress bar, report what changed.
async fn import(
    client: &Client,
    csv: &str,
) -> Result<(usize, usize, usize), Box<dyn std::error::Error>> {
    let products = parse(csv)?;
    let bar = ProgressBar::new(products.len() as u64).with_style(ProgressStyle::with_template(
        "{msg:>10} [{bar:40}] {pos}/{len}",
    )?);
    bar.set_message("importing");
    let progress = bar.clone();
    let report = Product::bulk()
        .on_progress(move |p| progress.set_position(p.done as u64))
        .upsert_many(client, products)
        .await;
    bar.finish();
    if let Some((row, error)) = report.failed().next() {
        return Err(format!("CSV row {} failed: {error}", row + 2).into());
    }
    Ok(report.upsert_counts())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_emulator, client, parent) = connect().await?;
    let database = NewDatabase::new(parent).title("notion-orm CSV sync");
    let database = client.databases().create(&database).await?;
    bind::<Product>(Product::create_data_source(&client, database.id).await?);

    let csv = catalogue(200);
    let first = import(&client, &csv).await?;
    println!(
        "first import: created {}, updated {}, unchanged {}",
        first.0, first.1, first.2
    );
    let second = import(&client, &csv).await?;
    println!(
        "second import: created {}, updated {}, unchanged {}",
        second.0, second.1, second.2
    );
    assert_eq!(
        (first, second),
        ((200, 0, 0), (0, 0, 200)),
        "re-running creates nothing"
    );
    assert_eq!(Product::query().count(&client).await?, 200, "no duplicates");

    let cheap_in_stock = Product::query()
        .filter(
            Product::IN_STOCK
                .equals(true)
                .and(Product::PRICE.less_than(10.0)),
        )
        .sort(Product::PRICE.ascending())
        .all(&client)
        .await?;
    assert!(cheap_in_stock.iter().all(|p| p.in_stock && p.price < 10.0));
    assert!(cheap_in_stock.windows(2).all(|w| w[0].price <= w[1].price));
    println!("{} products in stock under 10:", cheap_in_stock.len());
    for p in cheap_in_stock.iter().take(5) {
        println!("  {} {:<12} {:>6.2}", p.sku, p.name, p.price);
    }
    Ok(())
}

/// A client for real Notion when `NOTION_TOKEN` is set, else for a fresh embedded emulator
/// (which has no rate limit, so the client need not have one either).
async fn connect()
-> Result<(Option<notion_emulator::Emulator>, Client, Parent), Box<dyn std::error::Error>> {
    if std::env::var_os("NOTION_TOKEN").is_some() {
        let parent = std::env::var("NOTION_PARENT_PAGE_ID")
            .map_err(|_| "set NOTION_PARENT_PAGE_ID to a page shared with your integration")?;
        let parent = Parent::Page(PageId::parse(&parent)?);
        return Ok((None, Client::from_env()?, parent));
    }
    let emulator = notion_emulator::Emulator::start().await?;
    let client = Client::builder()
        .token(emulator.token().to_owned())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::disabled())
        .build()?;
    Ok((Some(emulator), client, Parent::Workspace))
}
