"""Permission matrix entries of the platform's own pages."""

from tests.matrix import ACCOUNTS, Endpoint, Route

ROUTES = [
    Route("core:home", external=(302,)),  # the procuratorate: to its own home page
    # what the API offers (no data): anyone may read it
    Route("api:openapi-json", allowed=ACCOUNTS, anonymous=200, label="OpenAPI document"),
    Route("api:openapi-view", allowed=ACCOUNTS, anonymous=200, label="API docs"),
]
ENDPOINTS = [Endpoint("GET", "/api/v1/workbench")]
