"""State changes of bulletins (信息通报). Publishing records the audience departments, delivers a
read receipt to each of their people and tells their liaisons; the audience and the author's
department reply; the author or their head withdraws with a reason. Files go to the evidence
store through a sealed upload (``evidence.actions.take_upload``)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.evidence import actions as evidence
from liandong.evidence.storage import DAMAGED
from liandong.notifications import receipts
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department
from liandong.organizations.routing import readers, receivers
from liandong.sharing.models import (
    TRANSITIONS,
    Bulletin,
    BulletinAttachment,
    BulletinReply,
    Category,
    State,
)

TITLE_MAX = 200
REASON_MAX = 500
REPLY_MAX = 5000

STEP_NAMES = {
    "attach": gettext_lazy("添加附件"),
    "reply": gettext_lazy("回复"),
    "withdraw": gettext_lazy("撤回"),
}


def _url(bulletin: Bulletin) -> str:
    return f"/sharing/{bulletin.pk}/"


def _locked(bulletin: Bulletin, expected_version: int | None = None) -> Bulletin:
    bulletin = (
        Bulletin.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "author")
        .get(pk=bulletin.pk)
    )
    check_version(bulletin, expected_version)
    return bulletin


def _step(bulletin: Bulletin, verb: str) -> None:
    """Refuse a step a withdrawn bulletin no longer allows, naming why."""
    sources, _target = TRANSITIONS[verb]
    if bulletin.state not in sources:
        raise refuse(
            "state",
            _("该信息通报已撤回，不能再%(step)s。") % {"step": STEP_NAMES[verb]},
            "wrong_state",
        )


def _audience(department: Department, to_all: bool, chosen, errors: Errors) -> list[Department]:
    """The departments a bulletin of ``department`` goes to: every other active member of its
    jurisdiction, or the chosen ones, each checked."""
    if to_all:
        if chosen:
            errors.add(
                "audience",
                _("发送全体成员单位时不再选择具体单位；只发部分单位请取消“发送全体成员单位”。"),
                "ambiguous",
            )
            return []
        members = list(
            Department.objects.filter(
                jurisdiction_id=department.jurisdiction_id, is_member=True, is_active=True
            ).exclude(pk=department.pk)
        )
        if not members:
            errors.add("audience", _("本辖区没有其他成员单位可以通报。"), "empty")
        return members
    if not chosen:
        errors.add("audience", _("请选择通报对象，或选择发送全体成员单位。"), "required")
        return []
    targets = []
    for target in {d.pk: d for d in chosen}.values():
        if target.jurisdiction_id != department.jurisdiction_id:
            errors.add(
                "audience",
                _("只能向本辖区的成员单位发布信息通报：%(name)s不属于本辖区。")
                % {"name": target.name},
                "outside",
            )
        elif not target.is_member:
            errors.add(
                "audience",
                _("不能向外部机关发布信息通报：%(name)s不是联动执法协作机制的成员单位。")
                % {"name": target.name},
                "external",
            )
        elif target.pk == department.pk:
            errors.add(
                "audience", _("本单位无需列为通报对象，本单位人员均可查看。"), "own_department"
            )
        elif not target.is_active:
            errors.add(
                "audience",
                _("%(name)s已停用，不能作为通报对象。") % {"name": target.name},
                "inactive",
            )
        else:
            targets.append(target)
    return targets


def _file(bulletin: Bulletin, upload_id, acting_user) -> BulletinAttachment:
    upload, blob = evidence.take_upload(upload_id, acting_user=acting_user)
    if bulletin.attachments.filter(blob=blob).exists():
        raise refuse(
            "file",
            _("文件“%(name)s”已是本通报的附件。") % {"name": upload.filename},
            "duplicate",
        )
    return BulletinAttachment.objects.create(
        bulletin=bulletin, blob=blob, filename=upload.filename, added_by=acting_user
    )


@action("sharing.bulletin.publish")
def publish(
    *,
    category: str,
    title: str,
    body: str,
    acting_user,
    to_all: bool = False,
    audience=(),
    upload_ids=(),
) -> Bulletin:
    """Publish a bulletin of the acting person's department to all other member departments
    (``to_all``) or to ``audience``, with the files of ``upload_ids`` (sealed uploads)."""
    policy.require(acting_user, "sharing.bulletin.publish")
    department = acting_user.department
    title, body = (title or "").strip(), (body or "").strip()
    errors = Errors()
    if category not in Category.values:
        errors.add("category", _("请选择通报类别。"), "invalid_choice")
    if not title:
        errors.add("title", _("请填写标题。"), "required")
    elif len(title) > TITLE_MAX:
        errors.add("title", _("标题不能超过%(n)s个字。") % {"n": TITLE_MAX}, "too_long")
    if not body:
        errors.add("body", _("请填写正文。"), "required")
    targets = _audience(department, to_all, list(audience or []), errors)
    errors.raise_if_any()
    bulletin = Bulletin.objects.create(
        department=department,
        author=acting_user,
        category=category,
        title=title,
        body=body,
        to_all=bool(to_all),
    )
    bulletin.audience.set(targets)
    files = [_file(bulletin, upload_id, acting_user) for upload_id in upload_ids or ()]
    delivered = receipts.deliver(bulletin, readers(targets))
    audit.record(
        "sharing.bulletin.publish",
        actor=acting_user,
        obj=bulletin,
        after={
            "category": category,
            "title": title,
            "to_all": bool(to_all),
            "audience": sorted(d.pk for d in targets),
            "attachments": [{"filename": f.filename, "sm3": f.blob.sm3} for f in files],
            "receipts": delivered,
        },
    )
    note = Note(
        kind="sharing.published",
        title=_("%(dept)s发布%(category)s：%(title)s")
        % {
            "dept": department.short_name,
            "category": bulletin.get_category_display(),
            "title": title,
        },
        body=body[:200],
        url=_url(bulletin),
    )
    for target in targets:
        notify(receivers(target), note, dedupe_key=f"sharing.published:{bulletin.pk}")
    return bulletin


@action("sharing.bulletin.attach")
def attach(bulletin: Bulletin, *, upload_id, acting_user) -> BulletinAttachment:
    """The author adds a file (a sealed upload of theirs) to a published bulletin."""
    bulletin = _locked(bulletin)
    policy.require(acting_user, "sharing.bulletin.attach", bulletin)
    _step(bulletin, "attach")
    if not upload_id:
        raise refuse("file", _("请选择要上传的文件。"), "required")
    attachment = _file(bulletin, upload_id, acting_user)
    audit.record(
        "sharing.bulletin.attach",
        actor=acting_user,
        obj=bulletin,
        after={
            "attachment": attachment.pk,
            "filename": attachment.filename,
            "sm3": attachment.blob.sm3,
        },
    )
    return attachment


@action("sharing.bulletin.reply")
def reply(bulletin: Bulletin, *, text: str, acting_user) -> BulletinReply:
    """Someone of the audience or of the author's department answers; the author is told."""
    bulletin = _locked(bulletin)
    policy.require(acting_user, "sharing.bulletin.reply", bulletin)
    _step(bulletin, "reply")
    text = (text or "").strip()
    if not text:
        raise refuse("text", _("请填写回复内容。"), "required")
    if len(text) > REPLY_MAX:
        raise refuse("text", _("回复内容不能超过%(n)s个字。") % {"n": REPLY_MAX}, "too_long")
    answer = BulletinReply.objects.create(
        bulletin=bulletin, author=acting_user, department=acting_user.department, text=text
    )
    audit.record(
        "sharing.bulletin.reply",
        actor=acting_user,
        obj=bulletin,
        after={"reply": answer.pk, "department": acting_user.department_id},
        message=text[:500],
    )
    if bulletin.author_id != acting_user.pk:
        notify(
            [bulletin.author],
            Note(
                kind="sharing.replied",
                title=_("%(dept)s%(who)s回复了您的信息通报：%(title)s")
                % {
                    "dept": acting_user.department.short_name,
                    "who": acting_user.full_name,
                    "title": bulletin.title,
                },
                body=text[:200],
                url=_url(bulletin) + "#replies",
            ),
            dedupe_key=f"sharing.replied:{answer.pk}",
        )
    return answer


