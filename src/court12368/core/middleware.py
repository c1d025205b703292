from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
