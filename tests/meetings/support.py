"""A joint meeting through its steps, for the tests: PSB proposes a topic, FIN convenes."""

import datetime as dt

from liandong.meetings import actions
from liandong.meetings.models import Minutes
from tests.transfers.support import at


def topic(cast, **overrides):
    data = {
        "category": "difficult",
        "title": "串通投标案件电子数据取证的协作方式",
        "description": "电子投标文件机器码、IP地址的调取和固定需要财政、公安协作。",
        "acting_user": cast.psb_liaison,
    }
    data.update(overrides)
    return actions.propose_topic(**data)


def convened(cast, starts="2026-12-02 09:30", **overrides):
    data = {
        "title": "2026年第4次政府采购联动执法联席会议",
        "starts_at": at(starts),
        "place": "区财政局三楼会议室",
        "topics": [topic(cast)],
        "items": ["通报2026年第三季度政府采购领域案件办理情况"],
        "observers": [(cast.procuratorate, "检察官刘某")],
        "acting_user": cast.fin_liaison,
    }
    data.update(overrides)
    return actions.convene(**data)


def held(cast, meeting):
    attendance = {}
    for invitation in meeting.invitations.all():
        if invitation.observer:
            attendance[invitation.pk] = "observer"
        elif invitation.department_id == cast.aud.pk:
            attendance[invitation.pk] = "leave"
        else:
            attendance[invitation.pk] = "present"
    actions.record_attendance(meeting, attendance=attendance, acting_user=cast.fin_liaison)
    return Minutes.objects.get(meeting=meeting)


def with_two_items(cast, minutes, due=dt.date(2026, 12, 31)):
    agenda = list(minutes.meeting.agenda.all())
    first = actions.add_resolution(
        minutes,
        text="公安分局、财政局建立电子数据调取联络机制，明确专人对接。",
        owners=[cast.psb, cast.fin],
        due_on=due,
        agenda_item=agenda[0],
        acting_user=cast.fin_liaison,
    )
    second = actions.add_resolution(
        minutes,
        text="市场监管局牵头梳理政府采购领域产品质量检测机构名录。",
        owners=[cast.samr],
        due_on=dt.date(2026, 12, 15),
        agenda_item=agenda[1],
        acting_user=cast.fin_liaison,
    )
    return first, second
