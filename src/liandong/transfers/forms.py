from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.transfers.models import ExtensionKind, FeedbackKind, Kind, Slot, State

TEXT = forms.Textarea(attrs={"rows": 4})


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label=_("移送类别"), choices=Kind.choices)
    department = forms.ModelChoiceField(
        label=_("接收单位"),
        queryset=None,
        help_text=_("涉嫌犯罪的案件移送同级公安机关。"),
    )
    case = forms.ModelChoiceField(
        label=_("案件"),
        queryset=None,
        required=False,
        help_text=_("审计移送和线索移交可以不关联案件。"),
    )
    subject = forms.CharField(label=_("标题"), max_length=200)
    offence = forms.CharField(
        label=_("涉嫌罪名或违法行为"),
        max_length=200,
        required=False,
        help_text=_("如：串通投标罪。涉嫌犯罪移送必填。"),
    )
    facts = forms.CharField(
        label=_("案件情况"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("涉嫌犯罪或违法的事实、发现经过、主要证据。会写入移送书。"),
    )
    report = forms.CharField(
        label=_("调查报告"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("涉嫌犯罪移送：办案组向负责人提交的书面报告，可稍后在报告时填写。"),
    )

    def __init__(self, *args, departments, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["case"].queryset = cases


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("理由"), widget=TEXT)


class ReportForm(VersionForm):
    report = forms.CharField(label=_("调查报告"), widget=forms.Textarea(attrs={"rows": 8}))


class ForwardForm(VersionForm):
    forwarded_to = forms.CharField(label=_("转送的机关"), max_length=100)
    reason = forms.CharField(label=_("不属于本机关管辖的理由"), widget=TEXT)


class MaterialForm(VersionForm):
    needed = forms.CharField(label=_("需补充的材料"), widget=TEXT)


class NoteForm(VersionForm):
    note = forms.CharField(label=_("说明"), widget=TEXT)


class FileForm(VersionForm):
    number = forms.CharField(
        label=_("立案决定书文号"),
        max_length=60,
        required=False,
        help_text=_("不填则以本平台发出的立案通知书文号为准。"),
    )


class ExtensionForm(VersionForm):
    extension = forms.ChoiceField(label=_("延长的情形"), choices=ExtensionKind.choices)
    reason = forms.CharField(label=_("理由"), widget=TEXT)
    approver = forms.CharField(
        label=_("批准的负责人"),
        max_length=100,
        required=False,
        help_text=_("延长至30日或再延长30日的，填写批准的公安机关负责人姓名、职务。"),
    )


class NotFileForm(ReasonForm):
    number = forms.CharField(label=_("不予立案决定书文号"), max_length=60, required=False)


class DecisionForm(VersionForm):
    upheld = forms.TypedChoiceField(
        label=_("复议决定"),
        choices=[("1", _("维持不予立案的决定")), ("0", _("撤销原决定，予以立案"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("理由"), widget=TEXT)
    number = forms.CharField(label=_("立案决定书文号"), max_length=60, required=False)


class HandOverForm(VersionForm):
    items = forms.CharField(
        label=_("移交清单"),
        widget=TEXT,
        help_text=_("逐项列明移交的涉案物品和案卷材料。"),
    )


class FeedbackForm(VersionForm):
    kind = forms.ChoiceField(label=_("反馈事项"), choices=FeedbackKind.choices)
    text = forms.CharField(label=_("反馈内容"), widget=TEXT)

    def __init__(self, *args, criminal: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if criminal:
            self.fields["kind"].choices = [
                c for c in FeedbackKind.choices if c[0] != FeedbackKind.HANDLED
            ]
        else:
            self.fields["kind"].choices = [
                c
                for c in FeedbackKind.choices
                if c[0] in (FeedbackKind.HANDLED, FeedbackKind.OTHER)
            ]


class AttachForm(VersionForm):
    slot = forms.ChoiceField(label=_("材料"), choices=Slot.choices)
    item = forms.ModelChoiceField(label=_("证据"), queryset=None)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.label} {i.title}"


class FilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("范围"),
        choices=[("", _("全部")), ("sent", _("本单位移出")), ("received", _("移送本单位"))],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Kind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *State.choices], required=False
    )


class ExplainForm(VersionForm):
    explanation = forms.CharField(
        label=_("不立案的情况、依据和理由"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("连同有关证据材料回复人民检察院（程序规定第一百八十二条第一款）。"),
    )
    number = forms.CharField(label=_("说明书文号"), max_length=60, required=False)


class SupervisionForm(forms.Form):
    """The procuratorate's answer to a 立案监督 suggestion: one text and its 文书 number."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 5}))
    number = forms.CharField(
        label=_("文书文号"),
        max_length=60,
        required=False,
        help_text=_("本院在检察业务应用系统中制作的法律文书的文号。"),
    )

    def __init__(self, *args, label=None, numbered: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        if not numbered:
            del self.fields["number"]
