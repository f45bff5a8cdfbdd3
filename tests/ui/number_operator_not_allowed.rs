use notion_orm::prelude::*;

#[derive(NotionModel)]
struct Product {
    #[notion(title)]
    name: String,
    price: f64,
}

fn main() {
    // A number has comparisons, not text operators: the error lists the number operators.
    let _ = Product::PRICE.contains("9");
}
