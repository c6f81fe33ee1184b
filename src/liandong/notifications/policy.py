from liandong.core.policy import rule


@rule("notifications.notification.read", external=True)
def read_notification(user, notification) -> bool:
    return notification is None or notification.recipient_id == user.pk


@rule("notifications.preference.manage", external=True)
def manage_preference(user, person) -> bool:
    return person is None or person.pk == user.pk
