"""The 工作台 panel that shows a person their own recent sign-ins, so a stranger's is noticed."""

from liandong.audit.models import AuditEntry

SHOWN = 5


def sign_ins(request) -> dict:
    recent = list(
        AuditEntry.objects.sign_ins_of(request.user)
        .order_by("-seq")
        .only("created_at", "action", "outcome", "client_ip")[:SHOWN]
    )
    return {"entries": recent}
