"""What of a case a person may see, and the case search."""

from django.db.models import Q

from liandong.cases.models import Case, CasePart


def parts_for(user, case: Case) -> set[str]:
    """The parts of ``case`` that ``user``'s department may see."""
    if case.department_id == user.department_id:
        return set(CasePart.values)
    granted = set(
        case.grants.filter(department_id=user.department_id).values_list("part", flat=True)
    )
    return set(CasePart.values) if CasePart.ALL in granted else granted


def search(cases, text: str):
    text = text.strip()
    if not text:
        return cases
    return cases.filter(
        Q(number__icontains=text)
        | Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(pk__in=Case.objects.filter(parties__name__icontains=text).values("pk"))
    )
