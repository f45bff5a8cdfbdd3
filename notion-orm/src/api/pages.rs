//! Pages: create, retrieve, update, trash and restore, move, and read one property in full.

use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{property_write, to_json};
use crate::client::{Client, Request};
use crate::pagination::Paginator;
use crate::types::{
    Cover, Icon, Page, PageId, Parent, PropertyItemList, PropertyItemResponse, PropertyValue,
};
use crate::{Error, Result};

/// The body of `POST /v1/pages`.
///
/// ```
/// use notion_orm::api::pages::NewPage;
/// use notion_orm::types::{Parent, PropertyValue, RichText};
///
/// # fn run(data_source: notion_orm::types::DataSourceId) -> notion_orm::Result<()> {
/// let page = NewPage::new(Parent::data_source(data_source))
///     .property("Name", &PropertyValue::Title(vec![RichText::text("Write docs")]))?
///     .property_json("Done", serde_json::json!({"checkbox": false}));
/// # let _ = page;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct NewPage {
    parent: Parent,
    properties: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<Icon>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover: Option<Cover>,
    #[serde(skip_serializing_if = "Option::is_none")]
    children: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<Value>,
}

impl NewPage {
    /// A page under `parent` with no properties yet.
    pub fn new(parent: Parent) -> Self {
        NewPage {
            parent,
            properties: Map::new(),
            icon: None,
            cover: None,
            children: None,
            markdown: None,
            template: None,
            position: None,
        }
    }

    /// Sets property `name` (name or id) to `value`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the property when its type is read-only (formula,
    /// rollup, created time, ...).
    pub fn property(mut self, name: &str, value: &PropertyValue) -> Result<Self> {
        self.properties
            .insert(name.to_owned(), property_write(name, value)?);
        Ok(self)
    }

    /// Sets property `name` to a value in Notion's JSON shape, e.g. `{"checkbox": true}`.
    pub fn property_json(mut self, name: &str, value: Value) -> Self {
        self.properties.insert(name.to_owned(), value);
        self
    }

    /// The page icon.
    pub fn icon(mut self, icon: Icon) -> Self {
        self.icon = Some(icon);
        self
    }

    /// The page cover.
    pub fn cover(mut self, cover: Cover) -> Self {
        self.cover = Some(cover);
        self
    }

    /// Content blocks, in Notion's JSON shape (at most 100; see the blocks API for typed
    /// blocks and for appending more).
    pub fn children(mut self, blocks: Vec<Value>) -> Self {
        self.children = Some(blocks);
        self
    }

    /// Content as Notion-flavoured markdown (instead of `children`).
    pub fn markdown(mut self, markdown: impl Into<String>) -> Self {
        self.markdown = Some(markdown.into());
        self
    }

    /// A template to apply, e.g. `{"type":"default"}` or
    /// `{"type":"template_id","template_id":".."}`.
    pub fn template(mut self, template: Value) -> Self {
        self.template = Some(template);
        self
    }

    /// Where the page goes among its parent's content, e.g. `{"type":"page_start"}`.
    pub fn position(mut self, position: Value) -> Self {
        self.position = Some(position);
        self
    }
}

/// The body of `PATCH /v1/pages/{id}`: only what is set is sent.
///
/// ```
/// use notion_orm::api::pages::PageUpdate;
/// use notion_orm::types::PropertyValue;
///
/// # fn run() -> notion_orm::Result<()> {
/// let update = PageUpdate::new()
///     .property("Done", &PropertyValue::Checkbox(true))?
///     .remove_icon();
/// # let _ = update;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct PageUpdate {
    #[serde(skip_serializing_if = "Map::is_empty")]
    properties: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<Option<Icon>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cover: Option<Option<Cover>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_trash: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_locked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    erase_content: Option<bool>,
}

impl PageUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets property `name` (name or id) to `value`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the property when its type is read-only.
    pub fn property(mut self, name: &str, value: &PropertyValue) -> Result<Self> {
        self.properties
            .insert(name.to_owned(), property_write(name, value)?);
        Ok(self)
    }

    /// Sets property `name` to a value in Notion's JSON shape.
    pub fn property_json(mut self, name: &str, value: Value) -> Self {
        self.properties.insert(name.to_owned(), value);
        self
    }

    /// A new icon.
    pub fn icon(mut self, icon: Icon) -> Self {
        self.icon = Some(Some(icon));
        self
    }

    /// Removes the icon (`"icon": null`).
    pub fn remove_icon(mut self) -> Self {
        self.icon = Some(None);
        self
    }

    /// A new cover.
    pub fn cover(mut self, cover: Cover) -> Self {
        self.cover = Some(Some(cover));
        self
    }

    /// Removes the cover (`"cover": null`).
    pub fn remove_cover(mut self) -> Self {
        self.cover = Some(None);
        self
    }

    /// Moves the page to the trash (`true`) or restores it (`false`).
    pub fn in_trash(mut self, in_trash: bool) -> Self {
        self.in_trash = Some(in_trash);
        self
    }

    /// Locks or unlocks the page against edits in the Notion UI.
    pub fn locked(mut self, locked: bool) -> Self {
        self.is_locked = Some(locked);
        self
    }

    /// Applies a template to the page, e.g. `{"type":"default"}`.
    pub fn template(mut self, template: Value) -> Self {
        self.template = Some(template);
        self
    }

    /// With a template: erase the existing content first.
    pub fn erase_content(mut self, erase: bool) -> Self {
        self.erase_content = Some(erase);
        self
    }

    /// Setting values is safe to repeat; applying a template adds content each time.
    fn is_idempotent(&self) -> bool {
        self.template.is_none() && self.erase_content.is_none()
    }
}

