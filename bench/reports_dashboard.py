"""Benchmark: the lead unit's dashboard and the yearly operation report over 1,000,000 cases.

    python bench/reports_dashboard.py --database sqlite|postgresql [--cases N] [--repeat N]
        [--runs N]

Per database, in a fresh database (a SQLite file in a temporary folder, or a throw-away
PostgreSQL database on BENCH_POSTGRES_URL):

1. **data** — one district with its five member departments (财政局 the lead unit, 公安, 发改,
   审计, 市场监管) made through the actions, their people (a head, 12 officers, a viewer each),
   and 1,000,000 cases registered from 2022-01-01 to today (arrivals growing over the years,
   the shares of the departments, the vocabulary, number format and states by age of
   ``case_data.py``), written straight into the tables (COPY on PostgreSQL, executemany on
   SQLite; plain indexes dropped for the load and rebuilt, then ANALYZE): violation types for
   about half the cases; ~5 % of cases with a transfer (the five kinds, states mixed, with the
   report, decision, sent, received, filing, hand-over and conclusion times that state implies),
   ~10 % with a consultation and ~5 % with an assistance request to another member department
   (answered_at, closed_at by state); 1–3 deadline timers per case (case and complaint rules of
   the seeded ``DeadlineRule`` table) plus the timers of the transfers, consultations and
   assistance requests and some ``meeting.resolution`` timers (met on time / late, missed,
   running, paused, cancelled by their due time); ~3 % of cases with a credit record (states by
   age, a ``Push`` for the published ones) and some bulletins, a third of them 问题反映.
2. **dashboard** — the lead unit's head (FIN) asks ``/reports/?period=<key>`` for the current
   quarter and the years 2025 and 2026 through the whole Django stack (``django.test.Client``
   with ``force_login``: middleware, session, the 12 tables, an SVG chart each, the template),
   warmed up once, then ``--repeat`` runs: min / median / max; the same for
   ``figures.dashboard`` alone, with every table's median (the tables timed inside those runs);
   on PostgreSQL the plan (EXPLAIN ANALYZE) of the slowest table's slowest query.
3. **yearly report** — ``draft_report(2025)``, ``update_report`` (prose), ``issue_report`` by
   the head (real LibreOffice), ``--runs`` times (each issue is a new edition): the action end
   to end, and apart the functions it calls: ``figures.dashboard``, ``paperwork.content`` (of
   which the PNG charts, matplotlib), ``documents.output.make`` (``render.render_docx`` and the
   LibreOffice conversion ``pdf.convert``), ``export.workbook``.

Targets: the lead unit's dashboard renders in ≤ 1 s and the yearly report generates in ≤ 10 s,
with 1,000,000 cases and their transfers, consultations and timers, on PostgreSQL.
"""

import argparse
import dataclasses
import datetime as dt
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from array import array
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from audit_chain import _drop, _setup
from case_data import (
    AGENCY_KINDS,
    CASE_COLUMNS,
    CASE_KINDS,
    CITIES,
    DECIDED_STATES,
    DEPARTMENTS,
    DISTRICTS,
    FILED_STATES,
    ITEMS,
    METHODS,
    PROJECT_KINDS,
    PURCHASERS,
    SOURCES,
    STATES_BY_AGE,
    TRADE_NAMES,
    Weighted,
    _company_pool,
    _money,
    person_name,
    uscc,
)
from credit_check import RECORD_COLUMNS, VIOLATIONS, Counted, Loader, _add_years, _plan

