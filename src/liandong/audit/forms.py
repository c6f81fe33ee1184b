from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.audit.models import Outcome


class EntryFilterForm(forms.Form):
    action = forms.CharField(label=_("操作"), required=False)
    actor = forms.CharField(label=_("操作人"), required=False)
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *Outcome.choices]
    )
    object_type = forms.CharField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("截止日期不能早于起始日期。"))
        return data

    def apply(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["action"]:
            entries = entries.filter(action__startswith=data["action"].strip())
        if data["actor"]:
            entries = entries.filter(actor_name__icontains=data["actor"].strip())
        if data["outcome"]:
            entries = entries.filter(outcome=data["outcome"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"].strip())
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"].strip())
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries
