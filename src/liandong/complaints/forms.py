from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.complaints.actions import PAUSES
from liandong.complaints.models import Outcome

TEXT = forms.Textarea(attrs={"rows": 4})


class ComplaintForm(forms.Form):
    complainant = forms.CharField(label=_("投诉人"), max_length=200)
    complainant_contact = forms.CharField(label=_("投诉人联系人及电话"), max_length=200)
    respondent = forms.CharField(
        label=_("被投诉人"), max_length=200, help_text=_("采购人、采购代理机构等。")
    )
    project = forms.CharField(label=_("采购项目名称及编号"), max_length=200)
    matters = forms.CharField(label=_("投诉事项和投诉请求"), widget=TEXT)
    grounds = forms.CharField(label=_("事实依据和法律依据"), widget=TEXT)
    answer_due_on = forms.DateField(
        label=_("质疑答复日期或答复期满日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("投诉应当在质疑答复期满后15个工作日内提起（94号令第十七条）。"),
    )
    received_at = forms.DateTimeField(
        label=_("收到投诉书时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("不填为现在。"),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AmendmentForm(VersionForm):
    needed = forms.CharField(label=_("需要补正的事项"), widget=TEXT)
    due_on = forms.DateField(label=_("补正期限"), widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("理由"), widget=TEXT)


class RedirectForm(VersionForm):
    to = forms.CharField(label=_("有管辖权的财政部门"), max_length=200)
    reason = forms.CharField(label=_("理由"), widget=TEXT)


class CopiesForm(VersionForm):
    to = forms.CharField(
        label=_("收件人"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("被投诉人和其他与投诉事项有关的当事人，每行一个。"),
    )


class ReplyForm(VersionForm):
    reply = forms.CharField(label=_("被投诉人的说明（摘要）"), widget=TEXT)


class PauseForm(VersionForm):
    reason = forms.ChoiceField(label=_("事由"), choices=[(p.value, p.label) for p in PAUSES])


class DecisionForm(VersionForm):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=Outcome.choices)
    decision = forms.CharField(
        label=_("查明的事实、处理决定和法律依据"), widget=forms.Textarea(attrs={"rows": 6})
    )
