from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.deadlines.models import PauseReason, UnitChoice


class PauseForm(forms.Form):
    reason = forms.ChoiceField(label=_("中止计时原因"), choices=PauseReason.choices)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class RuleForm(forms.Form):
    amount = forms.IntegerField(label=_("期限"))
    unit = forms.ChoiceField(label=_("单位"), choices=UnitChoice.choices)
    reminder_hours = forms.CharField(
        label=_("提前提醒（小时）"), required=False, help_text=_("多个用逗号分隔，如 48,4")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_reminder_hours(self):
        text = self.cleaned_data["reminder_hours"].replace("，", ",")
        try:
            return [int(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("请填写整数小时数，用逗号分隔。")) from None


class CalendarUploadForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("依据"), max_length=200, required=False)
    file = forms.FileField(
        label=_("安排文件（CSV 或 YAML）"),
        help_text=_("CSV 表头：日期,类别,名称；类别填“放假”或“上班”。"),
    )
    correct = forms.BooleanField(
        label=_("更正已录入的年份（用本文件替换该年的全部安排）"), required=False
    )
