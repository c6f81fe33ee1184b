"""Permission matrix entries of the joint-meeting pages and API.

FIN is the lead unit: its heads and officers convene and keep the minutes, its head signs them.
Topics come from a member's liaison (or head); invitees reply to their own invitations; the owners
of a 议定事项 report on it. System administrators and another jurisdiction see nothing."""

import datetime as dt

from liandong.meetings import actions
from liandong.meetings.models import Meeting, Minutes, Resolution, Topic
from tests.evidence.support import sealed
from tests.matrix import EVERYONE, Endpoint, Route
from tests.meetings.support import held, topic
from tests.transfers.support import at, frozen

OUTSIDE = frozenset({"admin", "outsider"})
MEMBERS = EVERYONE - OUTSIDE
LEAD = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2"})
HEAD = frozenset({"fin_head"})
PROPOSERS = frozenset(
    {"fin_head", "fin_liaison", "psb_liaison", "drc_liaison", "aud_liaison", "samr_liaison"}
)
INVITED = frozenset({"fin_liaison", "psb_liaison", "drc_liaison", "aud_liaison", "samr_liaison"})
WORKERS = MEMBERS - {"fin_viewer"}
OWNERS = LEAD | {"psb_liaison", "psb_officer"}  # the item is PSB's and FIN's


def _future(cast):
    return actions.convene(
        title="联席会议",
        starts_at=at("2027-01-06 09:30"),
        place="区财政局三楼会议室",
        topics=[topic(cast)],
        acting_user=cast.fin_liaison,
    )


def _past(cast):
    """A meeting that has begun (convened beforehand, on a clock set back)."""
    with frozen("2026-01-05 09:00"):
        return actions.convene(
            title="联席会议",
            starts_at=at("2026-01-06 09:30"),
            place="区财政局三楼会议室",
            topics=[topic(cast)],
            acting_user=cast.fin_liaison,
        )


def _held(cast) -> Minutes:
    return held(cast, _past(cast))


def _with_item(cast) -> Minutes:
    minutes = _held(cast)
    actions.add_resolution(
        minutes,
        text="建立电子数据调取联络机制。",
        owners=[cast.psb, cast.fin],
        due_on=dt.date(2027, 1, 31),
        acting_user=cast.fin_liaison,
    )
    return minutes


def _in_review(cast) -> Minutes:
    return actions.circulate(_with_item(cast), acting_user=cast.fin_liaison)


def _issued(cast) -> Resolution:
    minutes = actions.issue_minutes(_with_item(cast), acting_user=cast.fin_head)
    return minutes.resolutions.get()


def _close_requested(cast) -> Resolution:
    return actions.request_close(_issued(cast), note="已建立。", acting_user=cast.psb_liaison)


def _with_report_file(cast):
    resolution = _issued(cast)
    upload = sealed(cast.psb_liaison, "联络机制.pdf")
    return actions.report_progress(
        resolution, text="已建立。", upload_id=upload.pk, acting_user=cast.psb_liaison
    )


def _last(model):
    return model.objects.order_by("-pk").first()


def _version(model):
    return _last(model).version


def _post(name, kwargs, allowed, data=lambda c: {}, audit=None, hidden=OUTSIDE, label=None):
    return Route(
        name,
        method="POST",
        kwargs=kwargs,
        data=data,
        allowed=allowed,
        hidden=hidden,
        success=(302,),
        audit=audit,
        label=label or f"POST {name}",
    )


def _reply_data(cast, who):
    return {"answer": "attend", "deputy": "", "note": ""}


def _attendance(cast):
    meeting = _last(Meeting)
    data = {f"a{i.pk}": "present" for i in meeting.invitations.all()}
    return {**data, "version": meeting.version}


def _topic_data(cast, who):
    return {"category": "difficult", "title": "议题", "description": "说明", "shared_part": ""}


CONVENE = {
    "title": "联席会议",
    "starts_at": "2027-01-06T09:30",
    "place": "区财政局三楼会议室",
    "items": "通报案件办理情况",
}

