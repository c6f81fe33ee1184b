"""Permission matrix entries of the publicity pages, the public site and the API.

The publication: FIN's officer drafts a typical case from a closed FIN case. FIN's people see it
(the viewer reads only); its heads and officers edit, anonymise and submit it; FIN's head, the
lead unit's head, approves, returns and withdraws. Everyone else does not learn it exists. The
public site answers everyone, signed in or not, and only for a published item.
"""

from liandong.publicity.models import Publication
from tests.cast import EXTERNAL
from tests.matrix import ACCOUNTS, EVERYONE, Endpoint, Route
from tests.publicity import support

FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
FIN_DRAFTERS = FIN - {"fin_viewer"}
HEAD = frozenset({"fin_head"})
HIDDEN = EVERYONE - FIN
OTHER_DRAFTERS = frozenset(
    {"psb_liaison", "psb_officer", "drc_liaison", "aud_liaison", "samr_liaison"}
)
DRAFTERS = FIN_DRAFTERS | OTHER_DRAFTERS


def _version():
    return Publication.objects.order_by("-pk").values_list("version", flat=True).first()


def _post(name, make, allowed, audit, data=lambda c: {"version": _version()}):
    return Route(
        name,
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk},
        data=data,
        allowed=allowed,
        hidden=HIDDEN,
        success=(302,),
        audit=audit,
    )


def _draft_form(cast):
    return {"title": "标题", "body": "正文。", "extra_names": "", "version": _version()}


def _public(name, make=None, **extra):
    kwargs = (lambda c: {"public_id": make(c).public_id}) if make else (lambda c: {})
    extra.setdefault("allowed", ACCOUNTS)  # the public site: everyone, the procuratorate too
    if "hidden" in extra:
        extra["hidden"] = extra["hidden"] | EXTERNAL
    return Route(name, kwargs=kwargs, anonymous=extra.pop("anonymous", 200), **extra)


ROUTES = [
    Route("publicity:list"),
    Route("publicity:new", allowed=DRAFTERS),
    Route(
        "publicity:new",
        method="POST",
        data=lambda c: {"case": support.closed_case(c).pk, "kind": "typical_case"},
        allowed=FIN_DRAFTERS,
        hidden=OTHER_DRAFTERS,
        success=(302,),
        audit="publicity.publication.create",
    ),
    Route(
        "publicity:detail",
        kwargs=lambda c: {"pk": support.submitted(c).pk},
        allowed=FIN,
        hidden=HIDDEN,
    ),
    Route(
        "publicity:edit",
        kwargs=lambda c: {"pk": support.draft(c).pk},
        allowed=FIN_DRAFTERS,
        hidden=HIDDEN,
    ),
    _post("publicity:edit", support.draft, FIN_DRAFTERS, "publicity.publication.edit", _draft_form),
    _post("publicity:anonymise", support.draft, FIN_DRAFTERS, "publicity.publication.anonymise"),
    _post("publicity:submit", support.anonymised, FIN_DRAFTERS, "publicity.publication.submit"),
    _post("publicity:approve", support.submitted, HEAD, "publicity.publication.approve"),
    _post(
        "publicity:return",
        support.submitted,
        HEAD,
        "publicity.publication.return",
        lambda c: {"return-reason": "请补充罚款金额。", "return-version": _version()},
    ),
    _post(
        "publicity:withdraw",
        support.published,
        HEAD,
        "publicity.publication.withdraw",
        lambda c: {"withdraw-reason": "罚款金额有误。", "withdraw-version": _version()},
    ),
    _public("public:list"),
    _public("public:feed"),
    _public("public:item", support.published),
    _public(
        "public:item",
        support.submitted,
        allowed=frozenset(),
        hidden=EVERYONE,
        anonymous=404,
        label="GET public:item (not published)",
    ),
    _public(
        "public:item",
        support.withdrawn,
        allowed=frozenset(),
        hidden=EVERYONE,
        anonymous=404,
        label="GET public:item (withdrawn)",
    ),
]


def _on(path, make, method="POST", **extra):
    return Endpoint(
        method,
        f"/api/v1/publications/{{publication_id}}{path}",
        params=lambda c: {"publication_id": make(c).pk},
        hidden=HIDDEN,
        **extra,
    )


ENDPOINTS = [
    Endpoint("GET", "/api/v1/publications"),
    Endpoint(
        "POST",
        "/api/v1/publications",
        body=lambda c: {"case_id": support.closed_case(c).pk, "kind": "typical_case"},
        allowed=FIN_DRAFTERS,
        hidden=OTHER_DRAFTERS,
        success=(201,),
        audit="publicity.publication.create",
    ),
    _on("", support.submitted, "GET", allowed=FIN),
    _on(
        "",
        support.draft,
        "PATCH",
        body=lambda c: {"title": "标题", "body": "正文。", "version": _version()},
        allowed=FIN_DRAFTERS,
        audit="publicity.publication.edit",
    ),
    _on(
        "/anonymise",
        support.draft,
        body=lambda c: {"version": _version()},
        allowed=FIN_DRAFTERS,
        audit="publicity.publication.anonymise",
    ),
    _on(
        "/submit",
        support.anonymised,
        body=lambda c: {"version": _version()},
        allowed=FIN_DRAFTERS,
        audit="publicity.publication.submit",
    ),
    _on(
        "/approve",
        support.submitted,
        body=lambda c: {},
        allowed=HEAD,
        audit="publicity.publication.approve",
    ),
    _on(
        "/return",
        support.submitted,
        body=lambda c: {"reason": "请补充罚款金额。"},
        allowed=HEAD,
        audit="publicity.publication.return",
    ),
    _on(
        "/withdraw",
        support.published,
        body=lambda c: {"reason": "罚款金额有误。", "version": _version()},
        allowed=HEAD,
        audit="publicity.publication.withdraw",
    ),
]
