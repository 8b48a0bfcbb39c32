"""The TAXII collections this server holds, in memory.

Each stored object version is a record with its JSON, so that what a client reads back is what was
added, custom properties and all. Handlers run on one event loop, so no lock is needed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

TAXII_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"
STIX_ID = re.compile(r"^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$")


def parse_timestamp(text: str) -> datetime | None:
    """An RFC 3339 UTC timestamp ending in Z, to the microsecond; None when it is not one (30 February included)."""
    found = TIMESTAMP.match(text) if isinstance(text, str) else None
    if not found:
        return None
    fraction = (found.group(2) or ".0")[1:7].ljust(6, "0")
    try:
        return datetime.strptime(f"{found.group(1)}.{fraction}", "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def taxii_time(at: datetime) -> str:
    return at.strftime(TAXII_TIME)


@dataclass
class Record:
    """One version of one object in one collection."""

    id: str
    type: str
    version: str  # modified, else created, else date_added (TAXII 2.1 §3.4.1)
    version_at: datetime
    spec_version: str
    date_added: datetime  # unique within the server
    text: str  # the object's JSON


def new_record(obj: object, date_added: datetime) -> tuple[Record | None, str]:
    """Checks the little TAXII needs of an object (a type, an id of that type) and works out its version."""
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str) or not isinstance(obj.get("id"), str):
        return None, "a STIX object needs a type and an id"
    found = STIX_ID.match(obj["id"])
    if not found or found.group(1) != obj["type"]:
        return None, f"the id {obj['id']!r} is not <type>--<UUID> for the type {obj['type']!r}"
    if obj.get("spec_version") != "2.1":
        return None, 'this collection holds STIX 2.1 objects only (spec_version "2.1")'
    version, version_at = taxii_time(date_added), date_added
    for name in ("modified", "created"):
        if name in obj:
            version, version_at = obj[name], parse_timestamp(obj[name])
            if version_at is None:
                return None, f"{obj[name]!r} is not an RFC 3339 UTC timestamp"
            break
    return Record(obj["id"], obj["type"], version, version_at, obj["spec_version"], date_added, json.dumps(obj, ensure_ascii=False)), ""


@dataclass
class VersionSelection:
    all: bool = False
    first: bool = False
    last: bool = False
    exact: list[datetime] = field(default_factory=list)

    def picks(self, record: Record, first: bool, last: bool) -> bool:
        return self.all or (self.first and first) or (self.last and last) or record.version_at in self.exact


@dataclass
class Filters:
    """A request's added_after and match[...] parameters, already checked."""

    versions: VersionSelection
    added_after: datetime | None = None
    ids: set[str] | None = None
    types: set[str] | None = None
    spec_versions: set[str] | None = None  # None: the newest spec version of each object


@dataclass
class Collection:
    id: str
    alias: str
    title: str
    readers: set[str]
    writers: set[str]
    description: str = ""
    records: list[Record] = field(default_factory=list)  # in date_added order

    def has(self, object_id: str, version_at: datetime) -> bool:
        return any(r.id == object_id and r.version_at == version_at for r in self.records)

    def selected(self, f: Filters) -> list[Record]:
        """Per object, the versions of the chosen spec versions, then the chosen versions among
        them; then added_after; in date_added order."""
        by_object: dict[str, list[Record]] = {}
        for r in self.records:
            if (f.ids is None or r.id in f.ids) and (f.types is None or r.type in f.types):
                by_object.setdefault(r.id, []).append(r)
        out = []
        for versions in by_object.values():
            wanted = f.spec_versions if f.spec_versions is not None else {max(r.spec_version for r in versions)}
            versions = sorted((r for r in versions if r.spec_version in wanted), key=lambda r: r.version_at)
            for i, r in enumerate(versions):
                if f.versions.picks(r, i == 0, i == len(versions) - 1) and (f.added_after is None or r.date_added > f.added_after):
                    out.append(r)
        return sorted(out, key=lambda r: r.date_added)


class Clock:
    """Gives each stored record a date_added later than every earlier one, so that a client paging
    with added_after never skips or repeats a record."""

    def __init__(self) -> None:
        self.last = datetime.min.replace(tzinfo=timezone.utc)

    def stamp(self) -> datetime:
        now = datetime.now(timezone.utc)
        self.last = now if now > self.last else self.last + timedelta(microseconds=1)
        return self.last


def page(records: list[Record], after: datetime | None, limit: int) -> tuple[list[Record], bool]:
    """Cuts a selection after the date_added a previous page ended at, and at limit."""
    if after is not None:
        records = [r for r in records if r.date_added > after]
    return records[:limit], len(records) > limit
