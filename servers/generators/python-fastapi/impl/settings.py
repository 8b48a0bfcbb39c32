"""The server's settings: one small JSON file naming the API roots, their collections with who may
read and write each, the users, and a STIX bundle to load into a collection at start."""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass, field

from taxii_server.impl.store import Clock, Collection, new_record


@dataclass
class ApiRoot:
    name: str
    title: str
    max_content_length: int
    collections: list[Collection]
    statuses: dict[str, dict] = field(default_factory=dict)  # by id: what each addObjects answered


@dataclass
class Server:
    title: str
    description: str
    roots: dict[str, ApiRoot]  # in the order of the settings file
    users: dict[str, str]
    listen: str
    clock: Clock


SERVER: Server | None = None
# The user the current request authenticated as (set by the middleware).
CURRENT_USER: ContextVar[str] = ContextVar("current_user")


def load(path: str) -> Server:
    with open(path, encoding="utf-8") as file:
        settings = json.load(file)
    clock = Clock()
    roots = {}
    for root in settings["apiRoots"]:
        collections = []
        for c in root["collections"]:
            collection = Collection(c["id"], c.get("alias", ""), c["title"], set(c.get("read", [])), set(c.get("write", [])), c.get("description", ""))
            if c.get("seed"):
                with open(c["seed"], encoding="utf-8") as file:
                    for obj in json.load(file)["objects"]:
                        record, problem = new_record(obj, clock.stamp())
                        if record is None:
                            raise ValueError(f"{c['seed']}: {problem}")
                        if not collection.has(record.id, record.version_at):
                            collection.records.append(record)
            collections.append(collection)
        roots[root["name"]] = ApiRoot(root["name"], root["title"], root.get("maxContentLength") or 10 * 1024 * 1024, collections)
    users = {u["name"]: u["password"] for u in settings["users"]}
    return Server(settings["title"], settings.get("description", ""), roots, users, settings.get("listen", "127.0.0.1:8000"), clock)
