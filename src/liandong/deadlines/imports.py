"""Reading a year's holiday arrangement from CSV or YAML, naming the line of every problem.

CSV: a header 日期,类别,名称 (or date,kind,name), then one line per day; 类别 is 放假 / 上班
(or holiday / workday). YAML: ``year``, optional ``source``, and lists ``holidays`` and
``workdays`` of ``{date: 2027-01-01, name: 元旦}``.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

import yaml
from django.utils.translation import gettext as _

from liandong.deadlines.models import CalendarDayKind

KINDS = {
    "放假": CalendarDayKind.HOLIDAY,
    "休息": CalendarDayKind.HOLIDAY,
    "holiday": CalendarDayKind.HOLIDAY,
    "上班": CalendarDayKind.WORKDAY,
    "调休上班": CalendarDayKind.WORKDAY,
    "workday": CalendarDayKind.WORKDAY,
}
HEADERS = ({"日期", "类别", "名称"}, {"date", "kind", "name"})
_ENGLISH = {"date": "日期", "kind": "类别", "name": "名称"}


@dataclass(frozen=True)
class Day:
    line: int
    date: dt.date
    kind: str
    name: str


class ArrangementError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _date(text, line: int, problems: list[str]) -> dt.date | None:
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        problems.append(
            _("第 %(line)d 行：日期“%(text)s”不存在或格式不对（应为 YYYY-MM-DD）。")
            % {"line": line, "text": text}
        )
        return None


def parse_csv(text: str) -> list[Day]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    problems: list[str] = []
    if not rows or {cell.strip() for cell in rows[0]} not in HEADERS:
        raise ArrangementError([_("第 1 行：表头应为“日期,类别,名称”。")])
    header = [cell.strip() for cell in rows[0]]
    column = {_ENGLISH.get(name, name): i for i, name in enumerate(header)}
    date_col, kind_col, name_col = column["日期"], column["类别"], column["名称"]
    days = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(_("第 %(line)d 行：列数不足。") % {"line": number})
            continue
        day = _date(row[date_col], number, problems)
        kind = KINDS.get(row[kind_col].strip())
        if kind is None:
            problems.append(
                _("第 %(line)d 行：类别“%(kind)s”无效，应为“放假”或“上班”。")
                % {"line": number, "kind": row[kind_col].strip()}
            )
        if day and kind:
            days.append(Day(number, day, kind, row[name_col].strip()))
    problems += _conflicts(days)
    if problems:
        raise ArrangementError(sorted(problems, key=_line_of))
    return days


def parse_yaml(text: str) -> tuple[int | None, str, list[Day]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ArrangementError([_("第 %(line)d 行：YAML 格式错误。") % {"line": line}]) from None
    if not isinstance(root, yaml.MappingNode):
        raise ArrangementError([_("第 1 行：应为包含 year、holidays、workdays 的映射。")])
    loader = yaml.SafeLoader("")
    problems: list[str] = []
    year, source, days = None, "", []
    for key_node, value_node in root.value:
        key = key_node.value
        if key == "year":
            year = int(value_node.value) if str(value_node.value).isdigit() else None
        elif key == "source":
            source = str(value_node.value)
        elif key in ("holidays", "workdays") and isinstance(value_node, yaml.SequenceNode):
            kind = CalendarDayKind.HOLIDAY if key == "holidays" else CalendarDayKind.WORKDAY
            for item in value_node.value:
                line = item.start_mark.line + 1
                try:
                    data = loader.construct_object(item, deep=True)
                except (ValueError, yaml.YAMLError):  # e.g. a date like 2027-13-01
                    problems.append(
                        _("第 %(line)d 行：日期不存在或格式不对（应为 YYYY-MM-DD）。")
                        % {"line": line}
                    )
                    continue
                if not isinstance(data, dict) or "date" not in data:
                    problems.append(_("第 %(line)d 行：每项应写 date 和 name。") % {"line": line})
                    continue
                day = _date(data["date"], line, problems)
                if day:
                    days.append(Day(line, day, kind, str(data.get("name") or "")))
    problems += _conflicts(days)
    if problems:
        raise ArrangementError(sorted(problems, key=_line_of))
    return year, source, days


def _conflicts(days: list[Day]) -> list[str]:
    """A date listed twice, as the same kind or as both."""
    problems = []
    seen: dict[dt.date, Day] = {}
    for day in days:
        earlier = seen.setdefault(day.date, day)
        if earlier is day:
            continue
        if earlier.kind != day.kind:
            problems.append(
                _("第 %(line)d 行：%(date)s 同时列为放假和上班（另见第 %(other)d 行）。")
                % {"line": day.line, "date": day.date, "other": earlier.line}
            )
        else:
            problems.append(
                _("第 %(line)d 行：%(date)s 重复（另见第 %(other)d 行）。")
                % {"line": day.line, "date": day.date, "other": earlier.line}
            )
    return problems


def check(days: list[Day], year: int) -> None:
    """Every date in ``year``, none listed twice (as the same or as the other kind)."""
    problems = [
        _("第 %(line)d 行：%(date)s 不在 %(year)d 年内。")
        % {"line": day.line, "date": day.date, "year": year}
        for day in days
        if day.date.year != year
    ]
    problems += _conflicts(days)
    if problems:
        raise ArrangementError(sorted(problems, key=_line_of))


def _line_of(problem: str) -> int:
    digits = "".join(ch for ch in problem.split("行")[0] if ch.isdigit())
    return int(digits or 0)
