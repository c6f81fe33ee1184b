"""Screening data sets, their runs and flags."""

import datetime as dt
import uuid

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.screening import actions
from liandong.screening.models import DataSet, ScreeningFlag

router = Router(tags=["线索筛查"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class DataSetOut(Schema):
    id: int
    title: str
    filename: str
    sm3: str
    state: str
    progress: int
    step: str
    rows: int
    lots: int
    flag_count: int
    summary: str
    problems: list[str]
    skipped: dict
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _dataset_out(d: DataSet) -> dict:
    return {
        **{f: getattr(d, f) for f in DataSetOut.model_fields if f != "sm3"},
        "sm3": d.blob.sm3,
    }


class FlagOut(Schema):
    id: int
    rule: str
    severity: str
    title: str
    basis: str
    project_id: str
    lot_id: str
    bidders: list[str]
    rows: list[int]
    fields: list[str]
    matched: str
    value: float | None
    threshold: float | None
    explanation: str
    innocent: list[str]
    group: str
    identifier: str
    state: str
    reason: str
    case_id: int | None
    version: int


def _flag_out(f: ScreeningFlag) -> dict:
    return {name: getattr(f, name) for name in FlagOut.model_fields}


@router.get("/screening/datasets", response=list[DataSetOut], summary="本单位的筛查数据集")
def list_datasets(request):
    policy.require(request.user, "screening.view")
    return [
        _dataset_out(d) for d in DataSet.objects.visible_to(request.user).select_related("blob")
    ]


class ScreeningUploadIn(Strict):
    title: str = Field(..., max_length=200)
    upload_id: uuid.UUID = Field(..., description="已完成（seal）的上传，经 /evidence/uploads 上传")
    rules: list[str] = Field(default_factory=list, description="不填则运行全部规则")


@router.post("/screening/datasets", response={201: DataSetOut}, summary="上传数据集并排队筛查")
def upload(request, payload: ScreeningUploadIn):
    policy.require(request.user, "screening.run")
    dataset = actions.upload_dataset(
        title=payload.title,
        upload_id=payload.upload_id,
        rules=payload.rules,
        acting_user=request.user,
    )
    return Status(201, _dataset_out(dataset))


def _dataset(request, dataset_id: int) -> DataSet:
    return get_object_or_404(
        DataSet.objects.visible_to(request.user).select_related("blob"), pk=dataset_id
    )


@router.get("/screening/datasets/{dataset_id}", response=DataSetOut, summary="数据集与筛查进度")
def get_dataset(request, dataset_id: int):
    return _dataset_out(_dataset(request, dataset_id))


@router.get(
    "/screening/datasets/{dataset_id}/flags", response=list[FlagOut], summary="数据集的线索"
)
@paginate(LimitOffsetPagination)
def list_flags(request, dataset_id: int, rule: str = "", severity: str = "", state: str = ""):
    flags = _dataset(request, dataset_id).flags.all()
    if rule:
        flags = flags.filter(rule=rule)
    if severity:
        flags = flags.filter(severity=severity)
    if state:
        flags = flags.filter(state=state)
    return [_flag_out(f) for f in flags]


def _flag(request, flag_id: int) -> ScreeningFlag:
    return get_object_or_404(
        ScreeningFlag.objects.visible_to(request.user).select_related("dataset__blob"), pk=flag_id
    )


class ScreeningStepIn(Strict):
    version: int | None = None


@router.post("/screening/flags/{flag_id}/clue", response=FlagOut, summary="转为线索（登记案件）")
def to_clue(request, flag_id: int, payload: ScreeningStepIn):
    flag = actions.flag_to_clue(
        _flag(request, flag_id), acting_user=request.user, expected_version=payload.version
    )
    return _flag_out(flag)


class DismissIn(Strict):
    reason: str = Field(..., max_length=1000)
    version: int | None = None


@router.post("/screening/flags/{flag_id}/dismiss", response=FlagOut, summary="排除（须说明理由）")
def dismiss(request, flag_id: int, payload: DismissIn):
    flag = actions.dismiss_flag(
        _flag(request, flag_id),
        reason=payload.reason,
        acting_user=request.user,
        expected_version=payload.version,
    )
    return _flag_out(flag)
