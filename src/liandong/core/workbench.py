"""Panels of the 工作台 (home page). Apps register a panel: a template and a function giving its
context for the person looking; a panel whose function returns None is left out."""

from collections.abc import Callable
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


def panels_for(request) -> list[tuple[str, dict]]:
    shown = []
    for panel in _panels:
        ctx = panel.context(request)
        if ctx is not None:
            shown.append((panel.template, ctx))
    return shown
