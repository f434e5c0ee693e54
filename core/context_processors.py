"""Values every page's layout needs."""

from django.conf import settings


def municipality(request) -> dict:
    return {"municipality_name": settings.MUNICIPALITY_NAME}
