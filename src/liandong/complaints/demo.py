"""Demo complaints of 鲤城区财政局, made through the actions: one accepted, its copies sent and
the respondent's answer awaited, with procurement suspended; one dismissed with its
投诉处理决定书. Running the demo again changes nothing."""

import datetime as dt

from django.utils import timezone

from liandong.complaints import actions
from liandong.complaints.models import Complaint
from liandong.organizations.models import Department, User


def load(say) -> None:
    fin = Department.objects.filter(jurisdiction__code="350502", kind="FIN", is_member=True).first()
    officer = User.objects.filter(username="fin_officer1").first()
    head = User.objects.filter(username="fin_head").first()
    if fin is None or officer is None or head is None:
        return
    mine = Complaint.objects.filter(department=fin)
    if not mine.exists():
        _make(fin, officer, head)
    say(f"演示投诉：{mine.count()} 件（已受理待被投诉人说明并暂停采购活动、已驳回各有示例）。")


def _make(fin, officer, head) -> None:
    today = timezone.localdate()
    pending = actions.receive(
        fin,
        acting_user=officer,
        complainant="泉州某某信息技术有限公司",
        complainant_contact="林某某 13805951234",
        respondent="泉州市鲤城区某某中学；福建某某招标代理有限公司",
        project="某中学智慧教室建设项目（LCCG-2026-118）",
        matters="采购文件设置“须具有本市同类项目业绩”的评审因素，以特定地区业绩作为加分条件，"
        "对供应商实行差别待遇。请求责令修改采购文件后重新开展采购活动。",
        grounds="《中华人民共和国政府采购法实施条例》第二十条第（四）项；质疑答复未予采纳。",
        answer_due_on=today - dt.timedelta(days=5),
        received_at=timezone.now() - dt.timedelta(days=2),
    )
    actions.accept(pending, acting_user=officer)
    actions.send_copies(
        pending, to="泉州市鲤城区某某中学\n福建某某招标代理有限公司", acting_user=officer
    )
    actions.suspend(pending, acting_user=officer)

    dismissed = actions.receive(
        fin,
        acting_user=officer,
        complainant="厦门某某医疗器械有限公司",
        complainant_contact="黄某某 13906001234",
        respondent="泉州市鲤城区某某卫生院",
        project="某卫生院彩色多普勒超声诊断仪采购项目（LCCG-2026-097）",
        matters="中标供应商的投标产品不满足采购文件规定的探头数量要求，请求认定中标无效。",
        grounds="投标文件技术参数响应表；《政府采购货物和服务招标投标管理办法》第六十三条。",
        answer_due_on=today - dt.timedelta(days=10),
        received_at=timezone.now() - dt.timedelta(days=6),
    )
    actions.accept(dismissed, acting_user=officer)
    actions.send_copies(dismissed, to="泉州市鲤城区某某卫生院", acting_user=officer)
    actions.record_reply(
        dismissed,
        reply="中标产品标配探头3把，另以选配方式提供1把，满足采购文件“不少于4把”的要求，附产品彩页。",
        acting_user=officer,
    )
    actions.decide(
        dismissed,
        outcome="dismissed",
        decision="经审查，中标产品探头配置（标配3把、选配1把）满足采购文件“不少于4把”的要求，"
        "投诉事项缺乏事实依据。",
        acting_user=head,
    )
