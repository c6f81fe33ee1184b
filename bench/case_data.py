"""Fill a PostgreSQL database with realistic cases for the case-list benchmark (issue 4).

    python bench/case_data.py [--dbname ld_bench] [--cases 1000000] [--reset]

What a deployment of that size would hold: 300 districts (辖区) of 30 cities, each with its five
member departments (财政 the lead unit, 公安, 发改, 审计, 市场监管) made through the actions,
their people (a head, officers, a viewer), and the cases of eight years, COPYed in: numbers in the
department's 代字〔年〕号 sequence (with the matching `NumberSequence` rows), states by age
(old cases closed or archived), one to three parties each (suppliers drawn from a pool of
companies with valid 统一社会信用代码, so one company turns up in several cases; a few experts
with sealed ID numbers), the officers, and about 5 % of cases shared with another department.
Districts differ in size (Zipf, s = 0.5): of 1,000,000 cases the biggest 财政局 has 16,514, the
median 财政局 1,349 and the median department 324.

The database is created when missing and migrated. A database that already holds the data is
left alone (the run is idempotent); `--reset` drops and rebuilds it. Seeded: two runs on the same
day write the same rows (a case's state follows its age on the day of the run).
"""

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import sys
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

BASE_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DEFAULT_DBNAME = "ld_bench"
BENCH_PASSWORD = "Bench#2026pass"
MARKER_CODE = "110102"  # the first district; its presence says the organisations are made

