//! deleteObject with ploidy's Rust client (from a copy of taxii21.api-root.yaml; see the SDK matrix's README).
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use taxii_client::client::default::parameters::DeleteObjectQuery;
use taxii_client::client::default::types::DeleteObjectQueryMatch;
use taxii_client::util::absent::AbsentOr;

const TAXII: &str = "application/taxii+json;version=2.1";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = BASE64.encode(format!("{}:{}", std::env::var("TAXII_USER")?, std::env::var("TAXII_PASSWORD")?));
    // The API root's URL as discovery lists it, without the final slash.
    let client = taxii_client::Client::new(std::env::var("TAXII_API_ROOT")?)?
        // Default headers, sent on every request: credentials and the TAXII media type.
        .with_sensitive_header("Authorization", format!("Basic {credentials}"))?
        .with_header("Accept", TAXII)?
        .with_header("Content-Type", TAXII)?;

    let (collection, id) = (std::env::var("TAXII_COLLECTION")?, std::env::var("TAXII_OBJECT_ID")?);
    // Every version of the object; without match[version] only the newest is deleted.
    let query = DeleteObjectQuery { r#match: Some(DeleteObjectQueryMatch { version: AbsentOr::Present("all".into()), ..Default::default() }) };
    client.delete_object(&collection, &id, &query).await?;
    println!("deleted {id}");
    Ok(())
}
