"""What each written step of a transfer puts on paper (RULES.md §1, §8): the content of the
documents ``actions`` issues through ``documents.actions.issue_document``, which numbers,
renders and stores them. Nothing here writes to the database."""

import datetime as dt

from django.utils import timezone

from liandong.documents.render import Fields, Heading, Items, OfficialDocument
from liandong.transfers.models import REQUIRED_SLOTS, Slot, Transfer

DECREE = "《行政执法机关移送涉嫌犯罪案件的规定》"


def _day(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local.hour:02d}时{local.minute:02d}分"


def _case_name(transfer: Transfer) -> str:
    if transfer.case_id:
        return f"{transfer.case.title}（{transfer.case.number}）"
    return transfer.subject


def _suspects(transfer: Transfer) -> str:
    """The case's parties (当事人) as the letter names them: 甲、乙等3家, or 有关单位和人员."""
    if not transfer.case_id:
        return "有关单位和人员"
    names = list(transfer.case.parties.values_list("name", flat=True)[:4])
    if not names:
        return "有关单位和人员"
    if len(names) > 3:
        return f"{'、'.join(names[:3])}等"
    return "、".join(names)


def _materials(transfer: Transfer) -> tuple[str, ...]:
    """The attached material, slot by slot, each item with its evidence number."""
    lines = []
    for slot in (*REQUIRED_SLOTS, Slot.SUPPLEMENT):
        items = [a.item for a in transfer.attachments.all() if a.slot == slot]
        if items:
            names = "；".join(f"{i.label} {i.title}" for i in items)
            lines.append(f"{Slot(slot).label}：{names}")
    return tuple(lines)


def transfer_letter(transfer: Transfer, document_number_hint: str = "") -> OfficialDocument:
    """涉嫌犯罪案件移送书 (310号令 第六条) or 案件移送函 for the other kinds."""
    if transfer.is_criminal:
        team = "、".join(p.full_name for p in transfer.team.all())
        body = (
            f"我单位在查处{_case_name(transfer)}中，发现{_suspects(transfer)}涉嫌"
            f"{transfer.offence or '犯罪'}，依法应当追究刑事责任。",
            f"根据{DECREE}第三条、第六条的规定，现将该案移送你局，请依法审查，"
            "并自接受移送之日起三日内作出立案或者不予立案的决定，书面告知我单位。",
            Heading("涉嫌犯罪事实"),
            transfer.facts,
            Heading("移送材料"),
            Items(_materials(transfer) or ("（无）",)),
            Fields(
                (
                    ("案件名称", _case_name(transfer)),
                    ("涉嫌罪名", transfer.offence or "—"),
                    ("办案人员", team or "—"),
                    ("移送单位联系人", transfer.created_by.full_name),
                    (
                        "联系电话",
                        transfer.created_by.phone or transfer.from_department.phone or "—",
                    ),
                )
            ),
        )
        return OfficialDocument(
            title="涉嫌犯罪案件移送书",
            body=body,
            attachments=tuple(str(Slot(s).label) for s in REQUIRED_SLOTS),
            copies_to=(transfer.copied_to.name,) if transfer.copied_to_id else (),
            printed_by=f"{transfer.from_department.name}办公室",
        )
    body = (
        f"我单位在工作中发现{_case_name(transfer)}属于你单位职责范围，"
        f"现依照《政府采购领域联动执法协作机制》二（五）的规定移送你单位依法处理，"
        "请及时接收，并将处理结果反馈我单位。",
        Heading("基本情况"),
        transfer.facts,
    )
    if transfer.offence:
        body += (Fields((("涉嫌违法行为", transfer.offence),)),)
    return OfficialDocument(
        title=f"关于移送{transfer.subject}的函",
        body=body,
        printed_by=f"{transfer.from_department.name}办公室",
    )


def receipt(transfer: Transfer, letter_number: str) -> OfficialDocument:
    """涉嫌犯罪案件移送书回执 (310号令 第七条: 在涉嫌犯罪案件移送书的回执上签字)."""
    return OfficialDocument(
        title="涉嫌犯罪案件移送书回执",
        body=(
            f"你单位{letter_number}《涉嫌犯罪案件移送书》及所附材料已收到。",
            Fields(
                (
                    ("移送单位", transfer.from_department.name),
                    ("移送书文号", letter_number or "—"),
                    ("案件名称", _case_name(transfer)),
                    ("接收时间", _day(transfer.received_at)),
                    ("签收人", transfer.received_by.full_name if transfer.received_by else "—"),
                )
            ),
        ),
    )


