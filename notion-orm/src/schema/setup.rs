//! [`Setup`]: a workspace prepared from code, idempotently. Each step first looks for what it
//! would create (a database or page by title under the parent, a data source by name in its
//! database, a view by name), and creates only what is missing.

use futures_util::TryStreamExt;
use serde_json::{Map, Value, json};

use super::plan::{Plan, request_config};
use super::properties_of;
use crate::api::data_sources::{DataSourceUpdate, NewDataSource};
use crate::api::databases::NewDatabase;
use crate::api::pages::NewPage;
use crate::api::search::Search;
use crate::client::Client;
use crate::model::NotionModel;
use crate::types::block::BlockContent;
use crate::types::view::{NewView, ViewType};
use crate::types::{DataSourceId, DatabaseId, PageId, PageOrDataSource, Parent};
use crate::{Error, Result};

/// What to prepare under one parent: databases (with data sources and views) and pages.
///
/// Runs in order: databases, their data sources (created, or evolved toward the spec with
/// non-destructive steps only: added properties and options), views, then pages. Destructive
/// differences are left alone; use [`Plan`] to apply them deliberately.
#[derive(Debug, Clone)]
#[must_use]
pub struct Setup {
    parent: Parent,
    databases: Vec<DatabaseSpec>,
    pages: Vec<PageSpec>,
}

/// A database and what it holds.
#[derive(Debug, Clone)]
#[must_use]
pub struct DatabaseSpec {
    title: String,
    data_sources: Vec<DataSourceSpec>,
    views: Vec<ViewSpec>,
}

/// A data source: its name (the title it is found by) and its property schema.
#[derive(Debug, Clone)]
#[must_use]
pub struct DataSourceSpec {
    name: String,
    /// In response shape (from a snapshot) or request shape (from a model).
    properties: Map<String, Value>,
}

/// A view of one of the database's data sources.
#[derive(Debug, Clone)]
#[must_use]
pub struct ViewSpec {
    name: String,
    data_source: String,
    view_type: ViewType,
}

/// A starter page under the parent, found by its title.
#[derive(Debug, Clone)]
#[must_use]
pub struct PageSpec {
    title: String,
    markdown: Option<String>,
}

/// What [`Setup::run`] found and created.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct SetupReport {
    /// The databases, by title.
    pub databases: Vec<(String, DatabaseId)>,
    /// The data sources, by name.
    pub data_sources: Vec<(String, DataSourceId)>,
    /// The starter pages, by title.
    pub pages: Vec<(String, PageId)>,
    /// What was created, e.g. `database "Tasks"`, in order.
    pub created: Vec<String>,
    /// What existed already.
    pub found: Vec<String>,
    /// Existing data sources that gained properties or options.
    pub updated: Vec<String>,
}

impl SetupReport {
    /// The id of the data source named `name`.
    pub fn data_source(&self, name: &str) -> Option<DataSourceId> {
        lookup(&self.data_sources, name)
    }

    /// The id of the database titled `title`.
    pub fn database(&self, title: &str) -> Option<DatabaseId> {
        lookup(&self.databases, title)
    }

    /// The id of the starter page titled `title`.
    pub fn page(&self, title: &str) -> Option<PageId> {
        lookup(&self.pages, title)
    }
}

fn lookup<T: Copy>(items: &[(String, T)], name: &str) -> Option<T> {
    items.iter().find(|(n, _)| n == name).map(|(_, id)| *id)
}

impl Setup {
    /// A setup under `parent`: a page shared with the integration (or the copy of your
    /// template, see the [module docs](super)), or [`Parent::Workspace`] for public integrations.
    pub fn new(parent: Parent) -> Setup {
        Setup {
            parent,
            databases: Vec::new(),
            pages: Vec::new(),
        }
    }

    /// Adds a database.
    pub fn database(mut self, database: DatabaseSpec) -> Self {
        self.databases.push(database);
        self
    }

    /// Adds a starter page.
    pub fn page(mut self, page: PageSpec) -> Self {
        self.pages.push(page);
        self
    }

    /// Finds or creates everything, in order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a database without data sources or a view naming a data
    /// source the database does not have; any error of [`Client::send`]. What was created
    /// before an error stays, and the next run finds it.
    pub async fn run(&self, client: &Client) -> Result<SetupReport> {
        let mut report = SetupReport::default();
        for database in &self.databases {
            self.prepare_database(client, database, &mut report).await?;
        }
        for page in &self.pages {
            let label = format!("page {:?}", page.title);
            let id = match self.find_child(client, &page.title, Child::Page).await? {
                Some(id) => {
                    report.found.push(label);
                    PageId::from_uuid(id)
                }
                None => {
                    let id = self.create_page(client, page).await?;
                    report.created.push(label);
                    id
                }
            };
            report.pages.push((page.title.clone(), id));
        }
        Ok(report)
    }

