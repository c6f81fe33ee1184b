"""Permission matrix of the platform's own pages, and the check that nothing escapes the matrix."""

import importlib
import pathlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from liandong.api.urls import api
from tests.matrix import Endpoint, Route, walk

ROUTES = [
    Route("core:home"),
    Route("api:openapi-json", anonymous=200, label="OpenAPI document"),
    Route("api:openapi-view", anonymous=200, label="API docs"),
]
ENDPOINTS: list[Endpoint] = []

OUR_NAMESPACES = {"core", "organizations", "audit", "api"}


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_it_walks_every_page_with_every_role(cast, route):
    assert walk(route, cast) == []


def _declared():
    routes, endpoints = [], []
    for path in pathlib.Path(__file__).resolve().parent.parent.rglob("test_permissions.py"):
        module_name = ".".join(path.relative_to(path.parents[2]).with_suffix("").parts)
        module = importlib.import_module(module_name)
        routes += getattr(module, "ROUTES", [])
        endpoints += getattr(module, "ENDPOINTS", [])
    return routes, endpoints


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else (pattern.namespace or "")
            yield from _url_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_matrix_covers_every_page_and_endpoint():
    routes, endpoints = _declared()
    declared_pages = {r.name for r in routes}
    pages = {n for n in _url_names() if n.split(":")[0] in OUR_NAMESPACES and n.count(":") == 1}
    operations = {
        (method.upper(), path)
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in item
    }
    declared_operations = {(e.method, e.path) for e in endpoints}
    api_pages = {n for n in pages if n.startswith("api:")}
    missing_pages = pages - api_pages - declared_pages
    assert missing_pages == set(), f"pages with no permission matrix entry: {missing_pages}"
    assert {"api:openapi-json", "api:openapi-view"} <= declared_pages
    missing = operations - declared_operations
    assert missing == set(), f"API operations with no permission matrix entry: {missing}"
