from django.conf import settings
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
