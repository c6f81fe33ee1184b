from django.utils import timezone

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.notifications.models import Notification, Preference


@action("notifications.notification.read")
def mark_read(notification: Notification, *, acting_user) -> Notification:
    policy.require(acting_user, "notifications.notification.read", notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(
            "notifications.notification.read",
            actor=acting_user,
            obj=notification,
            object_repr=notification.title,
            jurisdiction=acting_user.audit_jurisdiction,
        )
    return notification


@action("notifications.notification.read_all")
def mark_all_read(*, acting_user) -> int:
    policy.require(acting_user, "notifications.notification.read")
    count = Notification.objects.visible_to(acting_user).unread().update(read_at=timezone.now())
    if count:
        audit.record(
            "notifications.notification.read_all", actor=acting_user, after={"count": count}
        )
    return count


@action("notifications.preference.update")
def set_preference(person, *, email: bool, acting_user) -> Preference:
    policy.require(acting_user, "notifications.preference.manage", person)
    preference, _created = Preference.objects.get_or_create(user=person)
    if preference.email != email:
        before = {"email": preference.email}
        preference.email = email
        preference.save()
        audit.record(
            "notifications.preference.update",
            actor=acting_user,
            obj=preference,
            object_repr=str(person),
            before=before,
            after={"email": email},
            jurisdiction=person.audit_jurisdiction,
        )
    return preference
