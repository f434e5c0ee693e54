from django.conf import settings


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
