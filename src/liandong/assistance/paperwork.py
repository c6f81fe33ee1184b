"""What an assistance request puts on paper (调查取证协作, seed 二（四）): the 协查函 the
requesting department sends, as the content ``actions`` issues through
``documents.actions.issue_document`` (which adds the number, issuer, 主送 and date). Nothing
here writes to the database.

The letter names the case by its number only, unless part of it was shared with the request:
the helping department sees no more of the case on paper than on screen."""

from liandong.assistance.models import AssistanceRequest, Kind
from liandong.documents.render import Fields, OfficialDocument, arabic_date

MECHANISM = "《政府采购领域联动执法协作机制》"
TITLE_MAX = 200  # documents refuse a longer title

# what the helping department is asked to do, as the letter says it: 需要你单位协助……
NEEDED = {
    Kind.RECORDS: "调取有关资料",
    Kind.INSPECTION: "开展现场检查",
    Kind.TESTING: "开展检验检测",
    Kind.INQUIRY: "配合开展询问",
    Kind.VERIFICATION: "核查有关信息",
    Kind.OTHER: "开展调查取证",
}


def _title(subject: str) -> str:
    """关于……的协查函: the subject on one line, without a closing mark, shortened to fit."""
    subject = " ".join(subject.split()).rstrip("？?。.！!；;，,：:")
    if subject.startswith("关于"):
        subject = subject[2:]
    room = TITLE_MAX - len("关于的协查函")
    if len(subject) > room:
        subject = subject[: room - 1] + "…"
    return f"关于{subject}的协查函"


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def assistance_letter(request: AssistanceRequest) -> OfficialDocument:
    """协查函: what is needed, by when, and what of the case goes with it."""
    case = request.case
    if request.shared_part:
        case_name = f"{case.title}（案件编号：{case.number}）"
    else:
        case_name = f"编号为{case.number}的案件"
    body: tuple = (
        f"我单位在调查处理{case_name}过程中，需要你单位协助{NEEDED[Kind(request.kind)]}。"
        f"根据{MECHANISM}二（四）关于“各部门在调查处理政府采购领域案件过程中，应当通力合作，"
        "密切配合”的规定，现商请你单位予以协助。具体事项和要求如下：",
        *_paragraphs(request.details),
    )
    if request.shared_part:
        body += (
            f"为便于协查，我单位已通过联动执法平台向你单位共享该案的"
            f"{request.shared_part_label}，请登录平台查阅。",
        )
    requester = request.requested_by
    body += (
        f"请于{arabic_date(request.due_on)}前完成协查，并将协查结果及有关材料反馈我单位；"
        "不能协助的，请书面说明理由。",
        "特此函商，请予支持。",
        Fields(
            (
                ("案件编号", case.number),
                ("协查事项", request.get_kind_display()),
                ("要求完成日期", arabic_date(request.due_on)),
                ("联系人", requester.full_name),
                (
                    "联系电话",
                    requester.phone or request.requesting_department.phone or "—",
                ),
            )
        ),
    )
    return OfficialDocument(
        title=_title(request.subject),
        body=body,
        printed_by=f"{request.requesting_department.name}办公室",
    )
