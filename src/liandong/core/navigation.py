"""The main menu, laid out by the mechanism. Apps register their entries at start-up, so a
section that is not built yet is simply absent."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    namespaces: tuple[str, ...] = ()
    visible: Callable[[object], bool] = lambda user: True
    admin: bool = False  # shown in the administration menu rather than the main one
    header: bool = False  # shown beside the person's name (e.g. the inbox)
    badge: Callable[[object], int] | None = None  # a count shown on the entry (e.g. unread)
    external: bool = False  # shown to a person of an external body (the procuratorate) too


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    _items.append(item)
    _items.sort(key=lambda i: i.order)


def items_for(user) -> list[NavItem]:
    """The entries ``user`` sees; a person of an external body sees only those made for it."""
    external = user.is_external
    return [item for item in _items if (item.external or not external) and item.visible(user)]


def context_processor(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    view_name = match.view_name if match else ""
    entries = []
    visible = items_for(user)
    for item in visible:
        # an entry of its own (e.g. an administrator's page inside another section) wins
        others = {i.url_name for i in visible if i is not item}
        active = view_name == item.url_name or (
            namespace in item.namespaces and view_name not in others
        )
        entries.append(
            {
                "label": item.label,
                "url": reverse(item.url_name),
                "active": active,
                "admin": item.admin,
                "header": item.header,
                "badge": item.badge(user) if item.badge else 0,
            }
        )
    return {
        "nav_main": [e for e in entries if not e["admin"] and not e["header"]],
        "nav_admin": [e for e in entries if e["admin"]],
        "nav_header": [e for e in entries if e["header"]],
    }
