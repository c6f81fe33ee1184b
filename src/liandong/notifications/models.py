from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NotificationQuerySet":
        """A notification is its recipient's alone."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient_id=user.pk)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a person's in-app inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类别"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # The same event never reaches the same person twice (a sweep that runs twice, two workers).
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EmailState(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutgoingEmail(models.Model):
    """An email waiting to go out. Written in the transaction that caused it, so it is never
    lost: the worker sends it after the commit and retries with back-off until it gives up."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email", null=True
    )
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=10, choices=EmailState.choices, default=EmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    claimed_at = models.DateTimeField(_("开始发送"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="queued"),
                name="email_queued_next_attempt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Preference(models.Model):
    """How a person wants to be told, beyond the inbox (which always receives everything)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("同时发送电子邮件"), default=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user}: email={self.email}"


class ReceiptQuerySet(models.QuerySet):
    def for_object(self, obj) -> "ReceiptQuerySet":
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )

    def unread(self) -> "ReceiptQuerySet":
        return self.filter(read_at__isnull=True)


class Receipt(models.Model):
    """回执: something delivered to a person (a bulletin, issued minutes) and when they first
    read it. Delivered once per person and object; ``read_at`` is set once, never cleared."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="receipts"
    )
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(_("送达时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        ordering = ["department_id", "recipient_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "recipient"], name="receipt_once_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="receipt_object"),
            models.Index(
                fields=["recipient", "content_type"],
                condition=Q(read_at__isnull=True),
                name="receipt_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.recipient_id}"
