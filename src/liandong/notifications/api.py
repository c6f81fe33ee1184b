import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from liandong.core.pagination import LimitOffsetPagination
from liandong.notifications import actions
from liandong.notifications.models import Notification

router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class UnreadOut(Schema):
    unread: int


class ReadAllOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], summary="我的消息")
@paginate(LimitOffsetPagination)
def list_notifications(request, unread: bool = False):
    notifications = Notification.objects.visible_to(request.user)
    return notifications.unread() if unread else notifications


@router.get("/notifications/unread-count", response=UnreadOut, summary="未读消息数")
def unread_count(request):
    return {"unread": Notification.objects.visible_to(request.user).unread().count()}


@router.post(
    "/notifications/{int:notification_id}/read", response=NotificationOut, summary="标为已读"
)
def read(request, notification_id: int):
    notification = get_object_or_404(
        Notification.objects.visible_to(request.user), pk=notification_id
    )
    return actions.mark_read(notification, acting_user=request.user)


@router.post("/notifications/read-all", response=ReadAllOut, summary="全部标为已读")
def read_all(request):
    return {"marked": actions.mark_all_read(acting_user=request.user)}
