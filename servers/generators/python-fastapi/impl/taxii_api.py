"""The eleven TAXII operations, as subclasses of the generated API base classes: the generated
routes call the first subclass of each. Each answers with a JSONResponse of the TAXII media type
(FastAPI passes a Response through untouched, so STIX objects keep every property) or raises
TaxiiError."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

from fastapi.responses import JSONResponse, Response

from taxii_server.apis.api_root_api_base import BaseAPIRootApi
from taxii_server.apis.collections_api_base import BaseCollectionsApi
from taxii_server.apis.discovery_api_base import BaseDiscoveryApi
from taxii_server.apis.manifest_api_base import BaseManifestApi
from taxii_server.apis.objects_api_base import BaseObjectsApi
from taxii_server.apis.status_api_base import BaseStatusApi
from taxii_server.impl import settings
from taxii_server.impl.store import Filters, Record, VersionSelection, new_record, page, parse_timestamp, taxii_time

TAXII = "application/taxii+json;version=2.1"
STIX21 = "application/stix+json;version=2.1"
# Page sizes: what a client gets without limit, and the most it gets with one (§3.4: the server
# may return fewer than asked).
DEFAULT_PAGE, MAX_PAGE = 100, 1000


class TaxiiError(Exception):
    """A TAXII error resource (§3.6.1) with its HTTP status."""

    TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 406: "Not acceptable", 413: "Content too large", 415: "Unsupported media type", 422: "Unprocessable content"}

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Basic realm="TAXII", charset="UTF-8"'} if self.status == 401 else None
        body = {"title": self.TITLES.get(self.status, "Error"), "description": self.description, "http_status": str(self.status)}
        return JSONResponse(body, status_code=self.status, media_type=TAXII, headers=headers)


def taxii(body: dict, status: int = 200, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=TAXII, headers=headers)


def root(name: str) -> settings.ApiRoot:
    found = settings.SERVER.roots.get(name)
    if found is None:
        raise TaxiiError(404, f"No API root at /{name}/.")
    return found


def visible(name: str, collection_id: str):
    """The collection, if this user may read or write it; None otherwise (it is not revealed)."""
    user = settings.CURRENT_USER.get()
    for c in root(name).collections:
        if collection_id in (c.id, c.alias or None) and (user in c.readers or user in c.writers):
            return c
    return None


def collection_for(name: str, collection_id: str, need: str):
    """Checks the user's rights: a collection the user may neither read nor write is 404; one right
    short is 403 (deleting needs both, §5.7)."""
    c = visible(name, collection_id)
    if c is None:
        raise TaxiiError(404, f"No collection {collection_id} in this API root.")
    user = settings.CURRENT_USER.get()
    can_read, can_write = user in c.readers, user in c.writers
    if need == "read" and not can_read:
        raise TaxiiError(403, "You may not read this collection.")
    if need == "write" and not can_write:
        raise TaxiiError(403, "You may not add objects to this collection.")
    if need == "delete" and not (can_read and can_write):
        raise TaxiiError(403, "Deleting needs the rights to read and to write this collection.")
    return c


def split(value: str | None) -> set[str] | None:
    return None if value is None else set(value.split(","))


def filters(added_after=None, match_id=None, match_type=None, match_version=None, match_spec_version=None, default_version="last") -> Filters:
    """The filter parameters, checked; match[version] defaults to `last` (§3.4.1) except for versions."""
    selection = VersionSelection()
    for value in (match_version or default_version).split(","):
        if value in ("all", "first", "last"):
            setattr(selection, value, True)
        else:
            at = parse_timestamp(value)
            if at is None:
                raise TaxiiError(400, f"match[version] takes all, first, last or STIX timestamps; {value!r} is none of them.")
            selection.exact.append(at)
    f = Filters(selection, ids=split(match_id), types=split(match_type), spec_versions=split(match_spec_version))
    if added_after is not None:
        f.added_after = parse_timestamp(added_after)
        if f.added_after is None:
            raise TaxiiError(400, f"added_after must be an RFC 3339 timestamp in UTC ending in Z; {added_after!r} is not one.")
    return f


def paged(records: list[Record], next_value: str | None, limit: str | None) -> tuple[list[Record], bool]:
    after = None
    if next_value is not None:
        try:
            after = datetime.strptime(next_value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        except ValueError:
            raise TaxiiError(400, "This next value was not issued by this server.") from None
    # limit arrives as a string of digits, checked by the route (see recipe.mjs).
    return page(records, after, min(int(limit) if limit is not None else DEFAULT_PAGE, MAX_PAGE))


def page_response(body: dict, records: list[Record], more: bool, items_key: str, items: list) -> JSONResponse:
    """A page: `more`, `next` when there is more, the items only when there are some (§2: no empty
    lists), and the date_added span of the page's records when it has any."""
    body["more"] = more
    if more:
        body["next"] = taxii_time(records[-1].date_added)
    if items:
        body[items_key] = items
    headers = {"X-TAXII-Date-Added-First": taxii_time(records[0].date_added), "X-TAXII-Date-Added-Last": taxii_time(records[-1].date_added)} if records else None
    return taxii(body, headers=headers)


