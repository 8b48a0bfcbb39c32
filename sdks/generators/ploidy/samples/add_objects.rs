//! addObjects with ploidy's Rust client (from a copy of taxii21.api-root.yaml; see the SDK matrix's README).
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use taxii_client::types::AddObjectsEnvelope;

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

    let envelope: AddObjectsEnvelope = serde_json::from_value(serde_json::json!({
        "objects": [{
            "type": "indicator",
            "spec_version": "2.1",
            "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "created": "2026-01-02T03:04:05.678Z",
            "modified": "2026-01-02T03:04:05.678Z",
            "name": "Known bad address",
            "pattern": "[ipv4-addr:value = '198.51.100.7']",
            "pattern_type": "stix",
            "valid_from": "2026-01-02T03:04:05.678Z"
        }]
    }))?;
    let status = client.add_objects(&std::env::var("TAXII_COLLECTION")?, envelope).await?;
    // `pending` until the server has processed every object: poll get_status with this id.
    println!("{} {} {} {}", status.id, status.status, status.success_count, status.failure_count);
    Ok(())
}
