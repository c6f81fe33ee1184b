"""Evidence steps on the case timeline."""

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from liandong.cases import timeline

ITEM_STEPS = {
    "evidence.item.add": pgettext_lazy("timeline", "登记证据"),
    "evidence.item.supersede": pgettext_lazy("timeline", "更正证据"),
    "evidence.item.recognise": pgettext_lazy("timeline", "其他单位发表证据互认意见"),
}


def _items(case) -> Q:
    ids = [str(pk) for pk in case.evidence.values_list("pk", flat=True)]
    return Q(object_type="evidence.evidenceitem", object_id__in=ids, action__in=list(ITEM_STEPS))


def _attachments(case) -> Q:
    return Q(object_type="cases.case", object_id=str(case.pk), action="evidence.attachment.add")


timeline.register(timeline.Source(_items, ITEM_STEPS, name_object=True))
timeline.register(
    timeline.Source(
        _attachments, {"evidence.attachment.add": pgettext_lazy("timeline", "上传附件")}
    )
)