    async fn prepare_database(
        &self,
        client: &Client,
        spec: &DatabaseSpec,
        report: &mut SetupReport,
    ) -> Result<()> {
        let Some(first) = spec.data_sources.first() else {
            return Err(Error::invalid(
                None,
                None,
                format!("database {:?} has no data source to set up", spec.title),
            ));
        };
        let label = format!("database {:?}", spec.title);
        // The first data source is created with its database: report it as created.
        let mut created_with_database = None;
        let database = match self
            .find_child(client, &spec.title, Child::Database)
            .await?
        {
            Some(id) => {
                report.found.push(label);
                DatabaseId::from_uuid(id)
            }
            None => {
                let mut new = NewDatabase::new(self.parent.clone()).title(&spec.title);
                for (name, config) in request_properties(&first.properties) {
                    new = new.property_json(&name, config);
                }
                let created = client.databases().create(&new).await?;
                report.created.push(label);
                // The initial data source is named after the database; rename it to the spec's
                // name so that the next run finds it.
                if let Some(source) = created.data_sources.first()
                    && source.name != first.name
                {
                    let rename = DataSourceUpdate::new().title(&first.name);
                    client.data_sources().update(source.id, &rename).await?;
                }
                created_with_database = created.data_sources.first().map(|s| s.id);
                created.id
            }
        };
        report.databases.push((spec.title.clone(), database));
        let existing = client.databases().retrieve(database).await?.data_sources;
        for source in &spec.data_sources {
            let label = format!("data source {:?}", source.name);
            let id = match existing.iter().find(|s| s.name == source.name) {
                Some(new) if Some(new.id) == created_with_database => {
                    report.created.push(label);
                    new.id
                }
                Some(found) => {
                    let plan = Plan::fetch(client, found.id, &source.properties)
                        .await?
                        .without_destructive();
                    if !plan.is_empty() {
                        plan.apply(client, false).await?;
                        report.updated.push(label.clone());
                    }
                    report.found.push(label);
                    found.id
                }
                None => {
                    let created = source.create(client, database).await?;
                    report.created.push(label);
                    created
                }
            };
            report.data_sources.push((source.name.clone(), id));
        }
        self.prepare_views(client, database, spec, report).await
    }

    async fn prepare_views(
        &self,
        client: &Client,
        database: DatabaseId,
        spec: &DatabaseSpec,
        report: &mut SetupReport,
    ) -> Result<()> {
        if spec.views.is_empty() {
            return Ok(());
        }
        // Notion lists views as ids only: read each one for its name.
        let listed: Vec<_> = client
            .views()
            .list_for_database(database)
            .try_collect()
            .await?;
        let mut names = Vec::with_capacity(listed.len());
        for view in listed {
            names.push(client.views().retrieve(view.id).await?.name);
        }
        for view in &spec.views {
            let label = format!("view {:?}", view.name);
            if names.iter().flatten().any(|n| *n == view.name) {
                report.found.push(label);
                continue;
            }
            let data_source = report.data_source(&view.data_source).ok_or_else(|| {
                Error::invalid(
                    None,
                    None,
                    format!(
                        "view {:?} shows data source {:?}, which database {:?} does not have",
                        view.name, view.data_source, spec.title
                    ),
                )
            })?;
            let new = NewView::new(database, data_source, &view.name, view.view_type.clone());
            client.views().create(&new).await?;
            report.created.push(label);
        }
        Ok(())
    }

    /// The child database or page titled `title` under the parent: a page's children, or
    /// for the workspace, top-level objects found through search.
    async fn find_child(
        &self,
        client: &Client,
        title: &str,
        kind: Child,
    ) -> Result<Option<uuid::Uuid>> {
        match &self.parent {
            Parent::Page(page) => {
                let mut children = client.blocks().children(page.as_block());
                while let Some(block) = children.try_next().await? {
                    let found = match (&block.content, kind) {
                        (BlockContent::ChildDatabase(t), Child::Database)
                        | (BlockContent::ChildPage(t), Child::Page) => t.title == title,
                        _ => false,
                    };
                    if found && !block.in_trash {
                        return Ok(Some(*block.id.as_uuid()));
                    }
                }
                Ok(None)
            }
            _ => match kind {
                Child::Page => self.search_top_level(client, title, title, kind).await,
                // Search matches data-source titles, not database titles: try the database's
                // title, then every data source visible to the integration.
                Child::Database => {
                    for query in [title, ""] {
                        let found = self.search_top_level(client, query, title, kind).await?;
                        if found.is_some() {
                            return Ok(found);
                        }
                    }
                    Ok(None)
                }
            },
        }
    }

