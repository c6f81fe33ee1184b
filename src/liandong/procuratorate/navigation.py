from django.utils.translation import gettext_lazy as _

from liandong.core import navigation


def _is_procuratorate(user) -> bool:
    return user.is_external


navigation.register(
    navigation.NavItem(
        label=_("立案监督"),
        url_name="procuratorate:home",
        order=1,
        namespaces=("procuratorate",),
        visible=_is_procuratorate,
        external=True,
    )
)
navigation.register(
    navigation.NavItem(
        label=_("抄送的移送"),
        url_name="procuratorate:transfers",
        order=2,
        visible=_is_procuratorate,
        external=True,
    )
)
