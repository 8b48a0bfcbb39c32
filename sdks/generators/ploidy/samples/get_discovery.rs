//! getDiscovery with ploidy's Rust client (from a copy of taxii21.discovery.yaml; see the SDK matrix's README).
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};

const TAXII: &str = "application/taxii+json;version=2.1";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = BASE64.encode(format!("{}:{}", std::env::var("TAXII_USER")?, std::env::var("TAXII_PASSWORD")?));
    // The server's origin: discovery is always at /taxii2/ on it.
    let client = taxii_discovery::Client::new(std::env::var("TAXII_SERVER")?)?
        // Default headers, sent on every request: credentials and the TAXII media type.
        .with_sensitive_header("Authorization", format!("Basic {credentials}"))?
        .with_header("Accept", TAXII)?;

    let discovery = client.get_discovery().await?;
    println!("{}", discovery.title);
    for api_root in discovery.api_roots.unwrap_or_default() {
        println!("{api_root}");
    }
    Ok(())
}
