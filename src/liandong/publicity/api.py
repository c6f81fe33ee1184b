import datetime as dt

from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.cases.models import Case
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.publicity import actions
from liandong.publicity.models import Kind, Publication, State

router = Router(tags=["宣传曝光"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PublicationRow(Schema):
    id: int
    kind: Kind
    state: State
    title: str
    department_id: int
    department_name: str
    case_id: int
    drafted_by_name: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    public_url: str | None = Field(None, description="已发布时：公开网站上的地址（无需登录）")
    version: int

    @staticmethod
    def resolve_public_url(obj) -> str | None:
        if isinstance(obj, dict):  # a detail answer, already worked out
            return obj.get("public_url")
        return _public_url(obj)


class ChangeOut(Schema):
    kind: str = Field(
        ..., description="name 姓名、id_number 身份证号码、mobile 手机、landline 固定电话"
    )
    label: str
    original: str = Field(..., description="姓名为原文；身份证号码和电话号码只显示末4位")
    masked: str
    count: int


class PublicationOut(PublicationRow):
    body: str
    extra_names: list[str]
    anonymised_at: dt.datetime | None
    anonymisation_current: bool = Field(..., description="稿件是否仍是最近一次脱敏后的样子")
    anonymisation: list[ChangeOut]
    return_reason: str
    published_title: str
    published_body: str
    withdrawn_at: dt.datetime | None
    withdraw_reason: str


def _public_url(p: Publication) -> str | None:
    return f"/public/{p.public_id}/" if p.state == State.PUBLISHED else None


def _annotated(rows):
    return rows.annotate(
        department_name=F("department__short_name"), drafted_by_name=F("drafted_by__full_name")
    )


def _out(request, p: Publication) -> dict:
    # Not scoped again: the caller was allowed to act on it (a returned draft of another
    # department is out of the approver's sight afterwards, but the answer still describes it).
    p = _annotated(Publication.objects.select_related("case")).get(pk=p.pk)
    return {
        **{f: getattr(p, f) for f in PublicationRow.model_fields if f != "public_url"},
        "id": p.pk,
        "public_url": _public_url(p),
        "body": p.body,
        "extra_names": [n for n in p.extra_names.splitlines() if n],
        "anonymised_at": p.anonymised_at,
        "anonymisation_current": actions.anonymisation_current(p),
        "anonymisation": actions.changes_of(p),
        "return_reason": p.return_reason,
        "published_title": p.published_title,
        "published_body": p.published_body,
        "withdrawn_at": p.withdrawn_at,
        "withdraw_reason": p.withdraw_reason,
    }


def _visible(request, publication_id: int) -> Publication:
    return get_object_or_404(
        Publication.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=publication_id,
    )


@router.get(
    "/publications", response=list[PublicationRow], summary="我能看到的宣传稿件（最新在前）"
)
@paginate(LimitOffsetPagination)
def list_publications(request, state: State | None = None, kind: Kind | None = None):
    rows = _annotated(Publication.objects.visible_to(request.user)).order_by("-created_at", "-pk")
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


class PublicityCreateIn(Strict):
    case_id: int = Field(..., description="本单位已结案或已归档、作出了决定书的案件")
    kind: Kind


@router.post(
    "/publications",
    response={201: PublicationOut},
    summary="根据案件拟写宣传稿件（标题和正文由案件生成）",
)
def create(request, payload: PublicityCreateIn):
    policy.require(request.user, "publicity.publication.create")  # before looking anything up
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=payload.case_id)
    made = actions.create(case, kind=payload.kind, acting_user=request.user)
    return Status(201, _out(request, made))


@router.get("/publications/{publication_id}", response=PublicationOut, summary="宣传稿件详情")
def get_publication(request, publication_id: int):
    return _out(request, _visible(request, publication_id))


class EditIn(Strict):
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=20000)
    extra_names: list[str] = Field(default_factory=list, description="正文中需脱敏的其他自然人姓名")
    version: int | None = None


@router.patch(
    "/publications/{publication_id}",
    response=PublicationOut,
    summary="修改草稿（修改后须重新脱敏才能提交）",
)
def edit(request, publication_id: int, payload: EditIn):
    made = actions.edit(
        _visible(request, publication_id),
        title=payload.title,
        body=payload.body,
        extra_names="\n".join(payload.extra_names),
        expected_version=payload.version,
        acting_user=request.user,
    )
    return _out(request, made)


class PublicityVersionIn(Strict):
    version: int | None = None


class PublicityReasonIn(Strict):
    reason: str = Field(..., max_length=500)
    version: int | None = None


def _on(request, publication_id: int, payload) -> tuple[Publication, dict]:
    data = payload.model_dump()
    data["expected_version"] = data.pop("version")
    return _visible(request, publication_id), data


@router.post(
    "/publications/{publication_id}/anonymise",
    response=PublicationOut,
    summary="脱敏：对标题和正文执行脱敏，返回脱敏结果",
)
def anonymise(request, publication_id: int, payload: PublicityVersionIn):
    publication, data = _on(request, publication_id, payload)
    return _out(request, actions.anonymise(publication, acting_user=request.user, **data))


@router.post(
    "/publications/{publication_id}/submit",
    response=PublicationOut,
    summary="提交牵头单位负责人审批（须已脱敏）",
)
def submit(request, publication_id: int, payload: PublicityVersionIn):
    publication, data = _on(request, publication_id, payload)
    return _out(request, actions.submit(publication, acting_user=request.user, **data))


@router.post(
    "/publications/{publication_id}/approve",
    response=PublicationOut,
    summary="批准发布（牵头单位负责人）：固定发布文本并在公开网站发布",
)
def approve(request, publication_id: int, payload: PublicityVersionIn):
    publication, data = _on(request, publication_id, payload)
    return _out(request, actions.approve(publication, acting_user=request.user, **data))


@router.post(
    "/publications/{publication_id}/return",
    response=PublicationOut,
    summary="退回修改（牵头单位负责人），须说明理由",
)
def return_draft(request, publication_id: int, payload: PublicityReasonIn):
    publication, data = _on(request, publication_id, payload)
    return _out(request, actions.return_draft(publication, acting_user=request.user, **data))


@router.post(
    "/publications/{publication_id}/withdraw",
    response=PublicationOut,
    summary="撤回已发布的稿件，须说明理由：公开网站和订阅源随即不再显示",
)
def withdraw(request, publication_id: int, payload: PublicityReasonIn):
    publication, data = _on(request, publication_id, payload)
    return _out(request, actions.withdraw(publication, acting_user=request.user, **data))
