"""A database error on a save answers 503 with the typed text, never a 500
(config.middleware.DatabaseBusyMiddleware)."""

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils.html import escape

from dialog.models import Mandate
from tests.factories import MANDATE


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


def mandate_form(client, dialogue, purpose) -> tuple[str, dict]:
    """The mandate form's URL and what the browser would send, with `purpose` typed in."""
    url = reverse("dialog:edit_mandate", args=[dialogue.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in ((n, form[n].value()) for n in form.fields)
        if value is not None and not isinstance(value, list)
    }
    data.update({**MANDATE, "purpose": purpose})
    return url, data


def test_a_locked_database_on_a_save_answers_503_with_the_typed_text(
    client, cast, dialogue, monkeypatch
):
    client.force_login(cast.official)
    typed = "Ett syfte som tog en halvtimme att skriva,\nmed två rader & ett <tecken>."
    url, data = mandate_form(client, dialogue, typed)
    monkeypatch.setattr(Mandate, "save", locked)

    response = client.post(url, data)

    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert escape(typed).replace("\n", "<br>") in page  # shown, to read or copy
    assert f'name="purpose" value="{escape(typed)}"' in page  # and sent again with the button
    assert f'action="{url}"' in page and 'name="csrfmiddlewaretoken"' in page
    monkeypatch.undo()
    assert Mandate.objects.get(dialogue=dialogue).purpose != typed  # nothing half-saved


def test_other_errors_are_not_turned_into_503(client, cast, dialogue, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not a busy database")

    client.force_login(cast.official)
    url, data = mandate_form(client, dialogue, "Syfte")
    monkeypatch.setattr(Mandate, "save", broken)
    with pytest.raises(ValueError):
        client.post(url, data)
