"""Demo transfers of 鲤城区, made through the actions, each on a case of its own so that the
other demos read the same when the demo runs again:

- a criminal transfer of a bid-rigging case, sent and signed for by the police, who extended
  their review from 3 to at most 10 days (公通字〔2017〕25号 第十六条; its clock running);
- a criminal transfer the police filed: the items handed over, the police's first result fed
  back — all on the case's timeline;
- an audit transfer from 区审计局 to 区财政局, waiting to be accepted;
- a criminal transfer the police did not file: 区财政局 suggested 立案监督, 区检察院 asked the
  police for their reasons, the police explained, and the procuratorate has now to decide
  (通知立案 or not) — the procuratorate's own to-do, seen by proc_officer.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from liandong.cases import actions as cases
from liandong.evidence import actions as evidence
from liandong.evidence.demo import one_page_pdf
from liandong.organizations.models import Department, User
from liandong.transfers import actions, decisions, supervision
from liandong.transfers.models import Supervision, Transfer

MATERIAL = {
    "report": ("涉嫌犯罪案件情况的调查报告", "documentary", "Investigation report"),
    "items": ("涉案物品清单", "documentary", "List of items"),
    "inspection": ("电子投标文件同源性鉴定意见", "expert_opinion", "Forensic opinion"),
    "other": ("投标保证金银行流水", "documentary", "Bank statements"),
}


def _user(name):
    return User.objects.get(username=name)


def load(say) -> None:
    departments = {
        d.kind: d for d in Department.objects.filter(jurisdiction__code="350502", is_active=True)
    }
    if len(departments) < 6:  # the five members and the procuratorate
        return
    mine = Transfer.objects.filter(from_department__jurisdiction__code="350502")
    if not mine.exists():
        _make(departments)
    if not Supervision.objects.filter(procuratorate=departments["PROC"]).exists():
        _supervised(departments)
    say(
        f"演示移送：{mine.count()} 件（公安机关审查中、已立案并反馈、审计移送待接收、"
        "不予立案后建议检察院立案监督各有示例）。"
    )


def _case(fin, title, project, amount, suppliers):
    one, two, head = _user("fin_officer1"), _user("fin_officer2"), _user("fin_head")
    case = cases.register_case(
        fin,
        title=title,
        source="report",
        summary=f"实名举报反映{project}的投标人之间相互串通、约定报价。",
        project_name=project,
        procurement_method="open_tender",
        winning_amount=amount,
        acting_user=one,
    )
    cases.assign_officers(case, officers=[one, two], acting_user=head)
    for name, code in suppliers:
        cases.add_party(case, role="supplier", name=name, uscc=code, acting_user=one)
    for verb in ("review", "file", "investigate"):
        case = cases.move_case(case, verb, acting_user=one)
    return case


def _material(transfer, officer) -> None:
    now = timezone.now()
    for slot, (title, kind, text) in MATERIAL.items():
        upload = evidence.upload_file(
            ContentFile(one_page_pdf(text), name=f"{title}.pdf"), acting_user=officer
        )
        item = evidence.add_item(
            transfer.case,
            upload_id=upload.pk,
            title=title,
            kind=kind,
            collectors="林晓梅、陈志远",
            collected_at=now - dt.timedelta(days=2),
            place="泉州市鲤城区财政局",
            method="obtained",
            source="泉州市鲤城区财政局政府采购监督科",
            description=f"随涉嫌犯罪案件移送书移送：{title}。",
            acting_user=officer,
        )
        actions.attach(transfer, slot=slot, item=item, acting_user=officer)


def _criminal(d, title, project, amount, suppliers, facts, report):
    one, head = _user("fin_officer1"), _user("fin_head")
    case = _case(d["FIN"], title, project, amount, suppliers)
    transfer = actions.create(
        kind="criminal",
        case=case,
        department=d["PSB"],
        subject=f"{project}涉嫌串通投标案",
        facts=facts,
        offence="串通投标罪",
        acting_user=one,
    )
    _material(transfer, one)
    actions.submit(
        transfer,
        report=(
            f"经调查，涉案投标人相互串通投标报价，{report}，达到《最高人民检察院 公安部关于公安机关"
            "管辖的刑事案件立案追诉标准的规定（二）》（公通字〔2022〕12号）第六十八条规定的追诉标准，"
            "建议移送公安机关。"
        ),
        acting_user=one,
    )
    actions.approve(transfer, acting_user=head)
    actions.send(transfer, acting_user=one)
    return transfer


def _make(d) -> None:
    one = _user("fin_officer1")
    police, liaison = _user("psb_officer1"), _user("psb_liaison")
    waiting = _criminal(
        d,
        "某区教育局课桌椅采购项目涉嫌串通投标",
        "某区教育局课桌椅采购项目",
        Decimal("3865000"),
        (
            ("泉州某某家具有限公司", "91350502MA2Y4T0K74"),
            ("福建某某教学设备有限公司", "91350100MA31R5GX4L"),
        ),
        "三家投标人的投标文件由同一单位编制，投标保证金从同一账户转出，投标报价呈等差排列；"
        "中标金额386.5万元，中标人事后向两家陪标人支付“陪标费”共计24万元。",
        "两家陪标人违法所得共计24万元（第（二）项：二十万元以上）",
    )
    actions.accept(waiting, acting_user=police)
    decisions.extend_review(
        waiting,
        extension="ten_days",
        reason="需向开户银行调取三家投标人保证金转出账户的流水，3日内无法完成审查。",
        acting_user=police,
    )

    filed = _criminal(
        d,
        "某医院医疗设备采购项目涉嫌串通投标",
        "某医院医疗设备采购项目",
        Decimal("5120000"),
        (("厦门某某医疗器械有限公司", "91350200MA8RJ3FU0X"),),
        "中标供应商与另两家投标人约定由其中标，并向其支付“补偿费”共计36万元。",
        "中标项目金额512万元（第（三）项：四百万元以上）",
    )
    actions.accept(filed, acting_user=liaison)
    decisions.file(filed, number="泉鲤公（经）立字〔2026〕57号", acting_user=liaison)
    decisions.hand_over(
        filed,
        items="1. 投标文件正副本各3套；2. 投标保证金银行流水复印件12页；3. 询问笔录5份。",
        acting_user=one,
    )
    actions.give_feedback(
        filed,
        kind="investigating",
        text="已对涉案3名犯罪嫌疑人采取取保候审措施，案件正在侦查中。",
        acting_user=liaison,
    )

    audit = actions.create(
        kind="audit",
        department=d["FIN"],
        subject="某街道办事处物业服务采购项目评审程序违规",
        facts=(
            "2025年度预算执行审计发现：该项目评标委员会未按招标文件规定的评分标准评审，"
            "中标供应商技术分明显偏高，涉嫌评审专家违规评审。"
        ),
        offence="评审专家未按照采购文件规定的评审程序、评审方法和评审标准进行独立评审",
        acting_user=_user("aud_liaison"),
    )
    actions.send(audit, acting_user=_user("aud_liaison"))


def _supervised(d) -> None:
    """Not filed; 立案监督 suggested; the police asked for and gave their reasons: the
    procuratorate decides next."""
    one, liaison = _user("fin_officer1"), _user("psb_liaison")
    prosecutor = User.objects.filter(department=d["PROC"], is_active=True).first()
    if prosecutor is None:
        return
    transfer = _criminal(
        d,
        "某街道办事处办公家具采购项目涉嫌串通投标",
        "某街道办事处办公家具采购项目",
        Decimal("2680000"),
        (
            ("泉州某某办公设备有限公司", "91350502MA2XQ8LK3F"),
            ("晋江某某家具有限公司", "91350582MA33GTE21Q"),
        ),
        "两家投标人由同一人员递交投标文件，投标文件的编制机器码一致；陪标人事后收取"
        "“投标补偿费”共计22万元。",
        "陪标人违法所得共计22万元（第（二）项：二十万元以上）",
    )
    actions.accept(transfer, acting_user=liaison)
    decisions.not_file(
        transfer,
        reason="现有证据不足以证明陪标人收取的款项系串通投标的违法所得。",
        acting_user=liaison,
    )
    decisions.suggest_supervision(
        transfer,
        note="银行流水和陪标人询问笔录证明22万元系“投标补偿费”，已达立案追诉标准，"
        "公安机关不予立案的理由不能成立。",
        acting_user=one,
    )
    found = supervision.require_reasons(
        Supervision.objects.get(transfer=transfer),
        note="请书面说明不予立案的情况、依据和理由，连同有关证据材料回复本院。",
        number="鲤检二部要说〔2026〕3号",
        acting_user=prosecutor,
    )
    supervision.explain(
        found,
        explanation="陪标人称22万元系前期合作项目的服务费，现有证据尚不能排除该辩解。",
        number="泉鲤公（经）说〔2026〕2号",
        acting_user=liaison,
    )
