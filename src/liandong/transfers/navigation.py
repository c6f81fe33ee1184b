from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from liandong.cases import timeline, workflow
from liandong.cases.models import DecisionKind
from liandong.core import navigation, workbench
from liandong.transfers import actions
from liandong.transfers.models import WITH_POLICE, Kind, State, Transfer

navigation.register(
    navigation.NavItem(
        label=_("案件移送"),
        url_name="transfers:list",
        order=17,
        namespaces=("transfers",),
        visible=lambda user: user.role != "admin",
        badge=lambda user: actions.waiting_for(user).count(),
    )
)

WAITING = {
    State.DRAFT: _("起草中，待报告或移送"),
    State.AWAITING_APPROVAL: _("待负责人审批"),
    State.APPROVED: _("已批准，待移送"),
    State.SENT: _("待签收"),
    State.RECEIVED: _("待作出立案决定"),
    State.MATERIAL_REQUESTED: _("待补充材料"),
    State.FILED: _("待移交涉案物品"),
    State.NOT_FILED: _("不予立案，待答复"),
    State.RECONSIDERATION: _("待作出复议决定"),
    State.UPHELD: _("复议维持，待答复"),
    State.ACCEPTED: _("待反馈处理结果"),
}


def _todos(user):
    """What waits for the person; each step's clock is on the workbench as its own timer."""
    for t in actions.waiting_for(user)[:100]:
        yield workbench.Todo(
            kind="transfer",
            title=_("%(kind)s：%(subject)s（%(from)s→%(to)s）")
            % {
                "kind": t.get_kind_display(),
                "subject": t.subject,
                "from": t.from_department.short_name,
                "to": t.to_department.short_name,
            },
            url=reverse("transfers:detail", args=[t.pk]),
            state=str(WAITING.get(t.state, t.get_state_display())),
        )


workbench.register_todos(_todos)

STEPS = {
    "transfers.transfer.create": pgettext_lazy("timeline", "起草案件移送"),
    "transfers.transfer.attach": pgettext_lazy("timeline", "附移送材料"),
    "transfers.transfer.submit": pgettext_lazy("timeline", "办案组报告负责人审批移送"),
    "transfers.transfer.approve": pgettext_lazy("timeline", "负责人批准移送"),
    "transfers.transfer.refuse": pgettext_lazy("timeline", "负责人不批准移送"),
    "transfers.transfer.send": pgettext_lazy("timeline", "案件已移送"),
    "transfers.transfer.copy": pgettext_lazy("timeline", "移送书抄送人民检察院"),
    "transfers.transfer.withdraw": pgettext_lazy("timeline", "撤回移送"),
    "transfers.transfer.accept": pgettext_lazy("timeline", "接收单位签收"),
    "transfers.transfer.decline": pgettext_lazy("timeline", "接收单位退回移送"),
    "transfers.transfer.forward": pgettext_lazy("timeline", "公安机关转送其他机关"),
    "transfers.transfer.request_material": pgettext_lazy("timeline", "公安机关通知补充材料"),
    "transfers.transfer.complete_material": pgettext_lazy("timeline", "已补充移送材料"),
    "transfers.transfer.file": pgettext_lazy("timeline", "公安机关立案"),
    "transfers.transfer.not_file": pgettext_lazy("timeline", "公安机关不予立案"),
    "transfers.transfer.request_reconsideration": pgettext_lazy("timeline", "提请复议"),
    "transfers.transfer.decide_reconsideration": pgettext_lazy("timeline", "公安机关复议决定"),
    "transfers.transfer.suggest_supervision": pgettext_lazy("timeline", "建议检察院立案监督"),
    "transfers.transfer.return_to_administration": pgettext_lazy("timeline", "回到行政处理程序"),
    "transfers.transfer.hand_over": pgettext_lazy("timeline", "移交涉案物品和材料"),
    "transfers.transfer.feedback": pgettext_lazy("timeline", "接收单位反馈结果"),
    "transfers.transfer.open_case": pgettext_lazy("timeline", "接收单位据此立案"),
}


def _case_steps(case) -> Q:
    ids = [str(pk) for pk in case.transfers.values_list("pk", flat=True)]
    return Q(object_type="transfers.transfer", object_id__in=ids, action__in=list(STEPS))


timeline.register(timeline.Source(_case_steps, STEPS, name_object=True))


def _no_fine_for_a_crime(case, verb: str, decision_kind: str) -> str:
    """While a criminal transfer is with the police (or on its way), the case is not decided
    administratively: no 以罚代刑 (310号令 第十一条). It may be decided as 移送."""
    if verb not in ("decide", "dismiss") or decision_kind == DecisionKind.TRANSFER:
        return ""
    pending = Transfer.objects.filter(case=case, kind=Kind.CRIMINAL, state__in=WITH_POLICE).first()
    if pending is None:
        return ""
    return gettext(
        "本案涉嫌犯罪移送尚在办理（%(state)s）：在公安机关不予立案、案件回到行政处理程序之前，"
        "不得以行政处罚代替移送（《行政执法机关移送涉嫌犯罪案件的规定》第十一条）。"
    ) % {"state": pending.get_state_display()}


workflow.register_guard(_no_fine_for_a_crime)
