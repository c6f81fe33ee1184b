from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from liandong.audit import log
from liandong.audit.models import Outcome


def describe(result) -> str:
    if result.ok:
        return _("校验通过：共 %(n)d 条记录，链尾 #%(seq)d %(hash)s") % {
            "n": result.checked,
            "seq": result.head_seq,
            "hash": result.head_hash,
        }
    reasons = {
        "missing": _("记录缺失"),
        "prev_hash": _("与前一条记录的链接断开"),
        "altered": _("内容与摘要不符（已被篡改）"),
    }
    return _("校验失败：第 %(seq)d 条记录%(reason)s；此前 %(n)d 条完好。") % {
        "seq": result.broken_seq,
        "reason": reasons[result.reason],
        "n": result.checked,
    }


@task()
def verify_chain(requested_by: int | None = None) -> dict:
    """Re-walk the whole chain and append the result to it."""
    result = log.verify()
    actor = get_user_model().objects.filter(pk=requested_by).first() if requested_by else None
    with transaction.atomic():
        log.record(
            "audit.chain.verify",
            actor=actor,
            outcome=Outcome.OK if result.ok else Outcome.FAILED,
            message=describe(result),
            after={"checked": result.checked, "broken_seq": result.broken_seq},
        )
    return {"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq}
