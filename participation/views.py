"""The public pages: no log-in, nothing per user, the language from the address.

Each page is rendered without the request (so no CSRF token, no user, no session can reach it)
and kept in the cache under a key with its dialogue's version (participation.cache): a change to
what it shows moves the version, and the next visitor gets the new page.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from . import cache, ical, online_selectors, opendata, plain, selectors
from .filters import PublicDialogueFilter
from .templatetags.public_tags import public_reverse

# Browsers and proxies may keep a page this long; the server's own copy follows every change.
BROWSER_SECONDS = 60


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _respond(content, *, language: str, content_type="text/html; charset=utf-8", filename=""):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Language"] = language
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _other_language(language: str, name: str, *args, query: str = "") -> dict:
    other = "en" if language == "sv" else "sv"
    url = public_reverse(name, *args, language=other)
    return {
        "code": other,
        "label": "English" if other == "en" else "Svenska",
        "url": f"{url}?{query}" if query else url,
    }


def _page(template: str, context: dict, *, language: str, name: str, args=()) -> str:
    context = {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "contact_email": settings.PUBLIC_CONTACT_EMAIL,
        "other_language": _other_language(language, name, *args, query=context.pop("query", "")),
        "login_url": reverse("login"),
        **context,
    }
    return render_to_string(template, context)


def start(request, language="sv"):
    language = _language(language)
    with translation.override(language):
        filterset = PublicDialogueFilter(request.GET, queryset=selectors.published())
        # Only valid filters make a cached copy: a made-up parameter cannot fill the cache.
        valid = filterset.is_valid()
        query = urlencode(
            sorted(
                (key, str(getattr(value, "pk", value)))
                for key, value in (filterset.form.cleaned_data if valid else {}).items()
                if value
            )
        )

        def build():
            pages = selectors.with_target_groups(filterset.qs if valid else filterset.queryset)
            context = {
                "filter": filterset,
                "groups": selectors.grouped(pages),
                "filtered": bool(query),
                "query": query,
            }
            return _page("participation/start.html", context, language=language, name="start")

        if not valid:
            return _respond(build(), language=language)
        key = cache.page_key("start", language, extra=query)
        return _respond(cache.cached(key, build), language=language)


def detail(request, pk: int, language="sv"):
    language = _language(language)
    with translation.override(language):
        selectors.require_published(pk)  # a 404 is never cached

        def build():
            page = selectors.public_page(pk)
            dialogue = page.dialogue
            context = {
                "page": page,
                "dialogue": dialogue,
                "mandate": getattr(dialogue, "mandate", None),
                "status": selectors.status_of(dialogue.state),
                "level": plain.level_plain(dialogue.participation_level),
                "stage": plain.stage(dialogue.state),
                "groups": selectors.included_target_groups(dialogue),
                "activities": list(selectors.public_activities([dialogue.pk])),
                "results": selectors.results(dialogue),
                "decision": selectors.final_decision(dialogue),
                "feedback": selectors.published_feedback(dialogue),
                "actions": selectors.action_plan(dialogue),
                "official": dialogue.responsible_official.get_full_name(),
                "english": language == "en",
                "online_form": online_selectors.public_form(dialogue),
            }
            return _page(
                "participation/detail.html", context, language=language, name="detail", args=[pk]
            )

        # The day is in the key: the online form's link shows from its opening to its closing day.
        key = cache.page_key(
            "detail", language, dialogue_id=pk, extra=timezone.localdate().isoformat()
        )
        return _respond(cache.cached(key, build), language=language)


def _events(request, activities) -> list[dict]:
    host = request.get_host().split(":")[0] or "delaktig"
    events = []
    for activity in activities:
        dialogue_url = request.build_absolute_uri(
            public_reverse("detail", activity.dialogue_id, language="sv")
        )
        how = [activity.method.name] if activity.method_id else []
        if activity.link:
            how.append(activity.link)
        events.append(
            {
                "uid": f"activity-{activity.pk}@{host}",
                "stamp": activity.updated_at or timezone.now(),
                "start": activity.starts_at,
                "end": activity.ends_at,
                "summary": activity.title,
                "location": activity.place or activity.link,
                "description": "\n".join([*how, dialogue_url]),
                "url": dialogue_url,
                "status": activity.status,
            }
        )
    return events


def dialogue_calendar(request, pk: int, language="sv"):
    language = _language(language)
    page = selectors.public_page(pk)

    def build():
        events = _events(request, selectors.public_activities([page.dialogue_id]))
        return ical.calendar(
            name=page.dialogue.title, events=events, product=settings.MUNICIPALITY_NAME
        )

    key = cache.page_key("ics", language, dialogue_id=page.dialogue_id, extra=request.get_host())
    return _respond(
        cache.cached(key, build),
        language=language,
        content_type="text/calendar; charset=utf-8",
        filename=f"dialog-{pk}.ics",
    )


def calendar_feed(request, language="sv"):
    language = _language(language)
    with translation.override(language):
        name = f"{settings.MUNICIPALITY_NAME}: {translation.gettext('Citizen dialogues')}"

    def build():
        events = _events(request, selectors.feed_activities())
        return ical.calendar(name=name, events=events, product=settings.MUNICIPALITY_NAME)

    key = cache.page_key("feed", language, extra=request.get_host())
    return _respond(
        cache.cached(key, build),
        language=language,
        content_type="text/calendar; charset=utf-8",
        filename="dialoger.ics",
    )


def _static_page(template: str, name: str, language: str):
    language = _language(language)
    with translation.override(language):
        key = cache.page_key(name, language)
        html = cache.cached(key, lambda: _page(template, {}, language=language, name=name))
        return _respond(html, language=language)


def accessibility(request, language="sv"):
    return _static_page("participation/accessibility.html", "accessibility", language)


def privacy(request, language="sv"):
    return _static_page("participation/privacy.html", "privacy", language)


# -- Open data ------------------------------------------------------------------------------------


def _dialogue_url(request, language):
    return lambda pk: request.build_absolute_uri(public_reverse("detail", pk, language=language))


def open_data_json(request, language="sv"):
    language = _language(language)

    def build():
        data = opendata.rows(_dialogue_url(request, language))
        return opendata.as_json(data, municipality=settings.MUNICIPALITY_NAME)

    key = cache.page_key("json", language, extra=request.get_host())
    response = _respond(
        cache.cached(key, build), language=language, content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: any website may read it
    return response


def open_data_csv(request, language="sv"):
    language = _language(language)

    def build():
        return opendata.as_csv(opendata.rows(_dialogue_url(request, language)))

    key = cache.page_key("csv", language, extra=request.get_host())
    response = _respond(
        cache.cached(key, build),
        language=language,
        content_type="text/csv; charset=utf-8",
        filename="dialoger.csv",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def news_feed(request, language="sv"):
    """Atom: each newly published dialogue and each published feedback to residents."""
    language = _language(language)

    def build():
        with translation.override(language):
            url = _dialogue_url(request, language)
            entries = []
            for page in selectors.published()[:50]:
                entries.append(
                    {
                        "id": f"{url(page.dialogue_id)}#publicerad",
                        "title": translation.gettext("New dialogue: %(title)s")
                        % {"title": page.dialogue.title},
                        "link": url(page.dialogue_id),
                        "description": page.summary,
                        "updated": page.published_at,
                    }
                )
            for feedback in selectors.published_feedback_entries()[:50]:
                entries.append(
                    {
                        "id": f"{url(feedback.dialogue_id)}#aterkoppling",
                        "title": translation.gettext("What happened next: %(title)s")
                        % {"title": feedback.dialogue.title},
                        "link": url(feedback.dialogue_id),
                        "description": feedback.what_we_decided,
                        "updated": feedback.published_moment,
                    }
                )
            entries.sort(key=lambda e: e["updated"], reverse=True)
            return opendata.atom(
                title=f"{settings.MUNICIPALITY_NAME}: {translation.gettext('Citizen dialogues')}",
                link=request.build_absolute_uri(public_reverse("start", language=language)),
                feed_url=request.build_absolute_uri(request.path),
                entries=entries[:50],
                language=language,
            )

    key = cache.page_key("atom", language, extra=request.get_host())
    return _respond(
        cache.cached(key, build),
        language=language,
        content_type="application/atom+xml; charset=utf-8",
    )
