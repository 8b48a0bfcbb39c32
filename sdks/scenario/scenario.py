"""The live scenario for Python clients (README.md, "The live scenario").

Each recipe supplies the calls, made with its generated client; the checks here are the same for
all of them. One line per step on stdout: ``STEP <name> ok`` or ``STEP <name> fail <why>``.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from datetime import datetime
from typing import Any, Callable, Optional, Protocol


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set")
    return value


def basic_authorization() -> str:
    raw = f"{env('TAXII_USER')}:{env('TAXII_PASSWORD')}".encode()
    return "Basic " + base64.b64encode(raw).decode()


class TaxiiCalls(Protocol):
    def discovery(self) -> list[str]: ...
    def collections(self) -> list[str]: ...
    def objects(self, type_: str, limit: int, next_: Optional[str]) -> tuple[Optional[bool], Optional[str], list[tuple[str, str]]]: ...
    def object(self, collection_id: str, object_id: str) -> list[str]: ...
    def add(self, envelope: dict[str, Any]) -> str: ...
    def status(self, status_id: str) -> tuple[str, int]: ...
    def versions(self, object_id: str) -> list[str]: ...
    def remove(self, object_id: str) -> None: ...
    def is_gone(self, object_id: str) -> bool: ...
    def typed(self, indicator_id: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """Read through the generated STIX classes, not an open map: the name of the first malware of
        the read collection (Malware), the relationship_type of its first relationship (Relationship),
        and the pattern of the added indicator (Indicator)."""
        ...
    def reserialise(self, collection_id: str, object_id: str) -> Any:
        """getObject of one object, its envelope item read into the generator's own model and
        written out again with the generator's own serialisation (not the response text): what a
        program that reads, keeps and re-sends an object through this SDK sends."""
        ...
    def collections_with_token(self, token: str) -> list[str]:
        """getCollections by a client of its own that logs in with an API token (Authorization:
        Bearer) instead of the user name and password, set the generator's own way."""
        ...


PROBE_PATTERN = "[ipv4-addr:value = '198.51.100.7']"


_failed: list[str] = []


def _step(name: str, action: Callable[[], None]) -> None:
    try:
        action()
        print(f"STEP {name} ok", flush=True)
    except Exception as error:  # a step's failure is reported, and the next step still runs
        _failed.append(name)
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"STEP {name} fail {message}", flush=True)


