"""getObject with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, ObjectsApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
envelope = ObjectsApi(client).get_object(os.environ["TAXII_COLLECTION"], os.environ["TAXII_OBJECT_ID"])
for item in envelope.objects or []:
    print(item.to_json())
