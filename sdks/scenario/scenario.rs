// The live scenario for Rust clients (README.md, "The live scenario"). Each recipe supplies the
// calls, made with its generated client; the checks here are the same for all of them. One line
// per step on stdout: "STEP <name> ok" or "STEP <name> fail <why>".
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Duration;

pub type Outcome<T> = Result<T, String>;

/// What the scenario needs of a STIX object in a page.
pub struct Object {
    pub id: String,
    pub r#type: String,
}

/// What the scenario needs of an envelope.
#[derive(Default)]
pub struct Page {
    pub more: bool,
    pub next: String,
    pub objects: Vec<Object>,
}

/// The TAXII requests, made with the generated client.
pub trait Calls {
    fn discovery(&self) -> Outcome<Vec<String>>;
    fn collections(&self) -> Outcome<Vec<String>>;
    fn objects(&self, r#type: &str, limit: i64, next: &str) -> Outcome<Page>;
    fn object(&self, collection_id: &str, object_id: &str) -> Outcome<Vec<String>>;
    /// Posts an envelope, given as JSON, to the write collection and returns the status id.
    fn add(&self, envelope: &Value) -> Outcome<String>;
    fn status(&self, status_id: &str) -> Outcome<(String, i64)>;
    fn versions(&self, object_id: &str) -> Outcome<Vec<String>>;
    fn remove(&self, object_id: &str) -> Outcome<()>;
    /// getObject for an id that was deleted: true when the server answered 404.
    fn is_gone(&self, object_id: &str) -> Outcome<bool>;
    /// Three properties read through the generated STIX types, not an open map: the name of the
    /// first malware of the read collection (Malware), the relationship_type of its first
    /// relationship (Relationship), and the pattern of the added indicator (Indicator).
    fn typed(&self, indicator_id: &str) -> Outcome<(String, String, String)>;
    /// Reads one object with getObject into the generator's own model and writes it out again with
    /// that model's serialisation (not the response text): what a program that reads, keeps and
    /// re-sends an object through this SDK sends.
    fn reserialise(&self, collection_id: &str, object_id: &str) -> Outcome<Value>;
    /// getCollections by a client of its own that logs in with an API token (Authorization:
    /// Bearer) instead of the user name and password, set the generator's own way where it has one.
    fn collections_with_token(&self, token: &str) -> Outcome<Vec<String>>;
}

pub const PROBE_PATTERN: &str = "[ipv4-addr:value = '198.51.100.7']";

fn env(name: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => value,
        _ => {
            eprintln!("{name} is not set");
            std::process::exit(2)
        }
    }
}

fn check(condition: bool, message: String) -> Outcome<()> {
    if condition { Ok(()) } else { Err(message) }
}

/// Where two JSON values first differ, in words; None when they are equal (key order aside).
fn first_difference(got: &Value, want: &Value, at: &str) -> Option<String> {
    if got == want {
        return None;
    }
    match (got, want) {
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (g, w)) in g.iter().zip(w).enumerate() {
                if let Some(inner) = first_difference(g, w, &format!("{at}{i}.")) {
                    return Some(inner);
                }
            }
        }
        (Value::Object(g), Value::Object(w)) => {
            for (key, value) in w {
                match g.get(key) {
                    None => return Some(format!("{at}{key} is missing")),
                    Some(other) => {
                        if let Some(inner) = first_difference(other, value, &format!("{at}{key}.")) {
                            return Some(inner);
                        }
                    }
                }
            }
            for (key, value) in g {
                if !w.contains_key(key) {
                    return Some(format!("{at}{key} was added ({value})"));
                }
            }
        }
        _ => {}
    }
    let clip = |value: &Value| value.to_string().chars().take(80).collect::<String>();
    Some(format!("{} is {}, not {}", at.trim_end_matches('.'), clip(got), clip(want)))
}

/// The same instant, whatever the number of fractional digits (both are STIX/TAXII UTC timestamps).
fn same_instant(a: &str, b: &str) -> bool {
    let normal = |text: &str| -> Option<(String, String)> {
        let text = text.strip_suffix('Z')?;
        let (seconds, fraction) = text.split_once('.').unwrap_or((text, ""));
        Some((seconds.to_string(), fraction.trim_end_matches('0').to_string()))
    };
    normal(a).is_some() && normal(a) == normal(b)
}

