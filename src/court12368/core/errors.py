"""One home for what goes wrong: the error shape every 4xx of the API has (``{"code", "message",
"details"}``), the refusals made before any view, and the site-wide 404 and 500 handlers.

It sits in core, below every app, so that the middlewares and the handlers need not reach up into the
API app for the shape; ``court12368.api.errors`` adds only django-ninja's exception handlers.
Anything that ends in a 4xx on an /api/ path without the shape (an unknown route, a wrong method,
Django's CSRF failure) is rewritten by :class:`ApiErrorShapeMiddleware`, so clients never have to
parse HTML.
"""

import errno
import json
import logging
import sqlite3
import sys
from http import HTTPStatus

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import Schema

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

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


def plain_error(request, status: int, message: str) -> HttpResponse:
    """A refusal before any view: the API's error shape under /api/, plain text elsewhere."""
    if request.path.startswith(API_PREFIX):
        return error_response(status, message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


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
    """handler404: the error shape for API paths, a Chinese page for people."""
    if request.path.startswith(API_PREFIX):
        return error_response(404)
    return render(request, "404.html", status=404)


STORAGE_FAILURES = (
    "disk is full",
    "readonly database",
    "read-only file system",
    "no space left",
    "disk i/o error",  # SQLite cannot even make its shared-memory file: no room, or a read-only mount
    "unable to open database file",  # …nor open the database for writing: the data dir became read-only
)


def storage_failure(error: BaseException) -> bool:
    """The database or the data dir cannot be written: a full disk or a read-only mount."""
    while error is not None:  # the database's own error may come wrapped
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
            return True
        if isinstance(error, DatabaseError | sqlite3.Error) and any(
            s in str(error).lower() for s in STORAGE_FAILURES
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


def storage_failure_response(request, exception) -> HttpResponse:
    log.critical("storage full or read-only: %s %s: %s", request.method, request.path, exception)
    message = _(
        "The server's storage is full or read-only, so nothing was saved. Please tell the administrator "
        "and try again later."
    )
    return plain_error(request, 503, message)


def server_error(request):
    """handler500. A write refused for want of space (or by a read-only data dir) anywhere in a request,
    the view or a middleware reading the session, is the administrator's to fix, not a bug: the user gets
    a plain 503 saying nothing was saved (the transaction was rolled back), the log one critical line.
    Anything else gets Django's own 500 page."""
    exception = sys.exc_info()[1]
    if exception is not None and storage_failure(exception):
        return storage_failure_response(request, exception)
    return defaults.server_error(request)
