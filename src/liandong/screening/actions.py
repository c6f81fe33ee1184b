"""State changes of screening in the platform: who may screen (administrators), uploading a
data set (its run queued as a background task), the run itself (a system step of the worker),
and what people decide about a flag: a clue (a case in 线索登记 with the flag's report as
evidence, naming the input file's SM3) or dismissed with a reason."""

import datetime as dt
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases import actions as cases
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import check_version, refuse, save_changes
from liandong.evidence import actions as evidence
from liandong.evidence import storage
from liandong.screening.model import Severity
from liandong.screening.models import (
    TRANSITIONS,
    DataSet,
    RunState,
    ScreeningAccess,
    ScreeningFlag,
)

logger = logging.getLogger("liandong.screening")
REASON_MAX = 1000


def bids_path(dataset: DataSet) -> Path:
    """Where a run keeps the data set's bids (Parquet) for the lot pages."""
    folder = Path(settings.VAR_DIR) / "screening"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{dataset.pk}.parquet"


# ---------------------------------------------------------------- access


@action("screening.access.grant")
def grant_access(department, *, acting_user) -> ScreeningAccess:
    policy.require_of(acting_user, "screening.access.manage", department)
    if not department.is_member:
        raise refuse("department", _("只能授权联动执法协作机制的成员单位开展筛查。"), "external")
    if ScreeningAccess.objects.filter(department=department).exists():
        raise refuse("department", _("该单位已有筛查权限。"), "duplicate")
    access = ScreeningAccess.objects.create(department=department, granted_by=acting_user)
    audit.record(
        "screening.access.grant", actor=acting_user, obj=access, after={"department": department.pk}
    )
    return access


@action("screening.access.revoke")
def revoke_access(access: ScreeningAccess, *, acting_user) -> None:
    policy.require_of(acting_user, "screening.access.manage", access.department)
    audit.record(
        "screening.access.revoke",
        actor=acting_user,
        obj=access,
        before={"department": access.department_id},
    )
    access.delete()


# ---------------------------------------------------------------- data sets and runs


@action("screening.dataset.upload")
def upload_dataset(*, title: str, upload_id, rules=(), acting_user) -> DataSet:
    """Keep the uploaded file (sealed through the evidence store, so its SM3 is known) and queue
    its run."""
    policy.require_of(acting_user, "screening.run")
    title = (title or "").strip()
    if not title:
        raise refuse(
            "title", _("请填写数据集名称，如“2026年第三季度区级项目开标数据”。"), "required"
        )
    if len(title) > 200:
        raise refuse("title", _("名称不超过200个字。"), "too_long")
    rules = list(rules or ())
    if rules:
        from liandong.screening import engine

        known = {rule.id for rule in engine.RULES}
        unknown = [r for r in rules if r not in known]
        if unknown:
            raise refuse("rules", _("未知的规则：%(r)s。") % {"r": "、".join(unknown)}, "unknown")
    upload, blob = evidence.take_upload(upload_id, acting_user=acting_user)
    dataset = DataSet.objects.create(
        department=acting_user.department,
        uploaded_by=acting_user,
        title=title,
        filename=upload.filename,
        blob=blob,
        rules=rules,
    )
    audit.record(
        "screening.dataset.upload",
        actor=acting_user,
        obj=dataset,
        after={"file": upload.filename, "sm3": blob.sm3, "size": blob.size, "rules": rules},
    )
    transaction.on_commit(lambda: _enqueue(dataset.pk))
    return dataset


def _enqueue(pk: int) -> None:
    from liandong.screening.tasks import run_dataset

    try:
        run_dataset.enqueue(pk)
    except Exception:  # the periodic job picks queued runs up
        logger.exception("could not queue screening run %s", pk)


def _set(pk: int, **values) -> None:
    """Progress of a run, written at once (outside any transaction) for the page to show."""
    DataSet.objects.filter(pk=pk).update(**values)


def _flag_row(dataset: DataSet, flag) -> ScreeningFlag:
    return ScreeningFlag(
        dataset=dataset,
        rule=flag.rule,
        severity=flag.severity,
        title=flag.title[:200],
        basis=flag.basis,
        project_id=str(flag.project_id or "")[:200],
        lot_id=str(flag.lot_id or "")[:200],
        bidders=list(flag.bidders),
        rows=[int(r) for r in flag.rows],
        fields=list(flag.fields),
        matched=str(flag.matched or "")[:300],
        value=flag.value,
        threshold=flag.threshold,
        explanation=flag.explanation,
        innocent=list(flag.innocent),
        group=flag.group or "",
        identifier=str(flag.identifier or "")[:200],
    )


