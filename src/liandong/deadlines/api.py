import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline, DeadlineRule

router = Router(tags=["期限"])


class DeadlineOut(Schema):
    id: int
    name: str
    object_type: str
    object_id: str
    object_repr: str
    department_id: int
    rule: str
    basis: str
    amount: int
    unit: str
    started_at: dt.datetime
    due_at: dt.datetime
    last_day: dt.date | None
    assumed_years: list[int]
    state: str
    paused_at: dt.datetime | None
    pause_reason: str
    paused_total_seconds: int
    met_at: dt.datetime | None

    @staticmethod
    def resolve_object_type(deadline):
        return deadline.content_type.model_class()._meta.label_lower

    @staticmethod
    def resolve_rule(deadline):
        return deadline.rule.code

    @staticmethod
    def resolve_paused_total_seconds(deadline):
        return int(deadline.paused_total.total_seconds())


class RuleOut(Schema):
    code: str
    name: str
    basis: str
    amount: int
    unit: str
    configurable: bool
    pausable: bool
    reminder_hours: list[int]


@router.get("/deadlines", response=list[DeadlineOut], summary="本单位的期限")
@paginate(LimitOffsetPagination)
def list_deadlines(request, open_only: bool = True):
    deadlines = Deadline.objects.visible_to(request.user).select_related("rule", "content_type")
    return deadlines.open() if open_only else deadlines


@router.get("/deadlines/{int:deadline_id}", response=DeadlineOut, summary="期限详情")
def get_deadline(request, deadline_id: int):
    return get_object_or_404(
        Deadline.objects.visible_to(request.user).select_related("rule", "content_type"),
        pk=deadline_id,
    )


@router.get("/deadline-rules", response=list[RuleOut], summary="期限规则及其依据")
def list_rules(request):
    return DeadlineRule.objects.all()
