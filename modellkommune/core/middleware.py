import uuid

import structlog
from django.conf import settings
from django.http import HttpResponseBadRequest


class RequestIdMiddleware:
    """Gives every request an id, binds it to the structured log context and returns it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, path=request.path, method=request.method)
        try:
            response = self.get_response(request)
        finally:
            # Work done after the request (tasks, commands in the same thread) must not log under its id.
            structlog.contextvars.clear_contextvars()
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy for every HTML page.

    API views that need their own policy (e.g. CORS on OParl) set their headers themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def chosen_language(request) -> str:
    """The visitor's language: the switcher's cookie if it names a supported one, else the site's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in _supported_languages() else settings.LANGUAGE_CODE


def _supported_languages() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


class LanguageMiddleware:
    """German unless the visitor chose another language with the switcher (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a German town hall's site
    stays German by default, and an English page is always one explicit choice away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in a query parameter is never meaningful and PostgreSQL cannot store or compare it:
    answer 400 instead of letting a filter reach the database. The standard APIs check their own input
    and answer in their standard's error format, so they are left to themselves."""

    API_PREFIXES = ("/oparl/", "/sta/", "/open311/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.API_PREFIXES) and any(
            "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
        ):
            return HttpResponseBadRequest(
                "Ungültige Anfrage: ein Parameter enthält ein Nullzeichen.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
