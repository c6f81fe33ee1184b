import json

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.core import policy


class AppendOnlyError(PermissionDenied):
    """Raised when code tries to change or delete an audit entry."""


class Outcome(models.TextChoices):
    OK = "ok", _("成功")
    DENIED = "denied", _("无权限")
    INVALID = "invalid", _("输入有误")
    FAILED = "failed", _("失败")


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AuditEntryQuerySet":
        if not policy.can(user, "audit.entry.view"):
            return self.none()
        # Entries with no jurisdiction are failed sign-ins under names no account has.
        return self.filter(jurisdiction__in=[user.department.jurisdiction.code, ""])

    def sign_ins_of(self, user) -> "AuditEntryQuerySet":
        """A person's own sign-in record, which they may always see (their workbench)."""
        return self.filter(
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            action__in=["auth.login", "auth.login.failed", "auth.login.locked"],
        )

    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("audit entries are append-only")


class AuditEntry(models.Model):
    """One link of the SM3 hash chain: hash = SM3(prev_hash || canonical_json(entry))."""

    seq = models.BigIntegerField(_("序号"), primary_key=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    department = models.CharField(_("单位"), max_length=100, blank=True)
    jurisdiction = models.CharField(_("辖区代码"), max_length=12, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    # Canonical JSON text (chain.canonical_json), kept as text so that the hashed form is
    # exactly what is stored on every database; "" when there is nothing.
    before_json = models.TextField(_("变更前"), blank=True)
    after_json = models.TextField(_("变更后"), blank=True)
    message = models.TextField(_("说明"), blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    client_ip = models.CharField(_("客户端地址"), max_length=64, blank=True)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64)
    hash = models.CharField(_("摘要(SM3)"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        db_table = "audit_entry"
        ordering = ["-seq"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    @property
    def before(self):
        return json.loads(self.before_json) if self.before_json else None

    @property
    def after(self):
        return json.loads(self.after_json) if self.after_json else None