def run(pk: int) -> str:
    """Run a queued data set (the worker's task; safe twice: only a queued run is claimed)."""
    from liandong.screening import engine
    from liandong.screening.model import ImportRefused

    claimed = DataSet.objects.filter(pk=pk, state=RunState.QUEUED).update(
        state=RunState.RUNNING, started_at=timezone.now(), progress=1, step=_("正在读取数据")
    )
    if not claimed:
        return "not queued"
    dataset = DataSet.objects.select_related("blob", "department__jurisdiction").get(pk=pk)
    started = time.monotonic()
    last = [0.0]

    def phase(low: int, high: int):
        """A progress callback mapping a phase's done/total onto low–high percent."""

        def progress(done=0, total=1, label=""):
            now = time.monotonic()
            if now - last[0] < 0.5 and done < total:
                return
            last[0] = now
            share = low + int((high - low) * done / max(total, 1))
            _set(pk, progress=share, step=str(label)[:200])

        return progress

    try:
        data = engine.load([storage.blob_path(dataset.blob.sha256)], progress=phase(5, 40))
        _set(pk, progress=40, step=_("正在运行筛查规则"))
        result = engine.run(data, rules=dataset.rules or None, progress=phase(40, 95))
        data.bids.write_parquet(bids_path(dataset))
    except (ImportRefused, ValueError) as error:
        _finish_failed(dataset, str(error))
        return "refused"
    except Exception as error:
        logger.exception("screening run %s failed", pk)
        _finish_failed(dataset, _("筛查运行出错：%(e)s") % {"e": type(error).__name__})
        return "failed"
    _finish(dataset, data, result, time.monotonic() - started)
    return "done"


@transaction.atomic
def _finish(dataset: DataSet, data, result, seconds: float) -> None:
    from liandong.screening.model import LOT

    ScreeningFlag.objects.filter(dataset=dataset).delete()
    ScreeningFlag.objects.bulk_create(
        [_flag_row(dataset, f) for f in result.flags], batch_size=2000
    )
    problems = [str(p) for report in data.reports for p in report.problems][:1000]
    lots = data.bids.select(LOT).unique().height if data.bids.height else 0
    DataSet.objects.filter(pk=dataset.pk).update(
        state=RunState.DONE,
        progress=100,
        step="",
        summary="\n".join(report.summary() for report in data.reports),
        problems=problems,
        skipped=result.skipped,
        rows=data.bids.height,
        lots=lots,
        flag_count=len(result.flags),
        finished_at=timezone.now(),
    )
    audit.record(
        "screening.dataset.run",
        actor=None,
        obj=dataset,
        after={"rows": data.bids.height, "flags": len(result.flags), "seconds": round(seconds, 1)},
    )


@transaction.atomic
def _finish_failed(dataset: DataSet, message: str) -> None:
    DataSet.objects.filter(pk=dataset.pk).update(
        state=RunState.FAILED, error=message, step="", finished_at=timezone.now()
    )
    audit.record(
        "screening.dataset.run", actor=None, obj=dataset, outcome="failed", message=message
    )


def run_queued() -> int:
    """Periodic job: queue again the runs whose task was lost (waiting over a minute) and those
    whose worker died (running over two hours); a run claims itself, so a duplicate is a no-op."""
    now = timezone.now()
    DataSet.objects.filter(
        state=RunState.RUNNING, started_at__lt=now - dt.timedelta(hours=2)
    ).update(state=RunState.QUEUED, step=_("上次运行中断，重新排队"))
    from django_tasks_db.models import DBTaskResult

    from liandong.screening.tasks import run_dataset

    path = f"{run_dataset.func.__module__}.{run_dataset.func.__qualname__}"
    pending = {
        (result.args_kwargs.get("args") or [None])[0]
        for result in DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"])
    }
    waiting = DataSet.objects.filter(
        state=RunState.QUEUED, created_at__lt=now - dt.timedelta(minutes=1)
    )
    pks = [pk for pk in waiting.values_list("pk", flat=True)[:10] if pk not in pending]
    for pk in pks:
        _enqueue(pk)
    return len(pks)


# ---------------------------------------------------------------- flags


def _locked(flag: ScreeningFlag, expected_version: int | None) -> ScreeningFlag:
    flag = (
        ScreeningFlag.objects.select_for_update(of=("self",))
        .select_related("dataset__department__jurisdiction", "dataset__blob")
        .get(pk=flag.pk)
    )
    check_version(flag, expected_version)
    return flag


def _step(flag: ScreeningFlag, verb: str) -> str:
    sources, target = TRANSITIONS[verb]
    if flag.state not in sources:
        raise refuse(
            "state",
            _("该线索当前为“%(state)s”，不能执行此操作。") % {"state": flag.get_state_display()},
            "wrong_state",
        )
    return target


