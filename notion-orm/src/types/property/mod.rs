//! Properties: their schema in a data source ([`schema`]), their values on a page ([`value`])
//! and the paginated property-item endpoint ([`item`]).

pub mod item;
pub mod schema;
pub mod value;

use super::de::open_string_enum;

open_string_enum! {
    /// The type of a property, shared by schemas and values.
    pub enum PropertyType {
        /// `title`
        Title = "title",
        /// `rich_text`
        RichText = "rich_text",
        /// `number`
        Number = "number",
        /// `select`
        Select = "select",
        /// `multi_select`
        MultiSelect = "multi_select",
        /// `status`
        Status = "status",
        /// `date`
        Date = "date",
        /// `people`
        People = "people",
        /// `files`
        Files = "files",
        /// `checkbox`
        Checkbox = "checkbox",
        /// `url`
        Url = "url",
        /// `email`
        Email = "email",
        /// `phone_number`
        PhoneNumber = "phone_number",
        /// `formula`
        Formula = "formula",
        /// `relation`
        Relation = "relation",
        /// `rollup`
        Rollup = "rollup",
        /// `created_time`
        CreatedTime = "created_time",
        /// `created_by`
        CreatedBy = "created_by",
        /// `last_edited_time`
        LastEditedTime = "last_edited_time",
        /// `last_edited_by`
        LastEditedBy = "last_edited_by",
        /// `unique_id`
        UniqueId = "unique_id",
        /// `verification`
        Verification = "verification",
        /// `button`
        Button = "button",
        /// `place`
        Place = "place",
        /// `location` (schema only; no value shape is documented)
        Location = "location",
        /// `last_visited_time` (schema only; no value shape is documented)
        LastVisitedTime = "last_visited_time",
    }
}

impl PropertyType {
    /// Whether page values of this type can be set on create or update.
    ///
    /// Formula, rollup, the created/edited metadata, unique ids and buttons are computed by
    /// Notion. Verification and place follow the SDK, which accepts them in requests.
    pub fn is_writable(&self) -> bool {
        !matches!(
            self,
            Self::Formula
                | Self::Rollup
                | Self::CreatedTime
                | Self::CreatedBy
                | Self::LastEditedTime
                | Self::LastEditedBy
                | Self::UniqueId
                | Self::Button
                | Self::Location
                | Self::LastVisitedTime
                | Self::Other(_)
        )
    }
}
