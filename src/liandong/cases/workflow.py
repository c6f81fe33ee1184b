"""The case workflow (DESIGN.md §4.1): every verb, the states it may start from, and where it
leads. The actions consult this table and nothing else."""

from liandong.cases.models import CaseState as S

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "review": (frozenset({S.CLUE}), S.PRELIMINARY),  # 初核
    "file": (frozenset({S.PRELIMINARY}), S.FILED),  # 立案: at least two officers
    "investigate": (frozenset({S.FILED}), S.INVESTIGATION),  # 调查取证
    "submit": (frozenset({S.INVESTIGATION}), S.HEARING),  # 提交审理
    "return": (frozenset({S.HEARING}), S.INVESTIGATION),  # 退回补充调查
    "decide": (frozenset({S.HEARING}), S.DECIDED),  # 作出决定: kind, number, date
    "execute": (frozenset({S.DECIDED}), S.EXECUTION),  # 执行 (a penalty)
    "close": (frozenset({S.DECIDED, S.EXECUTION}), S.CLOSED),  # 结案: needs the decision
    "dismiss": (frozenset({S.CLUE, S.PRELIMINARY}), S.CLOSED),  # 不予立案, with the reason
    "archive": (frozenset({S.CLOSED}), S.ARCHIVED),  # 归档
}

MIN_OFFICERS_TO_FILE = 2  # 行政处罚法 第四十二条: 执法人员不得少于两人

# Other apps may hold a step back while something of theirs is under way (a criminal transfer
# with the police holds back an administrative penalty: no 以罚代刑). A guard takes the case,
# the verb and the decision kind, and returns the reason to refuse, or "".
_guards = []


def register_guard(guard) -> None:
    _guards.append(guard)


def held_back(case, verb: str, decision_kind: str = "") -> str:
    for guard in _guards:
        reason = guard(case, verb, decision_kind)
        if reason:
            return reason
    return ""


# Other apps may owe something when a case takes a step (a penalty decision owes its credit
# record within 7 workdays). A follow-up takes the case, the verb and the acting user and runs
# inside the step's transaction, after the case is saved.
_follow_ups = []


def register_follow_up(follow_up) -> None:
    _follow_ups.append(follow_up)


def follow_up(case, verb: str, acting_user) -> None:
    for run in _follow_ups:
        run(case, verb, acting_user)
