"""Demo consultations of 鲤城区, made through the actions: one answered (waiting for the asker to
close it), one waiting for SAMR's liaison to assign it, one with FIN waiting for an answer. Each
question is sent with its 咨询函 and the answer with its 复函, rendered by LibreOffice."""

from liandong.cases.models import Case
from liandong.consultations import actions
from liandong.consultations.models import Consultation
from liandong.organizations.models import Department, User


def _user(name):
    return User.objects.get(username=name)


def load(say) -> None:
    departments = {
        d.kind: d for d in Department.objects.filter(jurisdiction__code="350502", is_member=True)
    }
    if len(departments) < 5:
        return
    if not Consultation.objects.filter(department__in=departments.values()).exists():
        _make(departments)
    count = Consultation.objects.filter(department__in=departments.values()).count()
    say(f"演示咨询：{count} 件（已答复待办结、待分派、待答复各有示例）。")


def _make(d) -> None:
    collusion = Case.objects.filter(
        department=d["FIN"], title="某中学实验室设备采购项目涉嫌串通投标"
    ).first()
    asked = actions.ask(
        department=d["PSB"],
        topic="criminal_standard",
        subject="串通投标罪的立案追诉标准如何适用",
        question=(
            "本案中标金额240万元，三家投标人的投标文件由同一台计算机编制。"
            "请问是否达到串通投标罪的立案追诉标准？还需要固定哪些证据？"
        ),
        case=collusion,
        shared_part="summary" if collusion else "",
        acting_user=_user("fin_officer1"),
    )
    actions.assign(asked, assignee=_user("psb_officer1"), acting_user=_user("psb_liaison"))
    actions.answer(
        asked,
        text=(
            "依据最高检、公安部《立案追诉标准（二）》（公通字〔2022〕12号，2022年5月15日起施行）"
            "第六十八条，串通投标造成直接经济损失50万元以上、违法所得20万元以上、中标项目金额400万元"
            "以上，或者采取威胁、欺骗、贿赂等非法手段的，应予立案追诉（网上仍流传的200万元是2010年"
            "标准）。本案中标金额240万元、违法所得18万元，尚未达到数额标准；请查明有无向评标专家或者"
            "采购人行贿、二年内是否因串通投标受过二次以上行政处罚，并固定投标文件的制作机器码、"
            "上传IP和各投标人的报价规律。达到标准的，再依法移送。"
        ),
        acting_user=_user("psb_officer1"),
    )
    actions.ask(
        department=d["SAMR"],
        topic="testing",
        subject="办公家具质量检测机构和标准",
        question="中标供应商交付的办公家具疑似不符合国家标准，请问应委托哪类检测机构、依据哪些标准检测？",
        acting_user=_user("fin_officer2"),
    )
    audit_question = actions.ask(
        department=d["FIN"],
        topic="procurement",
        subject="单一来源采购的适用条件",
        question="审计发现某单位以“只能从唯一供应商处采购”为由采用单一来源方式，请问财政部门如何认定？",
        urgent=True,
        acting_user=_user("aud_officer1"),
    )
    actions.assign(audit_question, assignee=_user("fin_officer2"), acting_user=_user("fin_liaison"))
