"""Every API error is JSON: {"code", "message", "details"}, in the request's language."""

import json
import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("liandong.api")


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("缺少必填字段。"),
        "extra_forbidden": _("不允许的字段。"),
        "string_type": _("应为字符串。"),
        "int_type": _("应为整数。"),
        "int_parsing": _("应为整数。"),
        "bool_type": _("应为布尔值（true 或 false）。"),
        "bool_parsing": _("应为布尔值（true 或 false）。"),
        "float_parsing": _("应为数字。"),
        "dict_type": _("应为 JSON 对象。"),
        "model_attributes_type": _("应为 JSON 对象。"),
        "list_type": _("应为数组。"),
        "date_parsing": _("应为日期，格式 YYYY-MM-DD。"),
        "date_from_datetime_parsing": _("应为日期，格式 YYYY-MM-DD。"),
        "datetime_parsing": _("应为日期时间（ISO 8601）。"),
        "datetime_type": _("应为日期时间（ISO 8601）。"),
        "timezone_aware": _("应为带时区的日期时间，如 2026-12-08T09:00:00+08:00。"),
    }
    if kind in messages:
        return messages[kind]
    if kind == "less_than_equal":
        return _("不能大于 %(n)s。") % {"n": ctx.get("le")}
    if kind == "greater_than_equal":
        return _("不能小于 %(n)s。") % {"n": ctx.get("ge")}
    if kind == "string_too_long":
        return _("长度不能超过 %(n)s 个字符。") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("长度不能少于 %(n)s 个字符。") % {"n": ctx.get("min_length")}
    if kind in ("enum", "literal_error"):
        return _("取值无效，可选值：%(values)s。") % {"values": ctx.get("expected", "")}
    return error.get("msg", _("取值无效。"))


def _field_name(loc) -> str:
    # ("body", "payload", "uscc") → "uscc"; path and query parameters keep their own name.
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


def error_body(code: str, message: str, details=None) -> dict:
    return {"code": code, "message": message, "details": details}


def _audit_refusal(request, details: list[dict]) -> None:
    """A request refused for its data is audited (who, which operation, which fields): the
    actions audit their own refusals; this is what never reached one."""
    from liandong.audit import log as audit

    user = getattr(request, "user", None)
    fields = "、".join(sorted({str(d.get("field")) for d in details if d.get("field")}))
    audit.record_refusal(
        "api.request.invalid",
        actor=user if getattr(user, "is_authenticated", False) else None,
        outcome="invalid",
        message=f"{request.method} {request.path} {fields}"[:500],
    )


def install(api) -> None:
    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(
            request,
            error_body("request_too_large", _("请求数据过大，请分批提交或使用分块上传。")),
            status=413,
        )

    @api.exception_handler(OverflowError)
    def out_of_range(request, exc):
        """A number in the path past what the database holds (the body's are refused by
        ``api.parser``)."""
        details = [{"field": None, "message": _("数值超出允许的范围。"), "type": "out_of_range"}]
        _audit_refusal(request, details)
        return api.create_response(
            request,
            error_body("validation_error", _("请求数据有误，请检查标出的字段。"), details),
            status=422,
        )

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        details = [
            {
                "field": _field_name(e.get("loc", ())),
                "message": _pydantic_message(e),
                "type": e.get("type"),
            }
            for e in exc.errors
        ]
        _audit_refusal(request, details)
        return api.create_response(
            request,
            error_body("validation_error", _("请求数据有误，请检查标出的字段。"), details),
            status=422,
        )

    @api.exception_handler(DjangoValidationError)
    def refused_by_action(request, exc):
        if hasattr(exc, "error_dict"):
            details = [
                {"field": field, "message": message, "type": error.code}
                for field, errors in exc.error_dict.items()
                for error in errors
                for message in error.messages
            ]
        else:
            details = [{"field": None, "message": m, "type": exc.code} for m in exc.messages]
        if any(d["type"] in ("control_character", "out_of_range") for d in details):
            _audit_refusal(request, details)  # refused by the parser, before any action
        return api.create_response(
            request,
            error_body("validation_error", _("请求数据有误，请检查标出的字段。"), details),
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            error_body("unauthenticated", _("未登录或令牌无效。")),
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        cause = exc.__cause__
        if isinstance(cause, DjangoValidationError):  # refused by the parser (api.parser)
            return refused_by_action(request, cause)
        if exc.status_code == 400 and isinstance(cause, ValueError):
            if isinstance(cause, json.JSONDecodeError):
                message = _("不是有效的 JSON：第 %(line)d 行第 %(col)d 列有误。") % {
                    "line": cause.lineno,
                    "col": cause.colno,
                }
            else:
                message = _("不是有效的 JSON。")
            details = [{"field": "body", "message": message, "type": "json_invalid"}]
            return api.create_response(
                request,
                error_body("validation_error", _("请求体不是有效的 JSON。"), details),
                status=422,
            )
        return api.create_response(
            request, error_body("http_error", str(exc)), status=exc.status_code
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(
            request,
            error_body("permission_denied", str(exc) or _("您没有执行此操作的权限。")),
            status=403,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, error_body("not_found", _("对象不存在或您无权查看。")), status=404
        )

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request, exc):
        return not_found(request, exc)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        from liandong.core.views import database_down

        if database_down(exc):
            logger.error("database unavailable on %s %s", request.method, request.path)
            return api.create_response(
                request,
                error_body(
                    "service_unavailable", _("服务暂不可用：暂时无法连接数据库，请稍后重试。")
                ),
                status=503,
            )
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request,
            error_body("server_error", _("系统处理请求时出错，已记录日志。")),
            status=500,
        )


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message", "details"],
    "properties": {
        "code": {"type": "string", "description": "机器可读的错误代码"},
        "message": {"type": "string", "description": "给人看的说明（请求的语言）"},
        "details": {
            "anyOf": [
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                            "message": {"type": "string"},
                            "type": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        },
                    },
                },
                {"type": "null"},
            ]
        },
    },
}
# the answers every operation may give besides its own, as the handlers above write them
ANSWERS = {
    "401": "未登录或令牌无效",
    "403": "无权执行（外部机关只能使用本机关的功能）",
    "404": "对象不存在或无权查看",
    "409": "与当前状态冲突",
    "413": "请求数据过大",
    "422": "请求数据有误（details 逐项指出字段）",
}


def declare(schema: dict) -> dict:
    """Declare on every operation the error answers it may give, each with the one error body
    (``Error``): what a client must handle, published with the operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ANSWERS.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": ref}
                )
    return schema
