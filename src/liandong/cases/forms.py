import datetime as dt
import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.cases.actions import FACT_FIELDS
from liandong.cases.models import (
    Case,
    CasePart,
    CaseSource,
    CaseState,
    DecisionKind,
    PartyRole,
    ProcurementMethod,
    ViolationType,
)

# Amounts are checked by the actions (range, cents), so each message names its field the same
# way on the page and in the API.
AMOUNT = {"required": False, "widget": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}
DATE = {"required": False, "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


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
    budget = forms.DecimalField(label=_("预算金额（元）"), **AMOUNT)
    winning_amount = forms.DecimalField(label=_("中标（成交）金额（元）"), **AMOUNT)
    announced_on = forms.DateField(label=_("公告日期"), **DATE)
    awarded_on = forms.DateField(label=_("中标（成交）日期"), **DATE)


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | models.QuerySet):
        return tuple(sorted(_comparable(v) for v in value))
    return "" if value is None else value


def _shown(field: forms.Field, value) -> str:
    if value in (None, "") or (isinstance(value, list | tuple) and not value):
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list | tuple):
        return "、".join(_shown(field, v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(field, forms.ChoiceField) and not isinstance(value, models.Model):
        return str(dict(field.choices).get(value, value))
    return str(value)


class VersionedForm(forms.Form):
    """An edit form that carries the version of what it shows (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def values_of(self, case: Case) -> dict:
        raise NotImplementedError

    def differences(self, case: Case) -> list[tuple[str, str]]:
        """(label, value saved now) of every field where what is saved differs from the input:
        shown when someone else saved the case after this form was opened."""
        saved = self.values_of(case)
        return [
            (field.label, _shown(field, saved[name]))
            for name, field in self.fields.items()
            if name in saved
            and name in self.cleaned_data
            and _comparable(saved[name]) != _comparable(self.cleaned_data[name])
        ]


class CaseEditForm(VersionedForm, CaseForm):
    confidential = forms.BooleanField(
        label=_("涉密"),
        required=False,
        help_text=_("涉密案件在本单位只有负责人和办案人员可见；已共享给其他单位的部分不受影响。"),
    )
    violation_types = forms.ModelMultipleChoiceField(
        label=_("违法行为类型"),
        queryset=ViolationType.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    field_order = ["title", "source", "violation_types", "summary", "confidential"]

    def values_of(self, case: Case) -> dict:
        values = {
            name: getattr(case, name)
            for name in self.fields
            if name not in ("version", "violation_types")
        }
        values["violation_types"] = list(case.violation_types.all())
        return values

    @classmethod
    def for_case(cls, case: Case, data=None) -> "CaseEditForm":
        form = cls(data)
        form.initial = form.values_of(case) | {"version": case.version}
        return form


DATES_SEPARATOR = re.compile(r"[\s,，、;；]+")


class FactsForm(VersionedForm):
    direct_loss = forms.DecimalField(label=_("直接经济损失（元）"), **AMOUNT)
    illegal_gains = forms.DecimalField(label=_("违法所得（元）"), **AMOUNT)
    winning_amount = forms.DecimalField(label=_("中标（成交）金额（元）"), **AMOUNT)
    coercion_or_bribery = forms.BooleanField(
        label=_("采取威胁、欺骗或者贿赂等非法手段"), required=False
    )
    prior_collusion_penalties = forms.CharField(
        label=_("此前因串通投标受行政处罚的日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个日期，格式 YYYY-MM-DD，例如 2025-03-01。"),
    )

    def clean_prior_collusion_penalties(self) -> list[dt.date]:
        dates, wrong = [], []
        for text in DATES_SEPARATOR.split(self.cleaned_data["prior_collusion_penalties"]):
            if not text:
                continue
            try:
                dates.append(dt.date.fromisoformat(text))
            except ValueError:
                wrong.append(text)
        if wrong:
            raise forms.ValidationError(
                _("不是有效的日期（格式 YYYY-MM-DD）：%(dates)s") % {"dates": "、".join(wrong)},
                code="invalid",
            )
        return dates

    def values_of(self, case: Case) -> dict:
        values = {name: getattr(case, name) for name in FACT_FIELDS}
        values["prior_collusion_penalties"] = [
            dt.date.fromisoformat(d) for d in case.prior_collusion_penalties
        ]
        return values

    @classmethod
    def for_case(cls, case: Case, data=None) -> "FactsForm":
        form = cls(data)
        form.initial = form.values_of(case) | {
            "prior_collusion_penalties": "\n".join(case.prior_collusion_penalties),
            "version": case.version,
        }
        return form


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        help_text=_("案件编号、案由、当事人、案情、采购项目、采购人、代理机构"),
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
