"""Credit records, their pushes, the 双公示 export, and the supplier check — the check also for
purchasers and agencies with a check token (Authorization: Bearer ldc_…), within their rate
limit."""

import datetime as dt
import io
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import HttpBearer
from pydantic import ConfigDict

from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.core.validation import refuse
from liandong.credit import actions, check, clients, push, shuanggongshi
from liandong.credit.models import (
    CheckClient,
    CreditRecord,
    Push,
    RecordKind,
    RecordState,
    SeverityChoice,
    SubjectCategory,
)
from liandong.organizations.auth import ActiveSessionAuth, TokenAuth

router = Router(tags=["信用信息"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class CheckClientAuth(HttpBearer):
    """A purchaser's or agency's check token (ldc_…)."""

    def authenticate(self, request, token: str):
        return clients.find(token)


CHECK_AUTH = [CheckClientAuth(), TokenAuth(), ActiveSessionAuth()]


class RecordRow(Schema):
    id: int
    kind: RecordKind
    state: RecordState
    subject_name: str
    subject_code: str
    decision_number: str
    decision_date: dt.date
    department_id: int
    department_name: str
    publication_end: dt.date
    version: int


class AttemptOut(Schema):
    number: int
    at: dt.datetime
    ok: bool
    status_code: int | None
    outcome: str
    duration_ms: int


class PushOut(Schema):
    id: int
    operation: str
    idempotency_key: str
    state: str
    attempts: int
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None
    last_error: str
    tries: list[AttemptOut]


class RecordOut(RecordRow):
    case_id: int | None
    subject_category: SubjectCategory
    legal_representative: str
    id_number: str = Field(..., description="自然人证件号码（仅显示后四位）")
    violation_type: str
    facts: str
    basis: str
    penalty_category: str
    penalty_content: str
    fine: Decimal | None = Field(None, description="元")
    confiscated: Decimal | None = Field(None, description="元")
    licence: str
    ban_start: dt.date | None
    ban_end: dt.date | None
    severity: SeverityChoice
    valid_until: dt.date
    earliest_repair: dt.date | None
    period_explanation: str
    listing_explanation: str
    remarks: str
    review_note: str
    end_reason: str
    pushes: list[PushOut]


def _row(r: CreditRecord) -> dict:
    return {
        **{f: getattr(r, f) for f in RecordRow.model_fields if f != "department_name"},
        "department_name": r.department.short_name,
    }


def _push(p: Push) -> dict:
    return {
        "id": p.pk,
        "operation": p.operation,
        "idempotency_key": str(p.idempotency_key),
        "state": p.state,
        "attempts": p.attempts,
        "next_attempt_at": p.next_attempt_at,
        "sent_at": p.sent_at,
        "last_error": p.last_error,
        "tries": [{f: getattr(t, f) for f in AttemptOut.model_fields} for t in p.tries.all()],
    }


def _out(r: CreditRecord) -> dict:
    r = CreditRecord.objects.select_related("department").get(pk=r.pk)
    skip = set(RecordRow.model_fields) | {"id_number", "pushes"}
    return {
        **_row(r),
        **{f: getattr(r, f) for f in RecordOut.model_fields if f not in skip},
        "id_number": r.masked_id_number,
        "pushes": [_push(p) for p in r.pushes.prefetch_related("tries").order_by("created_at")],
    }


def _visible(request, record_id: int) -> CreditRecord:
    return get_object_or_404(
        CreditRecord.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=record_id,
    )


@router.get("/credit/records", response=list[RecordRow], summary="我能看到的信用记录（最新在前）")
@paginate(LimitOffsetPagination)
def list_records(
    request, state: RecordState | None = None, kind: RecordKind | None = None, q: str = ""
):
    """q：行政相对人名称、统一社会信用代码或决定书文号。"""
    policy.require(request.user, "credit.check")
    rows = CreditRecord.objects.visible_to(request.user).select_related("department")
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    return [_row(r) for r in rows.search(q)]


class RecordIn(Strict):
    case_id: int | None = Field(None, description="关联的本单位已作出处罚决定的案件")
    kind: RecordKind = RecordKind.PENALTY
    subject_name: str = Field(..., max_length=200)
    subject_category: SubjectCategory
    subject_code: str = Field("", max_length=18)
    legal_representative: str = Field("", max_length=60)
    id_number: str = Field("", max_length=18, description="自然人身份证号码（加密保存）")
    decision_number: str = Field(..., max_length=60)
    decision_date: dt.date
    violation_type: str = Field(..., max_length=200)
    facts: str
    basis: str
    penalty_category: str = Field(..., max_length=100)
    penalty_content: str
    fine: Decimal | None = Field(None, description="罚款金额，单位元")
    confiscated: Decimal | None = Field(None, description="没收金额，单位元")
    licence: str = Field("", max_length=200)
    ban_start: dt.date | None = None
    ban_end: dt.date | None = None
    severity: SeverityChoice | None = Field(
        None, description="失信程度；不填：列入严重违法失信名单的为 serious，其他为 general"
    )
    publication_end: dt.date | None = Field(None, description="不填则取规则的最长公示期")
    valid_until: dt.date | None = None
    remarks: str = ""


@router.post("/credit/records", response={201: RecordOut}, summary="录入信用记录（草稿）")
def create_record(request, payload: RecordIn):
    data = payload.model_dump()
    case_id = data.pop("case_id")
    if not data["id_number"]:
        data.pop("id_number")
    record = actions.create_record(case=case_id, acting_user=request.user, **data)
    return Status(201, _out(record))


@router.get("/credit/records/{record_id}", response=RecordOut, summary="信用记录详情与推送状态")
def get_record(request, record_id: int):
    return _out(_visible(request, record_id))


class RecordPatch(Strict):
    version: int | None = None
    kind: RecordKind | None = None
    subject_name: str | None = Field(None, max_length=200)
    subject_category: SubjectCategory | None = None
    subject_code: str | None = Field(None, max_length=18)
    legal_representative: str | None = Field(None, max_length=60)
    id_number: str | None = Field(None, max_length=18)
    decision_number: str | None = Field(None, max_length=60)
    decision_date: dt.date | None = None
    violation_type: str | None = Field(None, max_length=200)
    facts: str | None = None
    basis: str | None = None
    penalty_category: str | None = Field(None, max_length=100)
    penalty_content: str | None = None
    fine: Decimal | None = None
    confiscated: Decimal | None = None
    licence: str | None = Field(None, max_length=200)
    ban_start: dt.date | None = None
    ban_end: dt.date | None = None
    severity: SeverityChoice | None = None
    publication_end: dt.date | None = None
    valid_until: dt.date | None = None
    remarks: str | None = None


@router.patch("/credit/records/{record_id}", response=RecordOut, summary="修改草稿")
def update_record(request, record_id: int, payload: RecordPatch):
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    record = actions.update_record(
        _visible(request, record_id), acting_user=request.user, expected_version=version, **changes
    )
    return _out(record)


class CreditStepIn(Strict):
    version: int | None = None
    reason: str = Field("", max_length=1000, description="退回、撤销、信用修复：理由")
    note: str = Field("", max_length=1000, description="审核通过、确认公示：意见")


STEPS = {
    "submit": (actions.submit_record, None),
    "review": (actions.review_record, "note"),
    "return": (actions.return_record, "reason"),
    "publish": (actions.publish_record, "note"),
    "withdraw": (actions.withdraw_record, "reason"),
    "repair": (actions.repair_record, "reason"),
}


@router.post(
    "/credit/records/{record_id}/{step}",
    response=RecordOut,
    summary="报送、审核、退回、确认公示、撤销、信用修复",
)
def take_step(
    request,
    record_id: int,
    step: Literal["submit", "review", "return", "publish", "withdraw", "repair"],
    payload: CreditStepIn,
):
    record = _visible(request, record_id)
    act, field = STEPS[step]
    kwargs = {field: getattr(payload, field)} if field else {}
    return _out(act(record, acting_user=request.user, expected_version=payload.version, **kwargs))


@router.post(
    "/credit/pushes/{push_id}/retry", response=PushOut, summary="立即重新推送（发展改革局）"
)
def retry_push(request, push_id: int):
    found = get_object_or_404(
        Push.objects.filter(record__in=CreditRecord.objects.visible_to(request.user)), pk=push_id
    )
    push.retry_now(found, acting_user=request.user)
    found.refresh_from_db()
    return _push(found)


@router.get(
    "/credit/export",
    summary="导出双公示行政处罚信息（.xlsx 或 .csv，金额万元）",
    response={200: None},
)
def export(
    request,
    format: Literal["xlsx", "csv"] = "csv",
    since: dt.date | None = None,
    until: dt.date | None = None,
):
    policy.require(request.user, "credit.record.export")
    records = actions.exportable(
        request.user, [RecordState.REVIEWED, RecordState.PUBLISHED], since, until
    )
    out = io.BytesIO()
    writer = shuanggongshi.write_xlsx if format == "xlsx" else shuanggongshi.write_csv
    try:
        writer([actions.export_row(r) for r in records], out, timezone.localdate())
    except shuanggongshi.InvalidRows as error:
        raise refuse("records", str(error), "layout") from error
    actions.record_export(records, fmt=format, acting_user=request.user)
    kind = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if format == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(out.getvalue(), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="shuanggongshi.{format}"'
    return response


# ---------------------------------------------------------------- the supplier check


class CheckOut(Schema):
    name: str
    code: str
    barred: bool = Field(..., description="今天是否不得参加政府采购活动")
    verdict: str
    until: dt.date | None = Field(
        None, description="禁止的最后一天；禁止中而为空表示名单未载明截止日期"
    )
    explanation: str
    reasons: list[str]
    record_ids: list[int]
    error: str = ""
    day: dt.date


def _allowed(request) -> None:
    """Purchasers within their rate limit; platform users by the check rule."""
    if isinstance(request.auth, CheckClient):
        if not clients.take(request.auth):
            raise HttpError(
                429, _("查询过于频繁，请%(s)s秒后再试。") % {"s": clients.retry_after()}
            )
    else:
        policy.require(request.user, "credit.check")


def _result(result: check.Result, day: dt.date) -> dict:
    return {
        "name": result.query.name,
        "code": result.query.code,
        "barred": result.barred,
        "verdict": result.verdict,
        "until": result.until,
        "explanation": result.explanation,
        "reasons": result.reasons,
        "record_ids": result.records,
        "error": result.error,
        "day": day,
    }


class CheckParams(Schema):
    code: str = Field("", max_length=18, description="统一社会信用代码")
    name: str = Field("", max_length=200, description="名称（不填代码时按名称核查）")


@router.get("/credit/check", response=CheckOut, auth=CHECK_AUTH, summary="供应商信用核查（单个）")
def check_supplier(request, params: Query[CheckParams]):
    """采购人、采购代理机构用查询令牌（Bearer ldc_…）调用，受每分钟次数限制。"""
    _allowed(request)
    if not params.code.strip() and not params.name.strip():
        raise refuse("code", _("请填写统一社会信用代码或名称。"), "required")
    day = timezone.localdate()
    result = check.check_one(name=params.name, code=params.code, day=day)
    return _result(result, day)


class Supplier(Strict):
    name: str = Field("", max_length=200)
    code: str = Field("", max_length=18)


class BulkIn(Strict):
    suppliers: list[Supplier] = Field(..., max_length=check.MAX_BULK)


class BulkOut(Schema):
    day: dt.date
    checked: int
    barred: int
    results: list[CheckOut]


@router.post(
    "/credit/check",
    response=BulkOut,
    auth=CHECK_AUTH,
    summary="供应商信用核查（批量，最多10000家）",
)
def check_suppliers(request, payload: BulkIn):
    _allowed(request)
    if not payload.suppliers:
        raise refuse("suppliers", _("请至少提供一家供应商。"), "required")
    day = timezone.localdate()
    queries = [
        check.Query(name=s.name.strip(), code=s.code.strip().upper(), row=n)
        for n, s in enumerate(payload.suppliers, start=1)
    ]
    results = check.check_many(queries, day)
    return {
        "day": day,
        "checked": len(results),
        "barred": sum(r.barred for r in results),
        "results": [_result(r, day) for r in results],
    }
