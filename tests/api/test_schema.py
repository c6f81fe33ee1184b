"""The published API schema (issue 18): no two response or request classes share a name (ninja
keys its components by name, so one would silently stand for the other), and every operation
declares the error answers it may give, with the one error body."""

import collections
import importlib
import inspect

from ninja import Schema

from liandong.api.urls import api

APPS = (
    "assistance", "audit", "cases", "complaints", "consultations", "core", "credit", "deadlines",
    "documents", "evidence", "meetings", "notifications", "organizations", "procuratorate",
    "publicity", "reports", "screening", "sharing", "transfers",
)  # fmt: skip


def test_no_two_schemas_share_a_name():
    modules = collections.defaultdict(set)
    for app in APPS:
        module = importlib.import_module(f"liandong.{app}.api")
        for obj in vars(module).values():
            ours = inspect.isclass(obj) and issubclass(obj, Schema)
            if ours and obj.__name__ != "Strict" and obj.__module__.startswith("liandong."):
                modules[obj.__name__].add(obj.__module__)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}


def test_every_operation_declares_its_error_answers(db):
    schema = api.get_openapi_schema()
    assert {"code", "message", "details"} <= set(
        schema["components"]["schemas"]["Error"]["properties"]
    )
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
    names = set(schema["components"]["schemas"])
    assert {"TransferAttachmentOut", "EvidenceAttachmentOut", "BulletinAttachmentOut"} <= names
