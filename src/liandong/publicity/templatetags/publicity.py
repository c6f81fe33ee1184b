"""Showing a draft with what the anonymiser put in it marked."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def marked(text: str, changes) -> str:
    """``text`` as paragraphs (one a line), each mask the anonymiser wrote (张某,
    350502************) in a <mark>, so the drafter sees at a glance where personal data was."""
    masks = sorted({c["masked"] for c in changes or ()}, key=len, reverse=True)
    html = escape(text or "")
    if masks:
        pattern = re.compile("|".join(re.escape(escape(m)) for m in masks))
        html = pattern.sub(lambda m: f"<mark>{m.group()}</mark>", html)
    return _paragraphs(html)


@register.filter
def paragraphs(text: str) -> str:
    """``text`` as official documents read: each line a paragraph (the stylesheet indents it)."""
    return _paragraphs(escape(text or ""))


def _paragraphs(html: str) -> str:
    lines = [line.strip() for line in html.splitlines() if line.strip()]
    return mark_safe("".join(f"<p>{line}</p>" for line in lines))  # noqa: S308  (escaped)


@register.inclusion_tag("publicity/_for_case.html", takes_context=True)
def publicity_for(context, case):
    """On a finished case's page: its typical cases and announcements the viewer may see, and
    the way to draft one (``{% publicity_for case %}``)."""
    from liandong.core import policy
    from liandong.publicity.models import Publication
    from liandong.publicity.views import eligible_cases

    user = context["request"].user
    rows = list(Publication.objects.visible_to(user).filter(case=case))
    can_draft = policy.can(user, "publicity.publication.create") and (
        eligible_cases(user).filter(pk=case.pk).exists()
    )
    return {"publications": rows, "case": case, "can_draft": can_draft}
