"""Panels of the 工作台 (home page). Apps register a panel: a template and a function giving its
context for the person looking; a panel whose function returns None is left out."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    order: int
    context: Callable[[object], dict | None]


_panels: list[Panel] = []


def register(panel: Panel) -> None:
    _panels.append(panel)
    _panels.sort(key=lambda p: p.order)


@dataclass(frozen=True)
class Todo:
    """Something waiting for a person or their department."""

    kind: str  # e.g. "deadline"
    title: str
    url: str
    due_at: dt.datetime | None = None
    state: str = ""  # shown as it is, e.g. 计时中 / 已逾期
    due_label: str = ""  # how the due time reads, when it is not simply the moment


_todo_sources: list[Callable[[object], Iterable[Todo]]] = []
DUE_SOON = dt.timedelta(days=3)  # how far ahead the workbench calls something "due soon"


def register_todos(source: Callable[[object], Iterable[Todo]]) -> None:
    """Apps add their kinds of to-do: ``source(user)`` yields what waits for that person."""
    _todo_sources.append(source)


def todos_for(user) -> list[Todo]:
    todos = [todo for source in _todo_sources for todo in source(user)]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(todos, key=lambda t: t.due_at or far)


def grouped_todos(user, now: dt.datetime) -> dict[str, list[Todo]]:
    groups: dict[str, list[Todo]] = {"overdue": [], "soon": [], "later": []}
    for todo in todos_for(user):
        if todo.due_at is not None and todo.due_at <= now:
            groups["overdue"].append(todo)
        elif todo.due_at is not None and todo.due_at <= now + DUE_SOON:
            groups["soon"].append(todo)
        else:
            groups["later"].append(todo)
    return groups


def panels_for(request) -> list[tuple[str, dict]]:
    shown = []
    for panel in _panels:
        ctx = panel.context(request)
        if ctx is not None:
            shown.append((panel.template, ctx))
    return shown
