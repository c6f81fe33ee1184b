"""Permission matrix entries of the platform's own pages."""

from tests.matrix import Endpoint, Route

ROUTES = [
    Route("core:home"),
    Route("api:openapi-json", anonymous=200, label="OpenAPI document"),
    Route("api:openapi-view", anonymous=200, label="API docs"),
]
ENDPOINTS = [Endpoint("GET", "/api/v1/workbench")]
