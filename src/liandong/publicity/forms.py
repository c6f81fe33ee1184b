from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.publicity.models import Kind, State


class NewForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("案件"),
        queryset=None,
        empty_label=_("请选择已结案的案件"),
        help_text=_("本单位已结案或已归档、作出了决定书的非涉密案件。"),
    )
    kind = forms.ChoiceField(
        label=_("稿件类别"),
        choices=Kind.choices,
        initial=Kind.TYPICAL_CASE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.number} {c.title}"


class DraftForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 20}))
    extra_names = forms.CharField(
        label=_("其他需脱敏的自然人姓名"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_(
            "案件当事人中的自然人和评审专家会自动脱敏；正文中出现的其他自然人（如证人、项目负责人）"
            "的姓名写在这里，每行一个或以顿号分隔。单位名称不脱敏。"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Kind.choices], required=False
    )
