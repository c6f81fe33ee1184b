from django.utils.translation import gettext_lazy as _

from liandong.complaints.models import OPEN_STATES, Complaint
from liandong.core import navigation, policy

navigation.register(
    navigation.NavItem(
        label=_("投诉处理"),
        url_name="complaints:list",
        order=16,
        namespaces=("complaints",),
        visible=lambda user: policy.can(user, "complaints.complaint.list"),
        badge=lambda user: Complaint.objects.visible_to(user).filter(state__in=OPEN_STATES).count(),
    )
)