# (city, its 代字, pinyin initials, the first four digits of its districts' codes)
CITIES = [
    ("泉州市", "泉", "QZ", "3505"),
    ("福州市", "榕", "FZ", "3501"),
    ("厦门市", "厦", "XM", "3502"),
    ("杭州市", "杭", "HZ", "3301"),
    ("宁波市", "甬", "NB", "3302"),
    ("温州市", "温", "WZ", "3303"),
    ("南京市", "宁", "NJ", "3201"),
    ("苏州市", "苏", "SZ", "3205"),
    ("无锡市", "锡", "WX", "3202"),
    ("广州市", "穗", "GZ", "4401"),
    ("深圳市", "深", "SZ", "4403"),
    ("佛山市", "佛", "FS", "4406"),
    ("东莞市", "莞", "DG", "4419"),
    ("成都市", "蓉", "CD", "5101"),
    ("武汉市", "汉", "WH", "4201"),
    ("长沙市", "长", "CS", "4301"),
    ("郑州市", "郑", "ZZ", "4101"),
    ("济南市", "济", "JN", "3701"),
    ("青岛市", "青", "QD", "3702"),
    ("合肥市", "庐", "HF", "3401"),
    ("南昌市", "洪", "NC", "3601"),
    ("西安市", "镐", "XA", "6101"),
    ("昆明市", "昆", "KM", "5301"),
    ("贵阳市", "筑", "GY", "5201"),
    ("南宁市", "邕", "NN", "4501"),
    ("石家庄市", "石", "SJZ", "1301"),
    ("太原市", "并", "TY", "1401"),
    ("沈阳市", "沈", "SY", "2101"),
    ("长春市", "春", "CC", "2201"),
    ("北京市", "京", "BJ", "1101"),
]
# District names with distinct first characters, so 代字 (city + district + kind) never repeat.
DISTRICTS = [
    ("鼓楼区", "GL"),
    ("城东区", "CD"),
    ("西湖区", "XH"),
    ("南山区", "NS"),
    ("北塘区", "BT"),
    ("滨江区", "BJ"),
    ("新华区", "XH"),
    ("高新区", "GX"),
    ("临港区", "LG"),
    ("东风区", "DF"),
]
# kind → (name suffix, short name, 代字 character, share of the district's cases)
DEPARTMENTS = {
    "FIN": ("财政局", "财政局", "财", 0.55),
    "PSB": ("公安分局", "公安分局", "公", 0.10),
    "DRC": ("发展和改革局", "发改局", "发", 0.10),
    "AUD": ("审计局", "审计局", "审", 0.10),
    "SAMR": ("市场监督管理局", "市场监管局", "监", 0.15),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建国志宏斌鹏飞宇浩凯晨欣怡雪梅"
TRADE_NAMES = "恒信达瑞鑫通泰华源盛祥和兴隆佳宏博远创新天成嘉合众立诚安康美丰荣昌利永德润泽辉腾"
INDUSTRIES = [
    "科技",
    "信息技术",
    "建设工程",
    "实验设备",
    "医疗器械",
    "物业服务",
    "环境工程",
    "电子",
    "教育装备",
    "家具",
    "办公设备",
    "智能科技",
    "网络科技",
    "安防技术",
    "园林绿化",
    "餐饮管理",
    "印务",
    "体育用品",
    "服饰",
    "空调工程",
    "软件",
    "仪器",
    "贸易",
    "机电设备",
    "市政工程",
]
COMPANY_SUFFIXES = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]
AGENCY_KINDS = ["招标代理有限公司", "项目管理咨询有限公司", "工程咨询有限公司", "招标有限公司"]
PURCHASERS = [
    "人民医院",
    "中医院",
    "妇幼保健院",
    "第一中学",
    "第三中学",
    "实验小学",
    "职业技术学校",
    "教育局",
    "卫生健康局",
    "城市管理局",
    "住房和城乡建设局",
    "交通运输局",
    "自然资源局",
    "民政局",
    "文化和旅游局",
    "机关事务服务中心",
    "疾病预防控制中心",
    "图书馆",
    "融媒体中心",
    "街道办事处",
]
ITEMS = [
    "实验室设备",
    "物业服务",
    "医用耗材",
    "信息化系统建设",
    "校服",
    "食堂食材配送",
    "办公家具",
    "空调设备",
    "道路保洁服务",
    "安防监控系统",
    "教学一体机",
    "公务用车",
    "印刷服务",
    "图书",
    "体育器材",
    "绿化养护服务",
    "医疗设备",
    "智慧校园建设",
    "电梯维保服务",
    "档案数字化服务",
]
PROJECT_KINDS = ["ZFCG", "GK", "CS", "TP", "XJ"]
METHODS = [
    ("open_tender", 50),
    ("consultation", 20),
    ("negotiation", 8),
    ("inquiry", 10),
    ("single_source", 4),
    ("invited_tender", 3),
    ("framework", 5),
]
SOURCES = [
    ("complaint", 35),
    ("report", 20),
    ("inspection", 15),
    ("screening", 12),
    ("audit_transfer", 8),
    ("department_transfer", 6),
    ("other", 4),
]
# (title, summary) templates; {s1} {s2} suppliers, {p} purchaser, {a} agency, {proj} project.
CASE_KINDS = [
    (
        "{s1}涉嫌串通投标案",
        "经查，{p}于{d}发布{proj}（项目编号{pn}）招标公告，预算金额{b}元。{s1}与{s2}的投标"
        "文件由同一台计算机编制，制作机器码一致，报价呈规律性差异，涉嫌串通投标。",
    ),
    (
        "{proj}涉嫌串通投标",
        "{m}。线索筛查发现{s1}、{s2}等投标人的投标保证金从同一账户转出，投标文件异常一致，"
        "{s1}以{w}元中标。{p}已暂停签订合同。",
    ),
    (
        "{s1}涉嫌提供虚假材料谋取中标案",
        "投诉人反映，{s1}在{proj}（项目编号{pn}）中提交的业绩合同及检测报告系伪造，以{w}元"
        "中标。经向出具单位核实，相关材料不真实。代理机构为{a}。",
    ),
    (
        "{p}{item}采购项目以不合理条件对供应商实行差别待遇",
        "{p}在{proj}采购文件中设置特定地区业绩、特定品牌等条件，限制潜在供应商参加，{s1}"
        "等供应商提出质疑后转为投诉。预算金额{b}元，采购方式为{m}。",
    ),
    (
        "{a}涉嫌违规代理{item}采购项目",
        "{a}代理{proj}（项目编号{pn}）期间，擅自修改评审结果，并向{s1}泄露其他投标人的报价"
        "信息。{s1}以{w}元成交。",
    ),
    (
        "{s1}涉嫌向采购人工作人员行贿谋取中标案",
        "审计发现，{s1}在{proj}中标后向{p}有关工作人员账户转入款项，中标金额{w}元，"
        "涉嫌以行贿手段谋取中标，拟移送监察机关。",
    ),
    (
        "{proj}中标结果质疑转投诉",
        "{s2}对{proj}（项目编号{pn}）的中标结果提出质疑，认为中标人{s1}不满足资格条件，"
        "对{p}的答复不满意，向本单位提起投诉。",
    ),
    (
        "{s1}中标后无正当理由拒绝签订政府采购合同案",
        "{s1}在{proj}中以{w}元中标，收到中标通知书后无正当理由拒绝与{p}签订政府采购合同，"
        "{p}报送本单位处理。",
    ),
    (
        "{p}涉嫌将应当公开招标的项目化整为零规避公开招标",
        "{p}于同一年度内将{item}采购拆分为多个项目，分别以询价方式采购，合计金额{b}元，"
        "超过公开招标数额标准。供应商{s1}多次成交。",
    ),
    (
        "{proj}评审专家涉嫌违规评审",
        "{proj}（项目编号{pn}）评审过程中，评审专家对{s1}的打分明显偏离其他专家，且与{s1}"
        "存在利害关系未回避。代理机构{a}未予制止。",
    ),
]
# Share of states by the case's age in days: (up to days, [(state, weight), ...]).
STATES_BY_AGE = [
    (30, [("clue", 45), ("preliminary", 35), ("filed", 10), ("investigation", 10)]),
    (
        180,
        [
            ("clue", 8),
            ("preliminary", 12),
            ("filed", 10),
            ("investigation", 35),
            ("hearing", 10),
            ("decided", 10),
            ("execution", 5),
            ("closed", 10),
        ],
    ),
    (
        365,
        [
            ("preliminary", 3),
            ("investigation", 15),
            ("hearing", 7),
            ("decided", 10),
            ("execution", 10),
            ("closed", 45),
            ("archived", 10),
        ],
    ),
    (10**6, [("investigation", 2), ("execution", 3), ("closed", 30), ("archived", 65)]),
]
FILED_STATES = {"filed", "investigation", "hearing", "decided", "execution", "closed", "archived"}
DECIDED_STATES = {"decided", "execution", "closed", "archived"}
ID_REGIONS = ["110105", "110108", "310115", "440106", "320102", "350203", "330106"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CASE_COLUMNS = (
    "id",
    "department_id",
    "number",
    "year",
    "sequence",
    "title",
    "source",
    "summary",
    "state",
    "confidential",
    "project_number",
    "project_name",
    "purchaser",
    "agency",
    "procurement_method",
    "budget",
    "winning_amount",
    "announced_on",
    "awarded_on",
    "coercion_or_bribery",
    "prior_collusion_penalties",
    "decision_kind",
    "decision_number",
    "decision_date",
    "filed_at",
    "closed_at",
    "created_by_id",
    "created_at",
    "version",
)
PARTY_COLUMNS = (
    "case_id",
    "role",
    "name",
    "uscc",
    "id_number_sealed",
    "id_number_tail",
    "created_at",
)


def setup(dbname: str, reset: bool = False) -> str:
    """Point Django at ``dbname`` (created when missing, rebuilt with ``reset``) and migrate it.
    Returns its URL."""
    import psycopg

    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if exists and reset:
            conn.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')
        if reset or not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    url = BASE_URL.rsplit("/", 1)[0] + "/" + dbname
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "liandong.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def uscc(rng: random.Random, region: str, kind: str = "91") -> str:
    """A 统一社会信用代码 with a correct check character."""
    body = kind + region + "".join(rng.choice(USCC_ALPHABET[:10]) for _ in range(9))
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + USCC_ALPHABET[(31 - total) % 31]


def id_number(rng: random.Random, region: str) -> str:
    """A resident ID number (GB 11643) with a correct check digit."""
    born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
    body = f"{region}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    return body + "10X98765432"[total % 11]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def zipf_weights(n: int, s: float, rng: random.Random) -> list[float]:
    weights = [1 / (rank**s) for rank in range(1, n + 1)]
    rng.shuffle(weights)  # big districts anywhere in the list, not the first ones
    return weights


def make_organisations(rng: random.Random):
    """300 districts, each with its five member departments (the 财政局 leads) and people.
    Returns [(jurisdiction, city index, district index, {kind: department})]."""
    from django.contrib.auth.hashers import make_password

    from liandong.organizations import actions
    from liandong.organizations.models import Department, Jurisdiction, Role, User

    made = []
    for c, (city, city_abbr, _py, city_code) in enumerate(CITIES):
        for d, (district, _dpy) in enumerate(DISTRICTS):
            code = f"{city_code}{d + 2:02d}"
            jurisdiction = Jurisdiction.objects.filter(code=code).first()
            if jurisdiction is None:
                jurisdiction = actions.create_jurisdiction(
                    name=city + district, code=code, acting_user=None
                )
            departments = {dep.kind: dep for dep in jurisdiction.departments.all()}
            for kind, (suffix, short, char, _share) in DEPARTMENTS.items():
                if kind not in departments:
                    departments[kind] = actions.create_department(
                        jurisdiction,
                        acting_user=None,
                        kind=kind,
                        is_lead=kind == "FIN",
                        name=city + district + suffix,
                        short_name=short,
                        doc_prefix=city_abbr + district[0] + char,
                        uscc=uscc(rng, code, "11"),
                    )
            made.append((jurisdiction, c, d, departments))
    # People: one password hash for all (hashing thousands of passwords would take minutes).
    password = make_password(BENCH_PASSWORD)
    people = []
    have = set(User.objects.values_list("username", flat=True))
    for department in Department.objects.filter(jurisdiction__in=[m[0] for m in made]):
        for role, count in ((Role.HEAD, 1), (Role.OFFICER, 12), (Role.VIEWER, 1)):
            for i in range(1, count + 1):
                username = f"d{department.pk}_{role}{i}"
                if username not in have:
                    people.append(
                        User(
                            username=username,
                            full_name=person_name(rng),
                            department=department,
                            role=role,
                            password=password,
                            must_change_password=False,
                            password_changed_at=dt.datetime.now(dt.UTC),
                        )
                    )
    User.objects.bulk_create(people, batch_size=2000)
    return made


def _company_pool(rng: random.Random, size: int) -> list[tuple[str, str]]:
    names: dict[str, str] = {}
    while len(names) < size:
        city, _abbr, _py, code = rng.choice(CITIES)
        place = rng.choice((city, city.removesuffix("市"), ""))
        trade = rng.choice(TRADE_NAMES) + rng.choice(TRADE_NAMES)
        name = place + trade + rng.choice(INDUSTRIES) + rng.choice(COMPANY_SUFFIXES)
        if name not in names:
            names[name] = uscc(rng, code + f"{rng.randrange(2, 12):02d}")
    return list(names.items())


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high) * 100)


