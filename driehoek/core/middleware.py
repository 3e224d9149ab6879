from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Dutch unless the visitor chose another language with the language switch (cookie).

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not followed: the product
    speaks Dutch to everyone by default, and English is one click away.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # Do not leave the choice behind in this thread for the next request.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class DatabaseUnavailableMiddleware:
    """A page that cannot reach the database answers 503 with a plain Dutch page.

    The page is rendered without the database (see core.error_views) and says when to try again
    (Retry-After). /healthz answers its own JSON 503 and is not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from driehoek.core.error_views import DATABASE_UNAVAILABLE, database_unavailable

        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable()
        return None


class ApiHeadMiddleware:
    """django-ninja answers HEAD with 405; answer it as GET without a body, as Django views do."""

    prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path.startswith(self.prefix):
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
