"""Demo credit records of 鲤城区, made through the actions: the expert penalised in the demo's
closed case, published (entered on the credit platform by hand and confirmed by DRC); a
supplier fined and banned for a year, reviewed and waiting for its push; SAMR's penalty waiting
for DRC's review; a FIN record DRC returned; an imported 失信被执行人 list; a purchaser
registered for the supplier check.

Each is made only when missing (found by its decision number), so running the demo again
changes nothing and prints the same line."""

import datetime as dt

from django.utils import timezone
from stdnum.cn import ric, uscc

from liandong.cases.models import Case
from liandong.credit import actions, entry, lists
from liandong.credit.models import CheckClient, CreditRecord, ListImport
from liandong.organizations.models import User

CODE = "350502"


def _company(organization_code: str, kind: str = "91") -> str:
    """A well-formed code of a company (91) or a public institution (12) of 350502
    (illustrative, not a real one's)."""
    body = kind + CODE + organization_code
    return body + uscc.calc_check_digit(body)


def _id_number(body: str) -> str:
    """A well-formed 身份证号码 from its first 17 digits (illustrative)."""
    return body + ric.calc_check_digit(body + "0")


def _user(username: str) -> User:
    return User.objects.get(username=username)


BANNED = ("泉州市鲤城区恒信建材有限公司", _company("MA2Y7K3L1"))
FURNITURE = ("泉州市鼎盛家具制造有限公司", _company("MA34QX8N5"))
ONLINE = ("泉州市鲤城区天成物业管理有限公司", _company("MA2XH6PW0"))
DEFAULTERS = [
    ("泉州市鲤城区宏达工程建设有限公司", _company("MA31TB9R2"), "2025-08-12", ""),
    ("泉州市丰华电子科技有限公司", _company("MA2YJ4D86"), "2026-03-05", ""),
    ("泉州市鲤城区旧城改造服务中心（个体）", "", "2024-11-20", "2026-05-19"),
]


def load(say) -> None:
    if not User.objects.filter(username="drc_liaison").exists():
        return
    today = timezone.localdate()
    _expert(today)
    _banned(today)
    _furniture(today)
    _returned(today)
    _list()
    _client()
    records = CreditRecord.objects.filter(department__jurisdiction__code=CODE)
    say(
        f"演示信用记录：{records.count()} 条（已公示、已审核待推送、待审核、退回修改各有示例）；"
        f"外部名单 {ListImport.objects.count()} 份；查询单位 {CheckClient.objects.count()} 家。"
    )


def _exists(number: str) -> bool:
    return CreditRecord.objects.filter(decision_number=number).exists()


def _expert(today: dt.date) -> None:
    case = Case.objects.filter(decision_number="泉鲤政财罚〔2026〕3号").first()
    if case is None or _exists(case.decision_number):
        return
    officer = _user("fin_officer1")
    values = {
        **entry.prefill(case),
        "subject_name": "林某华",
        "subject_category": "自然人",
        "subject_code": "",
        "id_number": _id_number("35050219860312403"),
        "violation_type": "评审专家未按照采购文件规定的评审程序、评审方法和评审标准进行独立评审",
        "facts": (
            "在某公园绿化养护项目评审中，评审专家林某华未按招标文件规定的评分标准评审，"
            "对同一投标人的同一评审因素给出明显偏离其他专家的评分，且无正当理由。"
        ),
        "basis": "《中华人民共和国政府采购法实施条例》第七十五条第一款",
        "penalty_category": "警告；罚款",
        "penalty_content": "给予警告，并处罚款人民币五千元",
        "fine": "5000",
        "severity": "general",
    }
    record = actions.create_record(case=case, acting_user=officer, **values)
    record = actions.submit_record(record, acting_user=officer)
    record = actions.review_record(record, acting_user=_user("drc_liaison"), note="信息完整。")
    actions.publish_record(
        record,
        acting_user=_user("drc_liaison"),
        note="推送接口尚未开通，已于信用中国（福建）人工录入。",
    )


