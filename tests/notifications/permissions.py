"""Permission matrix entries of the inbox."""

from django.db import transaction

from liandong.notifications.service import Message, notify
from tests.matrix import ACCOUNTS, Endpoint, Route


def _message_for(person):
    with transaction.atomic():
        return notify([person], Message("test.matrix", "测试消息"), dedupe_key="matrix")[0]


OWNER = frozenset({"fin_officer"})

ROUTES = [
    Route("notifications:inbox", allowed=ACCOUNTS),
    Route(
        "notifications:read",
        method="POST",
        kwargs=lambda c: {"pk": _message_for(c.fin_officer).pk},
        allowed=OWNER,
        hidden=ACCOUNTS - OWNER,
        success=(302,),
        audit="notifications.notification.read",
    ),
    Route("notifications:read_all", method="POST", allowed=ACCOUNTS, success=(302,)),
    Route(
        "notifications:preference",
        method="POST",
        data=lambda c: {"email": ""},
        allowed=ACCOUNTS,
        success=(302,),
        audit="notifications.preference.update",
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/notifications", allowed=ACCOUNTS),
    Endpoint("GET", "/api/v1/notifications/unread-count", allowed=ACCOUNTS),
    Endpoint(
        "POST",
        "/api/v1/notifications/{notification_id}/read",
        params=lambda c: {"notification_id": _message_for(c.fin_officer).pk},
        allowed=OWNER,
        hidden=ACCOUNTS - OWNER,
        audit="notifications.notification.read",
    ),
    Endpoint("POST", "/api/v1/notifications/read-all", allowed=ACCOUNTS),
]
