"""信息通报: published to all members or to chosen ones, each bad input refused with its field
named and nothing written, replies that tell the author, files in the evidence store, withdrawal
with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liandong.audit.models import AuditEntry
from liandong.evidence.models import Blob, Upload, UploadState
from liandong.notifications.models import Notification, Receipt
from liandong.organizations import actions as organizations
from liandong.sharing import actions
from liandong.sharing.models import Bulletin, BulletinAttachment, BulletinReply, State
from tests.evidence.support import PDF, TEXT, sealed
from tests.sharing.support import EVERYONE_BUT_DRC, PROBLEM, publish, to


def _names(people) -> set[str]:
    return {p.username for p in people}


def _receivers(bulletin) -> set[str]:
    return set(Receipt.objects.for_object(bulletin).values_list("recipient__username", flat=True))


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _writes() -> tuple[int, ...]:
    return (
        Bulletin.objects.count(),
        Bulletin.audience.through.objects.count(),
        BulletinAttachment.objects.count(),
        BulletinReply.objects.count(),
        Receipt.objects.count(),
        Notification.objects.count(),
    )


# ---------------------------------------------------------------------------------- publishing


def test_it_publishes_to_all_members_with_receipts_for_everyone_and_notes_for_liaisons(cast):
    bulletin = publish(cast)
    assert bulletin.to_all and bulletin.state == State.PUBLISHED and bulletin.version == 1
    assert bulletin.department == cast.drc and bulletin.author == cast.drc_liaison
    assert set(bulletin.audience.all()) == {cast.fin, cast.psb, cast.aud, cast.samr}
    assert _receivers(bulletin) == EVERYONE_BUT_DRC  # no administrator, not the author's own
    assert _told("sharing.published") == {
        "fin_liaison",
        "psb_liaison",
        "aud_liaison",
        "samr_liaison",
    }
    note = Notification.objects.filter(kind="sharing.published").first()
    assert note.title == f"区发改局发布问题反映：{PROBLEM['title']}"
    assert note.url == f"/sharing/{bulletin.pk}/"
    entry = AuditEntry.objects.get(action="sharing.bulletin.publish", outcome="ok")
    assert entry.object_id == str(bulletin.pk) and entry.jurisdiction == "350502"
    assert entry.after["receipts"] == 9 and entry.after["to_all"] is True
    assert entry.after["audience"] == sorted([cast.fin.pk, cast.psb.pk, cast.aud.pk, cast.samr.pk])


def test_it_publishes_to_chosen_departments_only(cast):
    bulletin = to(cast, "psb", "samr", who="fin_officer", category="case", title="案件通报")
    assert not bulletin.to_all
    assert set(bulletin.audience.all()) == {cast.psb, cast.samr}
    assert _receivers(bulletin) == {"psb_liaison", "psb_officer", "samr_liaison"}
    assert _told("sharing.published") == {"psb_liaison", "samr_liaison"}


def test_a_department_without_a_liaison_is_told_through_its_head(cast):
    organizations.create_user(
        cast.psb, acting_user=None, username="psb_head", full_name="PSB Head", role="head"
    )
    organizations.remove_liaison(cast.psb_liaison.liaison, acting_user=None)
    to(cast, "psb")
    assert _told("sharing.published") == {"psb_head"}


def test_inactive_people_get_no_receipt(cast):
    organizations.update_user(cast.psb_officer, is_active=False, acting_user=None)
    bulletin = to(cast, "psb")
    assert _receivers(bulletin) == {"psb_liaison"}


def test_files_chosen_when_publishing_go_to_the_evidence_store(cast):
    upload = sealed(cast.drc_liaison, "信用信息报送情况.txt", TEXT)
    bulletin = publish(cast, upload_ids=[upload.pk])
    attachment = bulletin.attachments.get()
    assert attachment.filename == "信用信息报送情况.txt" and attachment.added_by == cast.drc_liaison
    assert attachment.blob == Blob.objects.get(sha256=upload.sha256)
    assert Upload.objects.get(pk=upload.pk).state == UploadState.USED


BAD = [
    ({"title": "  "}, "title", "请填写标题"),
    ({"title": "长" * 201}, "title", "标题不能超过200个字"),
    ({"body": ""}, "body", "请填写正文"),
    ({"category": "gossip"}, "category", "请选择通报类别"),
    ({"to_all": False, "audience": []}, "audience", "请选择通报对象"),
    ({"to_all": False, "audience": ["procuratorate"]}, "audience", "不能向外部机关发布信息通报"),
    ({"to_all": False, "audience": ["other_fin"]}, "audience", "不属于本辖区"),
    ({"to_all": False, "audience": ["psb", "drc"]}, "audience", "本单位无需列为通报对象"),
    ({"to_all": True, "audience": ["psb"]}, "audience", "发送全体成员单位时不再选择具体单位"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD, ids=[b[2] for b in BAD])
def test_each_bad_input_is_refused_naming_its_field_and_nothing_is_written(
    cast, overrides, field, message
):
    overrides = dict(overrides)
    if "audience" in overrides:
        overrides["audience"] = [cast.departments[d] for d in overrides["audience"]]
    before = _writes()
    with pytest.raises(ValidationError) as caught:
        publish(cast, **overrides)
    assert set(caught.value.message_dict) == {field}
    assert message in caught.value.message_dict[field][0]
    assert _writes() == before
    refused = AuditEntry.objects.order_by("-seq").first()
    assert (refused.action, refused.outcome) == ("sharing.bulletin.publish", "invalid")


def test_all_bad_fields_are_named_at_once(cast):
    with pytest.raises(ValidationError) as caught:
        publish(
            cast,
            category="",
            title="",
            body=" ",
            to_all=False,
            audience=[cast.procuratorate, cast.other_fin],
        )
    errors = caught.value.message_dict
    assert set(errors) == {"category", "title", "body", "audience"}
    assert len(errors["audience"]) == 2
    assert "泉州市鲤城区人民检察院" in errors["audience"][0] + errors["audience"][1]
    assert not Bulletin.objects.exists()


def test_an_upload_that_is_not_the_authors_writes_nothing_at_all(cast):
    theirs = sealed(cast.fin_officer)
    before = _writes()
    with pytest.raises(ValidationError) as caught:
        publish(cast, upload_ids=[theirs.pk])
    assert "upload" in caught.value.message_dict
    assert _writes() == before
    assert Upload.objects.get(pk=theirs.pk).state == UploadState.SEALED


@pytest.mark.parametrize("who", ["fin_viewer", "admin", "outsider"])
def test_viewers_and_administrators_do_not_publish(cast, who):
    with pytest.raises(PermissionDenied):
        publish(cast, who=who)
    assert not Bulletin.objects.exists()
    refused = AuditEntry.objects.order_by("-seq").first()
    assert (refused.action, refused.outcome) == ("sharing.bulletin.publish", "denied")


# ---------------------------------------------------------------------------------- files


def test_the_author_attaches_a_file_after_publishing_and_nobody_else_can(cast):
    bulletin = publish(cast)
    upload = sealed(cast.drc_liaison, "整改建议.pdf", PDF)
    attachment = actions.attach(bulletin, upload_id=upload.pk, acting_user=cast.drc_liaison)
    assert attachment.bulletin == bulletin and attachment.blob.sm3 == upload.sm3
    entry = AuditEntry.objects.filter(action="sharing.bulletin.attach", outcome="ok").get()
    assert entry.after["sm3"] == upload.sm3
    again = sealed(cast.drc_liaison, "整改建议（副本）.pdf", PDF)
    with pytest.raises(ValidationError) as caught:
        actions.attach(bulletin, upload_id=again.pk, acting_user=cast.drc_liaison)
    assert "已是本通报的附件" in caught.value.message_dict["file"][0]
    for other in (cast.fin_head, cast.psb_officer):
        with pytest.raises(PermissionDenied):
            actions.attach(bulletin, upload_id=sealed(other).pk, acting_user=other)
    with pytest.raises(ValidationError) as caught:
        actions.attach(bulletin, upload_id=None, acting_user=cast.drc_liaison)
    assert "file" in caught.value.message_dict
    assert bulletin.attachments.count() == 1


# ---------------------------------------------------------------------------------- replies


def test_the_audience_replies_and_the_author_is_told(cast):
    bulletin = publish(cast)
    answer = actions.reply(bulletin, text="  区财政局赞同上述建议。 ", acting_user=cast.fin_liaison)
    assert answer.text == "区财政局赞同上述建议。" and answer.department == cast.fin
    note = Notification.objects.get(kind="sharing.replied")
    assert note.recipient == cast.drc_liaison
    assert note.title == f"区财政局Fin Liaison回复了您的信息通报：{PROBLEM['title']}"
    assert note.url.endswith("#replies")
    actions.reply(bulletin, text="已按建议指定专人。", acting_user=cast.psb_officer)
    actions.reply(bulletin, text="谢谢各单位反馈。", acting_user=cast.drc_liaison)  # own: no note
    assert Notification.objects.filter(kind="sharing.replied").count() == 2
    assert [r.author.username for r in bulletin.replies.all()] == [
        "fin_liaison",
        "psb_officer",
        "drc_liaison",
    ]
    assert AuditEntry.objects.filter(action="sharing.bulletin.reply", outcome="ok").count() == 3


def test_only_the_audience_and_the_authors_department_reply_and_viewers_only_read(cast):
    bulletin = to(cast, "psb")
    for outsider in (cast.fin_liaison, cast.samr_liaison, cast.admin, cast.outsider):
        with pytest.raises(PermissionDenied):
            actions.reply(bulletin, text="越权回复", acting_user=outsider)
    fin_bulletin = to(cast, "psb", who="fin_officer")
    with pytest.raises(PermissionDenied):
        actions.reply(fin_bulletin, text="只读用户", acting_user=cast.fin_viewer)
    actions.reply(fin_bulletin, text="同事补充。", acting_user=cast.fin_officer2)  # own department
    with pytest.raises(ValidationError) as caught:
        actions.reply(bulletin, text="  ", acting_user=cast.psb_liaison)
    assert "请填写回复内容" in caught.value.message_dict["text"][0]
    assert BulletinReply.objects.count() == 1


# ---------------------------------------------------------------------------------- withdrawal


def test_the_author_withdraws_with_a_reason_and_the_audience_is_told(cast):
    bulletin = to(cast, "psb", "aud")
    with pytest.raises(ValidationError) as caught:
        actions.withdraw(bulletin, reason=" ", acting_user=cast.drc_liaison)
    assert "须说明理由" in caught.value.message_dict["reason"][0]
    withdrawn = actions.withdraw(
        bulletin,
        reason="数据口径有误，更正后重新发布。",
        expected_version=1,
        acting_user=cast.drc_liaison,
    )
    assert withdrawn.state == State.WITHDRAWN and withdrawn.version == 2
    assert withdrawn.withdrawn_by == cast.drc_liaison and withdrawn.withdrawn_at
    assert _told("sharing.withdrawn") == {"psb_liaison", "aud_liaison"}
    with pytest.raises(ValidationError) as caught:
        actions.reply(withdrawn, text="收到", acting_user=cast.psb_liaison)
    assert "已撤回，不能再回复" in caught.value.message_dict["state"][0]
    with pytest.raises(ValidationError):
        actions.withdraw(withdrawn, reason="再撤一次", acting_user=cast.drc_liaison)
    with pytest.raises(ValidationError):
        actions.attach(
            withdrawn, upload_id=sealed(cast.drc_liaison).pk, acting_user=cast.drc_liaison
        )
    assert Bulletin.objects.visible_to(cast.psb_officer).filter(pk=bulletin.pk).exists()


def test_the_authors_head_may_withdraw_others_may_not(cast):
    bulletin = publish(cast, who="fin_liaison")
    for other in (cast.fin_officer, cast.psb_liaison, cast.fin_viewer, cast.admin):
        with pytest.raises(PermissionDenied):
            actions.withdraw(bulletin, reason="越权", acting_user=other)
    actions.withdraw(bulletin, reason="负责人撤回。", acting_user=cast.fin_head)
    assert Notification.objects.filter(kind="sharing.withdrawn", recipient=cast.fin_liaison)


def test_a_stale_withdrawal_is_refused(cast):
    bulletin = publish(cast, who="fin_liaison")
    actions.withdraw(bulletin, reason="第一次", expected_version=1, acting_user=cast.fin_head)
    with pytest.raises(ValidationError, match="已被他人修改"):
        actions.withdraw(
            bulletin, reason="第二次", expected_version=1, acting_user=cast.fin_liaison
        )


def test_a_withdrawn_bulletin_needs_its_reason_in_the_database(cast):
    from django.db import IntegrityError, transaction

    bulletin = publish(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.filter(pk=bulletin.pk).update(state=State.WITHDRAWN)
