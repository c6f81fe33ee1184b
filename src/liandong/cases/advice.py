"""The transfer advisor applied to cases, with the thresholds administrators keep."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.cases import advisor
from liandong.cases.models import Case, CaseState, DecisionKind, Threshold


def thresholds() -> list[advisor.Threshold]:
    return [
        advisor.Threshold(
            code=t.code,
            offence=t.offence,
            track=advisor.Track(t.track),
            measure=advisor.Measure(t.measure),
            amount=t.amount,
            basis=t.basis,
            effective_from=t.effective_from,
            window_years=t.window_years,
        )
        for t in Threshold.objects.all()
    ]


def facts_of(case: Case) -> advisor.Facts:
    from liandong.cases.actions import AMOUNT_FACTS, FLAG_FACTS, PENALTY_DATE_FACTS

    return advisor.Facts(
        act_date=case.act_date,
        **{name: getattr(case, name) for name in AMOUNT_FACTS},
        **{name: bool(getattr(case, name)) for name in FLAG_FACTS},
        **{
            name: tuple(dt.date.fromisoformat(d) for d in getattr(case, name))
            for name in PENALTY_DATE_FACTS
        },
    )


def for_case(case: Case, today: dt.date | None = None, rules=None) -> list[advisor.Suggestion]:
    """建议移送 for a case that has not been transferred, by the thresholds that apply to the
    act's date (advisor.applicable)."""
    if case.decision_kind == DecisionKind.TRANSFER or case.state == CaseState.ARCHIVED:
        return []
    today = today or timezone.localdate()
    return advisor.advise(facts_of(case), rules if rules is not None else thresholds(), today)


def criminal_suggestions(cases) -> list[tuple[str, list[str]]]:
    """For the lead unit: numbers and reasons only (no other detail of the cases)."""
    rules = thresholds()
    listed = []
    for case in cases.exclude(decision_kind=DecisionKind.TRANSFER).exclude(
        state=CaseState.ARCHIVED
    ):
        reasons = [
            s.reason
            for s in for_case(case, rules=rules)
            if s.threshold.track == advisor.Track.CRIMINAL
        ]
        if reasons:
            listed.append((case.number, reasons))
    return listed


TRACKS = (
    (advisor.Track.CRIMINAL, gettext_lazy("建议移送公安机关")),
    (advisor.Track.SUPERVISORY, gettext_lazy("建议将线索移送监察机关（310号令第十九条）")),
    (advisor.Track.SERIOUS_ADMINISTRATIVE, gettext_lazy("属于行政处罚情节严重")),
)


def by_track(suggestions: list[advisor.Suggestion]) -> list[tuple[str, str, list]]:
    """The suggestions under their headings: (track, heading, suggestions), tracks with none
    left out."""
    return [
        (track.value, heading, found)
        for track, heading in TRACKS
        if (found := [s for s in suggestions if s.threshold.track == track])
    ]


def fact_rows(case: Case) -> list[tuple[str, str]]:
    """The recorded facts as (label, value) for the case page: unknown amounts as —."""
    from liandong.cases.actions import FACT_FIELDS, FLAG_FACTS, PENALTY_DATE_FACTS

    rows = []
    for name in FACT_FIELDS:
        value = getattr(case, name)
        if name in FLAG_FACTS:
            text = _("是") if value else _("否")
        elif name in PENALTY_DATE_FACTS:
            text = "、".join(value) or "—"
        else:
            text = "—" if value is None else str(value)
        rows.append((str(Case._meta.get_field(name).verbose_name), text))
    return rows


TRACK_NAMES = {
    advisor.Track.CRIMINAL: gettext_lazy("刑事立案追诉标准（移送公安机关）"),
    advisor.Track.SUPERVISORY: gettext_lazy("职务犯罪（移送监察机关）"),
    advisor.Track.SERIOUS_ADMINISTRATIVE: gettext_lazy("行政处罚情节严重"),
}


def threshold_table(today: dt.date) -> list[tuple[str, str, list]]:
    """The thresholds page: (offence, track name, [(label, versions)]) where each version is
    (row, figure in words, in force today); criminal first, the newest version first."""
    rows = list(Threshold.objects.order_by("code", "-effective_from"))
    current = {t.code: t.effective_from for t in advisor.in_force(thresholds(), today)}
    order = {track: n for n, (track, _heading) in enumerate(TRACKS)}
    groups: dict[tuple, dict[str, list]] = {}
    for row in rows:
        measure, track = advisor.Measure(row.measure), advisor.Track(row.track)
        label = advisor.LABELS.get(measure) or _repeat_label(measure, row)
        key = (order[track], row.offence, str(TRACK_NAMES[track]))
        groups.setdefault(key, {}).setdefault(f"{label}|{row.code}", []).append(
            (row, _figure(measure, row), current.get(row.code) == row.effective_from)
        )
    return [
        (offence, track, [(key.split("|")[0], versions) for key, versions in codes.items()])
        for (_order, offence, track), codes in sorted(groups.items())
    ]


def _figure(measure: advisor.Measure, row: Threshold) -> str:
    if measure is advisor.Measure.COERCION_OR_BRIBERY:
        return _("有此情形")
    if measure in advisor.REPEATS:
        return _("%(n)d次以上") % {"n": int(row.amount)}
    return _("%(amount)s以上") % {"amount": advisor.yuan(row.amount)}


def _repeat_label(measure: advisor.Measure, row: Threshold) -> str:
    if measure is advisor.Measure.COERCION_OR_BRIBERY:
        return _("采取威胁、欺骗或者贿赂等非法手段")
    return _("%(years)s年内因%(what)s受行政处罚的次数") % {
        "years": row.window_years,
        "what": advisor.REPEATS[measure],
    }


LIMITATION_YEARS = (
    2  # 行政处罚法 第三十六条 (five where life, health or financial safety is harmed)
)


def limitation(case: Case) -> str:
    """行政处罚法 第三十六条: an act not discovered within two years of being done (or ended) is
    no longer punished. Discovery is taken as the day the case was registered. A warning, not a
    refusal: the five-year exception and other laws are for the officer to weigh."""
    if case.act_date is None:
        return ""
    last_day = advisor.years_after(case.act_date, LIMITATION_YEARS)
    found = timezone.localdate(case.created_at)
    if found <= last_day:
        return ""
    return _(
        "违法行为发生于%(act)s，至登记线索（%(found)s）已超过二年（%(last)s届满）：依照《中华人民共和国"
        "行政处罚法》第三十六条，违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、"
        "金融安全且有危害后果的，期限延长至五年；法律另有规定的除外。"
    ) % {"act": case.act_date.isoformat(), "found": found.isoformat(), "last": last_day.isoformat()}
