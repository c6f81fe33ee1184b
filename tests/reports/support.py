"""A generated data set for the figures: cases of FIN and SAMR in the third quarter of 2026 and
one before it, a 审计移送 from AUD to FIN, a consultation FIN → PSB answered after five hours, a
credit record, DRC's problem report. Everything through the actions, under a frozen clock."""

import datetime as dt
from dataclasses import dataclass, field

from liandong.cases import actions as cases
from liandong.consultations import actions as consultations
from liandong.credit import actions as credit
from liandong.deadlines import actions as deadlines
from liandong.deadlines import reminders
from liandong.deadlines.periods import CHINA
from liandong.sharing import actions as sharing
from liandong.transfers import actions as transfers
from tests.credit.support import record_values
from tests.transfers.support import frozen

# (department, source, moment, steps)
CASES = [
    ("fin", "complaint", "2026-07-06 09:00", ("review", "file")),
    ("fin", "complaint", "2026-08-03 10:00", ()),
    ("fin", "inspection", "2026-09-14 15:00", ("review",)),
    ("fin", "complaint", "2026-06-29 09:00", ("review", "file")),  # the quarter before
    ("samr", "screening", "2026-07-20 09:00", ("review", "file")),
    ("samr", "complaint", "2026-09-30 23:30", ()),  # last evening of the quarter
]


@dataclass
class Data:
    cases: list = field(default_factory=list)
    transfer: object = None
    consultation: object = None
    record: object = None
    bulletin: object = None
    resolution_timers: int = 0


def _officers(cast, key):
    return {
        "fin": (cast.fin_officer, cast.fin_officer2, cast.fin_head),
        "samr": (cast.samr_liaison, cast.samr_liaison, cast.samr_liaison),
    }[key]


def _at(obj, clock):
    """A model's ``created_at`` default was bound before the clock was frozen: set it to the
    frozen moment, as the platform would have on that day."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=clock.now)
    obj.refresh_from_db()
    return obj


def _case(cast, data, key, source, moment, steps):
    officer, other, head = _officers(cast, key)
    case = cases.register_case(
        getattr(cast, key), title=f"{key} {source} {moment}", source=source, acting_user=officer
    )
    if steps:
        people = {p.pk: p for p in (officer, other)}
        cases.assign_officers(case, officers=list(people.values()), acting_user=head)
    for verb in steps:
        if verb == "file" and case.officers.count() < 2:
            continue
        case = cases.move_case(case, verb, acting_user=head)
    data.cases.append(case)


def _transfer(cast, data, clock):
    transfer = transfers.create(
        kind="audit", department=cast.fin, subject="审计发现某项目涉嫌围标",
        facts="审计中发现三家投标人报价呈规律性差异。", acting_user=cast.aud_liaison,
    )  # fmt: skip
    transfer = transfers.send(transfer, acting_user=cast.aud_liaison)
    clock.set("2026-08-12 09:00")
    data.transfer = transfers.accept(transfer, acting_user=cast.fin_liaison)


def _consultation(cast, data, clock):
    asked = consultations.ask(
        department=cast.psb, topic="criminal_standard", subject="串通投标立案追诉标准",
        question="中标金额386万元是否达到立案追诉标准？", acting_user=cast.fin_officer,
    )  # fmt: skip
    _at(asked, clock)
    asked = consultations.assign(asked, assignee=cast.psb_officer, acting_user=cast.psb_liaison)
    clock.set("2026-08-18 14:00")
    data.consultation = consultations.answer(asked, text="达到。", acting_user=cast.psb_officer)


def _record(cast, data, clock):
    values = record_values(decision_date=clock.now.date(), ban_start=None, ban_end=None)
    data.record = _at(credit.create_record(acting_user=cast.fin_officer, **values), clock)


def _types(cast, data, clock):
    first, second = data.cases[0], data.cases[1]
    cases.update_case(
        first, violation_types=["supplier.false_material", "collusion.agree_winner"],
        acting_user=cast.fin_head,
    )  # fmt: skip
    cases.update_case(second, violation_types=["collusion.agree_winner"], acting_user=cast.fin_head)


def _resolutions(cast, data, clock):
    """Two items of a joint meeting owned by SAMR, due in September: one done in time, one not."""
    subject = data.cases[-1]
    for due, done in ((dt.date(2026, 9, 10), True), (dt.date(2026, 9, 20), False)):
        timer = deadlines.start_deadline(
            subject, rule="meeting.resolution", department=cast.samr, start=clock.now,
            due_on=due, acting_user=None,
        )  # fmt: skip
        if done:
            deadlines.meet_deadline(timer, acting_user=None, note="已落实")
    reminders.sweep(dt.datetime(2026, 9, 25, tzinfo=CHINA))  # the other is overdue by then
    data.resolution_timers = 2


def _bulletin(cast, data, clock):
    data.bulletin = _at(sharing.publish(
        category="problem", title="信用信息报送滞后", body="请及时报送。", to_all=True,
        audience=[], acting_user=cast.drc_liaison,
    ), clock)  # fmt: skip


def build(cast) -> Data:
    data = Data()
    events = [
        (moment, "case", (key, source, moment, steps)) for key, source, moment, steps in CASES
    ]
    events += [
        ("2026-08-10 09:00", "transfer", _transfer),
        ("2026-08-18 09:00", "consultation", _consultation),
        ("2026-09-01 09:00", "record", _record),
        ("2026-09-02 09:00", "bulletin", _bulletin),
        ("2026-08-05 09:00", "types", _types),
        ("2026-08-06 09:00", "resolutions", _resolutions),
    ]
    with frozen("2026-06-29 08:00") as clock:
        for moment, kind, what in sorted(events, key=lambda e: e[0]):
            clock.set(moment)
            if kind == "case":
                _case(cast, data, *what)
            else:
                what(cast, data, clock)
    return data
