"""The menu entries and the 工作台 to-dos of credit records: DRC reviews what was submitted and
watches pushes that keep failing; a department corrects what DRC returned."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, policy, workbench
from liandong.credit.models import CreditRecord, Push, PushState, RecordState
from liandong.credit.policy import is_drc

SHOWN = 20


def _waiting(user) -> int:
    if not is_drc(user):
        return 0
    return CreditRecord.objects.visible_to(user).filter(state=RecordState.SUBMITTED).count()


navigation.register(
    navigation.NavItem(
        label=_("信用记录"),
        url_name="credit:list",
        order=19,
        namespaces=("credit",),
        visible=lambda user: policy.can(user, "credit.check"),
        badge=_waiting,
    )
)
navigation.register(
    navigation.NavItem(
        label=_("公示期规则"),
        url_name="credit:periods",
        order=915,
        admin=True,
        visible=lambda user: policy.can(user, "credit.periods.manage"),
    )
)


def _todos(user):
    records = CreditRecord.objects.visible_to(user).select_related("department")
    if is_drc(user):
        for r in records.filter(state=RecordState.SUBMITTED).order_by("submitted_at")[:SHOWN]:
            yield workbench.Todo(
                kind="credit_review",
                title=_("审核信用记录：%(subject)s（%(dept)s %(number)s）")
                % {
                    "subject": r.subject_name,
                    "dept": r.department.short_name,
                    "number": r.decision_number,
                },
                url=reverse("credit:detail", args=[r.pk]),
                state=str(RecordState.SUBMITTED.label),
            )
        failing = Push.objects.filter(record__in=records, state=PushState.FAILED).select_related(
            "record"
        )[:SHOWN]
        for p in failing:
            yield workbench.Todo(
                kind="credit_push",
                title=_("信用记录推送多次失败：%(subject)s") % {"subject": p.record.subject_name},
                url=reverse("credit:detail", args=[p.record_id]),
                state=str(PushState.FAILED.label),
            )
    returned = records.filter(
        department_id=user.department_id, state=RecordState.DRAFT, review_note__gt=""
    )
    if policy.can(user, "credit.record.create"):
        for r in returned[:SHOWN]:
            yield workbench.Todo(
                kind="credit_returned",
                title=_("信用记录被退回修改：%(subject)s") % {"subject": r.subject_name},
                url=reverse("credit:detail", args=[r.pk]),
                state=str(RecordState.DRAFT.label),
            )


workbench.register_todos(_todos)
