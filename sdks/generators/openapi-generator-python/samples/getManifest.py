"""getManifest with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, ManifestApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
manifest = ManifestApi(client)
collection = os.environ["TAXII_COLLECTION"]
# Every record, following `next`, with the same filters on every request.
page = manifest.get_manifest(collection, match_type="indicator", limit=100)
while True:
    for record in page.objects or []:
        print(record.id, record.version, record.date_added)
    if not page.more or not page.next:
        break
    page = manifest.get_manifest(collection, match_type="indicator", limit=100, next=page.next)
