//! getManifest with ploidy's Rust client (from a copy of taxii21.api-root.yaml; see the SDK matrix's README).
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use taxii_client::client::default::parameters::GetManifestQuery;
use taxii_client::client::default::types::GetManifestQueryMatch;
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

    let collection = std::env::var("TAXII_COLLECTION")?;
    // Every record, following `next`, with the same filters on every request.
    let mut query = GetManifestQuery {
        limit: Some(100),
        r#match: Some(GetManifestQueryMatch { r#type: AbsentOr::Present("indicator".into()), ..Default::default() }),
        ..Default::default()
    };
    loop {
        let page = client.get_manifest(&collection, &query).await?;
        for record in page.objects.unwrap_or_default() {
            println!("{} {} {}", record.id, record.version, record.date_added);
        }
        match (page.more.unwrap_or_default(), page.next.into_option()) {
            (true, Some(next)) => query.next = Some(next),
            _ => break,
        }
    }
    Ok(())
}
