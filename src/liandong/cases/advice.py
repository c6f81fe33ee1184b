"""The transfer advisor applied to cases, with the thresholds administrators keep."""

import datetime as dt

from django.utils import timezone

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
    return advisor.Facts(
        direct_loss=case.direct_loss,
        illegal_gains=case.illegal_gains,
        winning_amount=case.winning_amount,
        coercion_or_bribery=case.coercion_or_bribery,
        prior_collusion_penalties=tuple(
            dt.date.fromisoformat(d) for d in case.prior_collusion_penalties
        ),
    )


def for_case(case: Case, on: dt.date | None = None, rules=None) -> list[advisor.Suggestion]:
    """建议移送 for a case that has not been transferred, by the thresholds in force."""
    if case.decision_kind == DecisionKind.TRANSFER or case.state == CaseState.ARCHIVED:
        return []
    on = on or timezone.localdate()
    return advisor.advise(facts_of(case), rules if rules is not None else thresholds(), on)


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
