"""Demo joint meetings of 鲤城区, made through the actions: the third meeting of the year, held a
month ago, its 纪要 issued with three 议定事项 (one confirmed done, one overdue, one open, with
progress reports); the next meeting convened for next week with replies outstanding; a topic
waiting for the lead unit. Idempotent."""

import datetime as dt

from django.utils import timezone

from liandong.deadlines import reminders
from liandong.meetings import actions
from liandong.meetings.models import Meeting, Minutes
from liandong.organizations.models import Department, User

HELD = "2026年第3次政府采购联动执法联席会议"
NEXT = "2026年第4次政府采购联动执法联席会议"


def _user(name):
    return User.objects.get(username=name)


def load(say) -> None:
    departments = {
        d.kind: d for d in Department.objects.filter(jurisdiction__code="350502", is_active=True)
    }
    if len(departments) < 6:
        return
    meetings = Meeting.objects.filter(department=departments["FIN"])
    if not meetings.exists():
        _make(departments)
    say(f"演示联席会议：{meetings.count()} 次（已印发纪要并跟踪议定事项、待召开各有示例）。")


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def _make(d) -> None:
    fin = liaison = _user("fin_liaison")
    head = _user("fin_head")
    topic = actions.propose_topic(
        category="difficult",
        title="串通投标案件电子投标文件数据的调取和固定",
        description="电子投标文件制作机器码、上传IP等数据由交易中心保存，调取程序和证据形式需明确。",
        acting_user=_user("psb_liaison"),
    )
    meeting = actions.convene(
        title=HELD,
        starts_at=_at(-30, 9, 30),
        place="区财政局三楼会议室",
        topics=[topic],
        items=["通报2026年第三季度政府采购领域案件办理和移送情况"],
        observers=[(d["PROC"], "区检察院第三检察部检察官")],
        acting_user=fin,
    )
    for invitation in meeting.invitations.exclude(person=None).select_related("person"):
        if invitation.department_id == d["AUD"].pk:
            actions.reply(invitation, answer="leave", note="参加市审计局专项审计。",
                          acting_user=invitation.person)  # fmt: skip
        else:
            actions.reply(invitation, answer="attend", acting_user=invitation.person)
    attendance = {
        i.pk: "observer" if i.observer else ("leave" if i.reply == "leave" else "present")
        for i in meeting.invitations.all()
    }
    actions.record_attendance(meeting, attendance=attendance, acting_user=liaison)
    minutes = Minutes.objects.get(meeting=meeting)
    agenda = list(meeting.agenda.all())
    actions.edit_minutes(
        minutes,
        summary="会议由区财政局副局长主持，各成员单位联络员参加，区检察院派员列席。",
        discussions={
            agenda[0].pk: "与会单位认为，电子投标文件数据是认定串通投标的关键证据，"
            "应由财政部门商交易中心依法调取、出具数据说明，公安机关提前介入指导取证。",
            agenda[1].pk: "区财政局通报：第三季度立案12件，移送公安机关2件，已立案1件。",
        },
        acting_user=liaison,
    )
    today = timezone.localdate()
    done = actions.add_resolution(
        minutes,
        text="区财政局、区公安分局建立电子投标数据调取联络机制，各明确一名对接人。",
        owners=[d["FIN"], d["PSB"]],
        due_on=today + dt.timedelta(days=5),
        agenda_item=agenda[0],
        acting_user=liaison,
    )
    late = actions.add_resolution(
        minutes,
        text="区市场监管局梳理本区政府采购产品质量检测机构名录，报联席会议办公室。",
        owners=[d["SAMR"]],
        due_on=today - dt.timedelta(days=5),
        agenda_item=agenda[0],
        acting_user=liaison,
    )
    open_item = actions.add_resolution(
        minutes,
        text="区发改局将第三季度政府采购严重违法失信行为记录推送至“信用中国”。",
        owners=[d["DRC"]],
        due_on=today + dt.timedelta(days=10),
        agenda_item=agenda[1],
        acting_user=liaison,
    )
    actions.issue_minutes(minutes, acting_user=head)
    actions.report_progress(
        done, text="已确定双方对接人，建立工作群。", acting_user=_user("psb_liaison")
    )
    actions.request_close(done, note="联络机制已建立并运行。", acting_user=_user("psb_liaison"))
    actions.confirm_done(done, acting_user=liaison)
    actions.report_progress(
        late, text="已收集检测机构12家，正在核对资质。", acting_user=_user("samr_liaison")
    )
    actions.report_progress(
        open_item, text="已汇总失信行为记录3条，待审核后推送。", acting_user=_user("drc_liaison")
    )

    upcoming = actions.propose_topic(
        category="major_case",
        title="某区教育局课桌椅采购项目涉嫌串通投标案移送情况",
        description="通报该案移送公安机关后的审查进展，研究行政处罚与刑事追责的衔接。",
        acting_user=_user("fin_liaison"),
    )
    actions.convene(
        title=NEXT,
        starts_at=_at(7, 14, 30),
        place="区财政局三楼会议室",
        topics=[upcoming],
        acting_user=fin,
    )
    reminders.sweep()  # the overdue item is overdue now, its owner's head told
    actions.propose_topic(
        category="cooperation",
        title="政府采购领域产品质量抽检结果的共享方式",
        description="建议抽检结果通过信息通报共享，并明确不合格产品的移送程序。",
        acting_user=_user("samr_liaison"),
    )
