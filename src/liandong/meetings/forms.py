from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.cases.models import CasePart
from liandong.evidence.forms import DATETIME
from liandong.meetings.models import Attendance, Reply, TopicCategory

TEXT = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TopicForm(forms.Form):
    category = forms.ChoiceField(label=_("议题类别"), choices=TopicCategory.choices)
    title = forms.CharField(label=_("议题"), max_length=200)
    description = forms.CharField(
        label=_("说明"),
        widget=TEXT,
        help_text=_("需要会议通报或研究解决的情况和问题。"),
    )
    cases_linked = forms.ModelMultipleChoiceField(
        label=_("相关案件"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    shared_part = forms.ChoiceField(
        label=_("随议题共享"),
        choices=[("", _("不共享案件内容")), *CasePart.choices],
        required=False,
        help_text=_("议题列入会议议程后，成员单位只能看到这里选择的案件内容。"),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases_linked"].queryset = cases
        self.fields["cases_linked"].label_from_instance = lambda c: f"{c.number} {c.title}"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConveneForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("会议时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("会议地点"), max_length=200)
    topics = forms.ModelMultipleChoiceField(
        label=_("列入议程的议题"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = forms.CharField(
        label=_("其他议程"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("每行一项。"),
    )
    invitees = forms.ModelMultipleChoiceField(
        label=_("另请参会人员"),
        queryset=None,
        required=False,
        help_text=_("各成员单位联络员默认参会。"),
    )
    observer_department = forms.ModelChoiceField(label=_("列席单位"), queryset=None, required=False)
    observer_names = forms.CharField(
        label=_("列席人员"),
        max_length=300,
        required=False,
        help_text=_("列席单位的参会人员姓名和职务，多人用顿号分隔。"),
    )

    def __init__(self, *args, topics, people, observers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        self.fields["topics"].label_from_instance = lambda t: (
            f"{t.department.short_name}：{t.title}（{t.get_category_display()}）"
        )
        self.fields["invitees"].queryset = people
        self.fields["invitees"].label_from_instance = lambda p: (
            f"{p.department.short_name} {p.full_name}"
        )
        self.fields["observer_department"].queryset = observers


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("回复"), choices=[c for c in Reply.choices if c[0] != Reply.PENDING]
    )
    deputy = forms.CharField(label=_("委派参会人员"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class AttendanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [c for c in Attendance.choices if c[0]]
        for invitation in invitations:
            default = {
                Reply.LEAVE: Attendance.LEAVE,
            }.get(
                invitation.reply, Attendance.OBSERVER if invitation.observer else Attendance.PRESENT
            )
            self.fields[f"a{invitation.pk}"] = forms.ChoiceField(
                label=f"{invitation.department.short_name} {invitation.attendee}",
                choices=choices,
                initial=invitation.attendance or default,
            )

    def attendance(self) -> dict:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("a") and name[1:].isdigit()
        }


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("会议概况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("会议主持人、主要议程等，写入纪要开头。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        for item in agenda:
            self.fields[f"d{item.pk}"] = forms.CharField(
                label=_("%(n)d. %(title)s：讨论情况") % {"n": item.order, "title": item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=item.discussion,
            )

    def discussions(self) -> dict:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("d") and name[1:].isdigit()
        }


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(
        label=_("所属议程"), queryset=None, required=False, empty_label=_("其他")
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("责任单位"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(label=_("完成时限"), widget=DATE, required=False)

    def __init__(self, *args, agenda, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda
        self.fields["owners"].queryset = members
        self.fields["owners"].label_from_instance = lambda d: d.short_name


class CommentForm(forms.Form):
    text = forms.CharField(label=_("意见"), widget=TEXT)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("落实情况"), widget=TEXT)
    file = forms.FileField(label=_("附件"), required=False)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("落实结果"), widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ResolutionFilter(forms.Form):
    owner = forms.ModelChoiceField(label=_("责任单位"), queryset=None, required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, members, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].empty_label = _("全部")
        self.fields["owner"].label_from_instance = lambda d: d.short_name
        self.fields["state"].choices = [("", _("全部")), *states]
