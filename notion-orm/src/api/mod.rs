//! One module per Notion resource.