class Weighted:
    def __init__(self, pairs):
        self.values = [v for v, _w in pairs]
        self.cum = list(itertools.accumulate(w for _v, w in pairs))

    def pick(self, rng: random.Random):
        return self.values[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def fill(total: int, seed: int = 20261129) -> dict:
    """Write ``total`` cases with their parties, officers, grants and number sequences."""
    import psycopg
    from django.conf import settings
    from django.db import connection
    from stdnum.cn import ric

    from liandong.cases.models import Case, CaseGrant, Party
    from liandong.core.crypto import sm4_encrypt
    from liandong.documents.models import NumberSequence
    from liandong.organizations.models import Role, User

    rng = random.Random(seed)
    started = time.perf_counter()
    organisations = make_organisations(rng)
    org_seconds = time.perf_counter() - started

    officers: dict[int, list[int]] = {}
    for pk, department_id in User.objects.filter(role=Role.OFFICER).values_list(
        "pk", "department_id"
    ):
        officers.setdefault(department_id, []).append(pk)
    # Every department as (weight, department, district facts); the weights: district × kind.
    slots = []
    for (jurisdiction, c, d, departments), weight in zip(
        organisations, zipf_weights(len(organisations), 0.5, rng), strict=True
    ):
        for kind, department in departments.items():
            slots.append((weight * DEPARTMENTS[kind][3], department, jurisdiction, c, d))
    department_pick = Weighted([((dep, j, c, d), w) for w, dep, j, c, d in slots])
    districts = {(c, d): departments for _j, c, d, departments in organisations}

    companies = _company_pool(rng, 60_000)
    # Some suppliers are in many cases (habitual bid riggers): a Zipf pick over the pool.
    company_pick = Weighted(
        list(zip(companies, zipf_weights(len(companies), 0.7, rng), strict=True))
    )
    agencies = []
    for _ in range(3000):
        city, _abbr, _py, code = rng.choice(CITIES)
        trade = rng.choice(TRADE_NAMES) + rng.choice(TRADE_NAMES)
        name = city.removesuffix("市") + trade + rng.choice(AGENCY_KINDS)
        agencies.append((name, uscc(rng, code + "02")))
    experts = []
    while len(experts) < 500:  # sealing is slow: a pool of sealed ID numbers serves all experts
        number = id_number(rng, rng.choice(ID_REGIONS))
        if ric.is_valid(number):  # the region code must have existed in the year of birth
            experts.append((person_name(rng), sm4_encrypt(number), number[-4:]))
    method_pick = Weighted(METHODS)
    source_pick = Weighted(SOURCES)
    state_picks = [(days, Weighted(pairs)) for days, pairs in STATES_BY_AGE]
    method_labels = dict(Case._meta.get_field("procurement_method").flatchoices)

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    first = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    span = (now - first).total_seconds()
    # Arrivals grow over the years (more procurement online, more complaints).
    offsets = sorted(span * (rng.random() ** 0.7) for _ in range(total))
    tz = ZoneInfo(settings.TIME_ZONE)  # the year of a case number is the local year
    sequences: dict[tuple[int, int], int] = {}
    parties, officer_rows, grants = [], [], []
    case_table, party_table = Case._meta.db_table, Party._meta.db_table
    officers_table = Case.officers.through._meta.db_table

    url = settings.DATABASES["default"]
    dsn = (
        f"host={url['HOST'] or '127.0.0.1'} port={url['PORT'] or 5432} "
        f"dbname={url['NAME']} user={url['USER']}"
    )
    connection.close()
    with psycopg.connect(dsn, password=url["PASSWORD"] or None) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        # Skip the row-by-row foreign-key triggers (the rows are consistent by construction):
        # checking 4 million references at commit would lock and rewrite every parent row.
        conn.execute("SET session_replication_role = replica")
        indexes = _drop_indexes(conn, [case_table, party_table, officers_table])
        next_id = conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {case_table}").fetchone()[0]
        copy_started = time.perf_counter()
        with conn.cursor().copy(
            f"COPY {case_table} ({', '.join(CASE_COLUMNS)}) FROM STDIN"
        ) as copy:
            for n, offset in enumerate(offsets):
                case_id = next_id + n
                created = first + dt.timedelta(seconds=offset)
                department, jurisdiction, c, d = department_pick.pick(rng)
                city, _abbr, city_py, _code = CITIES[c]
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
                project_year = year if rng.random() < 0.8 else year - 1
                project_number = (
                    f"{city_py}{DISTRICTS[d][1]}-{rng.choice(PROJECT_KINDS)}-{project_year}-"
                    f"{rng.randrange(1, 1000):04d}"
                )
                agency, agency_uscc = rng.choice(agencies)
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
                department_officers = officers[department.pk]
                handlers = rng.sample(department_officers, 2 if state in FILED_STATES else 1)
                filed_at = created + dt.timedelta(days=rng.randrange(3, 30))
                decided = state in DECIDED_STATES
                decision_date = (filed_at + dt.timedelta(days=rng.randrange(30, 90))).date()
                copy.write_row(
                    (
                        case_id,
                        department.pk,
                        number,
                        year,
                        sequence,
                        title_t.format(**fields)[:200],
                        source_pick.pick(rng),
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
                        rng.choice(("penalty", "penalty", "no_penalty", "withdrawn"))
                        if decided
                        else "",
                        f"{department.doc_prefix}罚〔{decision_date.year}〕{sequence}号"
                        if decided
                        else "",
                        decision_date if decided else None,
                        filed_at if state in FILED_STATES else None,
                        filed_at + dt.timedelta(days=rng.randrange(60, 120))
                        if state in ("closed", "archived")
                        else None,
                        handlers[0],
                        created,
                        1,
                    )
                )
                officer_rows.extend((case_id, pk) for pk in handlers)
                for k in range(rng.choice((1, 1, 1, 2, 2, 3))):
                    roll = rng.random()
                    if roll < 0.06:
                        name, sealed, tail = rng.choice(experts)
                        parties.append((case_id, "expert", name, "", sealed, tail, created))
                    elif roll < 0.12:
                        parties.append((case_id, "agency", agency, agency_uscc, "", "", created))
                    else:
                        company = s1 if k == 0 else (s2 if k == 1 else company_pick.pick(rng))
                        parties.append((case_id, "supplier", *company, "", "", created))
                if rng.random() < 0.05:  # shared with another member department of the district
                    others = [dep for dep in districts[c, d].values() if dep != department]
                    grants.append(
                        (
                            case_id,
                            rng.choice(others).pk,
                            rng.choice(("summary", "summary", "all", "parties")),
                            rng.choice(("manual", "consultation", "assistance")),
                            created + dt.timedelta(days=rng.randrange(1, 60)),
                        )
                    )
        with conn.cursor().copy(
            f"COPY {party_table} ({', '.join(PARTY_COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in parties:
                copy.write_row(row)
        with conn.cursor().copy(f"COPY {officers_table} (case_id, user_id) FROM STDIN") as copy:
            for row in officer_rows:
                copy.write_row(row)
        grant_table = CaseGrant._meta.db_table
        with conn.cursor().copy(
            f"COPY {grant_table} (case_id, department_id, part, source, granted_at, note) "
            "FROM STDIN"
        ) as copy:
            for row in grants:
                copy.write_row((*row, ""))
        copy_seconds = time.perf_counter() - copy_started
        index_started = time.perf_counter()
        for statement in indexes:
            conn.execute(statement)
        for table in (case_table, party_table, officers_table, grant_table):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        conn.commit()
        index_seconds = time.perf_counter() - index_started

    NumberSequence.objects.bulk_create(
        [
            NumberSequence(department_id=department_id, kind="case", year=year, last=last)
            for (department_id, year), last in sequences.items()
        ],
        update_conflicts=True,
        unique_fields=["department", "kind", "year"],
        update_fields=["last"],
    )
    vacuum_started = time.perf_counter()
    with psycopg.connect(dsn, password=url["PASSWORD"] or None, autocommit=True) as conn:
        for table in (case_table, party_table, officers_table, CaseGrant._meta.db_table):
            conn.execute(f"VACUUM ANALYZE {table}")
    return {
        "organisations": org_seconds,
        "copy": copy_seconds,
        "indexes": index_seconds,
        "vacuum": time.perf_counter() - vacuum_started,
        "parties": len(parties),
        "grants": len(grants),
    }


def _drop_indexes(conn, tables: list[str]) -> list[str]:
    """Drop the indexes no constraint needs (rebuilt after the load, much faster than kept up
    row by row); returns their definitions."""
    rows = conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
        WHERE i.indrelid = ANY(%s::regclass[]) AND c.oid IS NULL
        """,
        [tables],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in rows]


def ensure(total: int, dbname: str = DEFAULT_DBNAME, reset: bool = False, say=print) -> None:
    """Make sure ``dbname`` holds the organisations and ``total`` cases (generating them if not)."""
    setup(dbname, reset=reset)
    from liandong.cases.models import Case
    from liandong.organizations.models import Jurisdiction

    have = Case.objects.count()
    if have == total and Jurisdiction.objects.filter(code=MARKER_CODE).exists():
        return
    if have:
        raise SystemExit(
            f"{dbname} holds {have:,} cases, not {total:,}: run bench/case_data.py --reset"
        )
    started = time.perf_counter()
    times = fill(total)
    say(
        f"case-data  {total:,} cases, {times['parties']:,} parties, {times['grants']:,} grants "
        f"written in {time.perf_counter() - started:.0f} s (organisations "
        f"{times['organisations']:.0f} s, COPY {times['copy']:.0f} s, indexes "
        f"{times['indexes']:.0f} s, VACUUM ANALYZE {times['vacuum']:.0f} s)",
        flush=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dbname", default=DEFAULT_DBNAME)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reset", action="store_true", help="drop the database and rebuild it")
    args = parser.parse_args(argv)
    ensure(args.cases, args.dbname, reset=args.reset)
    return 0


if __name__ == "__main__":
    sys.exit(main())
