"""The OpenAPI document: built once per address and language, then served from memory."""

import ninja.main
from django.test import Client
from django.utils import translation

from liandong.api.urls import api


def test_the_document_is_built_once_and_served_the_same(monkeypatch):
    built = []
    real = ninja.main.get_schema
    monkeypatch.setattr(ninja.main, "get_schema", lambda **kw: built.append(kw) or real(**kw))
    monkeypatch.setattr(api, "_schemas", {}, raising=False)
    first = Client().get("/api/v1/openapi.json")
    again = Client().get("/api/v1/openapi.json")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and "/api/v1/me" in first.json()["paths"]
    assert len(built) == 1
    chinese = api.get_openapi_schema()
    assert api.get_openapi_schema() is chinese
    with translation.override("en"):
        assert api.get_openapi_schema() is not chinese  # one document per language
