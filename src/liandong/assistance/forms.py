from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.assistance.models import Kind, State
from liandong.cases.models import CasePart
from liandong.evidence.forms import DATETIME, FileFields
from liandong.evidence.models import EvidenceKind


class RequestForm(forms.Form):
    case = forms.ModelChoiceField(label=_("案件"), queryset=None)
    department = forms.ModelChoiceField(label=_("协查单位"), queryset=None)
    kind = forms.ChoiceField(label=_("协查事项"), choices=Kind.choices)
    subject = forms.CharField(label=_("标题"), max_length=200)
    details = forms.CharField(
        label=_("协查内容和要求"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明需要调取或核查的对象、范围、时间段，以及结果的形式。"),
    )
    due_on = forms.DateField(
        label=_("要求完成日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("最早为明天；期限届满于该日24时，遇法定休假日顺延至其后第一个工作日。"),
    )
    shared_part = forms.ChoiceField(
        label=_("随协查共享"),
        choices=[("", _("不共享案件内容")), *CasePart.choices],
        required=False,
        help_text=_("协查单位只能看到这里选择的案件内容；它提交的协查结果登记为本案证据。"),
    )

    def __init__(self, *args, departments, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["case"].queryset = cases


class AcceptForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=None,
        required=False,
        empty_label=_("暂不分派"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class AssignForm(AcceptForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].required = True
        self.fields["assignee"].empty_label = None


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("协查情况说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("简要说明协查经过和结果；结果材料已作为证据登记在案。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResultForm(FileFields):
    """A result of the help: an item of evidence, 协查取得, provided by the helping department."""

    title = forms.CharField(label=_("材料名称"), max_length=200)
    kind = forms.ChoiceField(label=_("证据种类"), choices=EvidenceKind.choices)
    collectors = forms.CharField(
        label=_("收集人"), max_length=200, help_text=_("协查单位的执法人员，用顿号分隔。")
    )
    collected_at = forms.DateTimeField(
        label=_("收集时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("收集地点"), max_length=200)
    source = forms.CharField(
        label=_("证据来源"), max_length=200, help_text=_("调取的写明调取对象。")
    )
    description = forms.CharField(
        label=_("证明对象和内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = [
        "title",
        "kind",
        "collectors",
        "collected_at",
        "place",
        "source",
        "description",
        "file",
        "upload",
        "version",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "collected_at" not in self.initial:
            self.initial["collected_at"] = timezone.localtime().replace(second=0, microsecond=0)


class FilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("范围"),
        choices=[
            ("", _("全部")),
            ("requested", _("本单位请求的")),
            ("received", _("请本单位协查的")),
        ],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )
