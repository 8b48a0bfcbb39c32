"""openapi-generator's Python client: one package from the flat-match variant (its query
parameters are plain names, match_type and so on) and one from the discovery variant. Settings:
the base URL of each and the user's credentials; the media types come from the description."""

from typing import Any, Optional

from scenario import env, run_scenario
from taxii_client import AddObjectsEnvelope, ApiClient, CollectionsApi, Configuration, Indicator, KnownStixObject, Malware, ObjectsApi, Relationship, StatusApi, StixObject
from taxii_client.exceptions import NotFoundException
from taxii_discovery import ApiClient as DiscoveryClient, Configuration as DiscoveryConfiguration, DiscoveryApi

user, password = env("TAXII_USER"), env("TAXII_PASSWORD")
root = ApiClient(Configuration(host=env("TAXII_API_ROOT"), username=user, password=password))
discovery = DiscoveryApi(DiscoveryClient(DiscoveryConfiguration(host=env("TAXII_ORIGIN"), username=user, password=password)))
collections, objects, statuses = CollectionsApi(root), ObjectsApi(root), StatusApi(root)
read, write = env("TAXII_READ_COLLECTION"), env("TAXII_WRITE_COLLECTION")


def stix(item: StixObject) -> Any:
    """The generated class of an envelope item: the STIX 2.1 type's own class (Malware, Indicator, …)
    for a known type, OtherStixObject for anything else (custom types, STIX 2.0)."""
    inner = item.actual_instance
    return inner.actual_instance if isinstance(inner, KnownStixObject) else inner


class Calls:
    def discovery(self) -> list[str]:
        return list(discovery.get_discovery().api_roots or [])

    def collections(self) -> list[str]:
        return [str(c.id) for c in collections.get_collections().collections or []]

    def objects(self, type_: str, limit: int, next_: Optional[str]) -> tuple[Optional[bool], Optional[str], list[tuple[str, str]]]:
        page = objects.get_objects(read, match_type=type_, limit=limit, next=next_)
        return page.more, page.next, [(o.id, o.type) for o in map(stix, page.objects or [])]

    def object(self, collection_id: str, object_id: str) -> list[str]:
        return [stix(o).id for o in objects.get_object(collection_id, object_id).objects or []]

    def add(self, envelope: dict[str, Any]) -> str:
        body = AddObjectsEnvelope.from_dict(envelope)
        assert body is not None
        return str(objects.add_objects(write, body).id)

    def status(self, status_id: str) -> tuple[str, int]:
        status = statuses.get_status(status_id)
        return status.status.value, status.success_count

    def versions(self, object_id: str) -> list[str]:
        return [str(v) for v in objects.get_object_versions(write, object_id).versions or []]

    def remove(self, object_id: str) -> None:
        objects.delete_object(write, object_id)

    def typed(self, indicator_id: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        malware = stix((objects.get_objects(read, match_type="malware", limit=1).objects or [])[0])
        relationship = stix((objects.get_objects(read, match_type="relationship", limit=1).objects or [])[0])
        indicator = stix((objects.get_object(write, indicator_id).objects or [])[0])
        return (
            malware.name if isinstance(malware, Malware) else None,
            relationship.relationship_type if isinstance(relationship, Relationship) else None,
            indicator.pattern if isinstance(indicator, Indicator) else None,
        )

    def reserialise(self, collection_id: str, object_id: str) -> Any:
        # The envelope item as its generated class, written out by that class's own to_dict().
        return (objects.get_object(collection_id, object_id).objects or [])[0].to_dict()

    def is_gone(self, object_id: str) -> bool:
        try:
            objects.get_object(write, object_id)
            return False
        except NotFoundException:
            return True

    def collections_with_token(self, token: str) -> list[str]:
        # Its own way: a Configuration's access_token is sent for the description's bearer scheme.
        client = ApiClient(Configuration(host=env("TAXII_API_ROOT"), access_token=token))
        return [str(c.id) for c in CollectionsApi(client).get_collections().collections or []]

    def collections_with_certificate(self, api_root: str, ca: str, cert: str, key: str) -> list[str]:
        # Its own way: a Configuration's ssl_ca_cert, cert_file and key_file (urllib3's TLS settings).
        client = ApiClient(Configuration(host=api_root, ssl_ca_cert=ca, cert_file=cert, key_file=key))
        return [str(c.id) for c in CollectionsApi(client).get_collections().collections or []]


run_scenario(Calls())
