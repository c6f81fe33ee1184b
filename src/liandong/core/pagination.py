"""The API's lists: ninja's limit/offset pagination with a bounded offset. An offset beyond
what a database can take (2^63 and more) is refused as a bad field (422), not a server error."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as _LimitOffsetPagination

MAX_OFFSET = 10**9  # far beyond any list of the platform, far below a database's integers


class LimitOffsetPagination(_LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
