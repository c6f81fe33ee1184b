"""Permission matrix entries of the credit pages and API.

The record: fin_officer enters a penalty of 区财政局. FIN sees its drafts; DRC sees what was
submitted and reviews it; every member sees decided records; administrators see none and the
other jurisdiction does not learn they exist."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from liandong.credit import actions
from liandong.credit.models import CreditRecord, Push
from tests.credit.support import entered, record_values, reviewed
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route

ADMINS = frozenset({"admin", "outsider"})
MEMBERS = EVERYONE - ADMINS
FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
FIN_WRITERS = FIN - {"fin_viewer"}
DRC = frozenset({"drc_liaison"})
WRITERS = MEMBERS - {"fin_viewer"}
NOT_FIN = EVERYONE - FIN
NOT_FIN_DRC = EVERYONE - FIN - DRC


def _draft(cast):
    return entered(cast)


def _submitted(cast):
    return actions.submit_record(entered(cast), acting_user=cast.fin_officer)


def _published_long_ago(cast):
    record = entered(
        cast,
        decision_number="泉鲤政财〔2024〕3号",
        decision_date=dt.date(2024, 1, 10),
        ban_start=None,
        ban_end=None,
        kind="penalty",
        severity="general",
    )
    record = actions.submit_record(record, acting_user=cast.fin_officer)
    record = actions.review_record(record, acting_user=cast.drc_liaison)
    return actions.publish_record(record, acting_user=cast.drc_liaison, note="已人工录入。")


def _version():
    return CreditRecord.objects.order_by("-pk").values_list("version", flat=True).first()


def _step(step, make, allowed, hidden, audit, data=lambda c: {}):
    return Route(
        "credit:step",
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk, "step": step},
        data=lambda c: {**data(c), "version": _version()},
        allowed=allowed,
        hidden=hidden,
        success=(302,),
        audit=audit,
        label=f"POST credit:step {step}",
    )


def _form(cast):
    values = record_values(fine="5000", ban_start="", ban_end="", kind="penalty")
    values["decision_date"] = values["decision_date"].isoformat()
    return values


def _bidders(cast):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["供应商名称", "统一社会信用代码"])
    book.active.append(["泉州市鲤城区恒信建材有限公司", "914403001922038216"])
    out = io.BytesIO()
    book.save(out)
    return {"bidders": SimpleUploadedFile("投标人.xlsx", out.getvalue())}


def _list_file(cast):
    data = "名称,统一社会信用代码,列入日期\n泉州市某公司,914403001922038216,2026-01-05\n".encode()
    return {
        "kind": "judgment_defaulter",
        "source": "信用中国",
        "file": SimpleUploadedFile("名单.csv", data),
        "name_column": "名称",
        "code_column": "统一社会信用代码",
        "listed_on_column": "列入日期",
    }


def _period_form(cast):
    data = {"since": "2030-01-01", "title": "某新规定", "basis": "某新规定第五条。"}
    for severity in ("minor", "general", "serious"):
        data.update({f"{severity}_min": 3, f"{severity}_max": 12, f"{severity}_published": "on"})
    return data


def _client(cast):
    client, _token = actions.create_client(
        kind="agency",
        name="福建某招标代理有限公司",
        uscc="914403001922038216",
        acting_user=cast.drc_liaison,
    )
    return client


ROUTES = [
    Route("credit:list", allowed=MEMBERS),
    Route("credit:new", allowed=WRITERS),
    Route(
        "credit:new",
        method="POST",
        data=_form,
        allowed=WRITERS,
        success=(302,),
        audit="credit.record.create",
    ),
    Route(
        "credit:detail",
        kwargs=lambda c: {"pk": _submitted(c).pk},
        allowed=FIN | DRC,
        hidden=NOT_FIN_DRC,
    ),
    Route(
        "credit:detail",
        kwargs=lambda c: {"pk": _published_long_ago(c).pk},
        allowed=MEMBERS,
        hidden=ADMINS,
        label="GET credit:detail published",
    ),
    Route(
        "credit:edit", kwargs=lambda c: {"pk": _draft(c).pk}, allowed=FIN_WRITERS, hidden=NOT_FIN
    ),
    Route(
        "credit:edit",
        method="POST",
        kwargs=lambda c: {"pk": _draft(c).pk},
        data=lambda c: {**_form(c), "version": _version()},
        allowed=FIN_WRITERS,
        hidden=NOT_FIN,
        success=(302,),
        audit="credit.record.update",
        label="POST credit:edit",
    ),
    _step("submit", _draft, FIN_WRITERS, NOT_FIN, "credit.record.submit"),
    _step("review", _submitted, DRC, NOT_FIN_DRC, "credit.record.review"),
    _step(
        "return",
        _submitted,
        DRC,
        NOT_FIN_DRC,
        "credit.record.return",
        data=lambda c: {"reason": "请补充处罚内容。"},
    ),
    _step(
        "publish",
        lambda c: reviewed(c),
        DRC,
        ADMINS,  # a reviewed record counts in the check: every member sees it
        "credit.record.publish",
        data=lambda c: {"note": "已人工录入。"},
    ),
    _step(
        "withdraw",
        _submitted,
        FIN_WRITERS | DRC,
        NOT_FIN_DRC,
        "credit.record.withdraw",
        data=lambda c: {"reason": "处罚决定已被撤销。"},
    ),
    _step(
        "repair",
        _published_long_ago,
        DRC,
        ADMINS,
        "credit.record.repair",
        data=lambda c: {"reason": "已履行处罚并提交信用承诺。"},
    ),
    Route(
        "credit:retry",
        method="POST",
        kwargs=lambda c: {"pk": Push.objects.get(record=reviewed(c)).pk},
        allowed=DRC,
        hidden=ADMINS,
        success=(302,),
        audit="credit.push.retry",
    ),
    Route("credit:export", allowed=WRITERS),
    Route(
        "credit:export",
        method="POST",
        data=lambda c: {"states": ["reviewed", "published"], "format": "csv"},
        allowed=WRITERS,
        label="POST credit:export",
    ),
    Route("credit:check", allowed=MEMBERS),
    Route("credit:check", method="POST", data=_bidders, allowed=MEMBERS, label="POST credit:check"),
    Route("credit:check_template", anonymous=200),
    Route("credit:portal", anonymous=200),
    Route(
        "credit:portal",
        method="POST",
        data=lambda c: {"token": "ldc_wrong"},
        anonymous=200,
        label="POST credit:portal",
    ),
    Route("credit:portal_sign_out", method="POST", success=(302,), anonymous=302),
    Route("credit:lists", allowed=DRC),
    Route(
        "credit:lists",
        method="POST",
        data=_list_file,
        allowed=DRC,
        success=(302,),
        audit="credit.lists.import",
        label="POST credit:lists",
    ),
    Route("credit:periods", allowed=ADMINS),
    Route(
        "credit:periods",
        method="POST",
        data=_period_form,
        allowed=ADMINS,
        success=(302,),
        audit="credit.periods.add",
        label="POST credit:periods",
    ),
    Route("credit:clients", allowed=DRC),
    Route(
        "credit:clients",
        method="POST",
        data=lambda c: {
            "kind": "purchaser",
            "name": "泉州市鲤城区实验小学",
            "uscc": "914403001922038216",
            "per_minute": 60,
        },
        allowed=DRC,
        audit="credit.clients.create",
        label="POST credit:clients",
    ),
    Route(
        "credit:client_revoke",
        method="POST",
        kwargs=lambda c: {"pk": _client(c).pk},
        allowed=DRC,
        success=(302,),
        audit="credit.clients.revoke",
    ),
]


def _body(cast):
    values = record_values(fine="5000", ban_start=None, ban_end=None, kind="penalty")
    values["decision_date"] = values["decision_date"].isoformat()
    return values


def _record(path, make, method="GET", **extra):
    return Endpoint(
        method,
        f"/api/v1/credit/records/{{record_id}}{path}",
        params=lambda c: {"record_id": make(c).pk},
        **extra,
    )


ENDPOINTS = [
    Endpoint("GET", "/api/v1/credit/records", allowed=MEMBERS),
    Endpoint(
        "POST",
        "/api/v1/credit/records",
        body=_body,
        allowed=WRITERS,
        success=(201,),
        audit="credit.record.create",
    ),
    _record("", _submitted, allowed=FIN | DRC, hidden=NOT_FIN_DRC),
    _record(
        "",
        _draft,
        "PATCH",
        body=lambda c: {"fine": "6000"},
        allowed=FIN_WRITERS,
        hidden=NOT_FIN,
        audit="credit.record.update",
    ),
    Endpoint(
        "POST",
        "/api/v1/credit/records/{record_id}/{step}",
        params=lambda c: {"record_id": _submitted(c).pk, "step": "review"},
        body=lambda c: {"note": "信息完整。"},
        allowed=DRC,
        hidden=NOT_FIN_DRC,
        audit="credit.record.review",
    ),
    Endpoint(
        "POST",
        "/api/v1/credit/pushes/{push_id}/retry",
        params=lambda c: {"push_id": Push.objects.get(record=reviewed(c)).pk},
        allowed=DRC,
        hidden=ADMINS,
        audit="credit.push.retry",
    ),
    Endpoint("GET", "/api/v1/credit/export", allowed=WRITERS, audit="credit.record.export"),
    Endpoint(
        "GET",
        "/api/v1/credit/check",
        query="?code=914403001922038216",
        allowed=MEMBERS,
    ),
    Endpoint(
        "POST",
        "/api/v1/credit/check",
        body=lambda c: {"suppliers": [{"code": "914403001922038216"}]},
        allowed=MEMBERS,
    ),
]

__all__ = ["ANONYMOUS", "ENDPOINTS", "ROUTES"]