@action("screening.flag.dismiss")
def dismiss_flag(
    flag: ScreeningFlag, *, reason: str, acting_user, expected_version: int | None = None
) -> ScreeningFlag:
    flag = _locked(flag, expected_version)
    policy.require_of(acting_user, "screening.flag.decide", flag)
    target = _step(flag, "dismiss")
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason", _("排除须说明理由，例如已核实为同一维修点维修电脑。"), "required")
    if len(reason) > REASON_MAX:
        raise refuse("reason", _("不超过%(n)s个字。") % {"n": REASON_MAX}, "too_long")
    save_changes(
        flag, state=target, reason=reason, decided_by=acting_user, decided_at=timezone.now()
    )
    audit.record(
        "screening.flag.dismiss",
        actor=acting_user,
        obj=flag,
        after={"state": target},
        message=reason,
    )
    return flag


def report_text(flag: ScreeningFlag) -> str:
    """The flag's report as it goes into the case's evidence."""
    dataset = flag.dataset
    lines = [
        _("线索筛查报告"),
        "",
        _("规则：%(rule)s %(title)s（风险等级：%(sev)s）")
        % {
            "rule": flag.rule,
            "title": flag.title,
            "sev": Severity.LABELS.get(flag.severity, flag.severity),
        },
        _("依据：%(basis)s") % {"basis": flag.basis},
        _("项目编号：%(p)s；标段(包)：%(l)s")
        % {"p": flag.project_id or "—", "l": flag.lot_id or "—"},
        _("投标人：%(b)s") % {"b": "、".join(flag.bidders) or "—"},
        _("匹配字段：%(f)s；相同内容：%(m)s")
        % {"f": "、".join(flag.fields) or "—", "m": flag.matched or "—"},
    ]
    if flag.value is not None:
        lines.append(_("数值：%(v)s；阈值：%(t)s") % {"v": flag.value, "t": flag.threshold})
    lines += [
        _("数据行：%(r)s") % {"r": "、".join(str(r) for r in flag.rows) or "—"},
        "",
        _("说明：%(e)s") % {"e": flag.explanation},
        _("需排除的正常情形：%(i)s") % {"i": "；".join(flag.innocent) or "—"},
        "",
        _("数据来源：%(t)s（文件 %(f)s，SM3 %(sm3)s，SHA-256 %(sha)s）")
        % {
            "t": dataset.title,
            "f": dataset.filename,
            "sm3": dataset.blob.sm3,
            "sha": dataset.blob.sha256,
        },
        _("本报告为筛查提示的线索，不是认定结论，须经调查核实。"),
    ]
    return "\n".join(lines) + "\n"


@action("screening.flag.to_clue")
def flag_to_clue(
    flag: ScreeningFlag, *, acting_user, expected_version: int | None = None
) -> ScreeningFlag:
    """Register a clue (a case in 线索登记) with the flag's report as evidence."""
    flag = _locked(flag, expected_version)
    policy.require_of(acting_user, "screening.flag.decide", flag)
    target = _step(flag, "to_clue")
    department = flag.dataset.department
    where = f"{flag.project_id}" + (
        f"/{flag.lot_id}" if flag.lot_id and flag.lot_id != flag.project_id else ""
    )
    case = cases.register_case(
        department,
        title=_("线索筛查：%(title)s（%(where)s）")
        % {"title": flag.title, "where": where or flag.identifier},
        source="screening",
        summary=flag.explanation,
        acting_user=acting_user,
        project_number=str(flag.project_id or "")[:60],
    )
    upload = evidence.upload_file(
        ContentFile(report_text(flag).encode(), name=f"线索筛查报告_{flag.rule}_{flag.pk}.txt"),
        acting_user=acting_user,
    )
    evidence.add_item(
        case,
        upload_id=upload.pk,
        acting_user=None,
        registered_by=acting_user,
        title=_("线索筛查报告（%(rule)s %(title)s）") % {"rule": flag.rule, "title": flag.title},
        kind="electronic",
        collectors=acting_user.full_name,
        collected_at=timezone.now(),
        place=department.name,
        method="electronic",
        source=_("联动执法协作平台线索筛查（数据集“%(t)s”，SM3 %(sm3)s）")
        % {"t": flag.dataset.title, "sm3": flag.dataset.blob.sm3},
        description=flag.explanation,
    )
    save_changes(flag, state=target, case=case, decided_by=acting_user, decided_at=timezone.now())
    audit.record(
        "screening.flag.to_clue",
        actor=acting_user,
        obj=flag,
        after={"state": target, "case": case.pk, "number": case.number},
    )
    return flag
