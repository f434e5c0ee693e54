"""The site's URLs plus the bare view bench/public_page.py measures the public page against:
the public base template (templates/participation/base.html) rendered on every request with the
context every public page has, and nothing else (no query, no cache)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import include, path, reverse

from config.urls import handler403  # noqa: F401


def bare(request):
    context = {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "contact_email": settings.PUBLIC_CONTACT_EMAIL,
        "other_language": {"code": "en", "label": "English", "url": "/en/medborgare/"},
        "login_url": reverse("login"),
    }
    return HttpResponse(render_to_string("participation/base.html", context))


urlpatterns = [
    path("__bare__/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