@action("sharing.bulletin.withdraw")
def withdraw(
    bulletin: Bulletin, *, reason: str, acting_user, expected_version: int | None = None
) -> Bulletin:
    """The author or their head takes a bulletin back, with the reason; it stays readable,
    marked withdrawn, and the audience's liaisons are told."""
    bulletin = _locked(bulletin, expected_version)
    policy.require(acting_user, "sharing.bulletin.withdraw", bulletin)
    _step(bulletin, "withdraw")
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason", _("撤回信息通报须说明理由。"), "required")
    if len(reason) > REASON_MAX:
        raise refuse("reason", _("撤回理由不能超过%(n)s个字。") % {"n": REASON_MAX}, "too_long")
    save_changes(
        bulletin,
        state=State.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_by=acting_user,
        withdraw_reason=reason,
    )
    audit.record(
        "sharing.bulletin.withdraw",
        actor=acting_user,
        obj=bulletin,
        before={"state": State.PUBLISHED},
        after={"state": State.WITHDRAWN},
        message=reason,
    )
    told = [p for d in bulletin.audience.all() for p in receivers(d)]
    if bulletin.author_id != acting_user.pk:
        told.append(bulletin.author)
    notify(
        told,
        Note(
            kind="sharing.withdrawn",
            title=_("%(dept)s撤回了信息通报：%(title)s")
            % {"dept": bulletin.department.short_name, "title": bulletin.title},
            body=reason,
            url=_url(bulletin),
        ),
        dedupe_key=f"sharing.withdrawn:{bulletin.pk}",
    )
    return bulletin


@action("sharing.bulletin.download")
def record_download(attachment: BulletinAttachment, *, acting_user) -> None:
    """Someone took a copy of a bulletin's file (audited, like evidence downloads)."""
    policy.require(acting_user, "sharing.bulletin.download", attachment.bulletin)
    if attachment.blob.integrity in DAMAGED:
        raise refuse(
            "file", _("该文件未通过完整性校验，已停止下载，请联系系统管理员。"), "integrity"
        )
    audit.record(
        "sharing.bulletin.download",
        actor=acting_user,
        obj=attachment.bulletin,
        after={"attachment": attachment.pk, "filename": attachment.filename},
        message=attachment.blob.sm3,
    )
