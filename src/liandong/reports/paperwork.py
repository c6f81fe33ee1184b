"""The operation report as an official document (GB/T 9704 layout, through ``documents``):
the sections of the issue, each opened by the figures in a sentence, then the tables and charts,
then the prose the lead unit wrote."""

import dataclasses

from django.utils.translation import gettext as _

from liandong.documents import render
from liandong.reports import chart_png
from liandong.reports.figures import Dashboard, Table
from liandong.reports.models import SECTIONS, OperationReport

# Which tables and charts go under which section.
LAYOUT = {
    "overview": (("cases_by_month", True), ("cases_by_source", True), ("cases_by_type", False)),
    "duties": (("cases_by_department", True), ("deadlines_on_time", True)),
    "transfers": (("transfers_by_kind", False), ("transfer_steps", False)),
    "collaboration": (("collaboration", False),),
    "meetings": (("resolutions_by_owner", False),),
    "credit": (("credit_records", False),),
    "problems": (("problems", False),),
    "next_steps": (),
}


def _total(table: Table, column: int = 0) -> int:
    return sum(int(r.values[column] or 0) for r in table.rows if isinstance(r.values[column], int))


def summary(dashboard: Dashboard) -> dict[str, str]:
    """One sentence of figures per section."""
    t = dashboard.table
    months = t("cases_by_month")
    transfers = t("transfers_by_kind")
    collaboration = t("collaboration")
    deadlines = t("deadlines_on_time")
    resolutions = t("resolutions_by_owner")
    credit = t("credit_records")
    consulted = sum(r.values[0] for r in collaboration.rows if r.key.startswith("consultation"))
    assisted = sum(r.values[0] for r in collaboration.rows if r.key.startswith("assistance"))
    due = sum(r.values[1] + r.values[2] + r.values[3] for r in deadlines.rows)
    in_time = sum(r.values[1] for r in deadlines.rows)
    return {
        "overview": _(
            "本期%(scope)s共登记案件%(registered)s件，立案%(filed)s件，结案%(closed)s件。"
        )
        % {
            "scope": dashboard.scope.label,
            "registered": _total(months, 0),
            "filed": _total(months, 1),
            "closed": _total(months, 2),
        },
        "duties": _("各类期限到期%(due)s项，按时完成%(in_time)s项，按时率%(rate)s。")
        % {
            "due": due,
            "in_time": in_time,
            "rate": f"{100 * in_time / due:.0f}%" if due else "—",
        },
        "transfers": _("本期移送案件%(n)s件。") % {"n": _total(transfers, 0)},
        "collaboration": _("提出案件咨询%(c)s件、协查请求%(a)s件。")
        % {"c": consulted, "a": assisted},
        "meetings": _(
            "联席会议议定事项%(n)s项（按责任单位计），已办结%(done)s项，逾期未办结%(late)s项。"
        )
        % {
            "n": _total(resolutions, 0),
            "done": _total(resolutions, 2),
            "late": _total(resolutions, 3),
        },
        "credit": _("录入信用记录%(n)s条，审核通过%(r)s条，推送成功%(p)s条。")
        % {"n": _total(credit, 0), "r": _total(credit, 2), "p": _total(credit, 4)},
        "problems": _("成员单位通过信息通报反映问题%(n)s件。") % {"n": _total(t("problems"), 0)},
        "next_steps": "",
    }


def _table(table: Table) -> render.Table:
    return render.Table(
        caption=table.title,
        header=tuple(table.columns),
        rows=tuple((r.label, *(str(v) for v in r.values)) for r in table.rows),
        note=table.note,
    )


def content(report: OperationReport, dashboard: Dashboard) -> render.OfficialDocument:
    sentences = summary(dashboard)
    body: list[render.Block] = []
    figure = 0
    for key, heading in SECTIONS:
        body.append(render.Heading(str(heading)))
        if sentences.get(key):
            body.append(sentences[key])
        for paragraph in (report.prose.get(key) or "").splitlines():
            if paragraph.strip():
                body.append(paragraph.strip())
        for table_key, drawn in LAYOUT[key]:
            table = dashboard.table(table_key)
            if not table.rows:
                body.append(_("%(title)s：本期无。") % {"title": table.title})
                continue
            if drawn and table.chart is not None and not table.chart.empty:
                figure += 1
                untitled = dataclasses.replace(table.chart, title="")  # the caption names it
                caption = f"图{figure} {table.chart.title}"
                body.append(render.Figure(caption=caption, png=chart_png.png(untitled)))
            body.append(_table(table))
    return render.OfficialDocument(
        title=report.title,
        body=tuple(body),
        recipients=_("联席会议各成员单位"),
        kind=_("运行情况报告"),
    )
