import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class InterfaceLanguageMiddleware:
    """Swedish unless the user picked another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an official with an
    English browser would get an English case file; the interface language is a choice made in
    the app (the language cookie), not a side effect of the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class DatabaseBusyMiddleware:
    """A database error on a request answers 503 with what the user typed, never a 500.

    Should the database stay locked or unreachable past its timeout (SQLite under load, a
    PostgreSQL fail-over), the form's text must not be lost: the page shows it back in a form
    that sends it again to the same address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        if not isinstance(exception, OperationalError):
            return None
        logger.exception("Database unavailable on %s %s", request.method, request.path)
        fields = []
        if request.method == "POST":
            fields = [
                (name, value)
                for name, values in request.POST.lists()
                if name != "csrfmiddlewaretoken"
                for value in values
            ]
        context = {"fields": fields, "action": request.get_full_path()}
        try:
            response = render(request, "database_busy.html", context, status=503)
        except Exception:  # the page itself needs the database (the user, the session)
            logger.exception("Could not render the database-busy page")
            response = HttpResponse(
                render_to_string("database_busy_plain.html", context, request=None),
                status=503,
            )
        response["Retry-After"] = "5"
        return response