pub fn run_scenario(calls: &dyn Calls) {
    let (api_root, origin) = (env("TAXII_API_ROOT"), env("TAXII_ORIGIN"));
    let (read, write) = (env("TAXII_READ_COLLECTION"), env("TAXII_WRITE_COLLECTION"));
    let r#type = env("TAXII_TYPE");
    let limit: i64 = env("TAXII_LIMIT").parse().unwrap_or(0);
    let expected: usize = env("TAXII_EXPECTED").parse().unwrap_or(0);
    let (new_id, version) = (env("TAXII_NEW_ID"), env("TAXII_NEW_VERSION"));
    let mut failed = 0;
    let mut step = |name: &str, outcome: Outcome<()>| match outcome {
        Ok(()) => println!("STEP {name} ok"),
        Err(why) => {
            failed += 1;
            println!("STEP {name} fail {}", why.lines().next().unwrap_or(""));
        }
    };

    step("discovery", (|| {
        let roots = calls.discovery()?;
        let wanted = format!("{api_root}/");
        // An API root is listed as an absolute URL or as a path on the discovery URL's origin.
        let resolved = |root: &String| if root.starts_with('/') { format!("{origin}{root}") } else { root.clone() };
        check(roots.iter().any(|root| resolved(root) == wanted), format!("api_roots {roots:?} lack {wanted}"))
    })());
    step("collections", (|| {
        let ids = calls.collections()?;
        check(ids.contains(&read) && ids.contains(&write), format!("collections {ids:?} lack {read} or {write}"))
    })());
    let first = calls.objects(&r#type, limit, "");
    let first_ids: Vec<String> = first.as_ref().map(|page| page.objects.iter().map(|o| o.id.clone()).collect()).unwrap_or_default();
    step("filter", (|| {
        let page = first.as_ref().map_err(|why| why.clone())?;
        if let Some(other) = page.objects.iter().find(|o| o.r#type != r#type) {
            return Err(format!("a type other than {}: {}", r#type, other.r#type));
        }
        check(page.objects.len() as i64 == limit, format!("{} objects, asked for {limit}", page.objects.len()))?;
        check(page.more && !page.next.is_empty(), "no more/next on a first page".into())
    })());
    step("paging", (|| {
        let first = first.as_ref().map_err(|why| why.clone())?;
        let mut ids: HashSet<String> = first.objects.iter().map(|o| o.id.clone()).collect();
        let (mut more, mut next) = (first.more, first.next.clone());
        let mut pages = 1;
        while more && !next.is_empty() {
            if pages >= 100 {
                return Err("more than 100 pages".into());
            }
            let page = calls.objects(&r#type, limit, &next)?;
            ids.extend(page.objects.iter().map(|o| o.id.clone()));
            (more, next, pages) = (page.more, page.next, pages + 1);
        }
        check(ids.len() == expected, format!("{} distinct objects, expected {expected}", ids.len()))
    })());
    step("object", (|| {
        let id = first_ids.first().ok_or("no object id from the filter step")?;
        let ids = calls.object(&read, id)?;
        check(ids.len() == 1 && &ids[0] == id, format!("getObject gave {ids:?}"))
    })());
    let indicator = json!({"type": "indicator", "spec_version": "2.1", "id": new_id, "created": version, "modified": version,
        "name": "SDK matrix probe", "pattern": PROBE_PATTERN, "pattern_type": "stix", "valid_from": version});
    let status_id = calls.add(&json!({ "objects": [indicator] }));
    step("add", (|| check(!status_id.as_ref().map_err(|why| why.clone())?.is_empty(), "no status id".into()))());
    step("status", (|| {
        let status_id = status_id.as_ref().map_err(|why| why.clone())?;
        for _ in 0..20 {
            let (status, successes) = calls.status(status_id)?;
            if status == "complete" {
                return check(successes == 1, format!("success_count {successes}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("not complete after 20 polls".into())
    })());
    step("versions", (|| {
        let versions = calls.versions(&new_id)?;
        check(versions.len() == 1 && same_instant(&versions[0], &version), format!("versions {versions:?}"))
    })());
    step("typed", (|| {
        let (name, relationship_type, pattern) = calls.typed(&new_id)?;
        check(!name.is_empty() && !relationship_type.is_empty(), format!("malware name {name:?}, relationship_type {relationship_type:?} read through the generated types"))?;
        check(pattern == PROBE_PATTERN, format!("the Indicator type gave pattern {pattern:?}"))
    })());
    step("delete", (|| {
        calls.remove(&new_id)?;
        check(calls.is_gone(&new_id)?, "the object is still there after deleteObject".into())
    })());
    step("custom", (|| {
        // ATT&CK objects with custom properties (x_mitre_*) and of a custom type (x-mitre-tactic):
        // read through the SDK's models, re-sent under new ids, read back; nothing may change.
        let originals: Vec<Value> = serde_json::from_str(&env("TAXII_CUSTOM_OBJECTS")).map_err(|e| e.to_string())?;
        let new_ids = env("TAXII_CUSTOM_NEW_IDS");
        let mut copies = vec![];
        for (original, new_id) in originals.iter().zip(new_ids.split(',')) {
            let id = original["id"].as_str().unwrap_or_default();
            let mut kept = calls.reserialise(&read, id)?;
            if let Some(changed) = first_difference(&kept, original, "") {
                return Err(format!("{id} read and re-serialised: {changed}"));
            }
            kept["id"] = json!(new_id);
            copies.push(kept);
        }
        calls.add(&json!({ "objects": copies }))?;
        for sent in &copies {
            let id = sent["id"].as_str().unwrap_or_default();
            let back = calls.reserialise(&write, id);
            let _ = calls.remove(id);
            if let Some(changed) = first_difference(&back?, sent, "") {
                return Err(format!("{} pushed and read back: {changed}", sent["type"]));
            }
        }
        Ok(())
    })());
    step("token", (|| {
        let ids = calls.collections_with_token(&env("TAXII_TOKEN"))?;
        check(ids.contains(&read) && ids.contains(&write), format!("with the token, collections {ids:?} lack {read} or {write}"))
    })());
    if failed > 0 {
        std::process::exit(1);
    }
}
