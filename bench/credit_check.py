"""Benchmark: the supplier credit check over 1,000,000 credit records (issue: credit check).

    python bench/credit_check.py --database sqlite|postgresql [--records N] [--bidders N]
        [--requests N] [--repeat N]

Per database, in a fresh database (a SQLite file in a temporary folder, or a throw-away
PostgreSQL database on BENCH_POSTGRES_URL):

1. **data** — three districts with their five member departments and people made through the
   actions, then 1,000,000 credit records written straight into the table (COPY on PostgreSQL,
   executemany on SQLite; the indexes are dropped for the load and rebuilt): 95 % companies with
   valid 统一社会信用代码 (a pool of 700,000, so some have several records), 1 % 个体工商户 (92…
   codes), 4 % natural persons without a code (sealed ID numbers); decisions spread over
   2020–2026, states by age (mostly published / expired / reviewed; some drafts, records waiting
   for review, withdrawn), 10 % with a ban of one to three years, fines of 1,000 to 500,000
   元 (log-uniform; 15 % without a fine). Beside them one import of 50,000 external list entries
   (失信被执行人, 重大税收违法, 严重违法失信名单; 85 % with a code).
2. **bulk check** — ``check.check_many`` on 10,000 bidders: ~1 % barred (by their records or by
   a list entry), 3 % with records that do not bar, 2 % given by name only, the rest unknown
   companies; every bidder with a name and, except the name-only ones, a code. Warmed up once,
   then repeated; min and median. Then the whole .xlsx path apart: ``read_bidders`` on a
   10,000-row workbook + ``check_many`` + ``result_workbook``.
3. **single check API** — ``GET /api/v1/credit/check?code=…`` with a purchaser's check token
   (``Authorization: Bearer ldc_…``, made by ``actions.create_client`` as a DRC officer, its
   per-minute limit raised for the run): sequential requests through the whole Django stack
   with the test Client (middleware, authentication, rate-limit update, the check, JSON), a
   quarter for barred codes, the rest for clean or unknown ones; p50 / p95 / max, and on
   PostgreSQL the plans of the check's queries (EXPLAIN ANALYZE).

Targets: bulk check of 10,000 bidders against 1,000,000 credit records ≤ 0.5 s; single check
API p95 ≤ 20 ms on PostgreSQL.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))

from audit_chain import _drop, _setup
from case_data import (
    CITIES,
    COMPANY_SUFFIXES,
    DISTRICTS,
    ID_REGIONS,
    INDUSTRIES,
    TRADE_NAMES,
    id_number,
    person_name,
)

BENCH_PASSWORD = "Bench#2026pass"
LISTING_FINE = 30_000
VIOLATIONS = [
    ("串通投标", "《中华人民共和国政府采购法》第七十七条第一款第（三）项"),
    ("提供虚假材料谋取中标、成交", "《中华人民共和国政府采购法》第七十七条第一款第（一）项"),
    ("中标后无正当理由拒不签订政府采购合同", "《中华人民共和国政府采购法实施条例》第七十二条"),
    ("向采购人、采购代理机构行贿", "《中华人民共和国政府采购法》第七十七条第一款第（四）项"),
    (
        "采取不正当手段诋毁、排挤其他供应商",
        "《中华人民共和国政府采购法》第七十七条第一款第（二）项",
    ),
]
LIST_KINDS = [("judgment_defaulter", 70), ("major_tax_violation", 25), ("serious_violation", 5)]
# Of the records that are not drafts, waiting or withdrawn: (state while published, after).
STATE_ROLL = [("draft", 0.04), ("submitted", 0.03), ("withdrawn", 0.04)]
DECIDED = {"reviewed", "published", "expired", "repaired"}
RECORD_COLUMNS = (
    "id",
    "department_id",
    "case_id",
    "kind",
    "subject_name",
    "subject_key",
    "subject_category",
    "subject_code",
    "legal_representative",
    "id_number_sealed",
    "id_number_tail",
    "decision_number",
    "violation_type",
    "facts",
    "basis",
    "penalty_category",
    "penalty_content",
    "fine",
    "confiscated",
    "licence",
    "decision_date",
    "ban_start",
    "ban_end",
    "severity",
    "valid_until",
    "publication_end",
    "earliest_repair",
    "period_explanation",
    "listing_explanation",
    "remarks",
    "state",
    "created_by_id",
    "created_at",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
    "review_note",
    "published_at",
    "ended_at",
    "end_reason",
    "version",
)
ENTRY_COLUMNS = (
    "batch_id",
    "kind",
    "name",
    "name_key",
    "code",
    "listed_on",
    "removed_after",
    "reason",
)


# ---------------------------------------------------------------- the data


def _code(n: int, kind: str = "91") -> str:
    """The n-th 统一社会信用代码: distinct for distinct n (a permutation of the nine digits of
    the organisation part), with a correct check character."""
    from stdnum.cn.uscc import calc_check_digit

    city = CITIES[n % len(CITIES)][3]
    body = f"{kind}{city}{n % 9 + 2:02d}{(n * 7_919 + 104_729) % 1_000_000_000:09d}"
    return body + calc_check_digit(body)


def _company_name(rng: random.Random) -> str:
    city = rng.choice(CITIES)[0]
    place = rng.choice(
        (city, city.removesuffix("市"), city + rng.choice(DISTRICTS)[0], "", city, city)
    )
    trade = rng.choice(TRADE_NAMES) + rng.choice(TRADE_NAMES)
    return place + trade + rng.choice(INDUSTRIES) + rng.choice(COMPANY_SUFFIXES)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _organisations():
    """Three districts, each with its five member departments; per department a head and two
    officers; the DRC officer of the first district manages the check tokens."""
    from liandong.organizations import actions
    from liandong.organizations.models import Role

    departments, people = [], {}
    kinds = [
        ("FIN", "财政局", "财"),
        ("PSB", "公安分局", "公"),
        ("DRC", "发展和改革局", "发"),
        ("AUD", "审计局", "审"),
        ("SAMR", "市场监督管理局", "监"),
    ]
    for j, (city, abbr, _py, code) in enumerate(CITIES[:3]):
        district = DISTRICTS[j][0]
        jurisdiction = actions.create_jurisdiction(
            name=city + district, code=f"{code}{j + 2:02d}", acting_user=None
        )
        for k, (kind, suffix, char) in enumerate(kinds):
            department = actions.create_department(
                jurisdiction,
                acting_user=None,
                kind=kind,
                is_lead=kind == "FIN",
                name=city + district + suffix,
                short_name=suffix,
                doc_prefix=abbr + district[0] + char,
                uscc=_code(900_000_000 + j * 10 + k, "11"),
            )
            departments.append(department)
            for role, count in ((Role.HEAD, 1), (Role.OFFICER, 2)):
                for i in range(count):
                    username = f"bench_{j}_{kind.lower()}_{role}{i}"
                    person, _pw = actions.create_user(
                        department,
                        acting_user=None,
                        username=username,
                        full_name=username,
                        role=role,
                        password=BENCH_PASSWORD,
                        must_change_password=False,
                    )
                    people.setdefault(department.pk, []).append(person)
    drc = next(d for d in departments if d.kind == "DRC")
    drc_officer = next(p for p in people[drc.pk] if p.role == Role.OFFICER)
    return departments, people, drc_officer


class Loader:
    """Rows straight into a table: COPY on PostgreSQL, executemany on SQLite; the table's
    indexes that no constraint needs are dropped before and rebuilt after."""

    def __init__(self, vendor: str):
        from django.db import connection

        self.vendor = vendor
        connection.ensure_connection()
        self.raw = connection.connection

    def _sqlite_value(self, value):
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def drop_indexes(self, table: str) -> list[str]:
        if self.vendor == "postgresql":
            from case_data import _drop_indexes

            with self.raw.cursor() as cursor:
                return _drop_indexes(cursor, [table])
        rows = self.raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            [table],
        ).fetchall()
        for name, _sql in rows:
            self.raw.execute(f'DROP INDEX "{name}"')
        return [sql for _name, sql in rows]

    def write(self, table: str, columns: tuple[str, ...], rows) -> None:
        if self.vendor == "postgresql":
            with self.raw.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")  # no FK triggers
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute("SET session_replication_role = DEFAULT")
            return
        marks = ", ".join("?" * len(columns))
        batch = []
        self.raw.execute("BEGIN")  # Django's connection autocommits: one transaction for all
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        for row in rows:
            batch.append([self._sqlite_value(v) for v in row])
            if len(batch) == 20_000:
                self.raw.executemany(insert, batch)
                batch = []
        if batch:
            self.raw.executemany(insert, batch)
        self.raw.execute("COMMIT")

    def finish(self, table: str, indexes: list[str]) -> None:
        for statement in indexes:
            self.raw.execute(statement)
        if self.vendor == "postgresql":
            self.raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
            self.raw.execute(f"VACUUM ANALYZE {table}")  # Django's connection autocommits
        else:
            self.raw.execute(f"ANALYZE {table}")


def fill(vendor: str, total: int, entries: int, seed: int = 20261130) -> dict:
    """Write the organisations, ``total`` credit records and ``entries`` list entries. Returns
    what the bidder mix is drawn from and the times."""
    from django.db import connection
    from django.utils import timezone

    from liandong.core.crypto import sm4_encrypt
    from liandong.credit.models import CreditRecord, ListedSubject, ListImport, name_key

    rng = random.Random(seed)
    started = time.perf_counter()
    departments, people, drc_officer = _organisations()
    org_seconds = time.perf_counter() - started

    today = timezone.localdate()
    first = dt.date(2020, 1, 1)
    last = min(today, dt.date(2026, 12, 31))
    span = (last - first).days
    pool_size = max(10, total * 7 // 10)
    # Companies are made on first use: name, code; ``bars`` collects those barred today.
    companies: dict[int, tuple[str, str]] = {}
    barring: set[int] = set()  # company numbers with a record that bars today
    harmless: set[int] = set()  # company numbers with records, none barring (so far)
    persons = []
    while len(persons) < 300:  # sealing is slow: a pool of sealed ID numbers serves all persons
        number = id_number(rng, rng.choice(ID_REGIONS))
        persons.append((sm4_encrypt(number), number[-4:]))
    officers = {d.pk: [p.pk for p in people[d.pk] if p.role == "officer"] for d in departments}
    dep_ids = [d.pk for d in departments]
    prefixes = {d.pk: d.doc_prefix for d in departments}
    drc_id = drc_officer.pk
    sequences: dict[tuple[int, int], int] = {}
    fine_low, fine_high = math.log(1_000), math.log(500_000)
    tz = timezone.get_current_timezone()

    def records():
        for n in range(total):
            record_id = n + 1
            roll = rng.random()
            company = None
            if roll < 0.95:
                company = rng.randrange(pool_size)
                if company not in companies:
                    companies[company] = (_company_name(rng), _code(company))
                name, code = companies[company]
                category = "法人及非法人组织"
                legal = person_name(rng)
                sealed, tail = "", ""
            elif roll < 0.96:
                name = rng.choice(CITIES)[0] + person_name(rng) + rng.choice(INDUSTRIES) + "店"
                code = _code(500_000_000 + n, "92")
                category = "个体工商户"
                legal, sealed, tail = "", "", ""
            else:
                name = person_name(rng)
                code = ""
                category = "自然人"
                legal = ""
                sealed, tail = rng.choice(persons)
            department_id = rng.choice(dep_ids)
            decided_on = first + dt.timedelta(days=rng.randrange(span + 1))
            key = (department_id, decided_on.year)
            sequences[key] = sequence = sequences.get(key, 0) + 1
            violation, basis = rng.choice(VIOLATIONS)
            fine = (
                None
                if rng.random() < 0.15
                else Decimal(round(math.exp(rng.uniform(fine_low, fine_high)), -2))
            )
            banned = rng.random() < 0.10
            ban_start = ban_end = None
            if banned:
                ban_start = decided_on + dt.timedelta(days=rng.randrange(0, 15))
                ban_end = _add_years(ban_start, rng.randint(1, 3)) - dt.timedelta(days=1)
            serious = banned or (fine is not None and fine >= LISTING_FINE)
            severity = "serious" if serious else rng.choice(("minor", "general", "general"))
            years = 3 if serious else 1
            publication_end = _add_years(decided_on, years) - dt.timedelta(days=1)
            valid_until = max(publication_end, ban_end or publication_end)
            state, roll = "", rng.random()
            for candidate, share in STATE_ROLL:
                if roll < share:
                    state = candidate
                    break
                roll -= share
            created = dt.datetime.combine(
                decided_on + dt.timedelta(days=rng.randrange(1, 20)),
                dt.time(rng.randrange(8, 18), rng.randrange(60)),
                tz,
            )
            if not state:
                if publication_end < today:
                    state = "repaired" if rng.random() < 0.05 else "expired"
                else:
                    state = "reviewed" if rng.random() < 0.12 else "published"
            submitted = created + dt.timedelta(hours=rng.randrange(1, 72))
            reviewed = submitted + dt.timedelta(hours=rng.randrange(2, 96))
            published = reviewed + dt.timedelta(hours=rng.randrange(1, 48))
            is_submitted = state != "draft"
            is_reviewed = state in DECIDED
            is_published = state in ("published", "expired", "repaired")
            if company is not None and state in DECIDED:
                bars = (ban_start is not None and ban_start <= today <= ban_end) or (
                    fine is not None
                    and fine >= LISTING_FINE
                    and today <= _add_years(decided_on, 3) - dt.timedelta(days=1)
                )
                (barring if bars else harmless).add(company)
            content = []
            if fine is not None:
                content.append(f"罚款{fine:,.0f}元")
            if banned:
                content.append(f"{(ban_end - ban_start).days // 365 + 1}年内禁止参加政府采购活动")
            content = content or ["警告"]
            yield (
                record_id,
                department_id,
                None,
                "ban" if banned else ("serious" if serious else "penalty"),
                name,
                name_key(name),
                category,
                code,
                legal,
                sealed,
                tail,
                f"{prefixes[department_id]}罚〔{decided_on.year}〕{sequence}号",
                violation,
                f"当事人在{rng.choice(CITIES)[0]}某政府采购项目中{violation}，"
                f"经调查属实，违反了政府采购法律法规的规定。",
                basis,
                "罚款；禁止参加政府采购活动" if banned else ("罚款" if fine else "警告"),
                "，".join(content),
                fine,
                None,
                "",
                decided_on,
                ban_start,
                ban_end,
                severity,
                valid_until,
                publication_end,
                _add_years(decided_on, 1) if serious else None,
                "",
                "",
                "",
                state,
                rng.choice(officers[department_id]),
                created,
                submitted if is_submitted else None,
                drc_id if is_reviewed else None,
                reviewed if is_reviewed else None,
                "",
                published if is_published else None,
                published + dt.timedelta(days=years * 365) if state == "expired" else None,
                "当事人申请撤销" if state == "withdrawn" else "",
                1,
            )

    loader = Loader(vendor)
    table = CreditRecord._meta.db_table
    started = time.perf_counter()
    indexes = loader.drop_indexes(table)
    loader.write(table, RECORD_COLUMNS, records())
    write_seconds = time.perf_counter() - started
    started = time.perf_counter()
    loader.finish(table, indexes)
    index_seconds = time.perf_counter() - started
    harmless -= barring

    # The external lists: one import of ``entries`` subjects.
    started = time.perf_counter()
    batch = ListImport.objects.create(
        department=next(d for d in departments if d.kind == "DRC"),
        kind="judgment_defaulter",
        source="信用中国（基准测试导入）",
        file_name="名单.xlsx",
        digest="0" * 64,
        mapping={"name": "名称", "code": "统一社会信用代码"},
        rows_read=entries,
        rows_imported=entries,
        imported_by=drc_officer,
    )
    listed_now: list[tuple[str, str]] = []  # (name, code) on a list today, with a code
    kind_values = [k for k, _w in LIST_KINDS]
    kind_weights = [w for _k, w in LIST_KINDS]

    def listed():
        for n in range(entries):
            roll = rng.random()
            if roll < 0.40:  # a company that also has records
                company = rng.randrange(pool_size)
                name = companies.get(company, (_company_name(rng), _code(company)))[0]
                code = _code(company)
            elif roll < 0.85:
                name, code = _company_name(rng), _code(300_000_000 + n)
            else:
                name, code = person_name(rng), ""
            listed_on = (
                first - dt.timedelta(days=365) + dt.timedelta(days=rng.randrange(span + 365))
            )
            removed = None if rng.random() < 0.4 else _add_years(listed_on, rng.randint(1, 4))
            if code and listed_on <= today and (removed is None or today <= removed):
                listed_now.append((name, code))
            yield (
                batch.pk,
                rng.choices(kind_values, kind_weights)[0],
                name,
                name_key(name),
                code,
                listed_on,
                removed,
                "",
            )

    entry_table = ListedSubject._meta.db_table
    entry_indexes = loader.drop_indexes(entry_table)
    loader.write(entry_table, ENTRY_COLUMNS, listed())
    loader.finish(entry_table, entry_indexes)
    entry_seconds = time.perf_counter() - started
    connection.close()
    return {
        "organisations": org_seconds,
        "write": write_seconds,
        "indexes": index_seconds,
        "entries": entry_seconds,
        "companies": companies,
        "barring": sorted(barring),
        "harmless": sorted(harmless),
        "listed_now": listed_now,
        "pool_size": pool_size,
        "drc_officer": drc_officer,
    }


def bidders(data: dict, count: int, rng: random.Random) -> list:
    """``count`` bidders: ~1 % barred (0.8 % by records, 0.2 % by a list), 3 % with records that
    do not bar, 2 % by name only (of companies with records), the rest unknown companies."""
    from liandong.credit.check import Query

    companies = data["companies"]
    barring = rng.sample(data["barring"], count * 10 // 1000)
    barred, by_name = barring[: count * 8 // 1000], barring[count * 8 // 1000 :]
    listed = rng.sample(data["listed_now"], count * 2 // 1000)
    harmless = rng.sample(data["harmless"], count * 48 // 1000)
    harmless, by_name = harmless[: count * 3 // 100], by_name + harmless[count * 3 // 100 :]
    queries = [Query(name=companies[c][0], code=companies[c][1]) for c in barred + harmless]
    queries += [Query(name=name, code=code) for name, code in listed]
    queries += [Query(name=companies[c][0]) for c in by_name]
    n = 0
    while len(queries) < count:  # unknown: codes outside the pool, new names
        queries.append(Query(name=_company_name(rng), code=_code(600_000_000 + n)))
        n += 1
    rng.shuffle(queries)
    return queries


# ---------------------------------------------------------------- the measurements


def _times(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def _plan(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    scans: list[str] = []

    def walk(node):
        if node["Node Type"].endswith("Seq Scan"):
            what = f"{node['Relation Name']} read whole"
        else:
            what = node.get("Index Name")
        if what and what not in scans:
            scans.append(what)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    what = ", ".join(scans) or plan[0]["Plan"]["Node Type"]
    return f"{plan[0]['Execution Time']:.2f} ms ({what})"


class Counted:
    """Counts the queries run inside it (a request resets Django's own query log)."""

    def __init__(self):
        from django.db import connection

        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self.wrapper = self.connection.execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self.wrapper.__exit__(*exc)


def _bulk(label: str, queries: list, repeat: int) -> None:
    from django.utils import timezone

    from liandong.credit import check

    day = timezone.localdate()
    check_many = check.check_many
    check_many(queries, day)  # warm up
    with Counted() as ran:
        results = check_many(queries, day)
    samples = _times(lambda: check_many(queries, day), repeat)
    barred = sum(r.barred for r in results)
    found = sum(bool(r.records) for r in results)
    print(
        f"{label} bulk check_many, {len(queries):,} bidders ({barred:,} barred, {found:,} with "
        f"records, {sum(not q.code for q in queries):,} by name only), {ran.count} queries: "
        f"min {min(samples):.3f} s, median {statistics.median(samples):.3f} s "
        f"of {repeat} runs (target ≤ 0.5 s)",
        flush=True,
    )
    # The parts: the queries alone, the rest is Python.
    codes = {q.code for q in queries if q.code}
    keys = {q.key for q in queries if q.key}
    rows = check._records(codes, keys)
    listed = check._entries(codes, keys)
    db = _times(lambda: (check._records(codes, keys), check._entries(codes, keys)), repeat)
    print(
        f"{label} bulk check_many, of which reading {len(rows):,} records and {len(listed):,} "
        f"list entries: median {statistics.median(db):.3f} s",
        flush=True,
    )

    # The .xlsx path: read the upload, check, write the result workbook.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(check.TEMPLATE_HEADERS))
    for n, query in enumerate(queries, start=1):
        sheet.append([n, query.name, query.code or None])
    buffer = __import__("io").BytesIO()
    workbook.save(buffer)
    upload = buffer.getvalue()
    parts = {"read": [], "check": [], "write": []}
    size = 0
    for _ in range(2):  # result_workbook is slow (see docs/benchmarks.md)
        started = time.perf_counter()
        read, header, kept = check.read_bidders(upload)
        parts["read"].append(time.perf_counter() - started)
        started = time.perf_counter()
        results = check_many(read, day)
        parts["check"].append(time.perf_counter() - started)
        started = time.perf_counter()
        size = len(check.result_workbook(header, kept, results, day))
        parts["write"].append(time.perf_counter() - started)
    medians = {k: statistics.median(v) for k, v in parts.items()}
    print(
        f"{label} bulk .xlsx path, {len(read):,} rows ({len(upload) // 1024:,} KiB in, "
        f"{size // 1024:,} KiB out): median {sum(medians.values()):.3f} s = read_bidders "
        f"{medians['read']:.3f} s + check_many {medians['check']:.3f} s + result_workbook "
        f"{medians['write']:.3f} s ({len(parts['read'])} runs)",
        flush=True,
    )


def _api(label: str, data: dict, requests: int, vendor: str, rng: random.Random) -> None:
    from django.conf import settings
    from django.test import Client

    from liandong.credit import actions, check
    from liandong.credit.models import DECIDED, CheckClient, CreditRecord, ListedSubject

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client_row, token = actions.create_client(
        kind="purchaser",
        name="基准测试人民医院",
        uscc=_code(910_000_000, "12"),
        per_minute=6000,
        acting_user=data["drc_officer"],
    )
    CheckClient.objects.filter(pk=client_row.pk).update(per_minute=10_000_000)
    companies = data["companies"]
    barred = [companies[c][1] for c in rng.sample(data["barring"], 200)]
    clean = [companies[c][1] for c in rng.sample(data["harmless"], 200)]
    unknown = [_code(700_000_000 + n) for n in range(200)]

    def pick() -> str:
        roll = rng.random()
        return rng.choice(barred if roll < 0.25 else clean if roll < 0.6 else unknown)

    http = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(code: str) -> tuple[float, dict]:
        started = time.perf_counter()
        response = http.get("/api/v1/credit/check", {"code": code})
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{label} GET ?code={code}: HTTP {response.status_code}")
        return elapsed, response.json()

    for _ in range(50):  # warm up
        get(pick())
    with Counted() as ran:
        get(barred[0])
    samples, barred_seen = [], 0
    for _ in range(requests):
        elapsed, answer = get(pick())
        samples.append(elapsed)
        barred_seen += answer["barred"]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    print(
        f"{label} single check API GET /api/v1/credit/check?code=… (test Client, Bearer ldc_…), "
        f"{ran.count} queries a request: {requests:,} requests ({barred_seen:,} barred): "
        f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, "
        f"max {max(samples) * 1000:.1f} ms (target p95 ≤ 20 ms on PostgreSQL)",
        flush=True,
    )
    started = time.perf_counter()
    for _ in range(requests):
        check.check_one(code=pick())
    print(
        f"{label} check_one alone (no HTTP, no token): "
        f"{(time.perf_counter() - started) / requests * 1000:.2f} ms a check on average",
        flush=True,
    )
    if vendor == "postgresql":
        code = barred[1]
        decided = CreditRecord.objects.filter(state__in=DECIDED)
        fields = check._RECORD_FIELDS
        plans = [
            decided.filter(subject_code__in=[code]).values_list(*fields),
            ListedSubject.objects.filter(code__in=[code]).values_list("pk", "batch__source"),
        ]
        shown = " + ".join(_plan(*q.query.sql_with_params()) for q in plans)
        print(f"{label} single check plans (records by code + list entries): {shown}", flush=True)
        # The bulk check's biggest query: 2,000 codes at once.
        sample = [companies[c][1] for c in rng.sample(sorted(companies), 2000)]
        shown = _plan(
            *decided.filter(subject_code__in=sample).values_list(*fields).query.sql_with_params()
        )
        print(f"{label} bulk plan, records of 2,000 codes: {shown}", flush=True)


def run(database: str, args) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        dbname = _setup(database, workdir)
        try:
            _measure(database, args)
        finally:
            if dbname:
                _drop(dbname)


def _measure(database: str, args) -> None:
    label = f"credit-check {database:<10}"
    started = time.perf_counter()
    data = fill(database, args.records, args.entries)
    print(
        f"{label} {args.records:,} credit records and {args.entries:,} list entries written in "
        f"{time.perf_counter() - started:.0f} s (organisations {data['organisations']:.0f} s, "
        f"records {data['write']:.0f} s, their indexes {data['indexes']:.0f} s, list entries "
        f"{data['entries']:.0f} s); {len(data['companies']):,} companies, "
        f"{len(data['barring']):,} of them barred today",
        flush=True,
    )
    rng = random.Random(7)
    queries = bidders(data, args.bidders, rng)
    _bulk(label, queries, args.repeat)
    _api(label, data, args.requests, database, rng)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=50_000, help="external list entries")
    parser.add_argument("--bidders", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000, help="single-check API requests")
    parser.add_argument("--repeat", type=int, default=7, help="runs of the bulk check")
    args = parser.parse_args(argv)
    run(args.database, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
