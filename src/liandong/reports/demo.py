"""Demo operation reports of 鲤城区's finance bureau, made through the actions: the half-year's
report issued (with its .docx, .pdf and .xlsx; the demo's cases are all of this half-year),
this quarter's in draft with some prose.
Made only when missing, so running the demo again prints the same line."""

from django.utils import timezone

from liandong.organizations.models import User
from liandong.reports import actions, periods
from liandong.reports.models import OperationReport

PROSE = {
    "overview": "本季度，各成员单位按照《鲤城区政府采购领域联动执法协作机制》的分工，围绕串通投标、"
    "提供虚假材料等突出问题开展联合执法，案件移送、咨询协查和信用信息推送总体顺畅。",
    "problems": "一是个别行政处罚信用信息未在7个工作日内报送；二是协查请求的办理时限有待压缩。",
    "next_steps": "一是完善线索移交机制；二是督促各成员单位按时落实联席会议议定事项；"
    "三是加强典型案例宣传。",
}


def load(say) -> None:
    liaison = User.objects.filter(username="fin_liaison").first()
    head = User.objects.filter(username="fin_head").first()
    if liaison is None or head is None:
        return
    today = timezone.localdate()
    current = periods.current_quarter(today)
    half_year = periods.half(today.year, 1 if today.month <= 6 else 2, today)
    reports = OperationReport.objects.filter(department=liaison.department)
    if not reports.filter(period_key=half_year.key).exists():
        report = actions.draft_report(half_year, acting_user=liaison)
        report = actions.update_report(report, prose=PROSE, acting_user=liaison)
        actions.issue_report(report, acting_user=head)
    if not reports.filter(period_key=current.key).exists():
        report = actions.draft_report(current, acting_user=liaison)
        actions.update_report(report, prose={"overview": PROSE["overview"]}, acting_user=liaison)
    say(
        f"演示运行情况报告：{reports.count()} 份（{half_year.label}已印发，{current.label}草稿）；"
        "运行情况统计见“运行情况”。"
    )