def _check(condition: object, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _instant(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def first_difference(got: Any, want: Any, at: str = "") -> Optional[str]:
    """Where two JSON values first differ, in words; None when they are equal."""
    if got == want and type(got) is type(want):
        return None
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (g, w) in enumerate(zip(got, want)):
            inner = first_difference(g, w, f"{at}{i}.")
            if inner:
                return inner
    if isinstance(want, dict) and isinstance(got, dict):
        for key in want:
            if key not in got:
                return f"{at}{key} is missing"
            inner = first_difference(got[key], want[key], f"{at}{key}.")
            if inner:
                return inner
        extra = next((key for key in got if key not in want), None)
        if extra is not None:
            return f"{at}{extra} was added ({got[extra]!r})"
    return f"{at.rstrip('.') or 'the value'} is {json.dumps(got, default=str)[:80]}, not {json.dumps(want)[:80]}"


def run_scenario(calls: TaxiiCalls) -> None:
    api_root = env("TAXII_API_ROOT")
    read, write = env("TAXII_READ_COLLECTION"), env("TAXII_WRITE_COLLECTION")
    type_, limit, expected = env("TAXII_TYPE"), int(env("TAXII_LIMIT")), int(env("TAXII_EXPECTED"))
    new_id, version = env("TAXII_NEW_ID"), env("TAXII_NEW_VERSION")
    state: dict[str, Any] = {}

    def discovery() -> None:
        roots = calls.discovery()
        origin = env("TAXII_ORIGIN")
        absolute = [root if "://" in root else origin + root for root in roots]
        _check(f"{api_root}/" in absolute, f"api_roots {roots} lack {api_root}/")

    def collections() -> None:
        ids = calls.collections()
        _check(read in ids and write in ids, f"collections {ids} lack {read} or {write}")

    def filter_() -> None:
        more, next_, objects = calls.objects(type_, limit, None)
        state["first"] = (more, next_, objects)
        _check(len(objects) == limit, f"{len(objects)} objects, asked for {limit}")
        _check(all(t == type_ for _, t in objects), f"a type other than {type_}")
        _check(more is True and isinstance(next_, str), "no more/next on a first page")

    def paging() -> None:
        more, next_, objects = state["first"]
        ids = {i for i, _ in objects}
        pages = 1
        while more and next_:
            _check(pages < 100, "more than 100 pages")
            more, next_, objects = calls.objects(type_, limit, next_)
            ids.update(i for i, _ in objects)
            pages += 1
        _check(len(ids) == expected, f"{len(ids)} distinct objects, expected {expected}")

    def object_() -> None:
        object_id = state["first"][2][0][0]
        ids = calls.object(read, object_id)
        _check(ids == [object_id], f"getObject gave {ids}")

    def add() -> None:
        indicator = {"type": "indicator", "spec_version": "2.1", "id": new_id, "created": version, "modified": version, "name": "SDK matrix probe", "pattern": PROBE_PATTERN, "pattern_type": "stix", "valid_from": version}
        state["status"] = calls.add({"objects": [indicator]})
        _check(state["status"], "no status id")

    def status() -> None:
        for _ in range(20):
            value, successes = calls.status(state["status"])
            if value == "complete":
                _check(successes == 1, f"success_count {successes}")
                return
            time.sleep(0.1)
        raise AssertionError("not complete after 20 polls")

    def versions() -> None:
        found = calls.versions(new_id)
        _check(len(found) == 1 and _instant(found[0]) == _instant(version), f"versions {found}")

    def typed() -> None:
        malware_name, relationship_type, pattern = calls.typed(new_id)
        _check(malware_name, "no malware name read through the Malware class")
        _check(relationship_type, "no relationship_type read through the Relationship class")
        _check(pattern == PROBE_PATTERN, f"the Indicator class gave pattern {pattern!r}")

    def delete() -> None:
        calls.remove(new_id)
        _check(calls.is_gone(new_id), "the object is still there after deleteObject")

    def custom() -> None:
        # ATT&CK objects with custom properties (x_mitre_*) and of a custom type (x-mitre-tactic):
        # read through the SDK's models, re-sent under new ids, read back; nothing may change.
        originals = json.loads(env("TAXII_CUSTOM_OBJECTS"))
        copies = []
        for original, copy_id in zip(originals, env("TAXII_CUSTOM_NEW_IDS").split(",")):
            kept = calls.reserialise(read, original["id"])
            changed = first_difference(kept, original)
            _check(changed is None, f"{original['id']} read and re-serialised: {changed}")
            copies.append({**kept, "id": copy_id})
        calls.add({"objects": copies})
        for copy in copies:
            changed = first_difference(calls.reserialise(write, copy["id"]), copy)
            calls.remove(copy["id"])
            _check(changed is None, f"{copy['type']} pushed and read back: {changed}")

    def token() -> None:
        ids = calls.collections_with_token(env("TAXII_TOKEN"))
        _check(read in ids and write in ids, f"with the token, collections {ids} lack {read} or {write}")

    def certificate() -> None:
        ids = calls.collections_with_certificate(env("TAXII_TLS_API_ROOT"), env("TAXII_CA"), env("TAXII_CERT"), env("TAXII_KEY"))
        _check(read in ids and write in ids, f"with the client certificate, collections {ids} lack {read} or {write}")

    optional = [("certificate", certificate)] if hasattr(calls, "collections_with_certificate") else []
    for name, action in [("discovery", discovery), ("collections", collections), ("filter", filter_), ("paging", paging), ("object", object_), ("add", add), ("status", status), ("versions", versions), ("typed", typed), ("delete", delete), ("custom", custom), ("token", token), *optional]:
        _step(name, action)
    sys.exit(1 if _failed else 0)
