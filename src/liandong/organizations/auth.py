"""API authentication: personal tokens (Authorization: Bearer …) or the browser session. Here,
below every app whose API uses it (the platform's API, the credit check's token API)."""

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from liandong.organizations.actions import TOKEN_PREFIX, token_digest
from liandong.organizations.middleware import refuse_external_api
from liandong.organizations.models import ApiToken

_TOUCH_EVERY = dt.timedelta(minutes=1)  # record use at most once a minute, not on every call


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token.startswith(TOKEN_PREFIX):
            return None
        found = (
            ApiToken.objects.usable()
            .select_related("user__department__jurisdiction")
            .filter(digest=token_digest(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > _TOUCH_EVERY:
            # Bookkeeping of the token itself, not a change of domain state: no audit entry.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        refuse_external_api(request, found.user)
        return found.user


class ActiveSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for unsafe methods)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and user.must_change_password:
            return None
        refuse_external_api(request, user)
        return user
