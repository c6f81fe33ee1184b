from django import template

from liandong.cases.models import CasePart
from liandong.cases.queries import parts_for
from liandong.core import policy
from liandong.evidence.models import Attachment, EvidenceItem

register = template.Library()


@register.inclusion_tag("evidence/_case_section.html", takes_context=True)
def evidence_for(context, case):
    """The evidence and attachments sections of a case page, as the viewer may see them."""
    user = context["request"].user
    parts = parts_for(user, case)
    items = (
        EvidenceItem.objects.visible_to(user)
        .filter(case=case)
        .select_related("blob", "provided_by", "superseded_by")
        .prefetch_related("recognitions__department")
        .order_by("sequence")
        if CasePart.EVIDENCE in parts
        else []
    )
    attachments = (
        Attachment.objects.visible_to(user).filter(case=case).select_related("blob")
        if CasePart.ALL in parts or case.department_id == user.department_id
        else []
    )
    return {
        "case": case,
        "show_evidence": CasePart.EVIDENCE in parts,
        "show_attachments": case.department_id == user.department_id or CasePart.ALL in parts,
        "items": items,
        "attachments": attachments,
        "can_add": policy.can(user, "evidence.item.add", case),
        "can_export": policy.can(user, "evidence.package.export", case),
        "csrf_token": context.get("csrf_token"),
    }
