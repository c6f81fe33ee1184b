from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.evidence.forms import FileFields
from liandong.sharing.models import Category

ALL, CHOSEN = "all", "chosen"


class PublishForm(FileFields):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("写明通报的情况、依据和需要其他单位配合或注意的事项。"),
    )
    scope = forms.ChoiceField(
        label=_("通报范围"),
        choices=[(ALL, _("全体成员单位")), (CHOSEN, _("选定的成员单位"))],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    audience = forms.ModelMultipleChoiceField(
        label=_("通报对象"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("选择“选定的成员单位”时勾选；本单位人员均可查看，无需勾选。"),
    )

    field_order = ["category", "title", "body", "scope", "audience", "file", "upload"]

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = departments
        self.fields["file"].label = _("附件")
        self.fields["file"].help_text = _("可选；发布后还可以继续添加附件。")

    def action_fields(self) -> dict:
        """The cleaned data as the publish action takes it."""
        data = self.cleaned_data
        to_all = data["scope"] == ALL
        return {
            "category": data["category"],
            "title": data["title"],
            "body": data["body"],
            "to_all": to_all,
            "audience": [] if to_all else list(data["audience"]),
        }


class AttachmentForm(FileFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("附件")


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Category.choices], required=False
    )
    box = forms.ChoiceField(
        label=_("范围"),
        choices=[("", _("全部")), ("sent", _("本单位发布的")), ("received", _("发给本单位的"))],
        required=False,
    )
    unread = forms.TypedChoiceField(
        label=_("阅读状态"),
        choices=[("", _("全部")), ("1", _("只看未读"))],
        coerce=bool,
        empty_value=False,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("标题或正文中的文字")
