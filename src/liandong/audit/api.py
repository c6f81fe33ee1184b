import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from liandong.audit import redaction
from liandong.audit.models import AuditEntry, Outcome
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination

router = Router(tags=["审计日志"])


class AuditEntryOut(Schema):
    seq: int
    created_at: dt.datetime
    actor_id: int | None
    actor_name: str
    department: str
    action: str
    outcome: Outcome
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    message: str
    request_id: str
    client_ip: str
    prev_hash: str
    hash: str

    # a 涉密 case the reader may not see is masked in what is shown (audit.redaction); the
    # hashes are those of the entries as stored
    @staticmethod
    def resolve_object_repr(entry, context):
        return redaction.mask(entry.object_repr, redaction.for_request(context["request"]))

    @staticmethod
    def resolve_message(entry, context):
        return redaction.mask(entry.message, redaction.for_request(context["request"]))

    @staticmethod
    def resolve_before(entry, context):
        return redaction.mask(entry.before, redaction.for_request(context["request"]))

    @staticmethod
    def resolve_after(entry, context):
        return redaction.mask(entry.after, redaction.for_request(context["request"]))


@router.get("/entries", response=list[AuditEntryOut], summary="审计记录（系统管理员）")
@paginate(LimitOffsetPagination)
def list_entries(
    request,
    action: str | None = None,
    outcome: Outcome | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
):
    policy.require(request.user, "audit.entry.view")
    entries = AuditEntry.objects.visible_to(request.user).order_by("-seq")
    if action:
        entries = entries.filter(action__startswith=action)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries


@router.get("/entries/{int:seq}", response=AuditEntryOut, summary="审计记录详情（系统管理员）")
def get_entry(request, seq: int):
    policy.require(request.user, "audit.entry.view")
    return get_object_or_404(AuditEntry.objects.visible_to(request.user), seq=seq)
