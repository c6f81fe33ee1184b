from django import template

from liandong.transfers.models import Transfer

register = template.Library()


@register.inclusion_tag("transfers/_for_case.html", takes_context=True)
def transfers_for(context, case):
    """The transfers of a case the viewer may see (``{% transfers_for case %}``)."""
    user = context["request"].user
    rows = Transfer.objects.visible_to(user).filter(case=case).select_related("to_department")
    return {"transfers": rows, "case": case}
