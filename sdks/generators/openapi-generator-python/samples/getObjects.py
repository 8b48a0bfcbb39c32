"""getObjects with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, ObjectsApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
objects = ObjectsApi(client)
collection = os.environ["TAXII_COLLECTION"]
# Every indicator, following `next`, with the same filters on every request.
page = objects.get_objects(collection, match_type="indicator", limit=100)
while True:
    for item in page.objects or []:
        print(item.to_json())
    if not page.more or not page.next:
        break
    page = objects.get_objects(collection, match_type="indicator", limit=100, next=page.next)
