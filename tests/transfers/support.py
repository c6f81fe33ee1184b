"""What the transfer tests share: a clock to freeze and move, a FIN case ready to transfer,
and the four attachments of 310号令 第六条."""

import contextlib
import datetime as dt
from unittest import mock

from liandong.cases import actions as cases
from liandong.deadlines.periods import CHINA
from liandong.transfers import actions
from liandong.transfers.models import REQUIRED_SLOTS
from tests.evidence.support import filed_case, item


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)


class Clock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, text: str) -> None:
        moment = at(text)
        assert moment >= self.now, "the clock only moves forward"
        self.now = moment


@contextlib.contextmanager
def frozen(start: str):
    clock = Clock(at(start))
    with mock.patch("django.utils.timezone.now", side_effect=clock):
        yield clock


def case_under_investigation(
    cast, title="某中学实验室设备采购项目涉嫌串通投标", to="investigation"
):
    """A FIN case handled by fin_officer and fin_officer2, moved on to ``to``."""
    case = filed_case(cast)
    if title != case.title:
        case = cases.update_case(case, title=title, acting_user=cast.fin_head)
    path = ["review", "file", "investigate", "submit"]
    stop = {"preliminary": 1, "filed": 2, "investigation": 3, "hearing": 4}[to]
    for verb in path[:stop]:
        case = cases.move_case(case, verb, acting_user=cast.fin_head)
    return case


def draft(cast, case=None, **overrides):
    data = {
        "kind": "criminal",
        "case": case if case is not None else case_under_investigation(cast),
        "department": cast.psb,
        "subject": "某中学实验室设备采购项目涉嫌串通投标案",
        "facts": "3家投标人的投标文件由同一单位编制，投标保证金从同一账户转出，中标金额386.5万元。",
        "offence": "串通投标罪",
        "acting_user": cast.fin_officer,
    }
    data.update(overrides)
    return actions.create(**data)


def attach_all(cast, transfer, slots=REQUIRED_SLOTS):
    names = {
        "report": "涉嫌犯罪案件情况的调查报告",
        "items": "涉案物品清单",
        "inspection": "电子投标文件机器码鉴定意见",
        "other": "投标保证金转账凭证",
    }
    for slot in slots:
        evidence = item(cast, transfer.case, name=f"{slot}.pdf", title=names[slot])
        actions.attach(transfer, slot=slot, item=evidence, acting_user=cast.fin_officer)


def sent(cast, case=None, **overrides):
    """A criminal transfer reported, approved and sent to the police."""
    transfer = draft(cast, case, **overrides)
    attach_all(cast, transfer)
    actions.submit(
        transfer,
        report="经调查，3家投标人涉嫌串通投标，中标金额达400万元以上。",
        acting_user=cast.fin_officer,
    )
    actions.approve(transfer, acting_user=cast.fin_head)
    actions.send(transfer, acting_user=cast.fin_officer)
    transfer.refresh_from_db()
    return transfer
