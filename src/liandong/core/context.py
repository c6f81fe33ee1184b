"""Who is asking, from where: the request context that audit entries freeze."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str = ""


# RequestContext is a frozen dataclass, so sharing one default instance is safe.
_current: ContextVar[RequestContext] = ContextVar(
    "liandong_request",
    default=RequestContext(),  # noqa: B039
)


def current() -> RequestContext:
    return _current.get()


def bind(context: RequestContext):
    """Set the context; returns a token for ``reset``."""
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
