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
