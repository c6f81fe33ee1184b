"""Benchmark: the case list and its search over 1,000,000 cases (PostgreSQL).

    python bench/case_list.py --database postgresql [--cases N] [--requests N] [--dbname NAME]

The cases are those of bench/case_data.py, in the database `ld_bench` (generated there when
missing, which takes about three minutes; kept between runs, this benchmark only reads). Every
request goes through the whole Django stack (middleware, session, view or API, template or JSON)
with the test Client, signed in as an officer of a department, 50 cases a page:

1. **list page** `/cases/?state=…` and **list API** `GET /api/v1/cases?state=…&limit=50`: the
   state filter varies, most requests ask for the first page, some for pages 2–5, a few for the
   last page;
2. **search page** `/cases/?q=…` and **search API** `GET /api/v1/cases?q=…`: a company name
   fragment of one of the department's parties, a word of case titles, a fragment of one of its
   project numbers; and apart, words of two characters (too short for the trigram indexes).

The officers are those of 20 departments drawn with their number of cases as weight (the bigger
departments have the more users), always including the biggest one, measured apart as well.
Targets (issue 4): list page and API p95 ≤ 100 ms, search p95 ≤ 300 ms.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(__file__))

import case_data

# Words of two characters are too short for a trigram index: the search reads the department's
# cases one by one (measured apart; not among the three kinds of search).
SHORT_WORDS = ["串通", "围标", "医院", "科技"]
TITLE_WORDS = ["串通投标", "虚假材料", "拒绝签订", "差别待遇", "评审专家", "化整为零"]
STATES = ["clue", "preliminary", "investigation", "hearing", "decided", "closed", "archived"]


def _percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return (
        f"{len(samples):>4} requests: p50 {cuts[49] * 1000:5.1f} ms, "
        f"p95 {cuts[94] * 1000:5.1f} ms, max {max(samples) * 1000:5.1f} ms"
    )


def _departments(rng: random.Random, count: int) -> list[tuple[int, int]]:
    """(department id, its cases) of ``count`` departments, the biggest first."""
    from django.db.models import Count

    from liandong.cases.models import Case

    sizes = list(
        Case.objects.order_by()
        .values_list("department_id")
        .annotate(n=Count("id"))
        .order_by("-n", "department_id")
    )
    chosen = {sizes[0]}
    while len(chosen) < count:
        chosen.add(rng.choices(sizes, weights=[n for _d, n in sizes])[0])
    return sorted(chosen, key=lambda item: -item[1])


def _queries(rng: random.Random, department_id: int) -> list[str]:
    """Three searches an officer of the department would type."""
    from liandong.cases.models import Case, Party

    numbers = Case.objects.filter(department_id=department_id).order_by("-created_at")
    project_number = rng.choice(list(numbers.values_list("project_number", flat=True)[:200]))
    supplier = (
        Party.objects.filter(case__department_id=department_id, role="supplier")
        .order_by("-case_id")
        .values_list("name", flat=True)[: rng.randrange(1, 100)]
    )
    name = list(supplier)[-1]
    # 泉州市恒信科技有限公司 → 恒信科技: what people type of a company's name
    company = re.sub(r"(有限责任公司|股份有限公司|有限公司)$", "", name)
    company = re.sub(r"^.+?市", "", company)
    return [company, rng.choice(TITLE_WORDS), project_number.split("-", 1)[1]]


def _timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def _plans(user, **filters) -> str:
    """What the list's queries read and how long they take, as EXPLAIN ANALYZE reports them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from liandong.cases.queries import listed_cases

    with CaptureQueriesContext(connection) as ran:
        listed = listed_cases(user, **filters).select_related("department")
        listed.count()
        listed[0:50]
    summary = []
    for query in ran.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0]
        plan = plan if isinstance(plan, list) else json.loads(plan)
        scans: list[str] = []

        def walk(node, scans=scans):
            if node["Node Type"].endswith("Seq Scan"):
                what = f"{node['Relation Name']} read whole"
            else:  # the index of an index scan (the heap scan of a bitmap names none)
                what = node.get("Index Name")
            if what and what not in scans:
                scans.append(what)
            for child in node.get("Plans", []):
                walk(child)

        walk(plan[0]["Plan"])
        summary.append(f"{plan[0]['Execution Time']:.1f} ms ({', '.join(scans)})")
    return " + ".join(summary)


