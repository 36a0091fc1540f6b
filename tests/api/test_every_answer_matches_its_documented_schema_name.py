"""The OpenAPI document names each schema by its class: two classes of one name share one
entry, and the answers of one of them then miss what the other requires. That is how
``GET /api/v1/programmes`` came to be documented as requiring a ``code`` it never sends
(the finance summary's programmes had a class of the same name; issue 19)."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from ninja import Schema

import admissions.api


def _schemas() -> dict[str, set[str]]:
    for module in pkgutil.iter_modules(admissions.api.__path__):
        importlib.import_module(f"admissions.api.{module.name}")
    found: dict[str, set[str]] = defaultdict(set)
    pending = list(Schema.__subclasses__())
    while pending:
        schema = pending.pop()
        pending.extend(schema.__subclasses__())
        if schema.__module__.startswith("admissions."):
            found[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    return found


def test_no_two_schema_classes_of_the_api_share_a_name():
    shared = {name: places for name, places in _schemas().items() if len(places) > 1}
    assert not shared, f"Rename one of each: {shared}"


def test_the_programme_list_sends_every_field_its_schema_requires(anonymous, calendar):
    document = anonymous.get("/openapi.json").json()
    reference = document["paths"]["/api/v1/programmes"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["items"]["$ref"]
    component = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    programmes = anonymous.get("/programmes").json()
    assert programmes
    for programme in programmes:
        assert set(component["required"]) <= set(programme), component["required"]
        assert set(programme) <= set(component["properties"])
