//! Content access: several integrations, sharing, capabilities, and the root page.

mod support;

use notion_emulator::{Capabilities, OAuthClient, UserInformation};
use reqwest::Method;
use serde_json::{Value, json};
use support::Api;

/// A page under the root page, created by the default integration.
async fn page_under_root(api: &Api, title: &str) -> String {
    let page = api
        .post_ok(
            "/v1/pages",
            json!({
                "parent": {"page_id": api.emulator.root_page_id()},
                "properties": {"title": [{"text": {"content": title}}]},
            }),
        )
        .await;
    page["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_root_page_is_shared_with_the_default_integration_and_found_by_search() {
    let api = Api::start().await;
    let root = api.emulator.root_page_id().to_string();
    let found = api
        .post_ok("/v1/search", json!({"query": "Emulator root"}))
        .await;
    assert_eq!(found["results"][0]["id"], root);
    assert_eq!(api.get_ok(&format!("/v1/pages/{root}")).await["id"], root);
}

#[tokio::test]
async fn two_internal_integrations_each_see_only_what_is_shared_with_them() {
    let api = Api::start().await;
    let alpha = api.emulator.integration("Alpha").create();
    let beta = api.emulator.integration("Beta").create();
    let for_alpha = page_under_root(&api, "For Alpha").await;
    let for_beta = page_under_root(&api, "For Beta").await;
    api.emulator.share(for_alpha.parse().unwrap(), &alpha);
    api.emulator.share(for_beta.parse().unwrap(), &beta);

    let read = |token: String, id: String| {
        let api = &api;
        async move {
            api.send_as(&token, Method::GET, &format!("/v1/pages/{id}"), None)
                .await
                .0
        }
    };
    let (a, b) = (alpha.token().unwrap(), beta.token().unwrap());
    assert_eq!(read(a.into(), for_alpha.clone()).await, 200);
    assert_eq!(read(a.into(), for_beta.clone()).await, 404);
    assert_eq!(read(b.into(), for_beta.clone()).await, 200);
    assert_eq!(read(b.into(), for_alpha.clone()).await, 404);
}

#[tokio::test]
async fn an_unshared_page_is_notions_404_with_the_sharing_hint() {
    let api = Api::start().await;
    let other = api.emulator.integration("Other").create();
    let page = page_under_root(&api, "Private").await;
    let (status, error) = api
        .send_as(
            other.token().unwrap(),
            Method::GET,
            &format!("/v1/pages/{page}"),
            None,
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(error["code"], "object_not_found");
    assert_eq!(
        error["message"],
        format!(
            "Could not find page with ID: {page}. Make sure the relevant pages and databases are shared with your integration \"Other\"."
        )
    );
    assert_eq!(
        error["additional_data"]["integration_id"],
        other.id().to_string()
    );
    // Children of an unshared page are hidden the same way.
    let (status, _) = api
        .send_as(
            other.token().unwrap(),
            Method::GET,
            &format!("/v1/blocks/{page}/children"),
            None,
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn search_lists_only_shared_objects() {
    let api = Api::start().await;
    let other = api.emulator.integration("Other").create();
    let shared = page_under_root(&api, "Shared note").await;
    page_under_root(&api, "Hidden note").await;
    api.emulator.share(shared.parse().unwrap(), &other);
    let (status, found) = api
        .send_as(
            other.token().unwrap(),
            Method::POST,
            "/v1/search",
            Some(json!({"query": "note"})),
        )
        .await;
    assert_eq!(status, 200);
    let ids: Vec<&Value> = found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, vec![&json!(shared)]);
}

#[tokio::test]
async fn relations_to_unshared_pages_are_hidden() {
    let api = Api::start().await;
    let other = api.emulator.integration("Other").create();
    // A relation to rows of another data source, one of which is not shared with `other`.
    let targets = api
        .data_source("Targets", json!({"Name": {"title": {}}}))
        .await;
    let shared_target = api.row(&targets, "Shared target", json!({})).await;
    let rows = api
        .data_source(
            "Rows",
            json!({
                "Name": {"title": {}},
                "Link": {"relation": {"data_source_id": targets, "single_property": {}}},
            }),
        )
        .await;
    let private_target = api.row(&targets, "Private target", json!({})).await;
    let row = api
        .row(
            &rows,
            "Row",
            json!({"Link": {"relation": [{"id": shared_target["id"]}, {"id": private_target["id"]}]}}),
        )
        .await;
    let rows_db = api.get_ok(&format!("/v1/data_sources/{rows}")).await["parent"]["database_id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.emulator.share(rows_db.parse().unwrap(), &other);
    api.emulator.share(
        shared_target["id"].as_str().unwrap().parse().unwrap(),
        &other,
    );

    let (status, page) = api
        .send_as(
            other.token().unwrap(),
            Method::GET,
            &format!("/v1/pages/{}", row["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let links = page["properties"]["Link"]["relation"].as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["id"], shared_target["id"]);
    // The default integration created the targets' database, so it sees both.
    let mine = api
        .get_ok(&format!("/v1/pages/{}", row["id"].as_str().unwrap()))
        .await;
    assert_eq!(
        mine["properties"]["Link"]["relation"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_token_without_comment_capabilities_gets_notions_403() {
    let api = Api::start().await;
    let no_comments = api
        .emulator
        .integration("No comments")
        .capabilities(Capabilities {
            comments: false,
            ..Capabilities::ALL
        })
        .create();
    let page = page_under_root(&api, "Discussed").await;
    api.emulator.share(page.parse().unwrap(), &no_comments);
    let (status, error) = api
        .send_as(
            no_comments.token().unwrap(),
            Method::GET,
            &format!("/v1/comments?block_id={page}"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(error["code"], "restricted_resource");
}

#[tokio::test]
async fn user_information_decides_whether_users_are_listed_and_emails_shown() {
    let api = Api::start().await;
    let without = |info| Capabilities {
        user_information: info,
        ..Capabilities::ALL
    };
    let none = api
        .emulator
        .integration("No users")
        .capabilities(without(UserInformation::None))
        .create();
    let no_email = api
        .emulator
        .integration("No emails")
        .capabilities(without(UserInformation::WithoutEmail))
        .create();

    let (status, error) = api
        .send_as(none.token().unwrap(), Method::GET, "/v1/users", None)
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (403, Some("restricted_resource"))
    );
    // `users/me` needs no user information: it is the integration's own bot.
    let (status, me) = api
        .send_as(none.token().unwrap(), Method::GET, "/v1/users/me", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(me["id"], none.id().to_string());
    assert_eq!(me["name"], "No users");

    let (status, users) = api
        .send_as(no_email.token().unwrap(), Method::GET, "/v1/users", None)
        .await;
    assert_eq!(status, 200);
    let person = users["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["type"] == "person")
        .unwrap();
    assert_eq!(person["person"], json!({}));
    let with_email = api.get_ok("/v1/users").await;
    let person = with_email["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["type"] == "person")
        .unwrap();
    assert_eq!(person["person"]["email"], "person@example.com");
}

#[tokio::test]
async fn only_a_public_integration_creates_workspace_level_pages() {
    let api = Api::start().await;
    let redirect = "https://app.example/callback";
    let app = api
        .emulator
        .integration("Public app")
        .public(OAuthClient::new("app-client", "app-secret", redirect))
        .create();
    let code = api
        .emulator
        .oauth()
        .authorize("app-client", redirect)
        .unwrap();
    let tokens: Value = api
        .http
        .post(api.url("/v1/oauth/token"))
        .basic_auth("app-client", Some("app-secret"))
        .json(&json!({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let body = json!({
        "parent": {"type": "workspace", "workspace": true},
        "properties": {"title": [{"text": {"content": "Top level"}}]},
    });
    let (status, page) = api
        .send_as(access, Method::POST, "/v1/pages", Some(body.clone()))
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["parent"]["type"], "workspace");
    // The page it created stays visible to it, not to other integrations.
    let id = page["id"].as_str().unwrap();
    let (status, _) = api
        .send_as(access, Method::GET, &format!("/v1/pages/{id}"), None)
        .await;
    assert_eq!(status, 200);
    let _ = app;

    let (status, error) = api.post("/v1/pages", body).await;
    assert_eq!(status, 400);
    assert_eq!(
        error["message"],
        "Only public integrations can create pages at the workspace level."
    );
}