def forward_notice(transfer: Transfer) -> OfficialDocument:
    return OfficialDocument(
        title="移送案件转送通知书",
        body=(
            f"你单位移送的{_case_name(transfer)}，经审查不属于我局管辖。根据{DECREE}第七条的规定，"
            f"我局已于{_day(timezone.now())}将该案转送{transfer.forwarded_to}，特此通知。",
            Heading("转送理由"),
            transfer.forward_reason,
        ),
    )


def material_notice(transfer: Transfer, needed: str) -> OfficialDocument:
    return OfficialDocument(
        title="补充移送材料通知书",
        body=(
            f"你单位移送的{_case_name(transfer)}，经审查移送材料不全。根据《公安机关办理刑事案件"
            "程序规定》第一百八十条的规定，请于接到本通知之日起三日内补充以下材料：",
            needed,
        ),
    )


def filing_notice(transfer: Transfer) -> OfficialDocument:
    return OfficialDocument(
        title="立案通知书",
        body=(
            f"你单位移送的{_case_name(transfer)}，经审查，我局认为有犯罪事实，需要追究刑事责任，"
            f"根据{DECREE}第八条的规定，决定立案侦查。",
            f"请你单位自接到本通知书之日起三日内，将涉案物品以及与案件有关的其他材料移交我局"
            f"（{DECREE}第十二条）。",
        ),
    )


def non_filing_notice(transfer: Transfer) -> OfficialDocument:
    return OfficialDocument(
        title="不予立案通知书",
        body=(
            f"你单位移送的{_case_name(transfer)}，经审查，我局决定不予立案。",
            Heading("不予立案的理由"),
            transfer.non_filing_reason,
            f"根据{DECREE}第九条的规定，你单位对本决定有异议的，可以自接到本通知书之日起三日内"
            "提请我局复议，也可以建议人民检察院依法进行立案监督。相关案卷材料随本通知书退回。",
        ),
    )


def review_request(transfer: Transfer) -> OfficialDocument:
    return OfficialDocument(
        title="提请复议书",
        body=(
            f"你局对我单位移送的{_case_name(transfer)}作出不予立案的决定（{transfer.police_number}）。"
            f"我单位认为该案依法应当由公安机关立案，根据{DECREE}第九条的规定，提请复议。",
            Heading("提请复议的理由"),
            transfer.reconsideration_reason,
        ),
    )


def review_decision(transfer: Transfer) -> OfficialDocument:
    outcome = (
        "决定维持不予立案的决定"
        if transfer.reconsideration_upheld
        else "决定撤销原不予立案的决定，予以立案侦查"
    )
    return OfficialDocument(
        title="复议决定书",
        body=(
            f"你单位就{_case_name(transfer)}提请复议。经复议，{outcome}。",
            Heading("理由"),
            transfer.reconsideration_note,
        )
        + (
            (
                f"你单位对复议决定仍有异议的，可以自收到本决定书之日起三日内建议人民检察院依法进行"
                f"立案监督（{DECREE}第九条）。",
            )
            if transfer.reconsideration_upheld
            else ()
        ),
    )


def supervision_suggestion(transfer: Transfer) -> OfficialDocument:
    after = "复议决定" if transfer.reconsideration_decided_at else "不予立案决定"
    return OfficialDocument(
        title="立案监督建议书",
        body=(
            f"我单位于{_day(transfer.sent_at)}向{transfer.to_department.name}移送{_case_name(transfer)}，"
            f"该局作出不予立案的决定（{transfer.police_number}）。我单位对其{after}有异议，"
            f"根据{DECREE}第九条的规定，建议你院依法进行立案监督。",
            Heading("建议的理由"),
            transfer.supervision_note,
        ),
    )


def handover_list(transfer: Transfer) -> OfficialDocument:
    return OfficialDocument(
        title="涉案物品和材料移交清单",
        body=(
            f"根据{DECREE}第十二条的规定，现将{_case_name(transfer)}的涉案物品以及与案件有关的"
            "其他材料移交你局，清单如下：",
            transfer.handover_note,
        ),
    )
