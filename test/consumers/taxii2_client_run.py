"""OASIS's taxii2-client used as a program uses it, against the server in the environment:
Server(discovery) -> the API root -> a collection found by title -> as_pages(get_objects) ->
add_objects of TAXII_PUSH objects into the write collection (the client validates the status
itself). Logs in with Basic (TAXII_USER, TAXII_PASSWORD) or with its TokenAuth (TAXII_TOKEN).
Prints one JSON line of what it saw; any exception the client raises ends it with exit 1."""

import json
import os

from taxii2client.common import TokenAuth
from taxii2client.v21 import Server, as_pages

if os.environ.get("TAXII_TOKEN"):
    credentials = {"auth": TokenAuth(os.environ["TAXII_TOKEN"])}
else:
    credentials = {"user": os.environ["TAXII_USER"], "password": os.environ["TAXII_PASSWORD"]}

server = Server(os.environ["TAXII_DISCOVERY"], **credentials)
api_root = next(root for root in server.api_roots if root.url == os.environ["TAXII_API_ROOT"])
read = next(c for c in api_root.collections if c.title == os.environ["TAXII_READ_TITLE"])
ids = []
for envelope in as_pages(read.get_objects, per_request=int(os.environ["TAXII_PER_REQUEST"])):
    ids.extend(item["id"] for item in envelope.get("objects", []))

seen = {"title": server.title, "read": len(ids), "distinct": len(set(ids))}
push = int(os.environ.get("TAXII_PUSH", "0"))
if push:
    write = next(c for c in api_root.collections if c.title == os.environ["TAXII_WRITE_TITLE"])
    objects = [
        {
            "type": "indicator",
            "spec_version": "2.1",
            "id": "indicator--%s-0000-4000-8000-%012d" % (os.environ["TAXII_RUN"], n),
            "created": "2026-01-01T00:00:00.000Z",
            "modified": "2026-01-01T00:00:00.000Z",
            "pattern": "[ipv4-addr:value = '10.9.%d.%d']" % (n >> 8, n & 255),
            "pattern_type": "stix",
            "valid_from": "2026-01-01T00:00:00Z",
        }
        for n in range(push)
    ]
    status = write.add_objects({"objects": objects})
    seen.update(status=status.status, success_count=status.success_count, successes_listed=len(status.successes))
print(json.dumps(seen))
