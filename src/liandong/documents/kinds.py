"""The kinds of official document the platform issues (文种), and the number sequence of each.

A kind's numbers come from a ``numbering.Kind``. Kinds that share one (``OUTGOING``: the
department's 发文字号 代字〔年〕N号) count on together, so no two documents of a department
carry the same number. A kind with a sequence of its own needs an infix of its own (as 案 for
cases), or its numbers would collide with the shared ones
(``test_every_sequence_has_its_own_infix``). Add a kind here when a workflow needs one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from liandong.documents import numbering

OUTGOING = numbering.Kind("document")  # 泉鲤政财〔2026〕12号


@dataclass(frozen=True)
class DocumentKind:
    code: str
    name: str  # 文种名称, printed as the document's kind
    sequence: numbering.Kind = OUTGOING


KINDS: dict[str, DocumentKind] = {
    kind.code: kind
    for kind in (
        # 案件移送 (RULES.md §1, DESIGN.md §4.4)
        DocumentKind("criminal_transfer", _("涉嫌犯罪案件移送书")),
        DocumentKind("transfer_receipt", _("涉嫌犯罪案件移送书回执")),
        DocumentKind("filing_notice", _("立案通知书")),
        DocumentKind("non_filing_notice", _("不予立案通知书")),
        DocumentKind("review_request", _("提请复议书")),
        DocumentKind("transfer_letter", _("案件移送函")),
        DocumentKind("forward_notice", _("移送案件转送通知书")),
        DocumentKind("material_notice", _("补充移送材料通知书")),
        DocumentKind("review_decision", _("复议决定书")),
        DocumentKind("supervision_suggestion", _("立案监督建议书")),
        DocumentKind("handover_list", _("涉案物品和材料移交清单")),
        # 联席会议 (DESIGN.md §4.5)
        DocumentKind("meeting_minutes", _("会议纪要")),
        # 咨询与协查 (DESIGN.md §4.3)
        DocumentKind("consultation_letter", _("咨询函")),
        DocumentKind("consultation_reply", _("复函")),
        DocumentKind("assistance_letter", _("协查函")),
        # 投诉处理 (财政部令第94号)
        DocumentKind("complaint_refusal", _("投诉不予受理通知书")),
        DocumentKind("complaint_copy_notice", _("投诉答复通知书")),
        DocumentKind("complaint_decision", _("投诉处理决定书")),
        # 运行情况 (DESIGN.md §4.9)
        DocumentKind("operation_report", _("运行情况报告")),
    )
}


def get(code: str) -> DocumentKind:
    """The kind named ``code``; KeyError for an unknown one."""
    return KINDS[code]


def name_of(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.name) if kind else code
