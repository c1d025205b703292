import codecs
import io
import time
from urllib.parse import parse_qsl, unquote, urlencode

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from court12368.core import audit, changes, metrics
from court12368.core.errors import API_PREFIX, plain_error


class CourtLocaleMiddleware(LocaleMiddleware):
    """Pages are in Chinese unless the user picked English in the menu (the language cookie), whatever
    the browser's own language; API clients may still ask for English with Accept-Language."""

    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded", "text/plain")


class FormCharsetMiddleware:
    """Django reads a form body as UTF-8 only: one posted with ``charset=gb18030`` (older browsers and
    court systems send it) raised again inside Django's own error pages and ended in an empty 500. Here,
    before anything reads the body, a text body in a character set Python knows is turned into UTF-8; an
    unknown character set, or bytes not valid in the declared one, get a 400 instead of a guess."""

    FORM = "application/x-www-form-urlencoded"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("POST", "PUT", "PATCH"):
            return self.get_response(request)
        charset = request.content_params.get("charset", "").strip()
        try:
            codec = codecs.lookup(charset or "utf-8").name
            if request.content_type in TEXT_BODIES:
                self._to_utf8(request, codec, declared=bool(charset))
        except (LookupError, UnicodeError):
            message = translation.gettext(
                "The submitted text could not be read: its character set is unknown or the text is not "
                "valid in it. Please reload the page and submit again (programs: send UTF-8)."
            )
            return plain_error(request, 400, message)
        return self.get_response(request)

    def _to_utf8(self, request, codec: str, declared: bool) -> None:
        body = request.body
        if request.content_type == self.FORM:
            # Strict: a form whose bytes are not valid in its character set is refused, not garbled.
            pairs = parse_qsl(body.decode(codec), keep_blank_values=True, encoding=codec, errors="strict")
            if codec != "utf-8":
                body = urlencode(pairs).encode("ascii")
        elif codec != "utf-8":
            body = body.decode(codec).encode("utf-8")
        if declared:  # Django refuses a form whose charset is spelt other than "utf-8" (utf8, GB18030)
            request._body, request._stream = body, io.BytesIO(body)
            request.META["CONTENT_TYPE"] = f"{request.content_type}; charset=utf-8"
            request.META["CONTENT_LENGTH"] = str(len(body))
            request.content_params["charset"] = "utf-8"
            request.encoding = "utf-8"


class RejectNulMiddleware:
    """A NUL character can be in no text we keep (PostgreSQL refuses it outright): a request carrying one
    in its path, query or text body gets a 400 before any view sees it. File uploads are not checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return plain_error(request, 400, translation.gettext("Text must not contain NUL characters."))
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return True
        if request.content_type in TEXT_BODIES:
            body = request.body
            return b"\x00" in body or b"%00" in body or b"\\u0000" in body
        return False


class TrustedProxyMiddleware:
    """Behind nginx every request comes from the proxy's address, which would make every caller one IP
    for the lockouts and the audit log. When the direct peer is one of COURT12368_TRUSTED_PROXIES, the
    client is the nearest address in X-Forwarded-For that is not a trusted proxy (the header's earlier
    entries are the client's own claims and prove nothing), and X-Forwarded-Proto says whether it came
    over https (SECURE_PROXY_SSL_HEADER). From any other peer that header is dropped: a client talking to
    the web processes directly must not claim https."""

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
        elif settings.SECURE_PROXY_SSL_HEADER:
            request.META.pop(settings.SECURE_PROXY_SSL_HEADER[0], None)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages, API answers, attachments and exports hold personal data: no browser or shared cache may keep
    them (``Cache-Control: no-store``), so a shared computer's back button or a caching proxy shows none
    of it. Static files never get here: WhiteNoise, earlier in the chain, answers them with a long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


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
