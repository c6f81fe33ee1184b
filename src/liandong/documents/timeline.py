"""Issued documents on the case timeline."""

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from liandong.cases import timeline

STEPS = {"documents.document.issue": pgettext_lazy("timeline", "发文")}


def _documents(case) -> Q:
    ids = [str(pk) for pk in case.documents.values_list("pk", flat=True)]
    return Q(object_type="documents.issueddocument", object_id__in=ids, action__in=list(STEPS))


timeline.register(timeline.Source(_documents, STEPS, name_object=True))
