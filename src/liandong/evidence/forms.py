from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.evidence.models import CollectionMethod, EvidenceKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FileFields(forms.Form):
    """A file sent in one go (no JavaScript) or, by the page's uploader, in chunks beforehand:
    then ``upload`` names the sealed upload and ``file`` stays empty."""

    file = forms.FileField(label=_("文件"), required=False)
    upload = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def sealed_upload(self, user):
        """The id of the (valid) form's sealed upload: sent by the page's uploader in chunks
        beforehand, or the file posted with the form (no JavaScript), sealed now through the
        same chunks. None when no file was given; a refusal names the form's ``file``."""
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        from liandong.evidence import actions
        from liandong.evidence.models import Upload

        data = self.cleaned_data
        if data.get("upload"):
            upload = Upload.objects.filter(pk=data["upload"], owner=user).first()
            if upload is None:
                raise ValidationError({"file": gettext("上传记录不存在，请重新选择文件。")})
            return actions.seal_upload(upload, acting_user=user).pk
        if data.get("file"):
            try:
                return actions.upload_file(data["file"], acting_user=user).pk
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):  # the upload's own fields are the form's file
                    raise ValidationError(
                        {"file": [m for errors in exc.message_dict.values() for m in errors]}
                    ) from exc
                raise
        return None


class ItemForm(FileFields):
    title = forms.CharField(label=_("证据名称"), max_length=200)
    kind = forms.ChoiceField(label=_("证据种类"), choices=EvidenceKind.choices)
    collectors = forms.CharField(
        label=_("收集人"), max_length=200, help_text=_("至少两名执法人员，用顿号分隔。")
    )
    collected_at = forms.DateTimeField(
        label=_("收集时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("收集地点"), max_length=200)
    method = forms.ChoiceField(label=_("收集方式"), choices=CollectionMethod.choices)
    source = forms.CharField(
        label=_("证据来源"), max_length=200, help_text=_("提供人或提供单位，调取的写明调取对象。")
    )
    description = forms.CharField(
        label=_("证明对象和内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    field_order = [
        "title",
        "kind",
        "collectors",
        "collected_at",
        "place",
        "method",
        "source",
        "description",
        "file",
        "upload",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "collected_at" not in self.initial:
            self.initial["collected_at"] = timezone.localtime().replace(second=0, microsecond=0)


class CorrectionForm(ItemForm):
    correction_reason = forms.CharField(label=_("更正理由"), max_length=200)
    field_order = ["correction_reason", *ItemForm.field_order]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("不选择文件则沿用原文件。")


class RecognitionForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("意见"),
        choices=[("1", _("认可")), ("0", _("不予认可"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AttachmentForm(FileFields):
    title = forms.CharField(label=_("附件名称"), max_length=200)
    field_order = ["title", "file", "upload"]
