"""What of a case a person may see, the case list and its search."""

import re

from django.db import connections
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery, TextField

from liandong.cases.models import Case, CasePart, InSubquery, Party

# What the search reads besides the parties' names, in the order of the trigram index's expression
# (migration 0002): the number, the title, the facts and the procurement.
SEARCHED_FIELDS = (
    "number",
    "title",
    "summary",
    "project_number",
    "project_name",
    "purchaser",
    "agency",
)
NEWEST_FIRST = ("-created_at", "-pk")
# pg_trgm finds a substring through its index only when it has three letters or digits in a row.
TRIGRAMS = re.compile(r"[^\W_]{3}")


def parts_for(user, case: Case) -> set[str]:
    """The parts of ``case`` that ``user``'s department may see."""
    if case.department_id == user.department_id:
        return set(CasePart.values)
    granted = set(
        case.grants.filter(department_id=user.department_id).values_list("part", flat=True)
    )
    return set(CasePart.values) if CasePart.ALL in granted else granted


class SearchText(Func):
    """The searched fields of a case as one text, a line each. Migration 0002 builds the trigram
    index on this very expression; PostgreSQL uses the index only while the two stay alike."""

    template = "(%(expressions)s)"
    arg_joiner = " || '\n' || "
    output_field = TextField()

    def __init__(self):
        super().__init__(*(F(field) for field in SEARCHED_FIELDS))


def search(cases: QuerySet, text: str) -> QuerySet:
    """The cases whose number, title, facts, procurement or a party's name contain ``text``,
    ignoring case."""
    text = text.strip()
    if not text:
        return cases
    cases = cases.alias(search_text=SearchText())
    if TRIGRAMS.search(text):
        # Both found through their trigram indexes; the parties once, among the cases searched.
        parties = Party.objects.filter(name__icontains=text, case__in=cases.order_by().values("pk"))
        return cases.filter(
            Q(search_text__icontains=text) | Q(InSubquery("pk", parties.values("case_id")))
        )
    # Too short for a trigram index: read each case, and its parties through the index on their
    # case (left to itself, PostgreSQL would read the parties of every department instead).
    # Without letters, upper case is the same text: compare as it is, at half the cost.
    contains = "icontains" if text.lower() != text.upper() else "contains"
    first = Party.objects.filter(case=OuterRef("pk"), **{f"name__{contains}": text})
    cases = cases.alias(party_match=Subquery(first.values("pk")[:1]))
    return cases.filter(Q(**{f"search_text__{contains}": text}) | Q(party_match__isnull=False))


class CaseList:
    """Cases a person may see, newest first, in pages: the count and the slices that Django's
    Paginator and django-ninja's pagination ask of a list.

    The cases of the person's own department and those shared with it (the two parts of
    ``Case.objects.visible_parts``) are read apart: an OR of the two makes PostgreSQL read every
    visible case from the table to sort them, while each part alone is an ordered index scan
    that stops at the end of the page, and is counted from the index alone. A page merges the
    keys (time, id) of both parts up to its end, then reads its rows by id through
    ``visible_to``. A search has to read the cases to count them: it takes the keys of all
    matches at once, so that counting and paging read them once.
    """

    ordered = True  # tells the Paginator the order is stable

    def __init__(self, user, parts: list[QuerySet], *, searching=False, related=()):
        self.user = user
        self.parts = parts
        self.searching = searching
        self.related = related
        self._count: int | None = None
        self._ids: list[int] | None = None

    def select_related(self, *fields: str) -> "CaseList":
        return CaseList(
            self.user, self.parts, searching=self.searching, related=(*self.related, *fields)
        )

    def all(self) -> "CaseList":
        return self

    def count(self) -> int:
        if self._count is None:
            if self.searching:
                self._count = len(self._keys(0, None))
            else:
                self._count = sum(part.count() for part in self.parts)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        if index.step is not None or (index.start or 0) < 0 or (index.stop or 0) < 0:
            raise ValueError("a case list takes slices [start:stop] from the start only")
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= start:
            return []
        ids = self._keys(start, stop)
        rows = Case.objects.visible_to(self.user).select_related(*self.related).order_by()
        rows = rows.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def _keys(self, start: int, stop: int | None) -> list[int]:
        """The ids of the cases [start:stop] in the list's order."""
        if self.searching and self._ids is None:  # all of them, kept for the count and slices
            self._ids = self._read_keys(0, None)
        if self._ids is not None:
            return self._ids[start:stop]
        return self._read_keys(start, stop)

    def _read_keys(self, start: int, stop: int | None) -> list[int]:
        if not self.parts:
            return []
        keys = [part.values_list("created_at", "pk") for part in self.parts]
        features = connections[keys[0].db].features
        if stop is not None and (len(keys) == 1 or features.supports_slicing_ordering_in_compound):
            keys = [k.order_by(*NEWEST_FIRST)[:stop] for k in keys]  # each part up to the end
        else:
            keys = [k.order_by() for k in keys]  # SQLite: a union of unsorted parts
        merged = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
        # Sorted around the union rather than by it, so that only the ids come back (loading
        # thousands of times of a search into Python would cost more than finding them). The
        # SQL is Django's, its parameters stay apart (S608 does not apply).
        sql, params = merged.query.sql_with_params()
        sql = f"SELECT pk FROM ({sql}) page_keys ORDER BY created_at DESC, pk DESC"  # noqa: S608
        if stop is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", (*params, stop - start, start)
        with connections[merged.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for (pk,) in cursor.fetchall()]


def listed_cases(user, *, q: str = "", state: str = "", source: str = "") -> CaseList:
    """The case list as the page and the API show it: what ``user`` may see, searched and
    filtered, newest first."""
    parts = []
    for visible in Case.objects.visible_parts(user) or ():
        cases = search(Case.objects.filter(visible), q)
        if state:
            cases = cases.filter(state=state)
        if source:
            cases = cases.filter(source=source)
        parts.append(cases)
    return CaseList(user, parts, searching=bool(q.strip()))