def objects_of(records: list[Record]) -> list:
    return [json.loads(r.text) for r in records]


class Discovery(BaseDiscoveryApi):
    async def get_discovery(self):
        server = settings.SERVER
        roots = [f"/{name}/" for name in server.roots]
        body = {"title": server.title}
        if server.description:
            body["description"] = server.description
        if roots:
            body["default"], body["api_roots"] = roots[0], roots
        return taxii(body)


class ApiRootInformation(BaseAPIRootApi):
    async def get_api_root(self, apiRoot):
        r = root(apiRoot)
        return taxii({"title": r.title, "versions": [TAXII], "max_content_length": r.max_content_length})


def describe(c) -> dict:
    user = settings.CURRENT_USER.get()
    body = {"id": c.id, "title": c.title, "can_read": user in c.readers, "can_write": user in c.writers, "media_types": [STIX21]}
    if c.alias:
        body["alias"] = c.alias
    if c.description:
        body["description"] = c.description
    return body


class Collections(BaseCollectionsApi):
    async def get_collections(self, apiRoot):
        user = settings.CURRENT_USER.get()
        listed = [describe(c) for c in root(apiRoot).collections if user in c.readers or user in c.writers]
        return taxii({"collections": listed} if listed else {})

    async def get_collection(self, apiRoot, collectionId):
        c = visible(apiRoot, collectionId)
        if c is None:
            raise TaxiiError(404, f"No collection {collectionId} in this API root.")
        return taxii(describe(c))


class Manifest(BaseManifestApi):
    async def get_manifest(self, apiRoot, collectionId, added_after, limit, next, match_id, match_type, match_version, match_spec_version):
        c = collection_for(apiRoot, collectionId, "read")
        records, more = paged(c.selected(filters(added_after, match_id, match_type, match_version, match_spec_version)), next, limit)
        manifest = [{"id": r.id, "date_added": taxii_time(r.date_added), "version": r.version, "media_type": f"application/stix+json;version={r.spec_version}"} for r in records]
        return page_response({}, records, more, "objects", manifest)


class Objects(BaseObjectsApi):
    async def get_objects(self, apiRoot, collectionId, added_after, limit, next, match_id, match_type, match_version, match_spec_version):
        c = collection_for(apiRoot, collectionId, "read")
        records, more = paged(c.selected(filters(added_after, match_id, match_type, match_version, match_spec_version)), next, limit)
        return page_response({}, records, more, "objects", objects_of(records))

    async def get_object(self, apiRoot, collectionId, objectId, added_after, limit, next, match_version, match_spec_version):
        c = collection_for(apiRoot, collectionId, "read")
        if not any(r.id == objectId for r in c.records):
            raise TaxiiError(404, "No object with this id in this collection.")
        records, more = paged(c.selected(filters(added_after, objectId, None, match_version, match_spec_version)), next, limit)
        return page_response({}, records, more, "objects", objects_of(records))

    async def get_object_versions(self, apiRoot, collectionId, objectId, added_after, limit, next, match_spec_version):
        c = collection_for(apiRoot, collectionId, "read")
        if not any(r.id == objectId for r in c.records):
            raise TaxiiError(404, "No object with this id in this collection.")
        records, more = paged(c.selected(filters(added_after, objectId, None, None, match_spec_version, default_version="all")), next, limit)
        return page_response({}, records, more, "versions", [r.version for r in records])

    async def delete_object(self, apiRoot, collectionId, objectId, match_version, match_spec_version):
        c = collection_for(apiRoot, collectionId, "delete")
        doomed = {id(r) for r in c.selected(filters(None, objectId, None, match_version, match_spec_version))}
        if not doomed:
            raise TaxiiError(404, "No version of an object with this id matches the filters in this collection.")
        c.records = [r for r in c.records if id(r) not in doomed]
        return Response(status_code=200)

    async def add_objects(self, apiRoot, collectionId, add_objects_envelope):
        api_root = root(apiRoot)
        c = collection_for(apiRoot, collectionId, "write")
        clock = settings.SERVER.clock
        status = {"id": str(uuid.uuid4()), "status": "complete", "request_timestamp": taxii_time(clock.stamp())}
        successes, failures = [], []
        for obj in add_objects_envelope.objects:
            record, problem = new_record(obj, clock.stamp())
            if record is None:
                failures.append({"id": str(obj.get("id", "")), "version": str(obj.get("modified", "")), "message": problem})
                continue
            detail = {"id": record.id, "version": record.version}
            if c.has(record.id, record.version_at):
                # The same id and version again is not an error (§5.5); it is not stored twice.
                detail["message"] = "Already stored; not stored again."
            else:
                c.records.append(record)
            successes.append(detail)
        status.update(total_count=len(add_objects_envelope.objects), success_count=len(successes), failure_count=len(failures), pending_count=0)
        if successes:
            status["successes"] = successes
        if failures:
            status["failures"] = failures
        api_root.statuses[status["id"]] = status
        return taxii(status, status=202)


class Status(BaseStatusApi):
    async def get_status(self, apiRoot, statusId):
        status = root(apiRoot).statuses.get(str(statusId))
        if status is None:
            raise TaxiiError(404, f"No status {statusId} in this API root.")
        return taxii(status)