BENCH_PASSWORD = "Bench#2026pass"
FIRST_DAY = dt.date(2022, 1, 1)
KINDS = list(DEPARTMENTS)  # FIN (the lead unit), PSB, DRC, AUD, SAMR
# Timers of a case: (rule code, weight); started at registration, filing or decision.
CASE_RULES = [
    ("case.penalty_decision", 30),
    ("complaint.review", 15),
    ("complaint.refusal_notice", 5),
    ("complaint.copy_to_respondents", 10),
    ("complaint.respondent_reply", 10),
    ("complaint.decision", 15),
    ("complaint.suspension", 5),
    ("credit.online", 10),
]
CRIMINAL_STATES = [
    ("draft", 2),
    ("awaiting_approval", 2),
    ("approved", 1),
    ("not_approved", 1),
    ("withdrawn", 1),
    ("sent", 3),
    ("received", 4),
    ("material_requested", 1),
    ("forwarded", 2),
    ("filed", 20),
    ("handed_over", 25),
    ("not_filed", 8),
    ("reconsideration", 1),
    ("upheld", 3),
    ("supervision", 1),
    ("returned", 5),
]
OTHER_STATES = [
    ("draft", 3),
    ("withdrawn", 2),
    ("sent", 5),
    ("accepted", 30),
    ("declined", 10),
    ("concluded", 40),
]
TRANSFER_KINDS = [("criminal", 20), ("administrative", 25), ("jurisdiction", 20), ("audit", 15)]
TRANSFER_KINDS.append(("clue", 20))
UNSENT = {"draft", "awaiting_approval", "approved", "not_approved", "withdrawn"}
RECEIVED = {
    "received",
    "material_requested",
    "forwarded",
    "filed",
    "handed_over",
    "not_filed",
    "reconsideration",
    "upheld",
    "supervision",
    "returned",
}
POLICE_DECIDED = {
    "filed",
    "handed_over",
    "not_filed",
    "reconsideration",
    "upheld",
    "supervision",
    "returned",
}
TRANSFER_COLUMNS = (
    "id",
    "kind",
    "case_id",
    "from_department_id",
    "to_department_id",
    "created_by_id",
    "subject",
    "facts",
    "offence",
    "report",
    "state",
    "reported_at",
    "decided_by_id",
    "decided_at",
    "refusal_reason",
    "sent_at",
    "received_at",
    "received_by_id",
    "decline_reason",
    "forwarded_to",
    "forward_reason",
    "filing_decided_at",
    "police_number",
    "non_filing_reason",
    "reconsideration_reason",
    "reconsideration_note",
    "supervision_note",
    "handover_note",
    "handed_over_at",
    "return_note",
    "withdraw_reason",
    "created_at",
    "concluded_at",
    "version",
)
CONSULTATION_COLUMNS = (
    "id",
    "shared_part",
    "topic",
    "subject",
    "urgent",
    "state",
    "created_at",
    "answered_at",
    "closed_at",
    "version",
    "asked_by_id",
    "asking_department_id",
    "department_id",
    "assignee_id",
    "case_id",
)
TOPICS = [
    "criminal_standard",
    "evidence",
    "testing",
    "market_rules",
    "audit_findings",
    "procurement",
    "other",
]
ASSISTANCE_COLUMNS = (
    "id",
    "shared_part",
    "kind",
    "subject",
    "details",
    "due_on",
    "state",
    "decline_reason",
    "summary",
    "withdraw_reason",
    "created_at",
    "answered_at",
    "completed_at",
    "closed_at",
    "version",
    "case_id",
    "helping_department_id",
    "requested_by_id",
    "requesting_department_id",
    "assignee_id",
)
ASSISTANCE_KINDS = ["records", "inspection", "testing", "inquiry", "verification", "other"]
ASSISTANCE_STATES = [
    ("requested", 5),
    ("accepted", 5),
    ("in_progress", 15),
    ("completed", 20),
    ("closed", 45),
    ("declined", 7),
    ("withdrawn", 3),
]
DEADLINE_COLUMNS = (
    "content_type_id",
    "object_id",
    "object_repr",
    "department_id",
    "rule_id",
    "name",
    "basis",
    "amount",
    "unit",
    "started_at",
    "counted_from",
    "counted_amount",
    "due_at",
    "last_day",
    "assumed_years",
    "state",
    "paused_at",
    "pause_reason",
    "paused_total",
    "met_at",
    "next_reminder_at",
    "closed_note",
    "version",
)
PUSH_COLUMNS = (
    "operation",
    "idempotency_key",
    "payload",
    "state",
    "attempts",
    "last_error",
    "created_at",
    "sent_at",
    "record_id",
)
BULLETIN_COLUMNS = (
    "category",
    "title",
    "body",
    "to_all",
    "state",
    "created_at",
    "withdrawn_at",
    "withdrawn_by_id",
    "withdraw_reason",
    "version",
    "author_id",
    "department_id",
)
BULLETIN_CATEGORIES = [("work", 30), ("case", 15), ("policy", 10), ("warning", 10)]
BULLETIN_CATEGORIES.append(("problem", 35))
PROBLEMS = [
    "公安机关对移送案件立案审查超过期限",
    "协查请求答复不及时",
    "部分采购人未按要求报送采购意向",
    "移送材料不齐全被退回的情况较多",
    "信用信息推送接口多次失败",
    "联席会议议定事项落实进度滞后",
]


# ---------------------------------------------------------------- the data


def _organisations(rng: random.Random):
    """One district with its five member departments, made through the actions; per department
    a head, 12 officers and a viewer (one password hash for all)."""
    from django.contrib.auth.hashers import make_password

    from liandong.organizations import actions
    from liandong.organizations.models import Role, User

    city, abbr, _py, code = CITIES[0]
    district = DISTRICTS[0][0]
    jurisdiction = actions.create_jurisdiction(
        name=city + district, code=f"{code}02", acting_user=None
    )
    departments = []
    for kind in KINDS:
        suffix, short, char, _share = DEPARTMENTS[kind]
        departments.append(
            actions.create_department(
                jurisdiction,
                acting_user=None,
                kind=kind,
                is_lead=kind == "FIN",
                name=city + district + suffix,
                short_name=short,
                doc_prefix=abbr + district[0] + char,
                uscc=uscc(rng, f"{code}02", "11"),
            )
        )
    password = make_password(BENCH_PASSWORD)
    people = []
    for department in departments:
        for role, count in ((Role.HEAD, 1), (Role.OFFICER, 12), (Role.VIEWER, 1)):
            for i in range(1, count + 1):
                people.append(
                    User(
                        username=f"{department.kind.lower()}_{role}{i}",
                        full_name=person_name(rng),
                        department=department,
                        role=role,
                        password=password,
                        must_change_password=False,
                        password_changed_at=dt.datetime.now(dt.UTC),
                    )
                )
    User.objects.bulk_create(people)
    heads, officers = {}, {}
    for pk, department_id, role in User.objects.values_list("pk", "department_id", "role"):
        if role == Role.HEAD:
            heads[department_id] = pk
        elif role == Role.OFFICER:
            officers.setdefault(department_id, []).append(pk)
    return jurisdiction, departments, heads, officers


class Facts:
    """What later tables need of each case, compactly (a million cases)."""

    def __init__(self, total: int):
        self.department = array("B", bytes(total))  # index into the departments
        self.created = array("d", bytes(8 * total))  # POSIX seconds
        self.filed = array("d", bytes(8 * total))  # 0: not filed
        self.decided = array("l", bytes(array("l").itemsize * total))  # date ordinal, 0: none
        self.year = array("H", bytes(2 * total))
        self.sequence = array("L", bytes(array("L").itemsize * total))
        self.source_complaint = array("B", bytes(total))


