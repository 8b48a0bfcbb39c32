// Ploidy's Rust client: one crate from the API-root description and one from the discovery
// description, each a copy changed as recipe.mjs says (TAXII media types listed as
// `application/json`; StixObject as oneOf). Settings: the base URL, and three default headers: Basic
// credentials, and the TAXII media type in `Accept` and `Content-Type` (the copy's
// `application/json` never reaches the wire: reqwest keeps a Content-Type already set).
// The checks are those of the other languages' scenarios (README.md, "The live scenario").
#[path = "scenario.rs"]
mod scenario;

use scenario::{Calls, Object, Outcome, Page};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::Value;
use taxii_client::client::default::parameters::{DeleteObjectQuery, GetObjectQuery, GetObjectVersionsQuery, GetObjectsQuery};
use taxii_client::client::default::types::GetObjectsQueryMatch;
use taxii_client::types::{AddObjectsEnvelope, KnownStixObject, StixObject};
use taxii_client::util::absent::AbsentOr;

const TAXII: &str = "application/taxii+json;version=2.1";

struct Sdk {
    runtime: tokio::runtime::Runtime,
    root: taxii_client::Client,
    discovery: taxii_discovery::Client,
    read: String,
    write: String,
}

/// The error and its causes, on one line.
fn why(error: impl std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text += &format!(": {inner}");
        cause = inner.source();
    }
    text
}

/// An envelope item's own model: the STIX type's (Malware, Indicator, …) when it has one.
fn known(item: &StixObject) -> Option<&KnownStixObject> {
    match item {
        StixObject::KnownStixObject(known) => Some(known),
        StixObject::OtherStixObject(_) => None,
    }
}

