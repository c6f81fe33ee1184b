"""`liandong demo`: each app registers a loader that adds its sample data through the actions.
Loaders run in order and must be idempotent (running the demo twice changes nothing)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Loader:
    name: str
    order: int
    load: Callable[[Callable[[str], None]], None]  # receives a function to print progress


_loaders: list[Loader] = []


def register(loader: Loader) -> None:
    _loaders.append(loader)
    _loaders.sort(key=lambda item: item.order)


def loaders() -> list[Loader]:
    return list(_loaders)
