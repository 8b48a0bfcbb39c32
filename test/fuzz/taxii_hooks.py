"""Schemathesis hooks for the TAXII description: what a generator cannot produce is left out."""

import schemathesis


def _is_next(parameter):
    return parameter.get("name") == "next" or parameter.get("$ref", "").endswith("/parameters/next")


@schemathesis.hook
def before_load_schema(context, raw_schema):
    # `next` is opaque: only a value the server issued for the same walk is valid (standard 3.5),
    # so a generated one is rightly refused with 400 and would be reported as a valid request
    # rejected. The project's own tests cover next tokens (forged, altered, foreign, expired).
    for path_item in raw_schema.get("paths", {}).values():
        for node in [path_item, *[v for v in path_item.values() if isinstance(v, dict)]]:
            if isinstance(node.get("parameters"), list):
                node["parameters"] = [p for p in node["parameters"] if not _is_next(p)]
