use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Product {
    #[notion(title)]
    name: String,
    price: f64,
}

fn main() {
    // A number filter takes a Rust number, not its text.
    let _ = Product::PRICE.equals("12");
}
