from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.credit.models import (
    CheckClient,
    ListKindChoice,
    RecordKind,
    RecordState,
    SeverityChoice,
    SubjectCategory,
)
from liandong.credit.periods import Severity

DATE = {"type": "date"}


class RecordForm(forms.Form):
    """What a person enters; the action checks it (codes, amounts, periods) and works out the
    rest. Empty optional dates are worked out from the rules."""

    case = forms.TypedChoiceField(label=_("关联案件"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("记录类别"),
        choices=RecordKind.choices,
        help_text=_(
            "罚款三万元以上或禁止参加政府采购活动的，系统自动按政府采购严重违法失信行为记录处理并说明依据。"
        ),
    )
    subject_name = forms.CharField(label=_("行政相对人名称"), max_length=200)
    subject_category = forms.ChoiceField(label=_("行政相对人类别"), choices=SubjectCategory.choices)
    subject_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("法人、非法人组织和个体工商户必填，系统校验校验码。"),
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=60, required=False)
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=18,
        required=False,
        help_text=_("行政相对人为自然人时必填；加密保存，页面只显示后四位。"),
    )
    decision_number = forms.CharField(label=_("行政处罚决定书文号"), max_length=60)
    decision_date = forms.DateField(label=_("处罚决定日期"), widget=forms.DateInput(attrs=DATE))
    violation_type = forms.CharField(label=_("违法行为类型"), max_length=200)
    facts = forms.CharField(label=_("违法事实"), widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(label=_("处罚依据"), widget=forms.Textarea(attrs={"rows": 2}))
    penalty_category = forms.CharField(
        label=_("处罚类别"), max_length=100, help_text=_("如：罚款；禁止参加政府采购活动")
    )
    penalty_content = forms.CharField(label=_("处罚内容"), widget=forms.Textarea(attrs={"rows": 2}))
    fine = forms.CharField(
        label=_("罚款金额（元）"),
        required=False,
        help_text=_("以元为单位填写；导出和推送时自动换算为万元。"),
    )
    confiscated = forms.CharField(label=_("没收金额（元）"), required=False)
    licence = forms.CharField(label=_("暂扣或吊销证照名称及编号"), max_length=200, required=False)
    ban_start = forms.DateField(
        label=_("禁止参加政府采购活动起始日期"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    ban_end = forms.DateField(
        label=_("禁止参加政府采购活动截止日期"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("期限一至三年（政府采购法第七十七条）。"),
    )
    severity = forms.ChoiceField(
        label=_("失信程度"),
        choices=[("", _("按规则确定")), *SeverityChoice.choices],
        required=False,
        help_text=_(
            "不选的，列入政府采购严重违法失信行为记录名单的（罚款3万元以上或者禁止参加政府采购活动，"
            "财办库〔2014〕526号）为严重失信行为，其他为一般失信行为；按处罚决定日期施行的公示期规则"
            "确定公示期。"
        ),
    )
    publication_end = forms.DateField(
        label=_("公示截止期"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("不填则按规则取最长公示期。"),
    )
    valid_until = forms.DateField(
        label=_("处罚有效期"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("不填则取禁止期限截止日期或公示截止期。"),
    )
    remarks = forms.CharField(
        label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        if cases:
            self.fields["case"].choices = [("", _("（不关联案件）"))] + [
                (c.pk, f"{c.number} {c.title}") for c in cases
            ]
        else:
            del self.fields["case"]

    def action_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("case", "version")}
        if not data.get("id_number"):
            data.pop("id_number", None)
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label=_("名称、代码或文号"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *RecordState.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("记录类别"), choices=[("", _("全部")), *RecordKind.choices], required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExportForm(forms.Form):
    FORMATS = [("xlsx", _("Excel（.xlsx）")), ("csv", _("CSV（UTF-8）"))]
    states = forms.MultipleChoiceField(
        label=_("状态"),
        choices=[
            (RecordState.REVIEWED, RecordState.REVIEWED.label),
            (RecordState.PUBLISHED, RecordState.PUBLISHED.label),
        ],
        initial=[RecordState.REVIEWED, RecordState.PUBLISHED],
        widget=forms.CheckboxSelectMultiple,
    )
    since = forms.DateField(
        label=_("处罚决定日期自"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    until = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs=DATE))
    format = forms.ChoiceField(
        label=_("格式"), choices=FORMATS, initial="xlsx", widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("结束日期不能早于开始日期。"))
        return data


class CheckForm(forms.Form):
    name = forms.CharField(label=_("供应商名称"), max_length=200, required=False)
    code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("name", "").strip() and not data.get("code", "").strip():
            raise forms.ValidationError(_("请填写供应商名称或统一社会信用代码。"))
        return data


class BulkCheckForm(forms.Form):
    bidders = forms.FileField(
        label=_("投标人名单（.xlsx）"),
        help_text=_("第1行为表头，含“供应商名称”和/或“统一社会信用代码”列；一次最多10000家。"),
    )


class ListImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("名单类别"), choices=ListKindChoice.choices)
    source = forms.CharField(
        label=_("来源"), max_length=200, help_text=_("如：信用中国（2026-11-30下载）")
    )
    file = forms.FileField(label=_("名单文件（.csv或.xlsx）"))
    name_column = forms.CharField(label=_("“名称”所在列的表头"), max_length=60, initial="名称")
    code_column = forms.CharField(
        label=_("“统一社会信用代码”所在列的表头"),
        max_length=60,
        initial="统一社会信用代码",
        required=False,
    )
    listed_on_column = forms.CharField(
        label=_("“列入日期”所在列的表头"), max_length=60, initial="列入日期"
    )
    removed_after_column = forms.CharField(
        label=_("“移出日期”所在列的表头"), max_length=60, initial="移出日期", required=False
    )
    reason_column = forms.CharField(
        label=_("“列入原因”所在列的表头"), max_length=60, initial="列入原因", required=False
    )
    skip_bad_rows = forms.BooleanField(label=_("跳过错误行，只导入正确的行"), required=False)

    def mapping(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            field: data.get(f"{field}_column", "")
            for field in ("name", "code", "listed_on", "removed_after", "reason")
        }


class PeriodVersionForm(forms.Form):
    since = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs=DATE))
    title = forms.CharField(label=_("规定名称"), max_length=200)
    basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for severity in Severity:
            self.fields[f"{severity.value}_min"] = forms.IntegerField(
                label=_("%(s)s：最短公示期（月）") % {"s": severity.label},
                min_value=0,
                max_value=120,
            )
            self.fields[f"{severity.value}_max"] = forms.IntegerField(
                label=_("%(s)s：最长公示期（月）") % {"s": severity.label},
                min_value=1,
                max_value=120,
            )
            self.fields[f"{severity.value}_published"] = forms.BooleanField(
                label=_("%(s)s：予以公示") % {"s": severity.label}, required=False, initial=True
            )

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            s.value: [data[f"{s.value}_min"], data[f"{s.value}_max"], data[f"{s.value}_published"]]
            for s in Severity
        }


class ClientForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=CheckClient.Kind.choices)
    name = forms.CharField(label=_("单位名称"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    per_minute = forms.IntegerField(
        label=_("每分钟查询上限"), initial=120, min_value=1, max_value=6000
    )


class PortalSignInForm(forms.Form):
    token = forms.CharField(
        label=_("查询令牌"),
        max_length=100,
        widget=forms.PasswordInput,
        help_text=_("由区发展改革局发放给采购人、采购代理机构。"),
    )
