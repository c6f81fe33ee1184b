"""What a complaint puts on paper (财政部令第94号): the content of the documents ``actions``
issues through ``documents.actions.issue_document`` (which adds the number, issuer and date).
Nothing here writes to the database."""

import datetime as dt

from django.utils import timezone

from liandong.complaints.models import Complaint, Outcome
from liandong.documents.render import Heading, OfficialDocument

ORDER_94 = "《政府采购质疑和投诉办法》（财政部令第94号）"
TITLE_MAX = 200


def _day(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日"


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _title(complaint: Complaint, kind: str) -> str:
    head = f"关于{complaint.complainant}投诉{complaint.project}的"
    room = TITLE_MAX - len(kind)
    return (head if len(head) <= room else head[: room - 1] + "…") + kind


def refusal(complaint: Complaint) -> OfficialDocument:
    """投诉不予受理通知书, or the notice to complain to the competent department (第二十一条)."""
    if complaint.redirected_to:
        body = (
            f"你单位于{_day(complaint.received_at)}提起的关于{complaint.project}的投诉，经审查，"
            f"不属于本部门管辖。根据{ORDER_94}第二十一条第（三）项的规定，请向"
            f"{complaint.redirected_to}提起投诉。",
            *_paragraphs(complaint.refusal_reason),
        )
    else:
        body = (
            f"你单位于{_day(complaint.received_at)}提起的关于{complaint.project}的投诉，经审查，"
            f"根据{ORDER_94}第二十一条的规定，决定不予受理。理由如下：",
            *_paragraphs(complaint.refusal_reason),
        )
    return OfficialDocument(
        title=_title(complaint, "投诉不予受理通知书"), body=body, recipients=complaint.complainant
    )


def copy_notice(complaint: Complaint) -> OfficialDocument:
    """投诉答复通知书, with the complaint's copy (第二十一条（四）, 第二十二条)."""
    return OfficialDocument(
        title=_title(complaint, "投诉答复通知书"),
        body=(
            f"{complaint.complainant}就{complaint.project}向本部门提起投诉，本部门已于"
            f"{_day(complaint.received_at)}受理。现将投诉书副本发送你单位。",
            f"根据{ORDER_94}第二十二条的规定，请你单位自收到本通知书及投诉书副本之日起5个工作日内，"
            "以书面形式作出说明，并提交相关证据、依据和其他有关材料。",
            Heading("投诉事项和投诉请求"),
            *_paragraphs(complaint.matters),
        ),
        recipients="、".join(_paragraphs(complaint.copies_to)) or complaint.respondent,
    )


def decision(complaint: Complaint) -> OfficialDocument:
    """投诉处理决定书 (第三十三条): the parties, the facts found and the decision with its basis,
    and the rights to 行政复议 and 行政诉讼."""
    result = "驳回投诉" if complaint.outcome == Outcome.DISMISSED else "投诉事项成立"
    basis = "第二十九条" if complaint.outcome == Outcome.DISMISSED else "第三十一条、第三十二条"
    return OfficialDocument(
        title=_title(complaint, "投诉处理决定书"),
        body=(
            f"投诉人：{complaint.complainant}",
            f"被投诉人：{complaint.respondent}",
            f"投诉人就{complaint.project}提起投诉，本部门于{_day(complaint.received_at)}受理。"
            "现已审查终结。",
            Heading("投诉事项"),
            *_paragraphs(complaint.matters),
            Heading("查明的事实和处理决定"),
            *_paragraphs(complaint.decision),
            f"综上，根据{ORDER_94}{basis}的规定，决定{result}。",
            "投诉人或者其他当事人对本处理决定不服的，可以自收到本决定书之日起六十日内依法申请"
            "行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。",
        ),
        recipients=f"{complaint.complainant}、{complaint.respondent}",
    )
