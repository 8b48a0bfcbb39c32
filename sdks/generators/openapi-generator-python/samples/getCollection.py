"""getCollection with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, CollectionsApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
collection = CollectionsApi(client).get_collection(os.environ["TAXII_COLLECTION"])
print(collection.id, collection.title, collection.media_types)
