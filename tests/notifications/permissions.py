"""Permission matrix entries of the inbox."""

from django.db import transaction

from liandong.notifications.service import Message, notify
from tests.matrix import EVERYONE, Endpoint, Route


def _message_for(person):
    with transaction.atomic():
        return notify([person], Message("test.matrix", "测试消息"), dedupe_key="matrix")[0]


OWNER = frozenset({"fin_officer"})

ROUTES = [
    Route("notifications:inbox"),
    Route(
        "notifications:read",
        method="POST",
        kwargs=lambda c: {"pk": _message_for(c.fin_officer).pk},
        allowed=OWNER,
        hidden=EVERYONE - OWNER,
        success=(302,),
        audit="notifications.notification.read",
    ),
    Route("notifications:read_all", method="POST", success=(302,)),
    Route(
        "notifications:preference",
        method="POST",
        data=lambda c: {"email": ""},
        success=(302,),
        audit="notifications.preference.update",
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/notifications"),
    Endpoint("GET", "/api/v1/notifications/unread-count"),
    Endpoint(
        "POST",
        "/api/v1/notifications/{notification_id}/read",
        params=lambda c: {"notification_id": _message_for(c.fin_officer).pk},
        allowed=OWNER,
        hidden=EVERYONE - OWNER,
        audit="notifications.notification.read",
    ),
    Endpoint("POST", "/api/v1/notifications/read-all"),
]
