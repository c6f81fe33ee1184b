import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.deadlines.models import Deadline, DeadlineState
from liandong.deadlines.periods import due_text

register = template.Library()


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)d 天 %(h)d 小时") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d 小时 %(m)d 分") % {"h": hours, "m": minutes}
    return _("%(m)d 分钟") % {"m": minutes}


@register.filter
def time_left(deadline: Deadline, now=None) -> str:
    now = now or timezone.now()
    if deadline.state == DeadlineState.PAUSED:
        return _("已中止计时（%(reason)s）") % {"reason": deadline.get_pause_reason_display()}
    if deadline.state in (DeadlineState.MET, DeadlineState.CANCELLED):
        return "—"
    left = deadline.due_at - now
    if left.total_seconds() < 0:
        return _("已逾期 %(span)s") % {"span": _span(-left)}
    return _("剩余 %(span)s") % {"span": _span(left)}


@register.filter
def is_overdue(deadline: Deadline, now=None) -> bool:
    return deadline.state in (DeadlineState.RUNNING, DeadlineState.MISSED) and deadline.due_at <= (
        now or timezone.now()
    )


@register.filter(name="due_text")
def due_text_filter(moment) -> str:
    """A due time as the deadlines read it (24:00 of the last day, not 00:00 of the next)."""
    return due_text(moment) if moment else ""


@register.inclusion_tag("deadlines/timers_for.html", takes_context=True)
def timers_for(context, subject):
    """The timers of any object, for that object's page: due, time left, paused, basis."""
    user = context["request"].user
    return {
        "deadlines": Deadline.objects.visible_to(user).for_object(subject).order_by("started_at"),
        "now": timezone.now(),
    }
