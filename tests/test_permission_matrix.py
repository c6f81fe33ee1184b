"""The permission matrix: every page and every API operation, walked with every cast member.

Each app declares its entries in tests/<app>/permissions.py (ROUTES, ENDPOINTS); this module walks
them all and fails when a URL or an API operation exists that no app declared.
"""

import importlib
import pathlib

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from liandong.api.urls import api
from tests import cast as cast_module
from tests.matrix import sign_in, walk

OUR_NAMESPACES = {
    "core",
    "organizations",
    "audit",
    "api",
    "notifications",
    "deadlines",
    "cases",
    "evidence",
    "consultations",
    "assistance",
    "documents",
    "transfers",
    "sharing",
    "meetings",
    "credit",
    "publicity",
    "public",
    "reports",
    "screening",
    "procuratorate",
    "complaints",
}


def _declared():
    routes, endpoints = [], []
    for path in sorted(pathlib.Path(__file__).resolve().parent.glob("*/permissions.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.permissions")
        routes += module.ROUTES
        endpoints += module.ENDPOINTS
    return routes, endpoints


ROUTES, ENDPOINTS = _declared()


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    """The cast and its sessions, made once for the whole matrix inside a transaction that is
    rolled back when the module ends. Each walk runs in a savepoint within it (the ``db``
    fixture's), so every walk meets the cast as built and nothing any other walk did; making
    them for each of the matrix's hundreds of walks cost a tenth of a second each."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = cast_module.build()
            made = cast_module.keys(built), sign_in(built)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def cast(db, _built):
    return cast_module.fetch(_built[0])


@pytest.fixture
def sessions(_built):
    return _built[1]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_it_walks_every_page_with_every_role(cast, sessions, route):
    assert walk(route, cast, sessions) == []


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.id)
def test_it_walks_every_endpoint_with_every_role(cast, sessions, endpoint):
    assert walk(endpoint, cast, sessions) == []


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else (pattern.namespace or "")
            yield from _url_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_the_matrix_covers_every_page_and_endpoint():
    pages = {n for n in _url_names() if n.split(":")[0] in OUR_NAMESPACES and n.count(":") == 1}
    api_operation_pages = {n for n in pages if n.startswith("api:")} - {
        "api:openapi-json",
        "api:openapi-view",
    }
    missing_pages = pages - api_operation_pages - {r.name for r in ROUTES}
    assert missing_pages == set(), f"pages with no permission matrix entry: {missing_pages}"
    operations = {
        (method.upper(), path)
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in item
    }
    missing = operations - {(e.method, e.path) for e in ENDPOINTS}
    assert missing == set(), f"API operations with no permission matrix entry: {missing}"