def _moment(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(round(seconds), dt.UTC)


def _cases(ctx: dict, total: int, rng: random.Random, facts: Facts):
    """The case rows (``CASE_COLUMNS``), in the order of registration."""
    from liandong.cases.models import Case

    departments, officers, now, tz = ctx["departments"], ctx["officers"], ctx["now"], ctx["tz"]
    jurisdiction = ctx["jurisdiction"]
    _city, _abbr, city_py, _code = CITIES[0]
    district_py = DISTRICTS[0][1]
    department_pick = Weighted([(i, DEPARTMENTS[k][3]) for i, k in enumerate(KINDS)])
    companies = _company_pool(rng, 20_000)
    company_pick = Weighted(list(zip(companies, _zipf(len(companies), rng), strict=True)))
    agencies = [
        CITIES[0][0].removesuffix("市")
        + rng.choice(TRADE_NAMES)
        + rng.choice(TRADE_NAMES)
        + rng.choice(AGENCY_KINDS)
        for _ in range(300)
    ]
    method_pick, source_pick = Weighted(METHODS), Weighted(SOURCES)
    state_picks = [(days, Weighted(pairs)) for days, pairs in STATES_BY_AGE]
    method_labels = dict(Case._meta.get_field("procurement_method").flatchoices)
    first = dt.datetime.combine(FIRST_DAY, dt.time(0), tz).timestamp()
    span = now.timestamp() - first
    # Arrivals grow over the years, as in case_data.py.
    offsets = sorted(span * (rng.random() ** 0.7) for _ in range(total))
    sequences = ctx["sequences"]
    for n, offset in enumerate(offsets):
        case_id = n + 1
        seconds = first + offset
        created = _moment(seconds)
        d = department_pick.pick(rng)
        department = departments[d]
        year = created.astimezone(tz).year
        key = (department.pk, year)
        sequences[key] = sequence = sequences.get(key, 0) + 1
        number = f"{department.doc_prefix}案〔{year}〕{sequence}号"
        age = (now - created).days
        state = next(pick for days, pick in state_picks if age <= days).pick(rng)
        s1, s2 = company_pick.pick(rng), company_pick.pick(rng)
        purchaser = jurisdiction.name + rng.choice(PURCHASERS)
        item = rng.choice(ITEMS)
        project = f"{purchaser}{item}采购项目"
        project_number = (
            f"{city_py}{district_py}-{rng.choice(PROJECT_KINDS)}-{year}-"
            f"{rng.randrange(1, 1000):04d}"
        )
        agency = rng.choice(agencies)
        budget = _money(rng, 500, 500_000)
        won = (budget * Decimal(rng.randrange(80, 100)) / 100).quantize(Decimal("1"))
        method = method_pick.pick(rng)
        announced = (created - dt.timedelta(days=rng.randrange(20, 200))).date()
        title_t, summary_t = rng.choice(CASE_KINDS)
        fields = {
            "s1": s1[0],
            "s2": s2[0],
            "p": purchaser,
            "a": agency,
            "proj": project,
            "item": item,
            "pn": project_number,
            "b": f"{budget:,.0f}",
            "w": f"{won:,.0f}",
            "d": f"{announced.year}年{announced.month}月{announced.day}日",
            "m": f"该项目采用{method_labels[method]}方式",
        }
        filed_at = min(created + dt.timedelta(days=rng.randrange(3, 30)), now)
        filed = state in FILED_STATES
        decided = state in DECIDED_STATES
        decision_date = min(filed_at + dt.timedelta(days=rng.randrange(30, 90)), now).date()
        closed_at = None
        if state in ("closed", "archived"):
            closed_at = min(filed_at + dt.timedelta(days=rng.randrange(60, 120)), now)
        source = source_pick.pick(rng)
        facts.department[n] = d
        facts.created[n] = seconds
        facts.filed[n] = filed_at.timestamp() if filed else 0.0
        facts.decided[n] = decision_date.toordinal() if decided else 0
        facts.year[n] = year
        facts.sequence[n] = sequence
        facts.source_complaint[n] = source == "complaint"
        yield (
            case_id,
            department.pk,
            number,
            year,
            sequence,
            title_t.format(**fields)[:200],
            source,
            summary_t.format(**fields),
            state,
            rng.random() < 0.02,
            project_number,
            project[:200],
            purchaser,
            agency,
            method,
            budget,
            won,
            announced,
            announced + dt.timedelta(days=rng.randrange(15, 40)),
            False,
            "[]",
            rng.choice(("penalty", "penalty", "no_penalty", "withdrawn")) if decided else "",
            f"{department.doc_prefix}罚〔{decision_date.year}〕{sequence}号" if decided else "",
            decision_date if decided else None,
            filed_at if filed else None,
            closed_at,
            rng.choice(officers[department.pk]),
            created,
            1,
        )


def _zipf(n: int, rng: random.Random) -> list[float]:
    weights = [1 / (rank**0.7) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def _number(ctx: dict, facts: Facts, n: int) -> str:
    department = ctx["departments"][facts.department[n]]
    return f"{department.doc_prefix}案〔{facts.year[n]}〕{facts.sequence[n]}号"


def _violation_links(ctx: dict, facts: Facts, rng: random.Random):
    """Violation types for about half the cases (one, sometimes two)."""
    types = ctx["violation_types"]
    pick = Weighted([(pk, 1 / (i + 1)) for i, pk in enumerate(types)])
    for n in range(len(facts.created)):
        if rng.random() < 0.5:
            first = pick.pick(rng)
            yield (n + 1, first)
            if rng.random() < 0.3:
                second = pick.pick(rng)
                if second != first:
                    yield (n + 1, second)


def _clamp(moments: list, now: dt.datetime) -> list:
    return [None if m is None else min(m, now) for m in moments]


def _hours(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(hours=math.exp(rng.uniform(math.log(low), math.log(high))))


def _transfers(ctx: dict, facts: Facts, rng: random.Random, made: list):
    """~5 % of cases with a transfer; ``made`` collects (id, from, to, reported, sent, received,
    filing decided) for the timers."""
    departments, officers, heads, now = (
        ctx["departments"],
        ctx["officers"],
        ctx["heads"],
        ctx["now"],
    )
    psb = KINDS.index("PSB")
    kind_pick = Weighted(TRANSFER_KINDS)
    criminal_pick, other_pick = Weighted(CRIMINAL_STATES), Weighted(OTHER_STATES)
    transfer_id = 0
    for n in range(len(facts.created)):
        if rng.random() >= 0.05:
            continue
        d = facts.department[n]
        kind = kind_pick.pick(rng)
        if kind == "criminal" and d == psb:
            kind = "administrative"
        to = psb if kind == "criminal" else rng.choice([i for i in range(5) if i != d])
        state = (criminal_pick if kind == "criminal" else other_pick).pick(rng)
        created = _moment(facts.created[n]) + dt.timedelta(days=rng.randrange(5, 200))
        if created > now:
            created = now - dt.timedelta(days=rng.random() * 3)
        reported = decided = sent = received = filing = handed = concluded = None
        if kind == "criminal" and state not in ("draft",):
            reported = created + _hours(rng, 1, 48)
            if state not in ("awaiting_approval",):
                decided = reported + _hours(rng, 2, 96)
        if state not in UNSENT:
            sent = (decided or created) + _hours(rng, 1, 72)
            if state in RECEIVED or state in ("accepted", "declined", "concluded"):
                received = sent + _hours(rng, 1, 200)
            if state in POLICE_DECIDED:
                filing = received + _hours(rng, 12, 120)
            if state == "handed_over":
                handed = filing + _hours(rng, 24, 400)
            if state in ("concluded", "forwarded"):
                concluded = received + _hours(rng, 48, 2000)
        reported, decided, sent, received, filing, handed, concluded = _clamp(
            [reported, decided, sent, received, filing, handed, concluded], now
        )
        transfer_id += 1
        from_pk, to_pk = departments[d].pk, departments[to].pk
        made.append((transfer_id, from_pk, to_pk, reported, sent, received, filing, n))
        number = _number(ctx, facts, n)
        violation = rng.choice(VIOLATIONS)[0]
        yield (
            transfer_id,
            kind,
            n + 1,
            from_pk,
            to_pk,
            rng.choice(officers[from_pk]),
            f"{number}移送",
            f"{number}涉嫌{violation}，依法移送。",
            violation if kind in ("criminal", "administrative") else "",
            "调查报告见附件。" if kind == "criminal" else "",
            state,
            reported,
            heads[from_pk] if decided else None,
            decided,
            "证据不足，暂不移送。" if state == "not_approved" else "",
            sent,
            received,
            rng.choice(officers[to_pk]) if received else None,
            "不属于本机关管辖。" if state == "declined" else "",
            "市公安局经济犯罪侦查支队" if state == "forwarded" else "",
            "涉案金额较大，由上级机关管辖。" if state == "forwarded" else "",
            filing,
            f"公立〔{(filing or now).year}〕{transfer_id}号" if filing else "",
            "未达到刑事立案追诉标准。" if state in ("not_filed", "upheld", "returned") else "",
            "认为应当立案。" if state in ("reconsideration", "upheld") else "",
            "维持不予立案决定。" if state == "upheld" else "",
            "建议检察机关依法进行立案监督。" if state == "supervision" else "",
            "涉案物品清单一份。" if handed else "",
            handed,
            "回到行政处理程序。" if state == "returned" else "",
            "情况发生变化，撤回移送。" if state == "withdrawn" else "",
            created,
            concluded,
            1,
        )


def _consultations(ctx: dict, facts: Facts, rng: random.Random, made: list):
    """~10 % of cases with a consultation of another member department."""
    departments, officers, now = ctx["departments"], ctx["officers"], ctx["now"]
    consultation_id = 0
    for n in range(len(facts.created)):
        if rng.random() >= 0.10:
            continue
        d = facts.department[n]
        asked = rng.choice([i for i in range(5) if i != d])
        created = _moment(facts.created[n]) + dt.timedelta(days=rng.uniform(1, 150))
        if created > now:
            created = now - dt.timedelta(days=rng.random() * 5)
        urgent = rng.random() < 0.1
        answered = created + _hours(rng, 1, 300 if not urgent else 60)
        closed = answered + dt.timedelta(days=rng.uniform(0.5, 10))
        roll = rng.random()
        if answered > now or roll < 0.05:
            state, answered, closed = ("submitted" if roll < 0.02 else "assigned"), None, None
        elif closed > now or roll < 0.4:
            state, closed = "answered", None
        else:
            state = "closed"
        consultation_id += 1
        from_pk, to_pk = departments[d].pk, departments[asked].pk
        made.append((consultation_id, to_pk, created, answered, urgent, n))
        yield (
            consultation_id,
            rng.choice(("", "summary", "summary")),
            rng.choice(TOPICS),
            f"关于{_number(ctx, facts, n)}的咨询",
            urgent,
            state,
            created,
            answered,
            closed,
            1,
            rng.choice(officers[from_pk]),
            from_pk,
            to_pk,
            None if state == "submitted" else rng.choice(officers[to_pk]),
            n + 1,
        )


def _assistance(ctx: dict, facts: Facts, rng: random.Random, made: list):
    """~5 % of cases with an assistance request to another member department."""
    departments, officers, now = ctx["departments"], ctx["officers"], ctx["now"]
    state_pick = Weighted(ASSISTANCE_STATES)
    request_id = 0
    for n in range(len(facts.created)):
        if rng.random() >= 0.05:
            continue
        d = facts.department[n]
        helping = rng.choice([i for i in range(5) if i != d])
        created = _moment(facts.created[n]) + dt.timedelta(days=rng.uniform(5, 120))
        if created > now:
            created = now - dt.timedelta(days=rng.random() * 10)
        state = state_pick.pick(rng)
        answered = completed = closed = None
        if state not in ("requested", "withdrawn"):
            answered = created + _hours(rng, 2, 400)
        if state in ("completed", "closed"):
            completed = answered + dt.timedelta(days=rng.uniform(2, 20))
        if state == "closed":
            closed = completed + dt.timedelta(days=rng.uniform(1, 5))
        if (closed or completed or answered or created) > now:
            state, answered, completed, closed = "requested", None, None, None
        request_id += 1
        from_pk, to_pk = departments[d].pk, departments[helping].pk
        made.append((request_id, to_pk, created, answered, n))
        yield (
            request_id,
            rng.choice(("", "summary")),
            rng.choice(ASSISTANCE_KINDS),
            f"关于{_number(ctx, facts, n)}的协查",
            "请协助调取相关资料并核实有关情况。",
            (created + dt.timedelta(days=rng.randrange(10, 21))).date(),
            state,
            "不属于本单位职责范围。" if state == "declined" else "",
            "已按要求完成协查。" if completed else "",
            "已另行取得材料。" if state == "withdrawn" else "",
            created,
            answered,
            completed,
            closed,
            1,
            n + 1,
            to_pk,
            rng.choice(officers[from_pk]),
            from_pk,
            None if state in ("requested", "withdrawn") else rng.choice(officers[to_pk]),
        )


def _timers(ctx: dict, facts: Facts, rng: random.Random, related: dict, counts: dict):
    """1–3 timers per case, the timers of the transfers, consultations and assistance requests,
    and meeting.resolution timers; their state by their due time."""
    rules, types, now, tz = ctx["rules"], ctx["content_types"], ctx["now"], ctx["tz"]
    departments, vendor = ctx["departments"], ctx["vendor"]
    zero = dt.timedelta(0) if vendor == "postgresql" else 0
    case_rule_pick = Weighted(CASE_RULES)
    reasons = ["inspection", "testing", "appraisal", "expert_review", "correction"]

    def timer(ct, object_id, shown, department_pk, code, started):
        rule = rules[code]
        amount, unit = rule["amount"], rule["unit"]
        if unit == "hours":
            due, last_day = started + dt.timedelta(hours=amount), None
        else:
            days = amount if unit == "calendar_days" else math.ceil(amount * 7 / 5)
            last_day = (started.astimezone(tz) + dt.timedelta(days=days)).date()
            due = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tz)
        paused_at = met_at = reminder = None
        pause_reason = ""
        roll = rng.random()
        if due > now:
            if roll < 0.06:
                state = "met"
                met_at = started + (min(due, now) - started) * rng.random()
            elif roll < 0.09 and rule["pausable"]:
                state, pause_reason = "paused", rng.choice(reasons)
                paused_at = started + (now - started) * rng.random()
            else:
                state = "running"
                if rule["reminder_hours"]:
                    reminder = max(due - dt.timedelta(hours=max(rule["reminder_hours"])), now)
        elif roll < 0.78:
            state, met_at = "met", started + (due - started) * rng.uniform(0.1, 1)
        elif roll < 0.88:
            state, met_at = "met", min(due + _hours(rng, 1, 400), now)
        elif roll < 0.97:
            state = "missed"
        else:
            state = "cancelled"
        counts[code == "meeting.resolution"] += 1
        return (
            types[ct],
            str(object_id),
            shown,
            department_pk,
            rule["id"],
            rule["name"],
            rule["basis"],
            amount,
            unit,
            started,
            started,
            amount,
            due,
            last_day,
            "[]",
            state,
            paused_at,
            pause_reason,
            zero,
            met_at,
            reminder,
            "",
            1,
        )

    for n in range(len(facts.created)):
        created = _moment(facts.created[n])
        department_pk = departments[facts.department[n]].pk
        shown = _number(ctx, facts, n)
        codes = set()
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            codes.add(case_rule_pick.pick(rng))
        for code in sorted(codes):
            if code == "case.penalty_decision" and facts.filed[n]:
                started = _moment(facts.filed[n])
            elif code == "credit.online" and facts.decided[n]:
                day = dt.date.fromordinal(facts.decided[n])
                started = dt.datetime.combine(day, dt.time(9), tz)
            else:
                started = created + dt.timedelta(hours=rng.uniform(1, 200))
            if started <= now:
                yield timer("case", n + 1, shown, department_pk, code, started)
    for pk, from_pk, to_pk, reported, sent, received, filing, n in related["transfers"]:
        shown = f"{_number(ctx, facts, n)}移送"
        if reported:
            yield timer("transfer", pk, shown, from_pk, "transfer.head_decision", reported)
        if sent:
            yield timer("transfer", pk, shown, to_pk, "transfer.receive", sent)
        if received and filing:
            yield timer("transfer", pk, shown, to_pk, "transfer.filing_decision", received)
    for pk, to_pk, created, _answered, urgent, n in related["consultations"]:
        code = "consultation.answer_urgent" if urgent else "consultation.answer"
        yield timer("consultation", pk, f"关于{_number(ctx, facts, n)}的咨询", to_pk, code, created)
    for pk, to_pk, created, _answered, n in related["assistance"]:
        shown = f"关于{_number(ctx, facts, n)}的协查"
        yield timer("assistance", pk, shown, to_pk, "assistance.respond", created)
    # Joint meetings: about one a month, six resolutions each, one to three owners.
    first = dt.datetime.combine(FIRST_DAY, dt.time(9), tz)
    resolution = 0
    for month in range(0, (now - first).days // 30):
        held = first + dt.timedelta(days=30 * month + rng.randrange(0, 20))
        if held > now:
            break
        for _ in range(6):
            resolution += 1
            for owner in rng.sample(departments, rng.choice((1, 1, 2, 3))):
                yield timer(
                    "resolution",
                    resolution,
                    f"联席会议议定事项{resolution}",
                    owner.pk,
                    "meeting.resolution",
                    held,
                )


def _credit(ctx: dict, facts: Facts, rng: random.Random, pushes: list):
    """~3 % of cases, the decided ones, with a credit record; ``pushes`` gets the published."""
    from liandong.credit.models import name_key

    departments, officers, heads, now, tz = (
        ctx["departments"],
        ctx["officers"],
        ctx["heads"],
        ctx["now"],
        ctx["tz"],
    )
    today = now.astimezone(tz).date()
    companies = _company_pool(rng, 5_000)
    record_id = 0
    for n in range(len(facts.created)):
        if not facts.decided[n] or rng.random() >= 0.05:
            continue
        decided_on = dt.date.fromordinal(facts.decided[n])
        created = dt.datetime.combine(
            decided_on + dt.timedelta(days=rng.randrange(1, 20)), dt.time(rng.randrange(8, 18)), tz
        )
        if created > now:
            continue
        record_id += 1
        department = departments[facts.department[n]]
        name, code = rng.choice(companies)
        violation, basis = rng.choice(VIOLATIONS)
        fine = None if rng.random() < 0.15 else Decimal(rng.randrange(10, 5000) * 100)
        banned = rng.random() < 0.10
        ban_start = ban_end = None
        if banned:
            ban_start = decided_on + dt.timedelta(days=rng.randrange(0, 15))
            ban_end = _add_years(ban_start, rng.randint(1, 3)) - dt.timedelta(days=1)
        serious = banned or (fine is not None and fine >= 30_000)
        years = 3 if serious else 1
        publication_end = _add_years(decided_on, years) - dt.timedelta(days=1)
        roll = rng.random()
        if roll < 0.04:
            state = "draft"
        elif roll < 0.07:
            state = "submitted"
        elif roll < 0.10:
            state = "withdrawn"
        elif publication_end < today:
            state = "repaired" if rng.random() < 0.05 else "expired"
        else:
            state = "reviewed" if rng.random() < 0.12 else "published"
        submitted = min(created + _hours(rng, 1, 72), now)
        reviewed = min(submitted + _hours(rng, 2, 96), now)
        published = min(reviewed + _hours(rng, 1, 48), now)
        is_reviewed = state in ("reviewed", "published", "expired", "repaired")
        is_published = state in ("published", "expired", "repaired")
        if is_published:
            pushes.append((record_id, published))
        content = [f"罚款{fine:,.0f}元"] if fine else ["警告"]
        yield (
            record_id,
            department.pk,
            n + 1,
            "ban" if banned else ("serious" if serious else "penalty"),
            name,
            name_key(name),
            "法人及非法人组织",
            code,
            person_name(rng),
            "",
            "",
            f"{department.doc_prefix}罚〔{decided_on.year}〕{facts.sequence[n]}号",
            violation,
            f"当事人在政府采购项目中{violation}，经调查属实。",
            basis,
            "罚款；禁止参加政府采购活动" if banned else ("罚款" if fine else "警告"),
            "，".join(content),
            fine,
            None,
            "",
            decided_on,
            ban_start,
            ban_end,
            "serious" if serious else rng.choice(("minor", "general", "general")),
            max(publication_end, ban_end or publication_end),
            publication_end,
            _add_years(decided_on, 1) if serious else None,
            "",
            "",
            "",
            state,
            rng.choice(officers[department.pk]),
            created,
            submitted if state != "draft" else None,
            heads[department.pk] if is_reviewed else None,
            reviewed if is_reviewed else None,
            "",
            published if is_published else None,
            published + dt.timedelta(days=years * 365) if state == "expired" else None,
            "当事人申请撤销" if state == "withdrawn" else "",
            1,
        )


def _pushes(pushes: list, rng: random.Random, vendor: str):
    for record_id, published in pushes:
        roll = rng.random()
        state = "sent" if roll < 0.9 else ("failed" if roll < 0.95 else "retrying")
        key = uuid.UUID(int=rng.getrandbits(128), version=4)
        yield (
            "publish",
            key if vendor == "postgresql" else key.hex,
            "{}",
            state,
            1 if state == "sent" else rng.randint(2, 5),
            "" if state == "sent" else "HTTP 503",
            published,
            published + dt.timedelta(minutes=rng.randrange(1, 30)) if state == "sent" else None,
            record_id,
        )


def _bulletins(ctx: dict, rng: random.Random, total: int):
    departments, officers, now, tz = ctx["departments"], ctx["officers"], ctx["now"], ctx["tz"]
    first = dt.datetime.combine(FIRST_DAY, dt.time(9), tz)
    span = (now - first).total_seconds()
    category_pick = Weighted(BULLETIN_CATEGORIES)
    for _ in range(total):
        department = rng.choice(departments)
        category = category_pick.pick(rng)
        created = first + dt.timedelta(seconds=span * rng.random())
        withdrawn = rng.random() < 0.03
        title = (
            rng.choice(PROBLEMS) if category == "problem" else f"{department.short_name}工作信息"
        )
        yield (
            category,
            title,
            f"{title}。请各成员单位关注。",
            True,
            "withdrawn" if withdrawn else "published",
            created,
            min(created + dt.timedelta(days=1), now) if withdrawn else None,
            officers[department.pk][0] if withdrawn else None,
            "内容有误，撤回。" if withdrawn else "",
            1,
            rng.choice(officers[department.pk]),
            department.pk,
        )


def fill(vendor: str, total: int, seed: int = 20261201) -> dict:
    """Write the district, ``total`` cases and everything around them; returns counts, times and
    the people the measurements need."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from liandong.assistance.models import AssistanceRequest
    from liandong.cases.models import Case, ViolationType
    from liandong.consultations.models import Consultation
    from liandong.credit.models import CreditRecord, Push
    from liandong.deadlines.models import Deadline, DeadlineRule
    from liandong.documents.models import NumberSequence
    from liandong.meetings.models import Resolution
    from liandong.sharing.models import Bulletin
    from liandong.transfers.models import Transfer

    rng = random.Random(seed)
    times: dict[str, float] = {}
    started = time.perf_counter()
    jurisdiction, departments, heads, officers = _organisations(rng)
    times["organisations"] = time.perf_counter() - started
    ctx = {
        "vendor": vendor,
        "jurisdiction": jurisdiction,
        "departments": departments,
        "heads": heads,
        "officers": officers,
        "now": timezone.now().replace(microsecond=0),
        "tz": timezone.get_current_timezone(),
        "sequences": {},
        "violation_types": list(ViolationType.objects.order_by("pk").values_list("pk", flat=True)),
        "rules": {
            r["code"]: r
            for r in DeadlineRule.objects.values(
                "id", "code", "name", "basis", "amount", "unit", "pausable", "reminder_hours"
            )
        },
        "content_types": {
            key: ContentType.objects.get_for_model(model).pk
            for key, model in (
                ("case", Case),
                ("transfer", Transfer),
                ("consultation", Consultation),
                ("assistance", AssistanceRequest),
                ("resolution", Resolution),
            )
        },
    }
    loader = Loader(vendor)
    if vendor == "postgresql":
        loader.raw.execute("SET maintenance_work_mem = '1GB'")
    facts = Facts(total)
    related = {"transfers": [], "consultations": [], "assistance": []}
    pushes: list = []
    timer_counts = [0, 0]  # other timers, meeting.resolution timers
    written: dict[str, int] = {}

    def load(name: str, model_or_table, columns, rows) -> None:
        table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        began = time.perf_counter()
        indexes = loader.drop_indexes(table)
        counted = _Counting(rows)
        loader.write(table, columns, counted)
        loader.finish(table, indexes)
        written[name] = counted.n
        times[name] = time.perf_counter() - began

    load("cases", Case, CASE_COLUMNS, _cases(ctx, total, rng, facts))
    through = Case.violation_types.through._meta.db_table
    load("types", through, ("case_id", "violationtype_id"), _violation_links(ctx, facts, rng))
    load(
        "transfers",
        Transfer,
        TRANSFER_COLUMNS,
        _transfers(ctx, facts, rng, related["transfers"]),
    )
    load(
        "consultations",
        Consultation,
        CONSULTATION_COLUMNS,
        _consultations(ctx, facts, rng, related["consultations"]),
    )
    load(
        "assistance",
        AssistanceRequest,
        ASSISTANCE_COLUMNS,
        _assistance(ctx, facts, rng, related["assistance"]),
    )
    load("timers", Deadline, DEADLINE_COLUMNS, _timers(ctx, facts, rng, related, timer_counts))
    load("credit", CreditRecord, RECORD_COLUMNS, _credit(ctx, facts, rng, pushes))
    load("pushes", Push, PUSH_COLUMNS, _pushes(pushes, rng, vendor))
    load("bulletins", Bulletin, BULLETIN_COLUMNS, _bulletins(ctx, rng, 5_000))
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(department_id=department_id, kind="case", year=year, last=last)
            for (department_id, year), last in ctx["sequences"].items()
        ]
    )
    written["resolution timers"] = timer_counts[1]
    written["problems"] = Bulletin.objects.filter(category="problem").count()
    connection.close()
    return {
        "times": times,
        "written": written,
        "lead": departments[0],
        "head": heads[departments[0].pk],
    }


class _Counting:
    def __init__(self, rows):
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


# ---------------------------------------------------------------- the measurements


def _spread(samples: list[float]) -> str:
    return (
        f"min {min(samples):.3f} s, median {statistics.median(samples):.3f} s, "
        f"max {max(samples):.3f} s"
    )


class _Timed:
    """Replaces ``module.name`` by a wrapper adding its time to ``self.seconds``."""

    def __init__(self, module, name: str):
        self.module, self.name, self.seconds, self.calls = module, name, 0.0, 0
        self.original = getattr(module, name)

    def __enter__(self):
        original = self.original

        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - began
                self.calls += 1

        setattr(self.module, self.name, wrapper)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)


def _dashboard(label: str, head, period, repeat: int) -> dict:
    from django.test import Client

    from liandong.reports import figures

    client = Client()
    client.force_login(head)
    url = f"/reports/?period={period.key}"

    def page():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{label} GET {url}: HTTP {response.status_code}")
        return response

    page()  # warm up
    with Counted() as ran:
        response = page()
    size = len(response.content)
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        page()
        samples.append(time.perf_counter() - began)
    board = figures.dashboard(head, period)
    registered = sum(r.values[0] for r in board.table("cases_by_department").rows)
    due = sum(r.values[0] for r in board.table("deadlines_on_time").rows)
    transfers = sum(r.values[0] for r in board.table("transfers_by_kind").rows)
    print(
        f"{label} page /reports/?period={period.key} (test Client, force_login FIN head; "
        f"{registered:,} cases registered, {transfers:,} transfers sent, {due:,} timers due), "
        f"{ran.count} queries, {size // 1024:,} KiB HTML: {_spread(samples)} of {repeat} runs "
        f"(target ≤ 1 s)",
        flush=True,
    )
    # figures.dashboard alone, each table timed inside the same runs.
    per_table: dict[str, list[float]] = {key: [] for key in figures.TABLES}
    originals = dict(figures.TABLES)

    def timed(key, function):
        def run(scope):
            began = time.perf_counter()
            table = function(scope)
            per_table[key].append(time.perf_counter() - began)
            return table

        return run

    alone = []
    figures.TABLES.update({key: timed(key, f) for key, f in originals.items()})
    try:
        for _ in range(repeat):
            began = time.perf_counter()
            figures.dashboard(head, period)
            alone.append(time.perf_counter() - began)
    finally:
        figures.TABLES.update(originals)
    medians = {key: statistics.median(v) for key, v in per_table.items()}
    print(
        f"{label} figures.dashboard({period.key}) alone: {_spread(alone)} of {repeat} runs; "
        f"sum of the table medians {sum(medians.values()):.3f} s",
        flush=True,
    )
    shown = ", ".join(
        f"{key} {seconds:.3f}" for key, seconds in sorted(medians.items(), key=lambda kv: -kv[1])
    )
    print(f"{label} tables {period.key}, median s: {shown}", flush=True)
    return {"median": statistics.median(samples), "tables": medians}


def _queries_of(function, *args) -> list[tuple[float, str, tuple]]:
    """The queries ``function`` runs, with their times, slowest first."""
    from django.db import connection

    found = []

    def wrapper(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append((time.perf_counter() - began, sql, params))

    with connection.execute_wrapper(wrapper):
        function(*args)
    return sorted(found, key=lambda q: -q[0])


def _plans(label: str, head, period, tables: dict) -> None:
    """EXPLAIN ANALYZE: the slowest query of the three slowest tables; the whole plan of the
    slowest one."""
    from django.db import connection

    from liandong.reports import figures

    scope = figures.scope_for(head, period)
    slowest = sorted(tables, key=lambda key: -tables[key])[:3]
    for rank, key in enumerate(slowest):
        queries = _queries_of(figures.TABLES[key], scope)
        seconds, sql, params = queries[0]
        print(
            f"{label} plan {key} ({period.key}), slowest of its {len(queries)} queries "
            f"({seconds * 1000:.0f} ms from Django): {_plan(sql, params)}",
            flush=True,
        )
        if rank == 0:
            print(f"{label}   SQL: {sql % tuple(_literal(p) for p in params)}", flush=True)
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                for (line,) in cursor.fetchall():
                    print(f"{label}   | {line}", flush=True)


def _literal(value) -> str:
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_literal(v) for v in value) + ")"
    if isinstance(value, (int, float)):
        return str(value)
    return f"'{value}'"


def _report(label: str, head, year: int, runs: int) -> None:
    from django.utils import timezone

    from liandong.documents import output, pdf, render
    from liandong.reports import actions, chart_png, export, figures, paperwork, periods

    period = periods.year(year, timezone.localdate())
    prose = {
        "overview": "本年度各成员单位依法履职，联动执法协作机制运行总体平稳。",
        "next_steps": "下一步，进一步完善案件移送和信息共享机制，提高协作效率。",
    }
    ends, pages = [], 0
    parts = {"figures": [], "content": [], "png": [], "docx": [], "pdf": [], "xlsx": []}
    for _ in range(runs):
        report = actions.draft_report(period, acting_user=head)
        report = actions.update_report(report, prose=prose, acting_user=head)
        began = time.perf_counter()
        report = actions.issue_report(report, acting_user=head)
        ends.append(time.perf_counter() - began)
        # The same functions apart.
        began = time.perf_counter()
        dashboard = figures.dashboard(head, period)
        parts["figures"].append(time.perf_counter() - began)
        with _Timed(chart_png, "png") as png:
            began = time.perf_counter()
            content = paperwork.content(report, dashboard)
            # as documents.issue_document completes it
            content = dataclasses.replace(
                content,
                issuer=report.department.name,
                date=timezone.localdate(),
                number=report.document.number,
            )
            parts["content"].append(time.perf_counter() - began)
        parts["png"].append(png.seconds)
        with (
            tempfile.TemporaryDirectory() as folder,
            _Timed(render, "render_docx") as docx,
            _Timed(pdf, "convert") as convert,
        ):
            _docx, made = output.make(content, Path(folder))
            pages = len(pdf.page_texts(made))
        parts["docx"].append(docx.seconds)
        parts["pdf"].append(convert.seconds)
        conversions = convert.calls
        began = time.perf_counter()
        export.workbook(dashboard.tables, heading=report.title)
        parts["xlsx"].append(time.perf_counter() - began)
    document = report.document
    medians = {key: statistics.median(v) for key, v in parts.items()}
    print(
        f"{label} yearly report {period.key}: issue_report end to end {_spread(ends)} of {runs} "
        f"runs (target ≤ 10 s); edition {report.edition}, {document.number}, "
        f"{pages} pages, .docx {document.docx_size // 1024:,} KiB, .pdf "
        f"{document.pdf_size // 1024:,} KiB, .xlsx {len(bytes(report.xlsx)) // 1024:,} KiB",
        flush=True,
    )
    accounted = sum(v for k, v in medians.items() if k != "png")
    print(
        f"{label} yearly report parts, median of {runs}: figures.dashboard "
        f"{medians['figures']:.3f} s + paperwork.content {medians['content']:.3f} s (of which "
        f"{png.calls} PNG charts {medians['png']:.3f} s) + render_docx {medians['docx']:.3f} s + "
        f"LibreOffice pdf.convert {medians['pdf']:.3f} s ({conversions} conversion"
        f"{'s' if conversions > 1 else ''}) + export.workbook {medians['xlsx']:.3f} s = "
        f"{accounted:.3f} s; the rest of the action (numbering, storing, audit) "
        f"{statistics.median(ends) - accounted:.3f} s",
        flush=True,
    )


def run(database: str, args) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        dbname = _setup(database, workdir)
        try:
            _measure(database, args)
        finally:
            if dbname:
                _drop(dbname)


def _measure(database: str, args) -> None:
    from django.conf import settings
    from django.utils import timezone

    from liandong.organizations.models import User
    from liandong.reports import periods

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    label = f"reports {database:<10}"
    started = time.perf_counter()
    data = fill(database, args.cases)
    w, t = data["written"], data["times"]
    print(
        f"{label} data: {w['cases']:,} cases (2022-01-01 to today, one district, 5 member "
        f"departments), {w['types']:,} violation-type links, {w['transfers']:,} transfers, "
        f"{w['consultations']:,} consultations, {w['assistance']:,} assistance requests, "
        f"{w['timers']:,} timers ({w['resolution timers']:,} meeting.resolution), "
        f"{w['credit']:,} credit records, {w['pushes']:,} pushes, {w['bulletins']:,} bulletins "
        f"({w['problems']:,} 问题反映) written in {time.perf_counter() - started:.0f} s "
        f"(organisations {t['organisations']:.0f} s, cases {t['cases']:.0f} s, types "
        f"{t['types']:.0f} s, transfers {t['transfers']:.0f} s, consultations "
        f"{t['consultations']:.0f} s, assistance {t['assistance']:.0f} s, timers "
        f"{t['timers']:.0f} s, credit and pushes {t['credit'] + t['pushes']:.0f} s, bulletins "
        f"{t['bulletins']:.0f} s; each with its indexes and ANALYZE)",
        flush=True,
    )
    head = User.objects.select_related("department").get(pk=data["head"])
    today = timezone.localdate()
    results = {}
    for period in (
        periods.current_quarter(today),
        periods.year(2025, today),
        periods.year(2026, today),
    ):
        results[period] = _dashboard(label, head, period, args.repeat)
    heaviest = max(results, key=lambda p: results[p]["median"])
    if database == "postgresql":
        _plans(label, head, heaviest, results[heaviest]["tables"])
    _report(label, head, 2025, args.runs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each dashboard")
    parser.add_argument("--runs", type=int, default=3, help="yearly reports issued")
    args = parser.parse_args(argv)
    run(args.database, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