/// The pages API; get it from [`Client::pages`].
#[derive(Debug, Clone, Copy)]
pub struct Pages<'c> {
    client: &'c Client,
}

impl Client {
    /// The pages API.
    pub fn pages(&self) -> Pages<'_> {
        Pages { client: self }
    }
}

impl Pages<'_> {
    /// `POST /v1/pages`. Never retried once it may have reached Notion (it would create a
    /// second page); rate limits and refused connections are still retried.
    pub async fn create(&self, page: &NewPage) -> Result<Page> {
        self.client
            .send(Request::post("/v1/pages").json(page)?)
            .await
    }

    /// `GET /v1/pages/{id}`. Relation, people and text values carry at most 25 references;
    /// read such a value in full with [`Pages::property`].
    pub async fn retrieve(&self, id: PageId) -> Result<Page> {
        self.client
            .send(Request::get("/v1/pages/{page_id}").param(id))
            .await
    }

    /// `GET /v1/pages/{id}?filter_properties=..`: only the listed properties (ids or names;
    /// at most 100).
    pub async fn retrieve_properties<S: AsRef<str>>(
        &self,
        id: PageId,
        properties: &[S],
    ) -> Result<Page> {
        let mut request = Request::get("/v1/pages/{page_id}").param(id);
        for property in properties {
            request = request.query("filter_properties", property.as_ref());
        }
        self.client.send(request).await
    }

    /// `PATCH /v1/pages/{id}`.
    pub async fn update(&self, id: PageId, update: &PageUpdate) -> Result<Page> {
        let request = Request::patch("/v1/pages/{page_id}")
            .param(id)
            .json(update)?
            .idempotent(update.is_idempotent());
        self.client.send(request).await
    }

    /// Moves the page to the trash.
    pub async fn trash(&self, id: PageId) -> Result<Page> {
        self.update(id, &PageUpdate::new().in_trash(true)).await
    }

    /// Restores the page from the trash.
    pub async fn restore(&self, id: PageId) -> Result<Page> {
        self.update(id, &PageUpdate::new().in_trash(false)).await
    }

    /// `POST /v1/pages/{id}/move`: moves the page under another page or into a data source.
    pub async fn move_to(&self, id: PageId, parent: &Parent) -> Result<Page> {
        // Moving to the same parent twice has the same effect as once.
        let request = Request::post("/v1/pages/{page_id}/move")
            .param(id)
            .json_value(json!({ "parent": to_json(parent)? }))
            .idempotent(true);
        self.client.send(request).await
    }

    /// `GET /v1/pages/{id}/properties/{property_id}`, page by page: one
    /// [`PropertyItemResponse::Single`] for simple types, one or more
    /// [`PropertyItemResponse::List`]s for title, rich text, relation, people and rollups.
    pub fn property_item_pages(
        &self,
        id: PageId,
        property_id: &str,
    ) -> Paginator<PropertyItemResponse> {
        let request = Request::get("/v1/pages/{page_id}/properties/{property_id}")
            .param(id)
            .param(property_id);
        crate::pagination::cursor_pages(self.client.clone(), request, None)
    }

    /// The full value of one property, past the 25 references a page read includes.
    ///
    /// # Errors
    ///
    /// Those of [`Client::send`]; [`Error::Decode`] when Notion lists items of a property
    /// type this crate cannot join.
    pub async fn property(&self, id: PageId, property_id: &str) -> Result<PropertyValue> {
        let responses: Vec<PropertyItemResponse> = self
            .property_item_pages(id, property_id)
            .try_collect()
            .await?;
        let mut lists = Vec::new();
        for response in responses {
            match response {
                PropertyItemResponse::Single(item) => return Ok(item.value),
                PropertyItemResponse::List(list) => lists.push(list),
            }
        }
        let type_name = lists
            .first()
            .map(|list| list.property_item.type_name.clone())
            .unwrap_or_default();
        PropertyItemList::into_value(lists).ok_or_else(|| Error::Decode {
            endpoint: "/v1/pages/{page_id}/properties/{property_id}".to_owned(),
            path: "property_item.type".to_owned(),
            message: format!("cannot join the items of a {type_name:?} property"),
            source: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::UniqueIdValue;

    #[test]
    fn truncated_relations_are_not_written_back() {
        let value: PropertyValue = serde_json::from_value(serde_json::json!({
            "id": "r", "type": "relation",
            "relation": [{"id": "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"}], "has_more": true
        }))
        .unwrap();
        let err = PageUpdate::new()
            .property("Blocked by", &value)
            .unwrap_err();
        assert!(err.to_string().contains("has_more"), "{err}");
    }

    #[test]
    fn read_only_properties_are_rejected_naming_the_property() {
        let value = PropertyValue::UniqueId(UniqueIdValue::default());
        let err = PageUpdate::new().property("Ticket", &value).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { property: Some(p), .. } if p == "Ticket"),
            "{err:?}"
        );
    }

    #[test]
    fn updates_send_only_what_was_set() {
        let update = PageUpdate::new()
            .property("Done", &PropertyValue::Checkbox(true))
            .unwrap()
            .in_trash(false);
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"properties": {"Done": {"checkbox": true}}, "in_trash": false})
        );
    }

    #[test]
    fn applying_a_template_is_not_repeated_on_server_errors() {
        assert!(PageUpdate::new().in_trash(true).is_idempotent());
        assert!(
            !PageUpdate::new()
                .template(json!({"type": "default"}))
                .is_idempotent()
        );
    }
}
