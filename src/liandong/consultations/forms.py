from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.cases.models import CasePart
from liandong.consultations.models import State, Topic


class AskForm(forms.Form):
    department = forms.ModelChoiceField(label=_("受咨询单位"), queryset=None)
    topic = forms.ChoiceField(label=_("咨询事项"), choices=Topic.choices)
    subject = forms.CharField(label=_("标题"), max_length=200)
    question = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 6}))
    urgent = forms.BooleanField(
        label=_("紧急"), required=False, help_text=_("紧急咨询的答复期限为2个工作日，一般为5个。")
    )
    case = forms.ModelChoiceField(label=_("相关案件"), queryset=None, required=False)
    shared_part = forms.ChoiceField(
        label=_("随咨询共享"),
        choices=[("", _("不共享案件内容")), *CasePart.choices],
        required=False,
        help_text=_("受咨询单位只能看到这里选择的案件内容。"),
    )

    def __init__(self, *args, departments, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["case"].queryset = cases


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class TextForm(forms.Form):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("范围"),
        choices=[("", _("全部")), ("asked", _("本单位提出的")), ("received", _("向本单位咨询的"))],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )
