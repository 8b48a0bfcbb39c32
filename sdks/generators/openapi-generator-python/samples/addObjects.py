"""addObjects with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, AddObjectsEnvelope, ObjectsApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
indicator = {
    "type": "indicator",
    "spec_version": "2.1",
    "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    "created": "2026-01-02T03:04:05.678Z",
    "modified": "2026-01-02T03:04:05.678Z",
    "name": "Known bad address",
    "pattern": "[ipv4-addr:value = '198.51.100.7']",
    "pattern_type": "stix",
    "valid_from": "2026-01-02T03:04:05.678Z",
}
envelope = AddObjectsEnvelope.from_dict({"objects": [indicator]})
assert envelope is not None
status = ObjectsApi(client).add_objects(os.environ["TAXII_COLLECTION"], envelope)
# `pending` until the server has processed every object: poll getStatus with this id.
print(status.id, status.status.value, status.success_count, status.failure_count)
