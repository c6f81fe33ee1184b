from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.cases.models import (
    CasePart,
    CaseSource,
    CaseState,
    DecisionKind,
    PartyRole,
    ProcurementMethod,
)


class CaseForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200)
    source = forms.ChoiceField(label=_("案件来源"), choices=CaseSource.choices)
    summary = forms.CharField(
        label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    project_number = forms.CharField(label=_("采购项目编号"), max_length=60, required=False)
    project_name = forms.CharField(label=_("采购项目名称"), max_length=200, required=False)
    purchaser = forms.CharField(label=_("采购人"), max_length=200, required=False)
    agency = forms.CharField(label=_("采购代理机构"), max_length=200, required=False)
    procurement_method = forms.ChoiceField(
        label=_("采购方式"), choices=[("", "—"), *ProcurementMethod.choices], required=False
    )
    budget = forms.DecimalField(
        label=_("预算金额（元）"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    winning_amount = forms.DecimalField(
        label=_("中标（成交）金额（元）"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"), required=False, help_text=_("案件编号、案由、当事人、案情")
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *CaseState.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("来源"), choices=[("", _("全部")), *CaseSource.choices], required=False
    )


class MoveForm(forms.Form):
    verb = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision_kind = forms.ChoiceField(
        label=_("决定类别"), choices=[("", "—"), *DecisionKind.choices], required=False
    )
    decision_number = forms.CharField(label=_("决定书文号"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("决定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=PartyRole.choices)
    name = forms.CharField(label=_("名称或姓名"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("工作记录"), widget=forms.Textarea(attrs={"rows": 3}))


class ShareForm(forms.Form):
    department = forms.ModelChoiceField(label=_("共享给"), queryset=None)
    part = forms.ChoiceField(label=_("范围"), choices=CasePart.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AssignForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label=_("办案人员"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = people
