"""openapi-python-client (attrs models, httpx): one package from the flat-match variant (it has no
deepObject parameters; the filters become matchtype and so on) and one from the discovery variant.
Settings: each client's base URL and the Basic credentials, given to AuthenticatedClient as a token
with the prefix "Basic" (it knows bearer tokens only). The media types come from the description."""

import base64
from typing import Any, Optional, TypeVar

from scenario import env, run_scenario
from taxii_client import AuthenticatedClient
from taxii_client.api.collections import get_collections
from taxii_client.api.objects import add_objects, delete_object, get_object, get_object_versions, get_objects
from taxii_client.api.status import get_status
from taxii_client.models import Envelope, EnvelopeToAdd, Status, Versions
from taxii_client.types import UNSET, Unset
from taxii_discovery import AuthenticatedClient as DiscoveryClient
from taxii_discovery.api.discovery import get_discovery
from taxii_discovery.models import Discovery

T = TypeVar("T")
token = base64.b64encode(f"{env('TAXII_USER')}:{env('TAXII_PASSWORD')}".encode()).decode()
root = AuthenticatedClient(base_url=env("TAXII_API_ROOT"), token=token, prefix="Basic")
origin = DiscoveryClient(base_url=env("TAXII_ORIGIN"), token=token, prefix="Basic")
read, write = env("TAXII_READ_COLLECTION"), env("TAXII_WRITE_COLLECTION")


def expect(value: object, kind: type[T]) -> T:
    """The generated functions return the declared error resource (or None) instead of raising."""
    if not isinstance(value, kind):
        raise AssertionError(f"expected {kind.__name__}, got {value!r}")
    return value


def listed(value: "list[T] | Unset") -> list[T]:
    return [] if isinstance(value, Unset) else value


class Calls:
    def discovery(self) -> list[str]:
        roots = expect(get_discovery.sync(client=origin), Discovery).api_roots
        return roots if isinstance(roots, list) else []  # the discovery package has its own Unset

    def collections(self) -> list[str]:
        from taxii_client.models import Collections

        return [str(c.id) for c in listed(expect(get_collections.sync(client=root), Collections).collections)]

    def objects(self, type_: str, limit: int, next_: Optional[str]) -> tuple[Optional[bool], Optional[str], list[tuple[str, str]]]:
        page = expect(get_objects.sync(read, client=root, matchtype=type_, limit=limit, next_=next_ if next_ else UNSET), Envelope)
        more = None if isinstance(page.more, Unset) else page.more
        following = None if isinstance(page.next_, Unset) else page.next_
        return more, following, [(o.id, o.type_) for o in listed(page.objects)]

    def object(self, collection_id: str, object_id: str) -> list[str]:
        return [o.id for o in listed(expect(get_object.sync(collection_id, object_id, client=root), Envelope).objects)]

    def add(self, envelope: dict[str, Any]) -> str:
        return str(expect(add_objects.sync(write, client=root, body=EnvelopeToAdd.from_dict(envelope)), Status).id)

    def status(self, status_id: str) -> tuple[str, int]:
        status = expect(get_status.sync(status_id, client=root), Status)
        return str(status.status.value), status.success_count

    def versions(self, object_id: str) -> list[str]:
        return listed(expect(get_object_versions.sync(write, object_id, client=root), Versions).versions)

    def remove(self, object_id: str) -> None:
        answer = delete_object.sync_detailed(write, object_id, client=root)
        if answer.status_code != 200:
            raise AssertionError(f"HTTP {answer.status_code}: {answer.content!r}")

    def is_gone(self, object_id: str) -> bool:
        return get_object.sync_detailed(write, object_id, client=root).status_code == 404

    def typed(self, indicator_id: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        from taxii_client.models import Indicator, Malware, Relationship

        def first(kind: str) -> object:
            found = listed(expect(get_objects.sync(read, client=root, matchtype=kind, limit=1), Envelope).objects)
            return found[0] if found else None

        added = listed(expect(get_object.sync(write, indicator_id, client=root), Envelope).objects)
        malware, relationship, indicator = first("malware"), first("relationship"), added[0] if added else None
        return (
            malware.name if isinstance(malware, Malware) and isinstance(malware.name, str) else None,
            relationship.relationship_type if isinstance(relationship, Relationship) else None,
            indicator.pattern if isinstance(indicator, Indicator) else None,
        )

    def reserialise(self, collection_id: str, object_id: str) -> Any:
        # The envelope item as its generated attrs class, written out by that class's own to_dict().
        found = listed(expect(get_object.sync(collection_id, object_id, client=root), Envelope).objects)
        return found[0].to_dict()

    def collections_with_token(self, token_: str) -> list[str]:
        # Its own way: AuthenticatedClient sends its token with the prefix "Bearer" by default.
        from taxii_client.models import Collections

        client = AuthenticatedClient(base_url=env("TAXII_API_ROOT"), token=token_)
        return [str(c.id) for c in listed(expect(get_collections.sync(client=client), Collections).collections)]


run_scenario(Calls())
