"""Permission matrix entries of the audit log pages and API."""

from liandong.audit.models import AuditEntry
from tests.matrix import Endpoint, Route

ADMINS = frozenset({"admin", "outsider"})
OUTSIDER = frozenset({"outsider"})


def _home_entry(cast) -> int:
    return AuditEntry.objects.filter(jurisdiction="350502").order_by("seq").first().seq


ROUTES = [
    Route("audit:entry_list", allowed=ADMINS),
    Route(
        "audit:entry_detail",
        kwargs=lambda c: {"seq": _home_entry(c)},
        allowed=frozenset({"admin"}),
        hidden=OUTSIDER,
    ),
    Route(
        "audit:verify",
        method="POST",
        allowed=ADMINS,
        success=(302,),
        audit="audit.chain.request_verification",
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/audit/entries", allowed=ADMINS),
    Endpoint(
        "GET",
        "/api/v1/audit/entries/{seq}",
        params=lambda c: {"seq": _home_entry(c)},
        allowed=frozenset({"admin"}),
        hidden=OUTSIDER,
    ),
]
