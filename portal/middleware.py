from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class RegionLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the person chose English with the language switch: the
    browser's Accept-Language is not followed (many officials' browsers are set to English,
    yet the portal speaks the region's language)."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
