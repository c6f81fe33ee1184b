"""Demo assistance requests of 鲤城区, made through the actions: FIN asks AUD for its audit
records on the false-material case (accepted, one result attached as evidence), and asks SAMR
to test the delivered equipment of the collusion case (waiting to be accepted). Each request
is sent with its 协查函, rendered by LibreOffice.

The result goes on the false-material case: the evidence demo reports the collusion case's
items, and the report must read the same when the demo runs again."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from liandong.assistance import actions
from liandong.assistance.models import AssistanceRequest
from liandong.cases.models import Case
from liandong.evidence import actions as evidence
from liandong.organizations.models import Department, User

AUDIT_RECORDS = (
    "审计底稿摘录（某街道办事处2025年度预算执行审计）\n"
    "项目：某街道办事处物业服务采购，预算50万元，中标金额48.6万元\n"
    "核对：中标供应商投标文件所附项目经理社保缴纳证明（2025年1-6月）\n"
    "结果：社保经办机构系统中该项目经理同期在另一单位参保，投标文件所附证明与系统记录不符\n"
).encode()


def _user(name):
    return User.objects.get(username=name)


def load(say) -> None:
    departments = {
        d.kind: d for d in Department.objects.filter(jurisdiction__code="350502", is_member=True)
    }
    if len(departments) < 5:
        return
    fin_cases = Case.objects.filter(department=departments["FIN"])
    false_material = fin_cases.filter(title="某街道物业服务采购项目涉嫌提供虚假材料").first()
    collusion = fin_cases.filter(title="某中学实验室设备采购项目涉嫌串通投标").first()
    if false_material is None or collusion is None:
        return
    mine = AssistanceRequest.objects.filter(requesting_department=departments["FIN"])
    if not mine.exists():
        _make(departments, false_material, collusion)
    say(f"演示协查：{mine.count()} 件（已受理并提交结果、待受理各有示例）。")


def _make(d, false_material, collusion) -> None:
    today = timezone.localdate()
    records = actions.create(
        case=false_material,
        department=d["AUD"],
        kind="records",
        subject="调取某街道物业服务采购项目的审计资料",
        details=(
            "贵局2025年度对某街道办事处预算执行审计中，核对过该物业服务采购项目中标供应商的"
            "人员社保缴纳情况。请提供相关审计底稿及核对依据。"
        ),
        due_on=today + dt.timedelta(days=14),
        shared_part="summary",
        acting_user=_user("fin_officer2"),
    )
    officer = _user("aud_officer1")
    records = actions.accept(records, assignee=officer, acting_user=_user("aud_liaison"))
    upload = evidence.upload_file(
        ContentFile(AUDIT_RECORDS, name="审计底稿摘录.txt"), acting_user=officer
    )
    actions.attach_result(
        records,
        upload_id=upload.pk,
        title="某街道办事处预算执行审计底稿摘录（中标供应商社保缴纳核对）",
        kind="documentary",
        collectors=f"{officer.full_name}、{_user('aud_officer2').full_name}",
        collected_at=timezone.now() - dt.timedelta(hours=3),
        place="泉州市鲤城区审计局档案室",
        source="泉州市鲤城区审计局2025年度审计档案",
        description="证明中标供应商投标文件所附项目经理社保缴纳证明与社保系统记录不符。",
        acting_user=officer,
    )
    actions.create(
        case=collusion,
        department=d["SAMR"],
        kind="testing",
        subject="对中标供应商交付的实验室设备进行检验检测",
        details=(
            "请协助对中标供应商交付的实验室设备抽样送检，核实其型号、产地和性能参数"
            "是否与投标文件承诺的产品一致。"
        ),
        due_on=today + dt.timedelta(days=20),
        shared_part="summary",
        acting_user=_user("fin_officer1"),
    )
