"""协查: requested by a case's department, accepted or declined by the helping one, worked on,
results attached as evidence of the case, completed, closed by the requester."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from liandong.assistance import actions
from liandong.assistance.models import TRANSITIONS, AssistanceRequest, AssistanceResult, State
from liandong.audit.models import AuditEntry
from liandong.cases import actions as cases
from liandong.cases.models import Case, CaseGrant
from liandong.deadlines.models import Deadline
from liandong.deadlines.periods import CHINA
from liandong.evidence import custody
from liandong.evidence.models import EvidenceItem, Upload, UploadState
from liandong.notifications.models import Notification
from tests.evidence.support import sealed

MONDAY = dt.datetime(2026, 9, 28, 10, 0, tzinfo=CHINA)  # before the National Day holiday


def _case(cast, **extra):
    case = cases.register_case(
        cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="report",
        acting_user=cast.fin_officer,
        **extra,
    )
    cases.add_party(
        case,
        role="supplier",
        name="泉州某某科技有限公司",
        uscc="914403001922038216",
        acting_user=cast.fin_officer,
    )
    return case


def _request(cast, case=None, **overrides):
    data = {
        "case": case or _case(cast),
        "department": cast.psb,
        "kind": "verification",
        "subject": "核查投标人法定代表人身份",
        "details": "请核查两名法定代表人的户籍信息及其亲属关系。",
        "due_on": actions.today() + dt.timedelta(days=7),
        "acting_user": cast.fin_officer,
    }
    data.update(overrides)
    return actions.create(**data)


def _result(**overrides):
    data = {
        "title": "户籍信息核查情况",
        "kind": "documentary",
        "collectors": "PSB Officer、PSB Liaison",
        "collected_at": timezone.now() - dt.timedelta(hours=2),
        "place": "泉州市公安局鲤城分局户政科",
        "source": "公安人口信息管理系统",
        "description": "证明两名法定代表人系兄弟关系。",
    }
    data.update(overrides)
    return data


def _attach(cast, request, who=None, **overrides):
    who = who or cast.psb_officer
    upload = sealed(who, "户籍核查.pdf")
    return actions.attach_result(
        request, upload_id=upload.pk, acting_user=who, **_result(**overrides)
    )


def _timer(request):
    return Deadline.objects.for_object(request).order_by("-pk").first()


def _fresh(request):
    return AssistanceRequest.objects.get(pk=request.pk)


# ---------------------------------------------------------------------------------- the clock


def test_it_starts_the_clock_on_the_requested_date_and_tells_the_liaison(cast):
    with mock.patch("django.utils.timezone.now", return_value=MONDAY):
        request = _request(cast, due_on=dt.date(2026, 9, 30))
    timer = _timer(request)
    assert timer.rule.code == "assistance.respond" and timer.department == cast.psb
    assert timer.name == "协查答复" and "二（四）" in timer.basis
    assert timezone.localtime(timer.due_at, CHINA) == dt.datetime(2026, 10, 1, tzinfo=CHINA)
    assert timer.unit == "calendar_days" and timer.amount == 2
    told = Notification.objects.filter(kind="assistance.requested")
    assert [n.recipient for n in told] == [cast.psb_liaison]
    assert "2026-09-30" in told.get().body


def test_a_requested_date_in_a_holiday_ends_on_the_next_workday(cast):
    """民法典 第203条, as every day period: 10-03 is in the National Day holiday (10-01 to
    10-07), so the period ends at 24:00 of 10-08."""
    with mock.patch("django.utils.timezone.now", return_value=MONDAY):
        request = _request(cast, due_on=dt.date(2026, 10, 3))
    assert request.due_on == dt.date(2026, 10, 3)
    due = timezone.localtime(_timer(request).due_at, CHINA)
    assert due == dt.datetime(2026, 10, 9, tzinfo=CHINA)


def test_without_a_date_the_rule_gives_ten_workdays(cast):
    """09-29, 09-30, 10-08, 10-09, 10-10 (a make-up Saturday), 10-12 … 10-16."""
    with mock.patch("django.utils.timezone.now", return_value=MONDAY):
        request = _request(cast, due_on=None)
    timer = _timer(request)
    assert timer.unit == "workdays" and timer.amount == 10
    assert request.due_on == dt.date(2026, 10, 16) == timer.last_day


def test_declining_answers_and_completing_meets_the_clock_withdrawing_cancels_it(cast):
    declined = actions.decline(
        _request(cast), reason="不属本局职责范围。", acting_user=cast.psb_liaison
    )
    assert _timer(declined).state == "met"
    request = actions.accept(_request(cast), acting_user=cast.psb_liaison)
    _attach(cast, request, who=cast.psb_liaison)
    actions.complete(request, summary="已核查。", acting_user=cast.psb_liaison)
    assert _timer(request).state == "met"
    withdrawn = actions.withdraw(
        _request(cast), reason="已自行查明。", acting_user=cast.fin_officer
    )
    assert _timer(withdrawn).state == "cancelled"


# ---------------------------------------------------------------------------------- the flow


def test_the_whole_flow(cast):
    case = _case(cast)
    request = _request(cast, case=case, shared_part="summary")
    grant = CaseGrant.objects.get(case=case, department=cast.psb)
    assert grant.part == "summary" and grant.source == "assistance"
    assert request.state == State.REQUESTED
    request = actions.accept(request, assignee=cast.psb_officer, acting_user=cast.psb_liaison)
    assert request.state == State.ACCEPTED and request.assignee == cast.psb_officer
    assert Notification.objects.filter(kind="assistance.accepted", recipient=cast.fin_officer)
    assert Notification.objects.filter(kind="assistance.assigned", recipient=cast.psb_officer)
    _attach(cast, request)
    _attach(cast, request, title="亲属关系证明")
    request = _fresh(request)
    assert request.state == State.IN_PROGRESS and request.results.count() == 2
    assert Notification.objects.filter(kind="assistance.result").count() == 2
    request = actions.complete(request, summary="两人系兄弟。", acting_user=cast.psb_officer)
    assert request.state == State.COMPLETED and request.completed_at
    assert Notification.objects.filter(kind="assistance.completed", recipient=cast.fin_officer)
    request = actions.close(request, acting_user=cast.fin_officer)
    assert request.state == State.CLOSED and request.closed_at
    assert Notification.objects.filter(kind="assistance.closed", recipient=cast.psb_officer)
    audited = AuditEntry.objects.filter(
        object_type="assistance.assistancerequest", object_id=str(request.pk), outcome="ok"
    ).order_by("seq")
    assert list(audited.values_list("action", flat=True)) == [
        "assistance.request.create",
        "assistance.request.accept",
        "assistance.request.attach",
        "assistance.request.attach",
        "assistance.request.complete",
        "assistance.request.close",
    ]


def _in_state(cast, state):
    request = _request(cast)
    if state == State.REQUESTED:
        return request
    if state == State.DECLINED:
        return actions.decline(request, reason="不属本局职责。", acting_user=cast.psb_liaison)
    if state == State.WITHDRAWN:
        return actions.withdraw(request, reason="已查明。", acting_user=cast.fin_officer)
    request = actions.accept(request, assignee=cast.psb_officer, acting_user=cast.psb_liaison)
    if state == State.ACCEPTED:
        return request
    _attach(cast, request)
    request = _fresh(request)
    if state == State.IN_PROGRESS:
        return request
    request = actions.complete(request, summary="已核查。", acting_user=cast.psb_officer)
    if state == State.COMPLETED:
        return request
    return actions.close(request, acting_user=cast.fin_officer)


def _steps(cast):
    return {
        "accept": lambda r: actions.accept(r, acting_user=cast.psb_liaison),
        "decline": lambda r: actions.decline(r, reason="无法协助。", acting_user=cast.psb_liaison),
        "assign": lambda r: actions.assign(
            r, assignee=cast.psb_liaison, acting_user=cast.psb_liaison
        ),
        "attach": lambda r: _attach(cast, r, who=cast.psb_liaison),
        "complete": lambda r: actions.complete(r, summary="完成。", acting_user=cast.psb_liaison),
        "close": lambda r: actions.close(r, acting_user=cast.fin_officer),
        "withdraw": lambda r: actions.withdraw(
            r, reason="不再需要。", acting_user=cast.fin_officer
        ),
    }


@pytest.mark.parametrize("state", State.values)
def test_it_walks_every_allowed_and_forbidden_step(cast, state):
    for verb, run in _steps(cast).items():
        request = _in_state(cast, state)
        sources, target = TRANSITIONS[verb]
        if state in sources:
            run(request)
            assert _fresh(request).state == (target or state), verb
        else:
            with pytest.raises(ValidationError) as caught:
                run(request)
            assert caught.value.message_dict["state"], verb
            assert _fresh(request).version == request.version, verb


# ---------------------------------------------------------------------------------- results


def test_results_become_evidence_of_the_case_provided_by_the_helping_department(cast):
    case = _case(cast)
    request = actions.accept(_request(cast, case=case), acting_user=cast.psb_liaison)
    actions.assign(request, assignee=cast.psb_officer, acting_user=cast.psb_liaison)
    result = _attach(cast, request)
    item = EvidenceItem.objects.get(pk=result.item_id)
    assert item.case == case and item.provided_by == cast.psb
    assert item.method == "assistance" and item.collectors == "PSB Officer、PSB Liaison"
    assert item.added_by == cast.psb_officer and item.blob.sm3
    assert EvidenceItem.objects.visible_to(cast.fin_officer).filter(pk=item.pk).exists()
    events = custody.events(item)
    collected, registered = events[0], events[1]
    assert collected.label == "收集" and collected.department == cast.psb.name
    assert collected.who == "PSB Officer、PSB Liaison"
    assert registered.label == "登记上传" and cast.psb_officer.full_name in registered.who
    assert registered.department == cast.psb.name and registered.seq
    client = Client()
    client.force_login(cast.fin_officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "户籍信息核查情况" in page
    item_page = client.get(f"/evidence/{item.pk}/").content.decode()
    assert "泉州市公安局鲤城分局" in item_page and "协查取得" in item_page


def test_a_result_on_a_declined_request_is_refused_with_the_rule_named_and_nothing_written(cast):
    request = actions.accept(_request(cast), acting_user=cast.psb_liaison)
    request = actions.decline(request, reason="人手不足，无法协助。", acting_user=cast.psb_liaison)
    upload = sealed(cast.psb_liaison, "户籍核查.pdf")
    with pytest.raises(ValidationError) as caught:
        actions.attach_result(
            request, upload_id=upload.pk, acting_user=cast.psb_liaison, **_result()
        )
    message = caught.value.message_dict["state"][0]
    assert "不予协助" in message and "提交协查结果只能在“已受理”、“办理中”时进行" in message
    assert not EvidenceItem.objects.exists() and not AssistanceResult.objects.exists()
    upload.refresh_from_db()
    assert upload.state == UploadState.SEALED  # not used up: the submit can be repeated
    refused = AuditEntry.objects.order_by("-seq").first()
    assert (refused.action, refused.outcome) == ("assistance.request.attach", "invalid")
    assert _fresh(request).version == request.version


def test_bad_evidence_fields_are_named_and_nothing_is_filed(cast):
    request = actions.accept(_request(cast), acting_user=cast.psb_liaison)
    with pytest.raises(ValidationError) as caught:
        _attach(cast, request, who=cast.psb_liaison, place="", kind="rumour")
    assert {"place", "kind"} <= set(caught.value.message_dict)
    assert not EvidenceItem.objects.exists() and _fresh(request).state == State.ACCEPTED


def test_an_upload_of_someone_else_cannot_be_filed(cast):
    request = actions.accept(_request(cast), acting_user=cast.psb_liaison)
    theirs = sealed(cast.psb_officer)
    with pytest.raises(ValidationError) as caught:
        actions.attach_result(
            request, upload_id=theirs.pk, acting_user=cast.psb_liaison, **_result()
        )
    assert "upload" in caught.value.message_dict
    assert Upload.objects.get(pk=theirs.pk).state == UploadState.SEALED


# ---------------------------------------------------------------------------------- bad input


def test_bad_requests_name_their_fields_and_write_nothing(cast):
    case = _case(cast)
    writes = (AssistanceRequest.objects.count(), Deadline.objects.count())
    with pytest.raises(ValidationError) as caught:
        _request(
            cast,
            case=case,
            department=cast.fin,
            kind="gossip",
            subject=" ",
            details="",
            due_on=actions.today(),
            shared_part="secrets",
        )
    assert set(caught.value.message_dict) == {
        "department",
        "kind",
        "subject",
        "details",
        "due_on",
        "shared_part",
    }
    assert "本单位" in caught.value.message_dict["department"][0]
    assert "明天" in caught.value.message_dict["due_on"][0]
    for overrides, field in (
        ({"due_on": actions.today() - dt.timedelta(days=3)}, "due_on"),
        ({"due_on": actions.today() + dt.timedelta(days=400)}, "due_on"),
        ({"department": cast.other_fin}, "department"),
        ({"department": cast.procuratorate}, "department"),
    ):
        with pytest.raises(ValidationError) as caught:
            _request(cast, case=case, **overrides)
        assert field in caught.value.message_dict
    assert (AssistanceRequest.objects.count(), Deadline.objects.count()) == writes
    assert not CaseGrant.objects.filter(case=case).exists()


def test_only_a_handler_asks_and_only_about_an_open_case_of_their_department(cast):
    case = _case(cast)
    with pytest.raises(PermissionDenied):
        _request(cast, case=case, acting_user=cast.fin_officer2)  # not one of its officers
    with pytest.raises(PermissionDenied):
        _request(cast, case=case, acting_user=cast.fin_viewer)
    psb_case = cases.register_case(
        cast.psb, title="某案", source="report", acting_user=cast.psb_officer
    )
    with pytest.raises(PermissionDenied):
        _request(cast, case=psb_case, department=cast.samr)  # not hers
    cases.move_case(case, "dismiss", reason="线索不实", acting_user=cast.fin_head)
    with pytest.raises(ValidationError) as caught:
        _request(cast, case=Case.objects.get(pk=case.pk), acting_user=cast.fin_head)
    assert "结案" in caught.value.message_dict["case"][0]


def test_acting_on_a_request_you_were_not_given_is_refused(cast):
    request = _request(cast)
    for outsider in (cast.psb_officer, cast.samr_liaison, cast.fin_officer):
        with pytest.raises(PermissionDenied):
            actions.accept(request, acting_user=outsider)
    with pytest.raises(ValidationError) as caught:
        actions.accept(request, assignee=cast.fin_officer2, acting_user=cast.psb_liaison)
    assert "assignee" in caught.value.message_dict
    request = actions.accept(request, acting_user=cast.psb_liaison)
    for not_given in (cast.psb_officer, cast.samr_liaison, cast.fin_officer):
        with pytest.raises(PermissionDenied):
            _attach(cast, request, who=not_given)
    with pytest.raises(PermissionDenied):
        actions.close(request, acting_user=cast.psb_liaison)
    with pytest.raises(PermissionDenied):
        actions.withdraw(request, reason="越权撤回", acting_user=cast.fin_officer2)
    assert not EvidenceItem.objects.exists()


def test_two_liaisons_acting_at_once_one_is_told_the_page_is_stale(cast):
    request = _request(cast)
    seen = request.version
    actions.accept(request, acting_user=cast.psb_liaison, expected_version=seen)
    with pytest.raises(ValidationError, match="已被他人修改"):
        actions.decline(
            request, reason="无法协助", acting_user=cast.psb_liaison, expected_version=seen
        )


def test_declining_and_withdrawing_need_a_reason(cast):
    request = _request(cast)
    with pytest.raises(ValidationError) as caught:
        actions.decline(request, reason=" ", acting_user=cast.psb_liaison)
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        actions.withdraw(request, reason="", acting_user=cast.fin_officer)
    assert "reason" in caught.value.message_dict
    assert _fresh(request).state == State.REQUESTED and _timer(request).state == "running"


# ---------------------------------------------------------------------------------- who sees what


def test_the_helping_department_sees_only_what_was_shared(cast):
    case = _case(cast)
    own = sealed(cast.fin_officer)
    from liandong.evidence import actions as evidence
    from tests.evidence.support import fields

    evidence.add_item(case, upload_id=own.pk, acting_user=cast.fin_officer, **fields())
    request = actions.accept(
        _request(cast, case=case, shared_part="summary"), acting_user=cast.psb_liaison
    )
    _attach(cast, request, who=cast.psb_liaison)
    helper = Client()
    helper.force_login(cast.psb_officer)
    page = helper.get(f"/cases/{case.pk}/").content.decode()
    assert "某中学实验室设备采购项目涉嫌串通投标" in page
    assert "泉州某某科技有限公司" not in page and "开标记录表" not in page
    assert not EvidenceItem.objects.visible_to(cast.psb_officer).exists()
    detail = helper.get(f"/assistance/{request.pk}/").content.decode()
    assert "户籍信息核查情况" in detail and "开标记录表" not in detail
    assert "随协查共享" in detail and "案件概况" in detail
    other = Client()
    other.force_login(cast.samr_liaison)
    assert other.get(f"/assistance/{request.pk}/").status_code == 404
    assert other.get(f"/cases/{case.pk}/").status_code == 404


def test_a_confidential_case_s_requests_are_seen_at_home_only_by_its_handlers(cast):
    case = _case(cast)
    cases.update_case(case, confidential=True, acting_user=cast.fin_head)
    request = _request(cast, case=Case.objects.get(pk=case.pk))
    assert AssistanceRequest.objects.visible_to(cast.fin_officer).filter(pk=request.pk).exists()
    assert AssistanceRequest.objects.visible_to(cast.fin_head).filter(pk=request.pk).exists()
    assert not AssistanceRequest.objects.visible_to(cast.fin_officer2).exists()
    assert AssistanceRequest.objects.visible_to(cast.psb_officer).filter(pk=request.pk).exists()


# ---------------------------------------------------------------------------------- pages


def test_what_waits_appears_on_the_workbench_and_the_case_timeline(cast):
    case = _case(cast)
    request = _request(cast, case=case)
    liaison = Client()
    liaison.force_login(cast.psb_liaison)
    assert "核查投标人法定代表人身份" in liaison.get("/").content.decode()
    actions.accept(request, assignee=cast.psb_officer, acting_user=cast.psb_liaison)
    officer = Client()
    officer.force_login(cast.psb_officer)
    assert "待办理" in officer.get("/").content.decode()
    _attach(cast, request)
    actions.complete(_fresh(request), summary="已核查。", acting_user=cast.psb_officer)
    asker = Client()
    asker.force_login(cast.fin_officer)
    assert "已完成，待确认办结" in asker.get("/").content.decode()
    page = asker.get(f"/cases/{case.pk}/").content.decode()
    assert "请求协查：区财政局→区公安分局：核查投标人法定代表人身份" in page
    assert "收到协查结果" in page and "协查完成" in page and "登记证据" in page


def test_the_case_page_offers_to_request_assistance(cast):
    case = _case(cast)
    client = Client()
    client.force_login(cast.fin_officer)
    assert f"/assistance/new/?case={case.pk}" in client.get(f"/cases/{case.pk}/").content.decode()
    form = client.get(f"/assistance/new/?case={case.pk}").content.decode()
    assert f'<option value="{case.pk}" selected>' in form
    response = client.post(
        "/assistance/new/",
        {
            "case": case.pk,
            "department": cast.samr.pk,
            "kind": "testing",
            "subject": "样品检验检测",
            "details": "请对样品送检。",
            "due_on": (actions.today() - dt.timedelta(days=1)).isoformat(),
            "shared_part": "summary",
        },
    )
    assert response.status_code == 200 and "要求完成日期最早为明天" in response.content.decode()
    assert not AssistanceRequest.objects.exists()


def test_the_result_form_takes_a_file_without_javascript_and_keeps_it_when_refused(cast):
    request = actions.accept(_request(cast), acting_user=cast.psb_liaison)
    client = Client()
    client.force_login(cast.psb_liaison)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.evidence.support import PDF

    form = {
        "title": "户籍信息核查情况",
        "kind": "documentary",
        "collectors": "PSB Liaison",
        "place": "泉州市公安局鲤城分局户政科",
        "source": "公安人口信息管理系统",
        "version": _fresh(request).version,
    }
    tomorrow = timezone.localtime() + dt.timedelta(days=1)  # the action refuses it
    response = client.post(
        f"/assistance/{request.pk}/results/new/",
        {
            **form,
            "collected_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
            "file": SimpleUploadedFile("户籍核查.pdf", PDF),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "收集时间不能晚于现在" in page and "已收到文件“户籍核查.pdf”" in page
    assert not EvidenceItem.objects.exists()
    kept = Upload.objects.get(owner=cast.psb_liaison, state=UploadState.SEALED)
    earlier = timezone.localtime() - dt.timedelta(hours=1)
    response = client.post(
        f"/assistance/{request.pk}/results/new/",
        {**form, "collected_at": earlier.strftime("%Y-%m-%dT%H:%M"), "upload": str(kept.pk)},
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.filename == "户籍核查.pdf" and item.provided_by == cast.psb


def test_the_list_page_reads_in_a_fixed_number_of_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = _case(cast)
    client = Client()
    client.force_login(cast.fin_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            assert client.get("/assistance/").status_code == 200
        return len(counted.captured_queries)

    _request(cast, case=case, subject="协查0")
    queries()  # warm the session
    one = queries()
    for n in range(1, 6):
        _request(cast, case=case, subject=f"协查{n}", department=[cast.psb, cast.samr][n % 2])
    # a fixed number: the session and user, the menu's badges (one a workflow, 案件移送's
    # included, 信息通报's unread count, 联席会议's invitations and, for the lead unit,
    # requests to close, 投诉处理's open complaints), the department and the page
    assert queries() == one <= 18  # session, person, the menu's badges and entries, the list


# ---------------------------------------------------------------------------------- API


def test_the_api_runs_the_flow(cast):
    case = _case(cast)
    asker, police, officer = Client(), Client(), Client()
    asker.force_login(cast.fin_officer)
    police.force_login(cast.psb_liaison)
    officer.force_login(cast.psb_officer)

    def post(client, path, body):
        return client.post(f"/api/v1/assistance{path}", body, content_type="application/json")

    created = post(
        asker,
        "",
        {
            "case_id": case.pk,
            "department_id": cast.psb.pk,
            "kind": "records",
            "subject": "调取户籍资料",
            "details": "请提供两名法定代表人的户籍资料。",
            "due_on": (actions.today() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["due_at"] and body["state"] == "requested" and body["shared_part"] == "summary"
    rid = body["id"]
    accepted = post(
        police, f"/{rid}/accept", {"assignee_id": cast.psb_officer.pk, "version": body["version"]}
    )
    assert accepted.status_code == 200, accepted.json()
    stale = post(police, f"/{rid}/decline", {"reason": "无法协助", "version": body["version"]})
    assert stale.status_code == 422 and stale.json()["details"][0]["type"] == "stale"
    upload = sealed(cast.psb_officer, "户籍资料.pdf")
    attached = post(
        officer,
        f"/{rid}/results",
        {
            **_result(collected_at=(timezone.now() - dt.timedelta(hours=1)).isoformat()),
            "upload_id": str(upload.pk),
        },
    )
    assert attached.status_code == 201, attached.json()
    result = attached.json()["results"][0]
    assert result["provided_by"] == cast.psb.name and result["sm3"]
    evidence = asker.get(f"/api/v1/evidence/{result['evidence_id']}").json()
    assert evidence["method"] == "assistance" and evidence["provided_by"] == cast.psb.name
    done = post(
        officer, f"/{rid}/complete", {"summary": "已调取。", "version": attached.json()["version"]}
    )
    assert done.status_code == 200 and done.json()["state"] == "completed"
    closed = post(asker, f"/{rid}/close", {"version": done.json()["version"]})
    assert closed.json()["state"] == "closed"
    listed = asker.get("/api/v1/assistance?state=closed").json()
    assert [r["id"] for r in listed["items"]] == [rid]


def test_the_api_refuses_a_result_on_a_declined_request(cast):
    request = actions.decline(_request(cast), reason="无法协助。", acting_user=cast.psb_liaison)
    client = Client()
    client.force_login(cast.psb_liaison)
    upload = sealed(cast.psb_liaison)
    response = client.post(
        f"/api/v1/assistance/{request.pk}/results",
        {
            **_result(collected_at=(timezone.now() - dt.timedelta(hours=1)).isoformat()),
            "upload_id": str(upload.pk),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["details"][0]
    assert detail["type"] == "wrong_state" and "不予协助" in detail["message"]
    assert not EvidenceItem.objects.exists()