ROUTES = [
    Route("meetings:list", allowed=MEMBERS),
    Route("meetings:topics", allowed=MEMBERS),
    Route(
        "meetings:topics",
        method="POST",
        data=_topic_data,
        per_person=True,
        allowed=PROPOSERS,
        success=(302,),
        audit="meetings.topic.propose",
    ),
    _post(
        "meetings:topic_decline",
        lambda c: {"pk": topic(c).pk},
        LEAD,
        lambda c: {"reason": "下次会议研究。", "version": _version(Topic)},
        "meetings.topic.decline",
    ),
    Route("meetings:new", allowed=MEMBERS),
    Route(
        "meetings:new",
        method="POST",
        data=lambda c: CONVENE,
        allowed=LEAD,
        success=(302,),
        audit="meetings.meeting.convene",
    ),
    Route(
        "meetings:detail", kwargs=lambda c: {"pk": _future(c).pk}, allowed=MEMBERS, hidden=OUTSIDE
    ),
    Route(
        "meetings:reply",
        method="POST",
        kwargs=lambda c: {"pk": _future(c).pk},
        data=_reply_data,
        per_person=True,
        allowed=INVITED,
        hidden=OUTSIDE,
        success=(302,),
        audit="meetings.invitation.reply",
    ),
    _post(
        "meetings:attendance",
        lambda c: {"pk": _past(c).pk},
        LEAD,
        _attendance,
        "meetings.meeting.record_attendance",
    ),
    _post(
        "meetings:cancel",
        lambda c: {"pk": _future(c).pk},
        LEAD,
        lambda c: {"reason": "改期。", "version": _version(Meeting)},
        "meetings.meeting.cancel",
    ),
    Route(
        "meetings:minutes",
        kwargs=lambda c: {"pk": _held(c).meeting_id},
        allowed=MEMBERS,
        hidden=OUTSIDE,
    ),
    _post(
        "meetings:minutes_edit",
        lambda c: {"pk": _held(c).meeting_id},
        LEAD,
        lambda c: {"summary": "会议概况。", "version": _version(Minutes)},
        "meetings.minutes.edit",
    ),
    _post(
        "meetings:resolution_add",
        lambda c: {"pk": _held(c).meeting_id},
        LEAD,
        lambda c: {"text": "事项。", "owners": [c.psb.pk], "due_on": "2027-01-31"},
        "meetings.resolution.add",
    ),
    _post(
        "meetings:resolution_remove",
        lambda c: {"pk": (m := _with_item(c)).meeting_id, "rpk": m.resolutions.get().pk},
        LEAD,
        audit="meetings.resolution.remove",
    ),
    _post(
        "meetings:circulate",
        lambda c: {"pk": _with_item(c).meeting_id},
        LEAD,
        lambda c: {"version": _version(Minutes)},
        "meetings.minutes.circulate",
    ),
    _post(
        "meetings:comment",
        lambda c: {"pk": _in_review(c).meeting_id},
        WORKERS,
        lambda c: {"text": "建议明确对接时限。"},
        "meetings.minutes.comment",
    ),
    _post(
        "meetings:issue",
        lambda c: {"pk": _with_item(c).meeting_id},
        HEAD,
        lambda c: {"version": _version(Minutes)},
        "meetings.minutes.issue",
    ),
    Route("meetings:resolutions", allowed=MEMBERS),
    Route(
        "meetings:resolution",
        kwargs=lambda c: {"pk": _issued(c).pk},
        allowed=MEMBERS,
        hidden=OUTSIDE,
    ),
    _post(
        "meetings:report",
        lambda c: {"pk": _issued(c).pk},
        OWNERS,
        lambda c: {"text": "已确定对接人员。"},
        "meetings.resolution.report",
    ),
    _post(
        "meetings:request_close",
        lambda c: {"pk": _issued(c).pk},
        OWNERS,
        lambda c: {"note": "已建立。", "version": _version(Resolution)},
        "meetings.resolution.request_close",
    ),
    _post(
        "meetings:confirm",
        lambda c: {"pk": _close_requested(c).pk},
        LEAD,
        lambda c: {"version": _version(Resolution)},
        "meetings.resolution.confirm",
    ),
    _post(
        "meetings:reopen",
        lambda c: {"pk": _close_requested(c).pk},
        LEAD,
        lambda c: {"reason": "尚缺书面制度。", "version": _version(Resolution)},
        "meetings.resolution.reopen",
    ),
    Route(
        "meetings:report_file",
        kwargs=lambda c: {"pk": _with_report_file(c).pk},
        allowed=MEMBERS,
        hidden=OUTSIDE,
    ),
]


def _api(path, make, allowed, body=lambda c: {}, audit=None, success=(200,), key="meeting_id"):
    return Endpoint(
        "POST",
        path,
        params=lambda c: {key: make(c)},
        body=body,
        allowed=allowed,
        hidden=OUTSIDE,
        audit=audit,
        success=success,
    )


def _api_topic(cast, who):
    return {"category": "difficult", "title": "议题", "description": "说明"}


