"""Permission matrix entries of the organizations pages and API."""

from liandong.organizations import actions
from tests.matrix import ACCOUNTS, EVERYONE, Endpoint, Route

ADMIN = frozenset({"admin"})
ADMINS = frozenset({"admin", "outsider"})  # each administers their own jurisdiction
OUTSIDER = frozenset({"outsider"})


def _token_of(person):
    token, _plaintext = actions.create_api_token(person, name="matrix", acting_user=person)
    return token


NEW_DEPARTMENT = {
    "name": "泉州市某某公共资源交易中心",
    "short_name": "交易中心",
    "kind": "OTHER",
    "is_member": "",
    "is_active": "on",
}

ROUTES = [
    # one's own account: every person, the procuratorate's too
    Route(
        "organizations:login",
        allowed=ACCOUNTS,
        success=(302,),
        anonymous=200,
        label="login page",
    ),
    Route("organizations:login_code", allowed=ACCOUNTS, success=(302,), anonymous=302),
    Route("organizations:enrol", allowed=ACCOUNTS, success=(302,), anonymous=302),
    Route(
        "organizations:logout",
        method="POST",
        allowed=ACCOUNTS,
        success=(302,),
        anonymous=302,
        audit="auth.logout",
    ),
    Route("organizations:account", allowed=ACCOUNTS),
    Route("organizations:password_change", allowed=ACCOUNTS),
    Route(
        "organizations:token_create",
        method="POST",
        data=lambda c: {"name": "报表系统", "days": 90},
        allowed=ACCOUNTS,
        audit="organizations.account.create_token",
    ),
    Route(
        "organizations:token_revoke",
        method="POST",
        kwargs=lambda c: {"pk": _token_of(c.fin_officer).pk},
        allowed=frozenset({"fin_officer"}),
        hidden=ACCOUNTS - {"fin_officer"},
        success=(302,),
        audit="organizations.account.revoke_token",
    ),
    Route("organizations:roster"),
    Route(
        "organizations:department_detail",
        kwargs=lambda c: {"pk": c.fin.pk},
        allowed=EVERYONE - OUTSIDER,
        hidden=OUTSIDER,
    ),
    Route("organizations:department_create", allowed=ADMINS),
    Route(
        "organizations:department_create",
        method="POST",
        data=lambda c: NEW_DEPARTMENT,
        allowed=ADMINS,
        success=(302,),
        audit="organizations.department.create",
    ),
    Route(
        "organizations:department_edit",
        kwargs=lambda c: {"pk": c.fin.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
    ),
    Route(
        "organizations:department_edit",
        method="POST",
        kwargs=lambda c: {"pk": c.fin.pk},
        data=lambda c: {
            "name": c.fin.name,
            "short_name": c.fin.short_name,
            "kind": "FIN",
            "is_member": "on",
            "is_lead": "on",
            "doc_prefix": c.fin.doc_prefix,
            "uscc": c.fin.uscc,
            "phone": "0595-22519999",
            "is_active": "on",
            "version": c.fin.version,
        },
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(302,),
        audit="organizations.department.update",
    ),
    Route(
        "organizations:user_create",
        kwargs=lambda c: {"department_pk": c.fin.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
    ),
    Route(
        "organizations:user_create",
        method="POST",
        kwargs=lambda c: {"department_pk": c.fin.pk},
        data=lambda c: {
            "username": "new_officer",
            "full_name": "新同事",
            "department": c.fin.pk,
            "role": "officer",
        },
        allowed=ADMIN,
        hidden=OUTSIDER,
        audit="organizations.user.create",
    ),
    Route(
        "organizations:user_edit",
        kwargs=lambda c: {"pk": c.fin_officer2.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
    ),
    Route(
        "organizations:user_edit",
        method="POST",
        kwargs=lambda c: {"pk": c.fin_officer2.pk},
        data=lambda c: {
            "full_name": c.fin_officer2.full_name,
            "department": c.fin.pk,
            "role": "officer",
            "title": "科员",
            "is_active": "on",
            "version": c.fin_officer2.version,
        },
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(302,),
        audit="organizations.user.update",
    ),
    Route(
        "organizations:user_reset_password",
        method="POST",
        kwargs=lambda c: {"pk": c.fin_officer2.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
        audit="organizations.user.reset_password",
    ),
    Route(
        "organizations:user_unlock",
        method="POST",
        kwargs=lambda c: {"pk": c.fin_officer2.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(302,),
        audit="organizations.user.unlock",
    ),
    Route(
        "organizations:user_reset_second_factor",
        method="POST",
        kwargs=lambda c: {"pk": c.fin_head.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(302,),
        audit="organizations.user.reset_second_factor",
    ),
    Route(
        "organizations:liaison_appoint",
        kwargs=lambda c: {"department_pk": c.fin.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
    ),
    Route(
        "organizations:liaison_appoint",
        method="POST",
        kwargs=lambda c: {"department_pk": c.fin.pk},
        data=lambda c: {"user": c.fin_officer2.pk, "rank": "deputy"},
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(302,),
        audit="organizations.liaison.appoint",
    ),
    Route(
        "organizations:liaison_remove",
        method="POST",
        kwargs=lambda c: {"pk": c.fin_liaison.liaison.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(302,),
        audit="organizations.liaison.remove",
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/me", allowed=ACCOUNTS),
    Endpoint("GET", "/api/v1/departments"),
    Endpoint(
        "GET",
        "/api/v1/departments/{department_id}",
        params=lambda c: {"department_id": c.fin.pk},
        allowed=EVERYONE - OUTSIDER,
        hidden=OUTSIDER,
    ),
    Endpoint(
        "POST",
        "/api/v1/departments",
        body=lambda c: {
            "kind": "OTHER",
            "name": "泉州市某某公共资源交易中心",
            "short_name": "交易中心",
            "is_member": False,
        },
        allowed=ADMINS,
        success=(201,),
        audit="organizations.department.create",
    ),
    Endpoint(
        "PATCH",
        "/api/v1/departments/{department_id}",
        params=lambda c: {"department_id": c.fin.pk},
        body=lambda c: {"phone": "0595-22519999"},
        allowed=ADMIN,
        hidden=OUTSIDER,
        audit="organizations.department.update",
    ),
    Endpoint(
        "GET",
        "/api/v1/departments/{department_id}/people",
        params=lambda c: {"department_id": c.fin.pk},
        allowed=EVERYONE - OUTSIDER,
        hidden=OUTSIDER,
    ),
    Endpoint(
        "POST",
        "/api/v1/departments/{department_id}/liaisons",
        params=lambda c: {"department_id": c.fin.pk},
        body=lambda c: {"user_id": c.fin_officer2.pk, "rank": "deputy"},
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(201,),
        audit="organizations.liaison.appoint",
    ),
    Endpoint(
        "DELETE",
        "/api/v1/liaisons/{liaison_id}",
        params=lambda c: {"liaison_id": c.fin_liaison.liaison.pk},
        allowed=ADMIN,
        hidden=OUTSIDER,
        success=(204,),
        audit="organizations.liaison.remove",
    ),
]
