"""A joint meeting end to end: a topic, convened by the lead unit only, replies, attendance,
minutes with two 议定事项 issued as a numbered 纪要 with read receipts, progress reports by the
owners only, one confirmed done, the other overdue and escalated."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liandong.audit.models import AuditEntry
from liandong.deadlines import reminders
from liandong.deadlines.models import Deadline, DeadlineAlert
from liandong.documents.models import IssuedDocument
from liandong.meetings import actions
from liandong.meetings.models import Meeting, MinutesState, Resolution, Topic
from liandong.notifications import receipts
from liandong.notifications.models import Notification
from tests.meetings.support import convened, held, topic, with_two_items
from tests.transfers.support import at, frozen


def codes(caught) -> list[str]:
    return [e.code for errors in caught.value.error_dict.values() for e in errors]


def test_only_the_lead_unit_convenes(cast):
    with frozen("2026-11-30 10:00"):
        proposed = topic(cast)
        with pytest.raises(PermissionDenied) as caught:
            convened(cast, topics=[proposed], acting_user=cast.psb_liaison)
        assert "牵头单位" in str(caught.value)
        assert not Meeting.objects.exists()
        assert AuditEntry.objects.filter(
            action="meetings.meeting.convene", outcome="denied"
        ).exists()


def test_a_meeting_from_topic_to_minutes(cast):
    with frozen("2026-11-30 10:00") as clock:
        meeting = convened(cast)
        assert Topic.objects.get().state == "accepted"
        invited = {i.person for i in meeting.invitations.exclude(person=None)}
        assert invited == {cast.fin_liaison, cast.psb_liaison, cast.drc_liaison,
                           cast.aud_liaison, cast.samr_liaison}  # fmt: skip
        assert Notification.objects.filter(kind="meetings.invitation").count() == 5
        aud = meeting.invitations.get(person=cast.aud_liaison)
        with pytest.raises(ValidationError) as caught:
            actions.reply(aud, answer="leave", acting_user=cast.aud_liaison)
        assert codes(caught) == ["required"]
        actions.reply(aud, answer="leave", note="参加审计厅培训。", acting_user=cast.aud_liaison)
        with pytest.raises(PermissionDenied):
            actions.reply(aud, answer="attend", acting_user=cast.psb_liaison)
        psb = meeting.invitations.get(person=cast.psb_liaison)
        actions.reply(psb, answer="deputy", deputy="刘警官", acting_user=cast.psb_liaison)

        with pytest.raises(ValidationError) as caught:
            held(cast, meeting)
        assert codes(caught) == ["not_yet"]
        clock.set("2026-12-02 11:30")
        minutes = held(cast, meeting)
        first, second = with_two_items(cast, minutes)
        with pytest.raises(ValidationError) as caught:
            actions.add_resolution(
                minutes,
                text="x",
                owners=[cast.fin],
                due_on=dt.date(2026, 12, 2),
                acting_user=cast.fin_liaison,
            )
        assert codes(caught) == ["before_meeting"]
        loose = actions.add_resolution(minutes, text="待定事项", acting_user=cast.fin_liaison)
        with pytest.raises(ValidationError) as caught:
            actions.issue_minutes(minutes, acting_user=cast.fin_head)
        assert sorted(codes(caught)) == ["no_due_date", "no_owner"]
        assert not IssuedDocument.objects.exists()
        actions.remove_resolution(loose, acting_user=cast.fin_liaison)
        with pytest.raises(PermissionDenied):
            actions.issue_minutes(minutes, acting_user=cast.fin_liaison)  # the head signs
        actions.issue_minutes(minutes, acting_user=cast.fin_head)
        minutes.refresh_from_db()
        assert minutes.state == MinutesState.ISSUED
        assert minutes.document.number == "泉鲤政财〔2026〕1号"
        assert minutes.document.kind == "meeting_minutes"
        body = "".join(str(b) for b in minutes.document.content["body"])
        assert "出席" in body and "请假" in body and "列席" in body and "检察官刘某" in body
        assert "刘警官" in body

        with pytest.raises(ValidationError) as caught:
            actions.edit_minutes(
                minutes, summary="改", discussions={}, acting_user=cast.fin_liaison
            )
        assert codes(caught) == ["issued"]

        timers = Deadline.objects.filter(object_id__in=[str(first.pk), str(second.pk)])
        assert sorted(t.department.short_name for t in timers) == [
            "区公安分局",
            "区市场监管局",
            "区财政局",
        ]
        assert {t.due_at for t in timers if t.object_id == str(second.pk)} == {
            at("2026-12-16 00:00")
        }

        with pytest.raises(PermissionDenied):
            actions.report_progress(second, text="x", acting_user=cast.psb_liaison)
        actions.report_progress(first, text="已确定双方对接人员。", acting_user=cast.psb_liaison)
        actions.request_close(first, note="联络机制已建立。", acting_user=cast.psb_liaison)
        clock.set("2026-12-10 09:00")
        actions.confirm_done(first, acting_user=cast.fin_liaison)
        first.refresh_from_db()
        assert first.state == "done"

        clock.set("2026-12-16 08:00")
        reminders.sweep()
        second_timer = Deadline.objects.get(object_id=str(second.pk), department=cast.samr)
        assert second_timer.state == "missed"
        assert DeadlineAlert.objects.filter(deadline=second_timer, kind="overdue").exists()
        rates = {
            r["department"].short_name: r for r in actions.on_time_rates(Resolution.objects.all())
        }
        assert rates["区公安分局"]["rate"] == 100 and rates["区市场监管局"]["overdue"] == 1


def test_read_receipts_of_the_minutes_are_exact(cast):
    with frozen("2026-11-30 10:00") as clock:
        meeting = convened(cast)
        clock.set("2026-12-02 11:30")
        minutes = held(cast, meeting)
        with_two_items(cast, minutes)
        actions.issue_minutes(minutes, acting_user=cast.fin_head)
        receipts.mark_read(minutes, acting_user=cast.psb_liaison)
        receipts.mark_read(minutes, acting_user=cast.psb_liaison)  # a second look changes nothing
        receipts.mark_read(minutes, acting_user=cast.fin_head)
    lines = receipts.status(minutes)
    read = sorted(line.person for line in lines if line.read_at)
    unread = sorted(line.person for line in lines if not line.read_at)
    assert read == sorted([cast.psb_liaison.full_name, cast.fin_head.full_name])
    expected = {
        p.full_name
        for p in cast.people.values()
        if p.department.is_member
        and p.department.jurisdiction == cast.jurisdiction
        and p.role != "admin"
    }
    assert set(read) | set(unread) == expected
    assert AuditEntry.objects.filter(action="notifications.receipt.read").count() == 2


def test_a_topic_s_cases_are_seen_only_as_far_as_their_owner_shared_them(cast):
    from django.test import Client

    from liandong.cases.models import CaseGrant
    from tests.transfers.support import case_under_investigation

    shared = case_under_investigation(cast)
    kept = case_under_investigation(cast, title="某公园绿化养护项目评审专家违规评审")
    with frozen("2026-11-30 10:00"):
        first = topic(cast, acting_user=cast.fin_liaison, title="串通投标案通报",
                      cases_linked=[shared], shared_part="summary")  # fmt: skip
        second = topic(cast, acting_user=cast.fin_head, title="评审专家违规案研究",
                       cases_linked=[kept])  # fmt: skip
        meeting = convened(cast, topics=[first, second])
    assert CaseGrant.objects.filter(case=shared, department=cast.psb, part="summary").exists()
    assert not CaseGrant.objects.filter(case=kept).exists()
    police = Client()
    police.force_login(cast.psb_liaison)
    page = police.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"{shared.number} {shared.title}" in page
    assert kept.number in page and kept.title not in page and "未向本单位共享" in page
    with pytest.raises(ValidationError) as caught:
        topic(cast, acting_user=cast.psb_liaison, cases_linked=[kept])
    assert codes(caught) == ["not_own"]
