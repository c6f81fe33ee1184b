import math

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.evidence.forms import FileFields
from liandong.organizations.models import Department
from liandong.screening import actions
from liandong.screening.models import (
    DataSet,
    FlagState,
    RunState,
    ScreeningAccess,
    ScreeningFlag,
)

SEVERITIES = [
    ("high", gettext_lazy("高")),
    ("medium", gettext_lazy("中")),
    ("low", gettext_lazy("低")),
]
PAGE = 50


def _rule_choices():
    from liandong.screening import engine

    return [(r.id, f"{r.id} {r.title}") for r in engine.RULES]


class UploadForm(FileFields):
    title = forms.CharField(label=gettext_lazy("数据集名称"), max_length=200)
    rules = forms.MultipleChoiceField(
        label=gettext_lazy("筛查规则"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不选则运行全部规则；缺少所需列的规则会自动跳过并说明。"),
    )
    field_order = ["title", "file", "upload", "rules"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = _rule_choices()
        self.fields["file"].label = _("数据文件")
        self.fields["file"].help_text = _(
            "中文模板（CSV或XLSX，表头见模板说明）或OCDS（发布包、记录包或JSON Lines）。"
        )


@login_required
def dataset_list(request):
    policy.require(request.user, "screening.view")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        policy.require(request.user, "screening.run")
        if form.is_valid():
            try:
                upload_id = form.sealed_upload(request.user)
                if upload_id is None:
                    raise ValidationError({"file": _("请选择数据文件。")})
                dataset = actions.upload_dataset(
                    title=form.cleaned_data["title"],
                    upload_id=upload_id,
                    rules=form.cleaned_data["rules"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("数据集已上传，正在后台筛查，本页会自动刷新进度。"))
                return redirect("screening:dataset", pk=dataset.pk)
    datasets = DataSet.objects.visible_to(request.user).select_related("uploaded_by", "blob")
    return render(
        request,
        "screening/list.html",
        {
            "title": _("线索筛查"),
            "form": form,
            "datasets": datasets[:100],
            "can_run": policy.can(request.user, "screening.run"),
            "max_bytes": settings.EVIDENCE_MAX_BYTES,
            "chunk_bytes": settings.EVIDENCE_CHUNK_BYTES,
            "can_upload": policy.can(request.user, "evidence.upload.start"),
        },
    )


def _dataset(request, pk: int) -> DataSet:
    return get_object_or_404(
        DataSet.objects.visible_to(request.user).select_related("blob", "uploaded_by"), pk=pk
    )


@login_required
def dataset_detail(request, pk: int):
    dataset = _dataset(request, pk)
    flags = dataset.flags.all()
    rule = request.GET.get("rule", "")
    severity = request.GET.get("severity", "")
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()
    if rule:
        flags = flags.filter(rule=rule)
    if severity:
        flags = flags.filter(severity=severity)
    if state:
        flags = flags.filter(state=state)
    if q:
        flags = flags.filter(project_id__icontains=q) | flags.filter(bidders__icontains=q)
    page = Paginator(flags.order_by("project_id", "lot_id", "rule", "pk"), PAGE).get_page(
        request.GET.get("page")
    )
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    by_rule = {}
    for r, sev in dataset.flags.values_list("rule", "severity"):
        by_rule.setdefault(r, {"high": 0, "medium": 0, "low": 0})[sev] = (
            by_rule.get(r, {}).get(sev, 0) + 1
        )
    return render(
        request,
        "screening/dataset.html",
        {
            "title": dataset.title,
            "d": dataset,
            "page": page,
            "query": urlencode(kept),
            "filters": {"rule": rule, "severity": severity, "state": state, "q": q},
            "rules": sorted(by_rule.items()),
            "severities": SEVERITIES,
            "states": FlagState.choices,
            "running": dataset.state in (RunState.QUEUED, RunState.RUNNING),
        },
    )


def _bids(dataset: DataSet, project_id: str, lot_id: str):
    import polars as pl

    path = actions.bids_path(dataset)
    if not path.exists():
        return None
    frame = pl.scan_parquet(path).filter(pl.col("project_id") == project_id)
    if lot_id:
        frame = frame.filter(pl.col("lot_id") == lot_id)
    return frame.collect()


SHOWN = (
    ("row", gettext_lazy("行")),
    ("bidder_name", gettext_lazy("投标人")),
    ("bidder_id", gettext_lazy("统一社会信用代码")),
    ("price", gettext_lazy("报价（元）")),
    ("valid", gettext_lazy("有效")),
    ("awarded", gettext_lazy("中标")),
    ("machine_code", gettext_lazy("机器码")),
    ("mac", "MAC"),
    ("cpu", "CPU"),
    ("pricing_lock", gettext_lazy("加密锁")),
    ("file_id_code", gettext_lazy("文件识别码")),
    ("upload_ip", gettext_lazy("上传IP")),
    ("deposit_account_hash", gettext_lazy("保证金账号")),
    ("contact", gettext_lazy("联系人")),
    ("phone", gettext_lazy("电话")),
    ("manager", gettext_lazy("项目负责人")),
    ("author", gettext_lazy("文档作者")),
)


LEAD = ("row", "bidder_name", "bidder_id", "price", "valid", "awarded")


def _columns(present: list[str], hit: set[str]) -> list[tuple[str, str]]:
    """The bidder and price first, then every matched field (also one the usual columns leave
    out: 硬盘序列号, 法定代表人 …), so that the marked cells are in view; then the rest."""
    from liandong.screening.engine import LABELS

    labels = dict(SHOWN)
    usual = [key for key, _label in SHOWN if key not in LEAD]
    order = [*LEAD, *(k for k in usual if k in hit), *sorted(hit - set(labels))]
    order += [k for k in usual if k not in hit]
    return [(k, labels.get(k) or LABELS.get(k, k)) for k in order if k in present]


def _cell(key: str, value):
    if key == "price" and isinstance(value, float):
        return f"{value:,.2f}"
    return value


def price_svg(rows: list[dict]) -> str:
    from liandong.reports import charts

    priced = [r for r in rows if r.get("price") is not None]
    if not priced:
        return ""
    chart = charts.Chart(
        title=_("各投标人报价"),
        categories=tuple(str(r.get("bidder_name") or "") for r in priced),
        series=(charts.Series(_("报价"), tuple(float(r["price"]) for r in priced)),),
        kind="hbar",
        unit=_("元"),
    )
    return charts.svg(chart)


@login_required
def lot_detail(request, pk: int):
    dataset = _dataset(request, pk)
    project_id, lot_id = request.GET.get("project", ""), request.GET.get("lot", "")
    flags = list(dataset.flags.filter(project_id=project_id, lot_id=lot_id))
    frame = _bids(dataset, project_id, lot_id)
    if frame is None or (frame.height == 0 and not flags):
        raise Http404
    matched = {}
    for flag in flags:
        for row in flag.rows:
            matched.setdefault(row, set()).update(flag.fields)
    columns = _columns(frame.columns, {f for fields in matched.values() for f in fields})
    rows = frame.sort("price", nulls_last=True).to_dicts() if frame.height else []
    table = [
        [
            (_cell(key, row.get(key)), key in matched.get(row.get("row"), set()))
            for key, _label in columns
        ]
        for row in rows
    ]
    return render(
        request,
        "screening/lot.html",
        {
            "title": _("标段 %(p)s / %(l)s") % {"p": project_id, "l": lot_id},
            "d": dataset,
            "project_id": project_id,
            "lot_id": lot_id,
            "flags": flags,
            "columns": columns,
            "table": table,
            "chart": mark_safe(price_svg(rows)),  # noqa: S308  (charts.svg escapes)
            "name": rows[0].get("project_name") if rows else "",
        },
    )


def _flag(request, pk: int) -> ScreeningFlag:
    return get_object_or_404(
        ScreeningFlag.objects.visible_to(request.user).select_related("dataset__blob", "case"),
        pk=pk,
    )


@login_required
def flag_detail(request, pk: int):
    flag = _flag(request, pk)
    return render(
        request,
        "screening/flag.html",
        {
            "title": f"{flag.rule} {flag.title}",
            "f": flag,
            "can_decide": flag.state == FlagState.OPEN
            and policy.can(request.user, "screening.flag.decide", flag),
        },
    )


@login_required
@require_POST
def flag_step(request, pk: int, step: str):
    flag = _flag(request, pk)
    version = request.POST.get("version", "")
    expected = int(version) if version.isdigit() else None
    try:
        if step == "clue":
            flag = actions.flag_to_clue(flag, acting_user=request.user, expected_version=expected)
            messages.success(
                request,
                _("已转为线索：案件%(number)s（线索登记），筛查报告已作为证据附上。")
                % {"number": flag.case.number},
            )
        elif step == "dismiss":
            actions.dismiss_flag(
                flag,
                reason=request.POST.get("reason", ""),
                acting_user=request.user,
                expected_version=expected,
            )
            messages.success(request, _("已排除该线索，理由已记录。"))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("screening:flag", pk=pk)


def network_svg(nodes: list[str], edges: dict[tuple[str, str], set[str]]) -> str:
    """Bidders on a circle, a line for each pair linked by flags, the rules on its tooltip."""
    if not nodes:
        return ""
    size, radius = 640, 240
    centre = size / 2
    place = {}
    for i, name in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        place[name] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    parts = [
        f'<svg viewBox="0 0 {size} {size}" width="100%" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(_('投标人关联图'))}</title>",
    ]
    for (a, b), rules in sorted(edges.items()):
        (x1, y1), (x2, y2) = place[a], place[b]
        width = 1 + min(len(rules), 5)
        strong = any(r in ("S1", "S2", "S5", "S6") for r in rules)
        colour = "#a61c1c" if strong else "#1f3a5f"
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width}" stroke-opacity="0.7"><title>{escape(a)} — {escape(b)}：'
            f"{escape('、'.join(sorted(rules)))}</title></line>"
        )
    for name, (x, y) in place.items():
        anchor = "start" if x >= centre else "end"
        dx = 9 if x >= centre else -9
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#1f3a5f">'
            f"<title>{escape(name)}</title></circle>"
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="{anchor}" '
            f'fill="#222">{escape(name[:14] + ("…" if len(name) > 14 else ""))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def groups_of(nodes: list[str], edges) -> list[list[str]]:
    """Connected groups of bidders (two or more), largest first."""
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[find(a)] = find(b)
    groups = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


@login_required
def network(request, pk: int):
    dataset = _dataset(request, pk)
    edges: dict[tuple[str, str], set[str]] = {}
    for rule, bidders in dataset.flags.exclude(state=FlagState.DISMISSED).values_list(
        "rule", "bidders"
    ):
        names = sorted(set(bidders))
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                edges.setdefault((a, b), set()).add(rule)
    nodes = sorted({n for pair in edges for n in pair})
    shown = nodes[:80]
    shown_edges = {k: v for k, v in edges.items() if k[0] in shown and k[1] in shown}
    return render(
        request,
        "screening/network.html",
        {
            "title": _("投标人关联"),
            "d": dataset,
            "svg": mark_safe(network_svg(shown, shown_edges)),  # noqa: S308  (escaped above)
            "groups": groups_of(nodes, edges),
            "pairs": sorted(
                ((a, b, sorted(r)) for (a, b), r in edges.items()), key=lambda p: (-len(p[2]), p)
            )[:200],
            "more": len(nodes) - len(shown),
        },
    )


@login_required
def access(request):
    policy.require(request.user, "screening.access.manage")
    members = Department.objects.filter(
        jurisdiction_id=request.user.department.jurisdiction_id, is_member=True
    ).order_by("pk")
    if request.method == "POST":
        department = get_object_or_404(members, pk=request.POST.get("department"))
        try:
            granted = ScreeningAccess.objects.filter(department=department).first()
            if granted:
                actions.revoke_access(granted, acting_user=request.user)
                messages.success(request, _("已收回%(d)s的筛查权限。") % {"d": department.name})
            else:
                actions.grant_access(department, acting_user=request.user)
                messages.success(request, _("已授权%(d)s开展线索筛查。") % {"d": department.name})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("screening:access")
    allowed = set(ScreeningAccess.objects.values_list("department_id", flat=True))
    return render(
        request,
        "screening/access.html",
        {"title": _("筛查权限"), "rows": [(d, d.pk in allowed) for d in members]},
    )
