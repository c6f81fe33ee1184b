"""The 工作台 panel that shows a person their own recent sign-ins, so a stranger's is noticed."""

from liandong.audit.models import AuditEntry

SHOWN = 5


def sign_ins(request) -> dict:
    user = request.user
    recent = list(
        AuditEntry.objects.filter(
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            action__in=["auth.login", "auth.login.failed", "auth.login.locked"],
        )
        .order_by("-seq")
        .only("created_at", "action", "outcome", "client_ip")[:SHOWN]
    )
    return {"entries": recent}