    /// The top-level page or database titled `title` among the results of searching `query`.
    async fn search_top_level(
        &self,
        client: &Client,
        query: &str,
        title: &str,
        kind: Child,
    ) -> Result<Option<uuid::Uuid>> {
        let search = if query.is_empty() {
            Search::new()
        } else {
            Search::new().query(query)
        };
        let search = match kind {
            Child::Page => search.only_pages(),
            Child::Database => search.only_data_sources(),
        };
        let mut results = client.search(&search);
        while let Some(result) = results.try_next().await? {
            match (result, kind) {
                (PageOrDataSource::Page(page), Child::Page)
                    if page.parent == self.parent && page.title().as_deref() == Some(title) =>
                {
                    return Ok(Some(*page.id.as_uuid()));
                }
                (PageOrDataSource::DataSource(source), Child::Database) => {
                    let Parent::Database(database) = source.parent else {
                        continue;
                    };
                    let database = client.databases().retrieve(database).await?;
                    if database.parent == self.parent
                        && crate::types::rich_text::plain_text(&database.title) == title
                    {
                        return Ok(Some(*database.id.as_uuid()));
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }

    async fn create_page(&self, client: &Client, spec: &PageSpec) -> Result<PageId> {
        let mut page = NewPage::new(self.parent.clone()).property_json(
            "title",
            json!({ "title": [{"type": "text", "text": {"content": spec.title}}] }),
        );
        if let Some(markdown) = &spec.markdown {
            page = page.markdown(markdown);
        }
        Ok(client.pages().create(&page).await?.id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Child {
    Database,
    Page,
}

/// A `properties` map in the shape creates take: response-shaped configurations (from
/// snapshots) are converted, request-shaped ones (from models) kept.
fn request_properties(properties: &Map<String, Value>) -> Map<String, Value> {
    properties
        .iter()
        .map(|(key, config)| {
            let name = config
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_owned();
            let config = if config.get("type").is_some() {
                request_config(config)
            } else {
                config.clone()
            };
            (name, config)
        })
        .collect()
}

impl DatabaseSpec {
    /// A database titled `title`; add at least one data source.
    pub fn new(title: impl Into<String>) -> DatabaseSpec {
        DatabaseSpec {
            title: title.into(),
            data_sources: Vec::new(),
            views: Vec::new(),
        }
    }

    /// Adds a data source; the first one is created with the database.
    pub fn data_source(mut self, data_source: DataSourceSpec) -> Self {
        self.data_sources.push(data_source);
        self
    }

    /// Adds a view.
    pub fn view(mut self, view: ViewSpec) -> Self {
        self.views.push(view);
        self
    }
}

impl DataSourceSpec {
    /// Creates this data source in `database` (`POST /v1/data_sources`), titled with its name.
    ///
    /// # Errors
    ///
    /// Any error of [`Client::send`].
    pub async fn create(&self, client: &Client, database: DatabaseId) -> Result<DataSourceId> {
        let mut new = NewDataSource::new(database).title(&self.name);
        for (name, config) in request_properties(&self.properties) {
            new = new.property_json(&name, config);
        }
        Ok(client.data_sources().create(&new).await?.id)
    }

    /// A data source with the schema of a snapshot (a data-source object as Notion returns it).
    /// Relations in it must point at data sources the integration can see.
    pub fn from_snapshot(name: impl Into<String>, snapshot: &Value) -> DataSourceSpec {
        Self::from_properties(name, properties_of(snapshot).clone())
    }

    /// A data source with the schema derived from model `M` (see
    /// [`NotionModel::schema`]).
    pub fn from_model<M: NotionModel>(name: impl Into<String>) -> DataSourceSpec {
        Self::from_properties(name, M::schema(None))
    }

    /// A data source with a `properties` map in response or request shape.
    pub fn from_properties(
        name: impl Into<String>,
        properties: Map<String, Value>,
    ) -> DataSourceSpec {
        DataSourceSpec {
            name: name.into(),
            properties,
        }
    }
}

impl ViewSpec {
    /// A view named `name` of the database's data source named `data_source`.
    pub fn new(
        name: impl Into<String>,
        data_source: impl Into<String>,
        view_type: ViewType,
    ) -> ViewSpec {
        ViewSpec {
            name: name.into(),
            data_source: data_source.into(),
            view_type,
        }
    }
}

impl PageSpec {
    /// A page titled `title`.
    pub fn new(title: impl Into<String>) -> PageSpec {
        PageSpec {
            title: title.into(),
            markdown: None,
        }
    }

    /// Its content, as Notion-flavoured markdown, written when the page is created.
    pub fn markdown(mut self, markdown: impl Into<String>) -> Self {
        self.markdown = Some(markdown.into());
        self
    }
}