def _api_attendance(cast):
    meeting = _last(Meeting)
    return {"attendance": {str(i.pk): "present" for i in meeting.invitations.all()}}


ENDPOINTS = [
    Endpoint("GET", "/api/v1/meetings/topics", allowed=MEMBERS),
    Endpoint(
        "POST",
        "/api/v1/meetings/topics",
        body=_api_topic,
        per_person=True,
        allowed=PROPOSERS,
        success=(201,),
        audit="meetings.topic.propose",
    ),
    _api(
        "/api/v1/meetings/topics/{topic_id}/decline",
        lambda c: topic(c).pk,
        LEAD,
        lambda c: {"reason": "下次会议研究。"},
        "meetings.topic.decline",
        key="topic_id",
    ),
    Endpoint("GET", "/api/v1/meetings", allowed=MEMBERS),
    Endpoint(
        "POST",
        "/api/v1/meetings",
        body=lambda c: {
            **CONVENE,
            "items": ["通报案件办理情况"],
            "starts_at": "2027-01-06T09:30:00+08:00",
        },
        allowed=LEAD,
        success=(201,),
        audit="meetings.meeting.convene",
    ),
    Endpoint(
        "GET",
        "/api/v1/meetings/{meeting_id}",
        params=lambda c: {"meeting_id": _future(c).pk},
        allowed=MEMBERS,
        hidden=OUTSIDE,
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/reply",
        lambda c: _future(c).pk,
        INVITED,
        lambda c: {"answer": "attend"},
        "meetings.invitation.reply",
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/attendance",
        lambda c: _past(c).pk,
        LEAD,
        _api_attendance,
        "meetings.meeting.record_attendance",
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/cancel",
        lambda c: _future(c).pk,
        LEAD,
        lambda c: {"reason": "改期。"},
        "meetings.meeting.cancel",
    ),
    Endpoint(
        "GET",
        "/api/v1/meetings/{meeting_id}/minutes",
        params=lambda c: {"meeting_id": _held(c).meeting_id},
        allowed=MEMBERS,
        hidden=OUTSIDE,
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/minutes",
        lambda c: _held(c).meeting_id,
        LEAD,
        lambda c: {"summary": "会议概况。"},
        "meetings.minutes.edit",
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/minutes/resolutions",
        lambda c: _held(c).meeting_id,
        LEAD,
        lambda c: {"text": "事项。", "owner_ids": [c.psb.pk], "due_on": "2027-01-31"},
        "meetings.resolution.add",
        success=(201,),
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/minutes/circulate",
        lambda c: _with_item(c).meeting_id,
        LEAD,
        audit="meetings.minutes.circulate",
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/minutes/comments",
        lambda c: _in_review(c).meeting_id,
        WORKERS,
        lambda c: {"text": "建议明确对接时限。"},
        "meetings.minutes.comment",
        success=(201,),
    ),
    _api(
        "/api/v1/meetings/{meeting_id}/minutes/issue",
        lambda c: _with_item(c).meeting_id,
        HEAD,
        audit="meetings.minutes.issue",
    ),
    Endpoint("GET", "/api/v1/meetings/resolutions", allowed=MEMBERS),
    Endpoint(
        "GET",
        "/api/v1/meetings/resolutions/{resolution_id}",
        params=lambda c: {"resolution_id": _issued(c).pk},
        allowed=MEMBERS,
        hidden=OUTSIDE,
    ),
    _api(
        "/api/v1/meetings/resolutions/{resolution_id}/reports",
        lambda c: _issued(c).pk,
        OWNERS,
        lambda c: {"text": "已确定对接人员。"},
        "meetings.resolution.report",
        success=(201,),
        key="resolution_id",
    ),
    _api(
        "/api/v1/meetings/resolutions/{resolution_id}/request_close",
        lambda c: _issued(c).pk,
        OWNERS,
        lambda c: {"note": "已建立。"},
        "meetings.resolution.request_close",
        key="resolution_id",
    ),
    _api(
        "/api/v1/meetings/resolutions/{resolution_id}/confirm",
        lambda c: _close_requested(c).pk,
        LEAD,
        audit="meetings.resolution.confirm",
        key="resolution_id",
    ),
    _api(
        "/api/v1/meetings/resolutions/{resolution_id}/reopen",
        lambda c: _close_requested(c).pk,
        LEAD,
        lambda c: {"reason": "尚缺书面制度。"},
        "meetings.resolution.reopen",
        key="resolution_id",
    ),
]
