"""One home for what goes wrong: the error shape every 4xx of the API has (``{"code", "message",
"details"}``), the refusals made before any view, and the site-wide 403, 404, 500 and CSRF-failure
handlers (a page in the user's language with the way back for people, the error shape under /api/).

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
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
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


def _back_url(request) -> str:
    """The page the user came from, if it is one of this site's (the referrer policy is same-origin) and
    not this very page; else ""."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        hosts = {request.get_host()}
        here = request.build_absolute_uri()
    except Exception:  # a host not allowed: no way back through it
        return ""
    if referer and referer != here and url_has_allowed_host_and_scheme(referer, hosts, request.is_secure()):
        return referer
    return ""


def _way_back(request) -> dict:
    """Where an error page sends the user: back, to their workspace (a visitor: the public portal), and
    the hotline (the page reads it from the user's court)."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    home = reverse("home" if signed_in else "portal")
    return {"back_url": _back_url(request), "home_url": home, "signed_in": signed_in}


def permission_denied(request, exception=None):
    """handler403 (any ``PermissionDenied``): the error shape for API paths, a page for people that says
    the account may not see this and how to get back. The exception's own text is for the log, not them."""
    if request.path.startswith(API_PREFIX):
        return error_response(403)
    return render(request, "403.html", _way_back(request), status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from an expired page (or without its cookie), said in the user's
    language with the way back, instead of Django's English page."""
    log.warning("CSRF failure on %s %s: %s", request.method, request.path, reason)
    if request.path.startswith(API_PREFIX):
        return error_response(403, _("The form has expired. Reload the page and send it again."))
    return render(request, "403_csrf.html", _way_back(request), status=403)


def not_found_handler(request, exception=None):
    """handler404: the error shape for API paths, a Chinese page for people."""
    if request.path.startswith(API_PREFIX):
        return error_response(404)
    return render(request, "404.html", _way_back(request), status=404)


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
    Anything else gets the error shape under /api/, and people a page in their language: 500.html, a
    plain template rendered without the request, so neither the database nor a context processor (which
    may be what failed) is asked anything."""
    exception = sys.exc_info()[1]
    if exception is not None and storage_failure(exception):
        return storage_failure_response(request, exception)
    message = _("Something went wrong on the server. Please try again later.")
    if request.path.startswith(API_PREFIX):
        return error_response(500, message, code="server_error")
    try:
        page = loader.get_template("500.html").render({"message": message, "back_url": _back_url(request)})
        return HttpResponseServerError(page)
    except Exception:  # the page itself failed: say it in one line rather than not at all
        log.exception("the 500 page could not be rendered")
        return HttpResponseServerError(message, content_type="text/plain; charset=utf-8")