def _measure(total: int, requests: int, dbname: str) -> None:
    case_data.ensure(total, dbname)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from liandong.cases.models import Case
    from liandong.cases.queries import listed_cases
    from liandong.organizations.models import Role, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    label = "case-list postgresql"
    rng = random.Random(4)
    departments = _departments(rng, 20)
    clients, searches = {}, {}
    for department_id, _n in departments:
        officer = User.objects.filter(department_id=department_id, role=Role.OFFICER).first()
        client = Client()
        client.force_login(officer)
        clients[department_id] = (client, officer)
        searches[department_id] = _queries(rng, department_id)
    sizes = sorted(n for _d, n in departments)
    print(
        f"{label} {Case.objects.count():,} cases; officers of {len(departments)} departments "
        f"of {sizes[0]:,} to {sizes[-1]:,} cases (median {statistics.median(sizes):,.0f})",
        flush=True,
    )
    biggest = departments[0][0]
    _client, officer = clients[biggest]
    with connection.cursor() as cursor:  # the statistics autovacuum would have by now
        cursor.execute("ANALYZE cases_case; ANALYZE cases_party; ANALYZE cases_casegrant")
    for filters in (
        {"state": "investigation"},
        {"state": "archived"},
        {},
        *({"q": q} for q in searches[biggest]),
    ):
        shown = ", ".join(f"{k}={v}" for k, v in filters.items()) or "no filter"
        print(f"{label} plan, biggest, {shown}: {_plans(officer, **filters)}", flush=True)

    last_pages = {
        (department_id, state): max(1, -(-listed_cases(officer, state=state).count() // 50))
        for department_id, (_client, officer) in clients.items()
        for state in STATES
    }

    def list_request(api: bool, department_id: int) -> str:
        state = rng.choice(STATES)
        roll = rng.random()
        last = last_pages[department_id, state]
        page = 1 if roll < 0.8 else (min(last, rng.randrange(2, 6)) if roll < 0.95 else last)
        if api:
            return "/api/v1/cases?" + urlencode(
                {"state": state, "limit": 50, "offset": (page - 1) * 50}
            )
        return "/cases/?" + urlencode({"state": state, "page": page})

    def search_request(api: bool, department_id: int, words=None) -> str:
        q = rng.choice(words or searches[department_id])
        if api:
            return "/api/v1/cases?" + urlencode({"q": q, "limit": 50})
        return "/cases/?" + urlencode({"q": q})

    def short_request(api: bool, department_id: int) -> str:
        return search_request(api, department_id, SHORT_WORDS)

    scenarios = [
        ("list page    /cases/?state=…        ", list_request, False),
        ("list API     /api/v1/cases?state=…  ", list_request, True),
        ("search page  /cases/?q=…            ", search_request, False),
        ("search API   /api/v1/cases?q=…      ", search_request, True),
        ("search page, two-character words    ", short_request, False),
    ]
    ids = [d for d, _n in departments]
    weights = [n for _d, n in departments]
    for name, make_url, api in scenarios:
        for department_id in ids:  # warm up: each client's session and caches
            _timed(clients[department_id][0], make_url(api, department_id))
        samples, biggest_samples = [], []
        for _ in range(requests):
            department_id = rng.choices(ids, weights=weights)[0]
            elapsed = _timed(clients[department_id][0], make_url(api, department_id))
            samples.append(elapsed)
        for _ in range(requests // 4):
            biggest_samples.append(_timed(clients[biggest][0], make_url(api, biggest)))
        print(f"{label} {name} {_percentiles(samples)}", flush=True)
        print(
            f"{label} {name} biggest department only: {_percentiles(biggest_samples)}",
            flush=True,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement")
    parser.add_argument("--dbname", default=case_data.DEFAULT_DBNAME)
    args = parser.parse_args(argv)
    if args.database != "postgresql":
        print(f"case-list {args.database:<10} skipped: the benchmark is for PostgreSQL only")
        return 0
    _measure(args.cases, args.requests, args.dbname)
    return 0


if __name__ == "__main__":
    sys.exit(main())
