import errno
import logging
import sqlite3
import sys
import time
from urllib.parse import unquote

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.views import defaults

from court12368.core import audit, changes, metrics

log = logging.getLogger(__name__)


class CourtLocaleMiddleware(LocaleMiddleware):
    """Pages are in Chinese unless the user picked English in the menu (the language cookie), whatever
    the browser's own language; API clients may still ask for English with Accept-Language."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulMiddleware:
    """A NUL character can be in no text we keep (PostgreSQL refuses it outright): a request carrying one
    in its path, query or text body gets a 400 before any view sees it. File uploads are not checked."""

    TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded", "text/plain")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from court12368.api.errors import API_PREFIX, error_response

            message = translation.gettext("Text must not contain NUL characters.")
            if request.path.startswith(API_PREFIX):
                return error_response(400, message)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return True
        if request.content_type in self.TEXT_BODIES:
            body = request.body
            return b"\x00" in body or b"%00" in body or b"\\u0000" in body
        return False


STORAGE_FAILURES = (
    "disk is full",
    "readonly database",
    "read-only file system",
    "no space left",
    "disk i/o error",  # SQLite cannot even make its shared-memory file: no room, or a read-only mount
    "unable to open database file",  # …nor open the database for writing: the data dir became read-only
)


class TrustedProxyMiddleware:
    """Behind nginx every request comes from the proxy's address, which would make every caller one IP
    for the lockouts and the audit log. When the direct peer is one of COURT12368_TRUSTED_PROXIES, the
    client is the nearest address in X-Forwarded-For that is not a trusted proxy (the header's earlier
    entries are the client's own claims and prove nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = settings.TRUSTED_PROXIES
        if trusted and request.META.get("REMOTE_ADDR") in trusted:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            for hop in reversed(hops):
                if hop not in trusted:
                    request.META["REMOTE_ADDR"] = hop
                    break
        return self.get_response(request)


class RequestMetricsMiddleware:
    """Counts and times every request for /metrics (first in the chain, so it sees the whole answer)."""

    METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        static = request.path_info.startswith(settings.STATIC_URL)
        route = match.view_name if match else ("static" if static else "unmatched")
        metrics.LATENCY.labels(route).observe(time.perf_counter() - started)
        method = request.method if request.method in self.METHODS else "other"
        metrics.REQUESTS.labels(method, f"{response.status_code // 100}xx").inc()
        return response


class AuditContextMiddleware:
    """The signed-in user and address behind every write of the request, for the change records
    (core/changes.py); set after authentication, resolved only when something is recorded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        channel = "admin" if path.startswith("/admin/") else "api" if path.startswith("/api/") else "web"
        with changes.acting(getattr(request, "user", None), audit.client_ip(request), channel):
            return self.get_response(request)


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
    message = translation.gettext(
        "The server's storage is full or read-only, so nothing was saved. Please tell the administrator "
        "and try again later."
    )
    from court12368.api.errors import API_PREFIX, error_response

    if request.path.startswith(API_PREFIX):
        return error_response(503, message)
    return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")


def server_error(request):
    """handler500. A write refused for want of space (or by a read-only data dir) anywhere in a request,
    the view or a middleware reading the session, is the administrator's to fix, not a bug: the user gets
    a plain 503 saying nothing was saved (the transaction was rolled back), the log one critical line.
    Anything else gets Django's own 500 page."""
    exception = sys.exc_info()[1]
    if exception is not None and storage_failure(exception):
        return storage_failure_response(request, exception)
    return defaults.server_error(request)
