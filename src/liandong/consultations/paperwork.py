"""What a consultation puts on paper (案件咨询, seed 二（二）): the 咨询函 the asking department
sends and the 复函 the consulted department answers with, as the content ``actions`` issues
through ``documents.actions.issue_document`` (which adds the number, issuer, 主送 and date).
Nothing here writes to the database.

A letter names a case by its number only, unless part of it was shared with the question:
the consulted department sees no more of the case on paper than on screen."""

import datetime as dt

from liandong.consultations.models import Consultation, Topic
from liandong.documents.render import Fields, OfficialDocument, arabic_date

MECHANISM = "《政府采购领域联动执法协作机制》"
TITLE_MAX = 200  # documents refuse a longer title


def _matter(subject: str, room: int = TITLE_MAX) -> str:
    """The subject as a letter names it (关于……的): one line, no closing mark, at most ``room``
    characters."""
    subject = " ".join(subject.split()).rstrip("？?。.！!；;，,：:")
    if subject.startswith("关于"):
        subject = subject[2:]
    return subject if len(subject) <= room else subject[: room - 1] + "…"


def _title(subject: str, kind: str) -> str:
    """关于……的咨询函 / 复函, the subject shortened to fit."""
    return f"关于{_matter(subject, TITLE_MAX - len(f'关于的{kind}'))}的{kind}"


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _case_name(consultation: Consultation) -> str:
    case = consultation.case
    if consultation.shared_part:
        return f"{case.title}（案件编号：{case.number}）"
    return f"编号为{case.number}的案件"


def _contact(person, department) -> tuple[tuple[str, str], ...]:
    return (
        ("联系人", person.full_name),
        ("联系电话", person.phone or department.phone or "—"),
    )


def consultation_letter(
    consultation: Consultation, question: str, answer_by: dt.date | None = None
) -> OfficialDocument:
    """咨询函: the question, what of the case goes with it, and when the answer is due."""
    topic = consultation.get_topic_display()
    if consultation.topic == Topic.OTHER:
        about = "以下问题"
    else:
        about = topic if topic.endswith("问题") else f"{topic}方面的问题"
    if consultation.case_id:
        opening = f"我单位在办理{_case_name(consultation)}过程中，就{about}需向你单位咨询。"
    else:
        opening = f"我单位在政府采购监督执法工作中，就{about}需向你单位咨询。"
    body: tuple = (
        opening,
        f"根据{MECHANISM}二（二）关于“受咨询的部门应当认真研究、及时答复”的规定，"
        "现将有关问题函询如下：",
        *_paragraphs(question),
    )
    if consultation.shared_part:
        body += (
            f"为便于研究答复，我单位已通过联动执法平台向你单位共享该案的"
            f"{consultation.shared_part_label}，请登录平台查阅。",
        )
    due = f"请于{arabic_date(answer_by)}前函复我单位。" if answer_by else "请及时函复我单位。"
    body += (
        f"{due}特此函询。",
        Fields(
            (
                ("咨询事项", topic),
                ("紧急程度", "紧急" if consultation.urgent else "一般"),
                ("相关案件", consultation.case.number if consultation.case_id else "无"),
                *_contact(consultation.asked_by, consultation.asking_department),
            )
        ),
    )
    return OfficialDocument(
        title=_title(consultation.subject, "咨询函"),
        body=body,
        printed_by=f"{consultation.asking_department.name}办公室",
    )


def consultation_reply(
    consultation: Consultation, answer: str, answerer, letter_number: str = ""
) -> OfficialDocument:
    """复函: the consulted department's answer to the 咨询函 (``letter_number``)."""
    if letter_number:
        received = f"《{_title(consultation.subject, '咨询函')}》（{letter_number}）"
    else:  # asked before consultations had letters
        received = f"关于{_matter(consultation.subject)}的咨询"
    return OfficialDocument(
        title=_title(consultation.subject, "复函"),
        body=(
            f"你单位{received}收悉。经认真研究，现答复如下：",
            *_paragraphs(answer),
            "特此函复。",
            Fields(_contact(answerer, consultation.department)),
        ),
        printed_by=f"{consultation.department.name}办公室",
    )
