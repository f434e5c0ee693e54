"""The signed unsubscribe link of the feedback e-mail: no log-in, no cookie, never cached.

GET shows what will be deleted and a button; POST deletes the address at once and says so. The
button (rather than deleting on GET) is because mail programs and virus scanners open links in
e-mails by themselves; the mail program's own one-click button posts (RFC 8058). The POST needs
no CSRF token: the signed link is itself the proof, and forging a request with it could only do
what its holder may do anyway (the public pages carry no CSRF tokens, being cached).
"""

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import subscriptions
from .templatetags.public_tags import public_reverse


def _render(template: str, context: dict, *, language: str, signed: str, status=200):
    other = "en" if language == "sv" else "sv"
    html = render_to_string(
        template,
        {
            "municipality_name": settings.MUNICIPALITY_NAME,
            "contact_email": settings.PUBLIC_CONTACT_EMAIL,
            "login_url": reverse("login"),
            "other_language": {
                "code": other,
                "label": "English" if other == "en" else "Svenska",
                "url": public_reverse("unsubscribe", signed, language=other),
            },
            "retention_days": settings.FEEDBACK_ADDRESS_RETENTION_DAYS,
            "max_days": settings.FEEDBACK_ADDRESS_MAX_DAYS,
            **context,
        },
    )
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    # Personal: never kept by a browser or a proxy; the token in the address goes nowhere.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, signed: str, language="sv"):
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            if request.method == "POST":
                deleted = subscriptions.unsubscribe(signed=signed)
                return _render(
                    "participation/unsubscribe_done.html",
                    {"deleted": deleted},
                    language=language,
                    signed=signed,
                )
            subscription = subscriptions.subscription_for(signed)
        except signing.SignatureExpired:
            return _render(
                "participation/unsubscribe_invalid.html",
                {"expired": True},
                language=language,
                signed=signed,
                status=400,
            )
        except signing.BadSignature:
            return _render(
                "participation/unsubscribe_invalid.html",
                {"expired": False},
                language=language,
                signed=signed,
                status=400,
            )
        if subscription is None:
            return _render(
                "participation/unsubscribe_done.html",
                {"deleted": False},
                language=language,
                signed=signed,
            )
        return _render(
            "participation/unsubscribe.html",
            {"dialogue_title": subscription.dialogue.title},
            language=language,
            signed=signed,
        )
