import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.cases.actions import FACT_FIELDS, PENALTY_DATE_FACTS
from liandong.cases.models import (
    Case,
    CasePart,
    CaseSource,
    CaseState,
    DecisionKind,
    PartyRole,
    ProcurementMethod,
    ServiceMethod,
    Threshold,
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


def _penalty_dates(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个处罚决定日期，格式 YYYY-MM-DD，例如 2025-03-01。"),
    )


class FactsForm(VersionedForm):
    """The facts the transfer advisor reads, by offence (advisor.Facts)."""

    act_date = forms.DateField(
        label=_("违法行为发生日期"),
        help_text=_(
            "有连续或者继续状态的，填行为终了之日。适用行为时和现行的立案追诉标准（从旧兼从轻），"
            "“二年内”等期间也从此日往前计算；不填则按今天计算。"
        ),
        **DATE,
    )
    direct_loss = forms.DecimalField(label=_("直接经济损失（元）"), **AMOUNT)
    illegal_gains = forms.DecimalField(label=_("违法所得（元）"), **AMOUNT)
    winning_amount = forms.DecimalField(label=_("中标（成交）金额（元）"), **AMOUNT)
    coercion_or_bribery = forms.BooleanField(
        label=_("采取威胁、欺骗或者贿赂等非法手段"), required=False
    )
    prior_collusion_penalties = _penalty_dates(_("此前因串通投标受行政处罚的日期"))
    counterfeit_sales = forms.DecimalField(label=_("伪劣产品销售金额（元）"), **AMOUNT)
    counterfeit_unsold = forms.DecimalField(label=_("尚未销售的伪劣产品货值金额（元）"), **AMOUNT)
    fraud_amount = forms.DecimalField(label=_("合同诈骗数额（元）"), **AMOUNT)
    false_ad_gains = forms.DecimalField(label=_("虚假广告违法所得（元）"), **AMOUNT)
    false_ad_food_drug = forms.BooleanField(label=_("对食品、药品作虚假宣传"), required=False)
    prior_false_ad_penalties = _penalty_dates(_("此前因利用广告作虚假宣传受行政处罚的日期"))
    private_bribe = forms.DecimalField(
        label=_("向公司、企业或者其他单位的工作人员行贿数额（元）"), **AMOUNT
    )
    private_bribe_by_unit = forms.BooleanField(label=_("单位行贿"), required=False)
    official_bribe = forms.DecimalField(label=_("向国家工作人员行贿数额（元）"), **AMOUNT)
    official_bribe_aggravating = forms.BooleanField(
        label=_("具有法释〔2016〕9号第七条第二款所列情形"),
        required=False,
        help_text=_(
            "向三人以上行贿；将违法所得用于行贿；通过行贿谋取职务提拔、调整；向负有监督管理职责的"
            "国家工作人员行贿实施非法活动；向司法工作人员行贿；造成经济损失50万元以上不满100万元。"
        ),
    )

    def _dates(self, field: str) -> list[dt.date]:
        dates, wrong = [], []
        for text in DATES_SEPARATOR.split(self.cleaned_data[field]):
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

    def clean_prior_collusion_penalties(self) -> list[dt.date]:
        return self._dates("prior_collusion_penalties")

    def clean_prior_false_ad_penalties(self) -> list[dt.date]:
        return self._dates("prior_false_ad_penalties")

    def values_of(self, case: Case) -> dict:
        values = {name: getattr(case, name) for name in FACT_FIELDS}
        for name in PENALTY_DATE_FACTS:
            values[name] = [dt.date.fromisoformat(d) for d in getattr(case, name)]
        return values

    @classmethod
    def for_case(cls, case: Case, data=None) -> "FactsForm":
        form = cls(data)
        form.initial = form.values_of(case) | {
            **{name: "\n".join(getattr(case, name)) for name in PENALTY_DATE_FACTS},
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


class ThresholdVersionForm(forms.Form):
    """A revised figure for a threshold, from a date; the earlier version stays for acts
    before it."""

    code = forms.ChoiceField(label=_("标准"))
    amount = forms.DecimalField(
        label=_("新的标准（元，或次数）"),
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )
    effective_from = forms.DateField(
        label=_("施行日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    basis = forms.CharField(
        label=_("依据"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "文件名称、文号、条款和原文，例如：《……规定（二）》（公通字〔2022〕12号）第六十八条：……"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = Threshold.objects.order_by("code", "-effective_from")
        seen = {}
        for row in rows:
            seen.setdefault(row.code, f"{row.offence}（{row.code}）")
        self.fields["code"].choices = [("", "—"), *sorted(seen.items())]


class ServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    served_on = forms.DateField(label=_("送达日期"), **{**DATE, "required": True})
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)


class HearingForm(forms.Form):
    """One step of the hearing (``cases.hearing``): notify, the party's answer, or the date."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(
        choices=[("notify", "notify"), ("request", "request"), ("schedule", "schedule")],
        widget=forms.HiddenInput,
    )
    requested = forms.TypedChoiceField(
        label=_("当事人的答复"),
        choices=[("1", _("要求听证")), ("0", _("放弃听证"))],
        coerce=lambda v: v == "1",
        required=False,
    )
    held_on = forms.DateField(label=_("听证日期"), **DATE)
    place = forms.CharField(label=_("听证地点"), max_length=200, required=False)
