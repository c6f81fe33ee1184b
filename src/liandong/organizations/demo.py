"""The 泉州市鲤城区 demo: the five departments of the seed document, their people, and the
procuratorate as an external body. Everything is made through the actions."""

import functools

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from stdnum.cn import uscc

from liandong.organizations import actions
from liandong.organizations.models import Department, Jurisdiction, LiaisonRank, Role, User

DEMO_PASSWORD = "Liandong@2026"  # noqa: S105 - printed for the demo; not for production
JURISDICTION = ("泉州市鲤城区", "350502")


def demo_uscc(organization_code: str) -> str:
    """A well-formed 统一社会信用代码 for a 机关 of 350502 (illustrative, not a real body's)."""
    body = "11" + JURISDICTION[1] + organization_code
    return body + uscc.calc_check_digit(body)


# kind, full name (exactly as in the seed), short name, 代字, lead?, people
DEPARTMENTS = [
    (
        "FIN",
        "泉州市鲤城区财政局",
        "区财政局",
        "泉鲤政财",
        True,
        [
            ("fin_head", "陈志明", Role.HEAD, "局长"),
            ("fin_liaison", "林晓燕", Role.OFFICER, "政府采购监管股股长"),
            ("fin_officer1", "黄建华", Role.OFFICER, "政府采购监管股科员"),
            ("fin_officer2", "王丽娟", Role.OFFICER, "政府采购监管股科员"),
        ],
    ),
    (
        "PSB",
        "泉州市公安局鲤城分局",
        "区公安分局",
        "泉鲤公",
        False,
        [
            ("psb_head", "郑国强", Role.HEAD, "副局长"),
            ("psb_liaison", "苏文斌", Role.OFFICER, "经侦大队副大队长"),
            ("psb_officer1", "吴俊杰", Role.OFFICER, "经侦大队民警"),
            ("psb_officer2", "蔡雅琴", Role.OFFICER, "经侦大队民警"),
        ],
    ),
    (
        "DRC",
        "泉州市鲤城区发展和改革局",
        "区发改局",
        "泉鲤发改",
        False,
        [
            ("drc_head", "李振华", Role.HEAD, "局长"),
            ("drc_liaison", "许美玲", Role.OFFICER, "信用建设股股长"),
            ("drc_officer1", "杨海峰", Role.OFFICER, "信用建设股科员"),
            ("drc_officer2", "洪秀英", Role.OFFICER, "信用建设股科员"),
        ],
    ),
    (
        "AUD",
        "泉州市鲤城区审计局",
        "区审计局",
        "泉鲤审",
        False,
        [
            ("aud_head", "张明辉", Role.HEAD, "局长"),
            ("aud_liaison", "庄静怡", Role.OFFICER, "法规审理股股长"),
            ("aud_officer1", "谢伟东", Role.OFFICER, "审计员"),
            ("aud_officer2", "刘佳慧", Role.OFFICER, "审计员"),
        ],
    ),
    (
        "SAMR",
        "泉州市鲤城区市场监督管理局",
        "区市场监管局",
        "泉鲤市监",
        False,
        [
            ("samr_head", "曾德林", Role.HEAD, "局长"),
            ("samr_liaison", "施婉婷", Role.OFFICER, "执法大队副大队长"),
            ("samr_officer1", "方志刚", Role.OFFICER, "执法大队队员"),
            ("samr_officer2", "颜晓东", Role.OFFICER, "执法大队队员"),
        ],
    ),
]
ORGANIZATION_CODES = {
    "FIN": "003151011",
    "PSB": "003151020",
    "DRC": "003151038",
    "AUD": "003151046",
    "SAMR": "MB0P12345",
}
ADMIN = ("admin", "周启航", "信息中心工程师")
PROCURATORATE = ("泉州市鲤城区人民检察院", "区检察院", "003151054")
PROSECUTOR = ("proc_officer", "陈思远", "第二检察部检察官")


def _department(jurisdiction, kind, name, short_name, prefix, lead) -> Department:
    existing = Department.objects.filter(jurisdiction=jurisdiction, name=name).first()
    if existing:
        return existing
    return actions.create_department(
        jurisdiction,
        acting_user=None,
        kind=kind,
        is_member=True,
        is_lead=lead,
        name=name,
        short_name=short_name,
        doc_prefix=prefix,
        uscc=demo_uscc(ORGANIZATION_CODES[kind]),
        phone="0595-2251" + str(1000 + 7 * len(name)),
    )


@functools.cache
def _demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once for every demo account: hashing costs over half a second, which
    was most of the demo's time on a new machine."""
    password_validation.validate_password(DEMO_PASSWORD)
    return make_password(DEMO_PASSWORD)


def _person(department, username, full_name, role, title) -> User:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    person, _pw = actions.create_user(
        department,
        acting_user=None,
        username=username,
        full_name=full_name,
        role=role,
        title=title,
        phone="1385950" + str(sum(map(ord, username)) * 37 % 10000).zfill(4),
        password_hash=_demo_password_hash(),
        must_change_password=False,  # demo logins must just work
    )
    return person


def load(say) -> None:
    jurisdiction = Jurisdiction.objects.filter(code=JURISDICTION[1]).first()
    if jurisdiction is None:
        jurisdiction = actions.create_jurisdiction(
            name=JURISDICTION[0], code=JURISDICTION[1], acting_user=None
        )
    logins = []
    for kind, name, short_name, prefix, lead, people in DEPARTMENTS:
        department = _department(jurisdiction, kind, name, short_name, prefix, lead)
        for username, full_name, role, title in people:
            person = _person(department, username, full_name, role, title)
            if username.endswith("_liaison") and not hasattr(person, "liaison"):
                actions.appoint_liaison(person, rank=LiaisonRank.PRIMARY, acting_user=None)
            logins.append((username, department.short_name, full_name, person))
        if kind == "FIN":
            admin = _person(department, ADMIN[0], ADMIN[1], Role.ADMIN, ADMIN[2])
            logins.append((ADMIN[0], department.short_name, ADMIN[1], admin))
    name, short_name, code = PROCURATORATE
    procuratorate = Department.objects.filter(jurisdiction=jurisdiction, name=name).first()
    if procuratorate is None:
        procuratorate = actions.create_department(
            jurisdiction,
            acting_user=None,
            kind="PROC",
            is_member=False,
            name=name,
            short_name=short_name,
            uscc=demo_uscc(code),
        )
    # the procuratorate takes part: the transfers copied to it, the 立案监督 suggestions it answers
    username, full_name, title = PROSECUTOR
    prosecutor = _person(procuratorate, username, full_name, Role.OFFICER, title)
    logins.append((username, short_name, full_name, prosecutor))
    say(f"演示数据：{jurisdiction.name}（{jurisdiction.code}），5 个成员单位，1 个外部机关。")
    say(f"演示账户（密码均为 {DEMO_PASSWORD}；负责人和系统管理员首次登录时绑定动态口令）：")
    for username, department, full_name, person in logins:
        note = person.get_role_display()
        if person.liaison_rank:
            note += "、" + dict(LiaisonRank.choices)[person.liaison_rank]
        say(f"  {username:<14} {department:<8} {full_name:<4} {note}")
