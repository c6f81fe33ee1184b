"""The publication-period table (``PeriodVersion``): the versions of the periods of RULES.md §6
as the administrators keep them, seeded from ``periods.VERSIONS``."""

import datetime as dt

from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors
from liandong.credit import periods
from liandong.credit.models import (
    PeriodVersion,
)


def rules() -> tuple[periods.PeriodRule, ...]:
    """The publication periods as the administrators keep them (``PeriodVersion``)."""
    stored = list(PeriodVersion.objects.order_by("since"))
    if not stored:
        return periods.VERSIONS
    return tuple(
        periods.PeriodRule(
            since=v.since,
            title=v.title,
            basis=v.basis,
            terms=tuple(
                (periods.Severity(key), periods.Term(int(t[0]), int(t[1]), bool(t[2])))
                for key, t in v.terms.items()
            ),
        )
        for v in stored
    )


def ensure_seeded(**kwargs) -> None:
    """Store ``periods.VERSIONS`` when the table is empty (post_migrate); never overwrites."""
    if PeriodVersion.objects.exists():
        return
    for rule in periods.VERSIONS:
        PeriodVersion.objects.create(
            since=rule.since,
            title=rule.title,
            basis=rule.basis,
            terms={str(s): [t.min_months, t.max_months, t.published] for s, t in rule.terms},
        )


@action("credit.periods.add")
def add_period_version(
    *, since: dt.date, title: str, basis: str, terms: dict, acting_user
) -> PeriodVersion:
    """A new version of the publication periods, in force from ``since``. Versions in force
    are never edited: records keep the periods they were given."""
    policy.require_of(acting_user, "credit.periods.manage")
    errors = Errors()
    if since is None:
        errors.add("since", _("请填写施行日期。"), "required")
    elif PeriodVersion.objects.filter(since=since).exists():
        errors.add("since", _("该施行日期已有公示期规则。"), "duplicate")
    title, basis = (title or "").strip(), (basis or "").strip()
    if not title:
        errors.add("title", _("请填写规定名称。"), "required")
    if not basis:
        errors.add("basis", _("请填写依据。"), "required")
    stored = {}
    for severity in periods.Severity:
        got = terms.get(severity.value)
        if got is None:
            errors.add(
                severity.value, _("请填写%(s)s的公示期。") % {"s": severity.label}, "required"
            )
            continue
        low, high, shown = got
        try:
            periods.Term(int(low), int(high), bool(shown))
        except (TypeError, ValueError):
            errors.add(
                severity.value,
                _("%(s)s的最短公示期应为不长于最长公示期的月数。") % {"s": severity.label},
                "invalid",
            )
            continue
        if int(high) > 120:
            errors.add(severity.value, _("公示期不超过120个月。"), "too_long")
        stored[severity.value] = [int(low), int(high), bool(shown)]
    errors.raise_if_any()
    version = PeriodVersion.objects.create(
        since=since, title=title, basis=basis, terms=stored, created_by=acting_user
    )
    audit.record(
        "credit.periods.add",
        actor=acting_user,
        obj=version,
        after={"since": since.isoformat(), "title": title, "terms": stored},
    )
    return version


def terms_shown(version: PeriodVersion) -> list[tuple[str, str]]:
    """A stored version's periods as people read them."""
    shown = []
    for severity in periods.Severity:
        low, high, published = version.terms.get(severity.value, [0, 0, False])
        text = _("%(a)s至%(b)s个月") % {"a": low, "b": high}
        if not published:
            text = _("原则上不公示（确需公示的最长%(b)s个月）") % {"b": high}
        shown.append((severity.label, text))
    return shown