def _banned(today: dt.date) -> None:
    number = "泉鲤政财罚〔2026〕2号"
    if _exists(number):
        return
    decided = today - dt.timedelta(days=20)
    officer = _user("fin_officer2")
    record = actions.create_record(
        acting_user=officer,
        kind="ban",
        subject_name=BANNED[0],
        subject_category="法人及非法人组织",
        subject_code=BANNED[1],
        legal_representative="陈建国",
        decision_number=number,
        decision_date=decided,
        violation_type="与其他供应商恶意串通",
        facts=(
            "在某中学实验室设备采购项目中，该公司与另两家投标人的电子投标文件由同一单位编制，"
            "投标保证金从同一账户转出，经查属于恶意串通。"
        ),
        basis="《中华人民共和国政府采购法》第七十七条第一款第（三）项",
        penalty_category="罚款；禁止参加政府采购活动",
        penalty_content="处采购金额千分之五的罚款19325元，列入不良行为记录名单，一年内禁止参加政府采购活动",
        fine="19325",
        ban_start=decided,
        ban_end=decided.replace(year=decided.year + 1) - dt.timedelta(days=1),
        severity="serious",
    )
    record = actions.submit_record(record, acting_user=officer)
    actions.review_record(record, acting_user=_user("drc_officer1"))


def _furniture(today: dt.date) -> None:
    number = "鲤市监罚〔2026〕17号"
    if _exists(number):
        return
    officer = _user("samr_officer1")
    record = actions.create_record(
        acting_user=officer,
        kind="penalty",
        subject_name=FURNITURE[0],
        subject_category="法人及非法人组织",
        subject_code=FURNITURE[1],
        legal_representative="黄志强",
        decision_number=number,
        decision_date=today - dt.timedelta(days=3),
        violation_type="销售不符合保障人体健康和人身、财产安全的国家标准的产品",
        facts="向区属学校交付的办公桌椅甲醛释放量不符合GB 18580—2017的要求。",
        basis="《中华人民共和国产品质量法》第四十九条",
        penalty_category="罚款；没收违法所得",
        penalty_content="没收违法所得8600元，并处货值金额一倍的罚款24800元",
        fine="24800",
        confiscated="8600",
        severity="general",
    )
    actions.submit_record(record, acting_user=officer)


def _returned(today: dt.date) -> None:
    number = "泉鲤政财罚〔2026〕4号"
    if _exists(number):
        return
    officer = _user("fin_officer1")
    record = actions.create_record(
        acting_user=officer,
        kind="penalty",
        subject_name=ONLINE[0],
        subject_category="法人及非法人组织",
        subject_code=ONLINE[1],
        legal_representative="吴天成",
        decision_number=number,
        decision_date=today - dt.timedelta(days=6),
        violation_type="提供虚假材料谋取中标",
        facts="在某街道物业服务采购项目中提交伪造的项目经理社保缴纳证明。",
        basis="《中华人民共和国政府采购法》第七十七条第一款第（一）项",
        penalty_category="罚款",
        penalty_content="处采购金额千分之五的罚款",
        fine="2430",
        severity="general",
    )
    record = actions.submit_record(record, acting_user=officer)
    actions.return_record(
        record,
        reason="处罚内容应写明罚款金额；提供虚假材料的同时应写明禁止参加政府采购活动的期限，请核对决定书。",
        acting_user=_user("drc_liaison"),
    )


def _list() -> None:
    if ListImport.objects.exists():
        return
    lines = ["名称,统一社会信用代码,列入日期,移出日期,列入原因"]
    for name, code, listed, removed in DEFAULTERS:
        lines.append(f"{name},{code},{listed},{removed},有履行能力而拒不履行生效法律文书确定义务")
    lists.import_list(
        kind="judgment_defaulter",
        source="信用中国（演示数据）",
        file_name="失信被执行人名单.csv",
        data="\n".join(lines).encode(),
        mapping={
            "name": "名称",
            "code": "统一社会信用代码",
            "listed_on": "列入日期",
            "removed_after": "移出日期",
            "reason": "列入原因",
        },
        acting_user=_user("drc_liaison"),
    )


def _client() -> None:
    if CheckClient.objects.exists():
        return
    actions.create_client(
        kind="purchaser",
        name="泉州市鲤城区实验小学",
        uscc=_company("MB0Q5T3A8", "12"),
        acting_user=_user("drc_liaison"),
    )
