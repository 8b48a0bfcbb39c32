"""What every request goes through before FastAPI routes it: credentials (Basic), the TAXII media
types (406, 415), the API root's body limit (413) and filters the server does not know (400). A
plain ASGI middleware: it reads an addObjects body whole against the limit and hands the same
bytes on."""

from __future__ import annotations

import base64
import hmac
from urllib.parse import parse_qsl

from taxii_server.impl import settings
from taxii_server.impl.taxii_api import TaxiiError

KNOWN_FILTERS = {"match[id]", "match[type]", "match[version]", "match[spec_version]"}


def is_taxii21(media_type: str) -> bool:
    """application/taxii+json, with no version or version=2.1 (§1.6.8)."""
    base, *params = [part.strip().lower() for part in media_type.split(";")]
    versions = [p.split("=", 1)[1].strip('"') for p in params if p.startswith("version=")]
    return base == "application/taxii+json" and versions in ([], ["2.1"])


def accepts_taxii(accept: str) -> bool:
    if not accept.strip():
        return True
    return any(item.split(";")[0].strip() in ("*/*", "application/*") or is_taxii21(item) for item in accept.split(","))


def user_of(authorization: str) -> str | None:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        name, _, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
    except ValueError:
        return None
    known = settings.SERVER.users.get(name)
    return name if known is not None and hmac.compare_digest(password.encode(), known.encode()) else None


class TaxiiGate:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            user = user_of(headers.get("authorization", ""))
            if user is None:
                raise TaxiiError(401, "Send a user name and password with HTTP Basic authentication.")
            if not accepts_taxii(headers.get("accept", "")):
                raise TaxiiError(406, "This server answers with application/taxii+json;version=2.1 only; send it in Accept.")
            for name, _ in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
                if name.startswith("match[") and name not in KNOWN_FILTERS:
                    raise TaxiiError(400, f"{name} is not a filter of TAXII 2.1: use match[id], match[type], match[version] or match[spec_version].")
            if scope["method"] == "POST":
                if not is_taxii21(headers.get("content-type", "")):
                    raise TaxiiError(415, "Send the envelope as application/taxii+json;version=2.1.")
                receive = await self.read_body(scope, receive)
        except TaxiiError as error:
            return await error.response()(scope, receive, send)
        token = settings.CURRENT_USER.set(user)
        try:
            await self.app(scope, receive, send)
        finally:
            settings.CURRENT_USER.reset(token)

    async def read_body(self, scope, receive):
        """Reads the body whole, refusing it past the API root's max_content_length (413), and
        returns a receive that replays it."""
        api_root = settings.SERVER.roots.get(scope["path"].strip("/").split("/")[0])
        limit = api_root.max_content_length if api_root else 10 * 1024 * 1024
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > limit:
                raise TaxiiError(413, f"The body is larger than this API root's max_content_length, {limit} bytes.")
            if not message.get("more_body"):
                break
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        return replay
