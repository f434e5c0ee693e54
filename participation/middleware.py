"""The public dialogue page served from its cached copy, ahead of the work a cached page needs
none of.

The page is the one many residents load at once (issue 13, "Speed"). Through the whole stack, a
cached copy still cost a query (is the dialogue still published?), a round trip to the shared cache
per version and one for the page, and the session, locale, CSRF, auth, messages and history
middleware. Here, before all of those, one request costs one round trip to the shared cache (the
versions and the page's slot read together, participation.cache.cached_detail_page) and nothing
else; bench/public_page.py measures it against a bare view rendering the public base template.

Why it is safe to skip the query: the copy is kept under its dialogue's version
(participation.cache), and unpublishing, like any change to the dialogue or its public page, moves
that version, so an unpublished dialogue's copy is never found again and the view answers 404 as
before. A miss (no copy yet, another public page, a staff page) goes on to the view unchanged.

Put it after the security, CSP and static-file middleware (their headers are on every response)
and before the session middleware. The response is the view's own (participation.views._respond);
what the skipped middleware would add to it is added here: the clickjacking header and the length.
"""

from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from . import cache

NAMESPACES = {"public": "sv", "public_en": "en"}


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._prefixes = None

    def __call__(self, request):
        if request.method == "GET":
            response = self._cached_page(request)
            if response is not None:
                return response
        return self.get_response(request)

    def prefixes(self) -> tuple[str, ...]:
        if self._prefixes is None:
            self._prefixes = tuple(reverse(f"{name}:start") for name in NAMESPACES)
        return self._prefixes

    def _cached_page(self, request):
        path = request.path_info
        if not path.startswith(self.prefixes()):
            return None  # the staff's pages: not even a URL lookup
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.url_name != "detail" or match.namespace not in NAMESPACES:
            return None
        language = NAMESPACES[match.namespace]
        html = cache.cached_detail_page(match.kwargs["pk"], language)
        if html is None:
            return None
        from .views import _respond

        response = _respond(html, language=language)
        response.headers.setdefault(
            "X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
        )
        response.headers["Content-Length"] = str(len(response.content))
        return response
