"""getStatus with openapi-generator's Python client (from taxii21.flat-match.yaml)."""
import os

from taxii_client import ApiClient, Configuration, StatusApi

# The API root's URL as discovery lists it, without the final slash.
client = ApiClient(Configuration(host=os.environ["TAXII_API_ROOT"], username=os.environ["TAXII_USER"], password=os.environ["TAXII_PASSWORD"]))
status = StatusApi(client).get_status(os.environ["TAXII_STATUS_ID"])
print(status.status.value, status.total_count, status.success_count, status.failure_count, status.pending_count)
for failure in status.failures or []:
    print("failed:", failure.id, failure.message)
