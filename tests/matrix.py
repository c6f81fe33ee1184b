"""The permission matrix: every view and every API endpoint, walked with every member of the cast.

Each app's tests declare its routes: who may use each one (→ success, and an audit entry when the
route changes state), who must not even learn the object exists (→ 404); everyone else gets 403,
and an anonymous visitor is sent to the login page (pages) or gets 401 (API).
``test_matrix_covers_everything`` fails when a URL or endpoint exists that no app declared.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from liandong.audit.models import AuditEntry
from tests.cast import EXTERNAL, NAMES, Cast

# every member department's person; the procuratorate's (external) sees only the routes that
# name it, and gets 403 on every other one, before any check of the object (the gate)
EVERYONE = frozenset(NAMES) - EXTERNAL
ACCOUNTS = frozenset(NAMES)  # …and every route any signed-in person may use (their account)
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Route:
    """A page (or form post) of the UI."""

    name: str
    kwargs: Callable[[Cast], dict] = lambda cast: {}
    method: str = "GET"
    data: Callable[[Cast], dict] = lambda cast: {}
    allowed: frozenset[str] = EVERYONE
    hidden: frozenset[str] = frozenset()
    success: tuple[int, ...] = (200,)
    audit: str | None = None
    anonymous: int = 302
    label: str = ""
    # data(cast, who) instead of data(cast): a body that depends on who sends it (e.g. their
    # own upload); ``who`` is a cast name or "anonymous"
    per_person: bool = False
    external: tuple[int, ...] = (403,)  # the procuratorate's person, neither allowed nor hidden

    @property
    def id(self) -> str:
        return self.label or f"{self.method} {self.name}"

    def url(self, cast: Cast) -> str:
        """The page's address; making it builds the state it names (a transfer at a step …)."""
        return reverse(self.name, kwargs=self.kwargs(cast))

    def send(self, client: Client, cast: Cast, url: str, who: str = ANONYMOUS):
        send = client.post if self.method == "POST" else client.get
        return send(url, self.data(cast, who) if self.per_person else self.data(cast))


@dataclass(frozen=True)
class Endpoint:
    """An API operation; ``path`` is its OpenAPI path template, e.g. /api/v1/me."""

    method: str
    path: str
    params: Callable[[Cast], dict] = lambda cast: {}
    body: Callable[[Cast], dict] | None = None
    allowed: frozenset[str] = EVERYONE
    hidden: frozenset[str] = frozenset()
    success: tuple[int, ...] = (200,)
    audit: str | None = None
    anonymous: int = 401
    label: str = ""
    per_person: bool = False  # as Route.per_person, for body(cast, who)
    query: str = ""  # appended to the path, e.g. "?offset=0"
    # the body is sent as raw bytes of this type when body returns bytes
    raw_type: str = "application/octet-stream"
    external: tuple[int, ...] = (403,)  # as Route.external

    @property
    def id(self) -> str:
        return self.label or f"{self.method} {self.path}"

    def url(self, cast: Cast) -> str:
        """The operation's address; making it builds the state it names."""
        return self.path.format(**self.params(cast)) + self.query

    def send(self, client: Client, cast: Cast, url: str, who: str = ANONYMOUS):
        method = getattr(client, self.method.lower())
        if self.body is None:
            return method(url)
        body = self.body(cast, who) if self.per_person else self.body(cast)
        if isinstance(body, bytes):
            return method(url, data=body, content_type=self.raw_type)
        return method(url, data=body, content_type="application/json")


@dataclass
class Outcome:
    who: str
    expected: object
    got: int
    audited: bool | None = None
    notes: list[str] = field(default_factory=list)


def expected_status(target: Route | Endpoint, who: str) -> tuple[int, ...]:
    if who == ANONYMOUS:
        return (target.anonymous,)
    if who in target.allowed:
        return target.success
    if who in EXTERNAL and who not in target.hidden:
        return target.external
    if who in target.hidden:
        return (404,)
    return (403,)


def sign_in(cast: Cast) -> dict[str, str]:
    """A session for each member of the cast (its key), to be sent by ``walk`` with every
    request: signing in writes the session and the person, which is a quarter of a walk's time
    when done for every request."""
    sessions = {}
    for who in NAMES:
        client = Client()
        client.force_login(cast.people[who])
        sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def walk(target: Route | Endpoint, cast: Cast, sessions: dict[str, str]) -> list[str]:
    """Send the request as each member (each in a rolled-back savepoint, signed in with their
    session of ``sessions``); return the failures.

    The state the address names is built once, before the first request: each member's request
    is rolled back, so every member meets the same state, and building it (a transfer walked to
    its step, say) is most of a walk's time."""
    failures = []
    url = target.url(cast)
    for who in (*NAMES, ANONYMOUS):
        with transaction.atomic():
            client = Client()
            if who != ANONYMOUS:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
            last_seq = (
                AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
            )
            response = target.send(client, cast, url, who)
            expected = expected_status(target, who)
            if response.status_code not in expected:
                failures.append(
                    f"{target.id} as {who}: expected {expected}, got {response.status_code}"
                )
            elif target.audit and who in target.allowed:
                new = AuditEntry.objects.filter(seq__gt=last_seq, action=target.audit, outcome="ok")
                if not new.exists():
                    failures.append(f"{target.id} as {who}: no '{target.audit}' audit entry")
            if isinstance(target, Endpoint) and response.status_code >= 400:
                body = response.json()
                if set(body) != {"code", "message", "details"}:
                    failures.append(f"{target.id} as {who}: error body {body}")
            transaction.set_rollback(True)
    return failures
