"""Reading bulletins: the list with its search and filters, and what is still unread."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce

from liandong.notifications.models import Receipt
from liandong.sharing.models import Bulletin, BulletinReply


def _receipts(user):
    return Receipt.objects.filter(
        recipient_id=user.pk, content_type=ContentType.objects.get_for_model(Bulletin)
    )


def unread_ids(user):
    """A subquery of the ids of bulletins ``user`` has an unread receipt of (receipts name their
    object by its id as text)."""
    return (
        _receipts(user)
        .unread()
        .annotate(bulletin_id=Cast("object_id", BigIntegerField()))
        .values("bulletin_id")
    )


def unread(user):
    """The bulletins ``user`` was given and has not opened yet, newest first."""
    return Bulletin.objects.visible_to(user).filter(pk__in=unread_ids(user))


def listed(user, *, q: str = "", category: str = "", box: str = "", only_unread: bool = False):
    """The bulletins ``user`` sees, newest first, searched (title or body contains ``q``) and
    filtered; each row knows whether ``user`` still has to read it and how many replies it has."""
    rows = Bulletin.objects.visible_to(user)
    q = q.strip()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(body__icontains=q))
    if category:
        rows = rows.filter(category=category)
    if box == "sent":
        rows = rows.filter(department_id=user.department_id)
    elif box == "received":
        rows = rows.exclude(department_id=user.department_id)
    if only_unread:
        rows = rows.filter(pk__in=unread_ids(user))
    mine_unread = (
        _receipts(user).unread().filter(object_id=Cast(OuterRef("pk"), CharField(max_length=64)))
    )
    replies = (
        BulletinReply.objects.filter(bulletin_id=OuterRef("pk"))
        .order_by()
        .values("bulletin_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        rows.select_related("department", "author")
        .annotate(unread=Exists(mine_unread), reply_count=Coalesce(Subquery(replies), 0))
        .order_by("-created_at", "-pk")
    )