/// The id and type of an envelope item, whichever model holds it.
fn identify(item: &StixObject) -> Object {
    let value = serde_json::to_value(item).unwrap_or_default();
    Object { id: value["id"].as_str().unwrap_or_default().into(), r#type: value["type"].as_str().unwrap_or_default().into() }
}

impl Sdk {
    fn envelope_of(&self, collection_id: &str, object_id: &str) -> Outcome<Vec<StixObject>> {
        let envelope = self.runtime.block_on(self.root.get_object(collection_id, object_id, &GetObjectQuery::default())).map_err(why)?;
        Ok(envelope.objects.unwrap_or_default())
    }
}

impl Calls for Sdk {
    fn discovery(&self) -> Outcome<Vec<String>> {
        let discovery = self.runtime.block_on(self.discovery.get_discovery()).map_err(why)?;
        Ok(discovery.api_roots.unwrap_or_default())
    }

    fn collections(&self) -> Outcome<Vec<String>> {
        collection_ids(self.runtime.block_on(self.root.get_collections()).map_err(why)?)
    }

    // Its client has no credentials of its own: the token is a sensitive default header of a client of its own.
    fn collections_with_token(&self, token: &str) -> Outcome<Vec<String>> {
        let client = taxii_client::Client::new(std::env::var("TAXII_API_ROOT").unwrap_or_default())
            .and_then(|client| client.with_sensitive_header("Authorization", format!("Bearer {token}").as_str()))
            .and_then(|client| client.with_header("Accept", TAXII))
            .map_err(why)?;
        collection_ids(self.runtime.block_on(client.get_collections()).map_err(why)?)
    }

    fn objects(&self, r#type: &str, limit: i64, next: &str) -> Outcome<Page> {
        let query = GetObjectsQuery {
            limit: Some(limit),
            next: (!next.is_empty()).then(|| next.to_string()),
            r#match: Some(GetObjectsQueryMatch { r#type: AbsentOr::Present(r#type.into()), ..Default::default() }),
            ..Default::default()
        };
        let envelope = self.runtime.block_on(self.root.get_objects(&self.read, &query)).map_err(why)?;
        Ok(Page {
            more: envelope.more.unwrap_or_default(),
            next: envelope.next.unwrap_or_default(),
            objects: envelope.objects.unwrap_or_default().iter().map(identify).collect(),
        })
    }

    fn object(&self, collection_id: &str, object_id: &str) -> Outcome<Vec<String>> {
        Ok(self.envelope_of(collection_id, object_id)?.iter().map(|item| identify(item).id).collect())
    }

    fn add(&self, envelope: &Value) -> Outcome<String> {
        // addObjects' items are open maps in the description (each is judged on its own), so the
        // envelope is JSON objects, here the scenario's own.
        let envelope: AddObjectsEnvelope = serde_json::from_value(envelope.clone()).map_err(why)?;
        let status = self.runtime.block_on(self.root.add_objects(&self.write, envelope)).map_err(why)?;
        Ok(status.id)
    }

    fn status(&self, status_id: &str) -> Outcome<(String, i64)> {
        let status = self.runtime.block_on(self.root.get_status(status_id)).map_err(why)?;
        Ok((status.status.to_string(), status.success_count.into()))
    }

    fn versions(&self, object_id: &str) -> Outcome<Vec<String>> {
        let versions = self.runtime.block_on(self.root.get_object_versions(&self.write, object_id, &GetObjectVersionsQuery::default())).map_err(why)?;
        Ok(versions.versions.unwrap_or_default())
    }

    fn remove(&self, object_id: &str) -> Outcome<()> {
        self.runtime.block_on(self.root.delete_object(&self.write, object_id, &DeleteObjectQuery::default())).map_err(why)
    }

    fn is_gone(&self, object_id: &str) -> Outcome<bool> {
        match self.runtime.block_on(self.root.get_object(&self.write, object_id, &GetObjectQuery::default())) {
            Ok(_) => Ok(false),
            Err(taxii_client::Error::Status(status)) if status.as_u16() == 404 => Ok(true),
            Err(error) => Err(why(error)),
        }
    }

    fn typed(&self, indicator_id: &str) -> Outcome<(String, String, String)> {
        let first = |r#type: &str| -> Outcome<StixObject> {
            let query = GetObjectsQuery {
                limit: Some(1),
                r#match: Some(GetObjectsQueryMatch { r#type: AbsentOr::Present(r#type.into()), ..Default::default() }),
                ..Default::default()
            };
            let envelope = self.runtime.block_on(self.root.get_objects(&self.read, &query)).map_err(why)?;
            envelope.objects.unwrap_or_default().into_iter().next().ok_or(format!("no {}", r#type))
        };
        let name = match known(&first("malware")?) {
            Some(KnownStixObject::Malware(malware)) => malware.name.clone().unwrap_or_default(),
            other => return Err(format!("a malware was read as {other:?}")),
        };
        let relationship_type = match known(&first("relationship")?) {
            Some(KnownStixObject::Relationship(relationship)) => relationship.relationship_type.clone(),
            other => return Err(format!("a relationship was read as {other:?}")),
        };
        let pattern = match self.envelope_of(&self.write, indicator_id)?.first().and_then(known) {
            Some(KnownStixObject::Indicator(indicator)) => indicator.pattern.clone(),
            other => return Err(format!("the indicator was read as {other:?}")),
        };
        Ok((name, relationship_type, pattern))
    }

    fn reserialise(&self, collection_id: &str, object_id: &str) -> Outcome<Value> {
        let item = self.envelope_of(collection_id, object_id)?.into_iter().next().ok_or("no object")?;
        serde_json::to_value(item).map_err(why)
    }
}

/// The ids of a getCollections answer.
fn collection_ids(list: taxii_client::types::Collections) -> Outcome<Vec<String>> {
    Ok(list.collections.unwrap_or_default().into_iter().map(|collection| collection.id).collect())
}

fn main() {
    let variable = |name: &str| std::env::var(name).unwrap_or_default();
    let credentials = format!("Basic {}", BASE64.encode(format!("{}:{}", variable("TAXII_USER"), variable("TAXII_PASSWORD"))));
    let root = taxii_client::Client::new(variable("TAXII_API_ROOT"))
        .and_then(|client| client.with_sensitive_header("Authorization", credentials.as_str()))
        .and_then(|client| client.with_header("Accept", TAXII))
        .and_then(|client| client.with_header("Content-Type", TAXII))
        .expect("client");
    let discovery = taxii_discovery::Client::new(variable("TAXII_ORIGIN"))
        .and_then(|client| client.with_sensitive_header("Authorization", credentials.as_str()))
        .and_then(|client| client.with_header("Accept", TAXII))
        .expect("discovery client");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let sdk = Sdk { runtime, root, discovery, read: variable("TAXII_READ_COLLECTION"), write: variable("TAXII_WRITE_COLLECTION") };
    scenario::run_scenario(&sdk);
}

