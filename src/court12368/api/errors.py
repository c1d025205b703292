"""One error shape for every 4xx the API returns: ``{"code", "message", "details"}``.

Ninja's own exceptions get handlers with precise messages; anything else that ends in a 4xx on an
/api/ path (an unknown route, a wrong method, Django's CSRF failure) is rewritten by
:class:`ApiErrorShapeMiddleware`, so clients never have to parse HTML.
"""

import json
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

API_PREFIX = "/api/"
# The largest id or cursor a client may send: both databases store 64-bit integers.
MAX_ID = 2**63 - 1
# What django-ninja says, untranslated, of a body it cannot parse (a form sent to a JSON endpoint).
NINJA_PARSE_ERROR = "Cannot parse request body"

ERROR_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_requests",
}


class ErrorDetail(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


def default_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Sign in or give a valid token first."),
        403: _("You may not do this."),
        404: _("Nothing was found here."),
        405: _("This method is not allowed here."),
        422: _("Some of the input is not valid."),
        429: _("Too many requests; try again later."),
    }
    return messages.get(status, HTTPStatus(status).phrase)


def error_response(
    status: int, message: str | None = None, details: list[dict] | None = None, code: str | None = None
) -> JsonResponse:
    body = {
        "code": code or ERROR_CODES.get(status, "error"),
        "message": message or default_message(status),
        "details": details or [],
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _field_of(location: tuple) -> str | None:
    # Ninja reports ("body", "payload", "name"); callers only care about the field path.
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or None


def install_handlers(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request, exc):
        details = [
            {"field": _field_of(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors
        ]
        return error_response(422, details=details)

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        return error_response(401)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        message = str(exc) or None
        if exc.status_code == 400 and (message or "").startswith(NINJA_PARSE_ERROR):  # ninja's, in English
            message = _(
                "The request body could not be read: send JSON in UTF-8 (Content-Type: application/json)."
            )
        return error_response(exc.status_code, message)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(404)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return error_response(403, str(exc) or None)

    @api.exception_handler(DjangoValidationError)
    def on_domain_validation(request, exc):
        if hasattr(exc, "message_dict"):
            details = [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
        else:
            details = [{"field": None, "message": m} for m in exc.messages]
        return error_response(422, details=details)


class ApiErrorShapeMiddleware:
    """Rewrites any 4xx on /api/ that is not already in the error shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or not 400 <= response.status_code < 500:
            return response
        if response.get("Content-Type", "").startswith("application/json") and _has_shape(response):
            return response
        shaped = error_response(response.status_code)
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped


def _has_shape(response) -> bool:
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):
        return False
    return isinstance(body, dict) and {"code", "message", "details"} <= body.keys()


def not_found_handler(request, exception=None):
    """Site-wide 404: the error shape for API paths, a Chinese page for people."""
    if request.path.startswith(API_PREFIX):
        return error_response(404)
    return render(request, "404.html", status=404)
