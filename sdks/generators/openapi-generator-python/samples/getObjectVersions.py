"""getObjectVersions with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, ObjectsApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
versions = ObjectsApi(client).get_object_versions(os.environ["TAXII_COLLECTION"], os.environ["TAXII_OBJECT_ID"])
for version in versions.versions or []:
    print(version)
