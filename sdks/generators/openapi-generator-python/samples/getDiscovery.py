"""getDiscovery with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_discovery import ApiClient, Configuration, DiscoveryApi

# The server's origin: discovery is always at /taxii2/ on it.
client = ApiClient(Configuration(host=os.environ["TAXII_SERVER"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
discovery = DiscoveryApi(client).get_discovery()
print(discovery.title)
for api_root in discovery.api_roots or []:
    print(api_root)
