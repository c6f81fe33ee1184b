from django.utils import translation
from ninja import NinjaAPI

from liandong.api import errors
from liandong.api.parser import TextParser
from liandong.api.render import Utf8JSONRenderer
from liandong.assistance.api import router as assistance_router
from liandong.audit.api import router as audit_router
from liandong.cases.api import router as cases_router
from liandong.complaints.api import router as complaints_router
from liandong.consultations.api import router as consultations_router
from liandong.core.api import router as core_router
from liandong.credit.api import router as credit_router
from liandong.deadlines.api import router as deadlines_router
from liandong.documents.api import router as documents_router
from liandong.evidence.api import router as evidence_router
from liandong.meetings.api import router as meetings_router
from liandong.notifications.api import router as notifications_router
from liandong.organizations.api import router as organizations_router
from liandong.organizations.auth import ActiveSessionAuth, TokenAuth
from liandong.procuratorate.api import router as procuratorate_router
from liandong.publicity.api import router as publicity_router
from liandong.reports.api import router as reports_router
from liandong.screening.api import router as screening_router
from liandong.sharing.api import router as sharing_router
from liandong.transfers.api import router as transfers_router


class Api(NinjaAPI):
    """The platform's API. Its OpenAPI document is built once per address and language, not for
    every request of it: building it takes most of a second, and the operations never change
    while the process runs."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        cache = self.__dict__.setdefault("_schemas", {})
        if key not in cache:
            cache[key] = errors.declare(super().get_openapi_schema(path_prefix=path_prefix))
        return cache[key]


api = Api(
    title="联动执法协作平台 API",
    version="1",
    description=(
        "政府采购领域联动执法协作平台的 REST API。"
        "认证：个人 API 令牌（Authorization: Bearer ld_…）或已登录的浏览器会话。"
    ),
    urls_namespace="api",
    auth=[TokenAuth(), ActiveSessionAuth()],
    docs_url="/docs",
    renderer=Utf8JSONRenderer(),
    parser=TextParser(),
)
errors.install(api)
api.add_router("/", organizations_router)
api.add_router("/audit", audit_router)
api.add_router("/", notifications_router)
api.add_router("/", deadlines_router)
api.add_router("/", core_router)
api.add_router("/", cases_router)
api.add_router("/", evidence_router)
api.add_router("/", consultations_router)
api.add_router("/", assistance_router)
api.add_router("/", documents_router)
api.add_router("/", transfers_router)
api.add_router("/", complaints_router)
api.add_router("/", meetings_router)
api.add_router("/", sharing_router)
api.add_router("/", credit_router)
api.add_router("/", publicity_router)
api.add_router("/", reports_router)
api.add_router("/", screening_router)
api.add_router("/", procuratorate_router)
