from django import template

from liandong.documents.models import IssuedDocument

register = template.Library()


@register.inclusion_tag("documents/_documents.html", takes_context=True)
def documents_for(context, obj):
    """The issued documents of a case (``{% documents_for case %}``) or of another object they
    were issued on (a transfer, a consultation …), as far as the viewer may see them."""
    documents = IssuedDocument.objects.visible_to(context["request"].user)
    if obj._meta.label_lower == "cases.case":
        documents = documents.filter(case=obj)
    else:
        documents = documents.about(obj)
    return {"documents": documents.select_related("department", "recipient")}
