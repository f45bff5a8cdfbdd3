//! The workspace's custom emojis.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The workspace's custom emojis, in upload order.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct CustomEmojis {
    pub(crate) emojis: Vec<CustomEmoji>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CustomEmoji {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) url: String,
}

impl CustomEmojis {
    /// Adds an emoji; returns its id.
    pub(crate) fn add(&mut self, name: &str, url: &str) -> Uuid {
        let id = Uuid::new_v4();
        self.emojis.push(CustomEmoji {
            id,
            name: name.to_owned(),
            url: url.to_owned(),
        });
        id
    }
}
