from django import template

from liandong.cases.models import CaseState, DecisionKind
from liandong.core import policy
from liandong.credit.models import CreditRecord, RecordState

register = template.Library()

DECIDED_CASE = (CaseState.DECIDED, CaseState.EXECUTION, CaseState.CLOSED, CaseState.ARCHIVED)


@register.inclusion_tag("credit/_for_case.html", takes_context=True)
def credit_for(context, case):
    """The credit records of a case the viewer may see, and the way to enter one once the case
    was decided with a penalty (``{% credit_for case %}``)."""
    user = context["request"].user
    rows = list(CreditRecord.objects.visible_to(user).filter(case=case))
    penalty = case.decision_kind == DecisionKind.PENALTY and case.state in DECIDED_CASE
    live = [r for r in rows if r.state != RecordState.WITHDRAWN]
    can_enter = (
        penalty
        and not live
        and user.department_id == case.department_id
        and policy.can(user, "credit.record.create")
    )
    return {"records": rows, "case": case, "penalty": penalty, "can_enter": can_enter}
