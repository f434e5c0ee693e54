"""Filling the forms of steps 6-9 over HTTP, as the official does on the pages (for the walks)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dialog.models import Forwarding
from tests.factories import EVALUATION, PROPOSAL, RESIDENT_FEEDBACK


def _post(client, name, dialogue, data, *args, get=True) -> None:
    url = reverse(f"dialog:{name}", args=[dialogue.pk, *args])
    if get:
        assert client.get(url).status_code == 200, name
    response = client.post(url, data)
    assert response.status_code == 302, (name, response.content.decode()[:2000])


def compile_over_http(client, dialogue) -> None:
    """A theme, every input within the purpose tagged to it, and the summary."""
    _post(client, "add_theme", dialogue, {"name": "Belysning", "description": "Ljus och sikt"})
    theme = dialogue.themes.get()
    inputs = list(dialogue.inputs.filter(within_purpose=True))
    data = {"inputs": [i.pk for i in inputs]}
    data.update({f"themes_{i.pk}": [theme.pk] for i in inputs})
    _post(client, "tag_inputs", dialogue, data)
    _post(client, "edit_compilation", dialogue, {"summary": "Belysning var det viktigaste."})


def feedback_over_http(client, dialogue) -> None:
    """The presentation to the politicians and each off-topic input forwarded."""
    today = timezone.localdate().isoformat()
    _post(
        client,
        "edit_presentation",
        dialogue,
        {"presented_on": today, "body": dialogue.body_id, "notes": "Frågor om kostnaden."},
    )
    for item in dialogue.inputs.filter(within_purpose=False):
        _post(
            client,
            "forward_input",
            dialogue,
            {
                "forwarded_to": Forwarding.Target.COMPLAINTS,
                "note": "Till synpunktshanteringen.",
                "forwarded_on": today,
            },
            item.pk,
        )


def process_over_http(client, dialogue) -> None:
    """Two numbered points and every consequence."""
    for text in ("Belysningen vid busstationen förbättras.", "Nattvandringar stöds."):
        _post(client, "add_point", dialogue, {"text": text})
    data = {**PROPOSAL, "children_heard": "yes"}
    _post(client, "edit_proposal", dialogue, data)


def follow_up_over_http(client, dialogue) -> None:
    """An action, the feedback to residents published, the evaluation done."""
    _post(
        client,
        "add_action_item",
        dialogue,
        {
            "action": "Byt belysning vid busstationen.",
            "responsible": dialogue.responsible_official_id,
            "due_on": (timezone.localdate() + timedelta(days=120)).isoformat(),
            "status": "planned",
        },
    )
    _post(client, "edit_resident_feedback", dialogue, RESIDENT_FEEDBACK)
    _post(client, "publish_feedback", dialogue, {}, get=False)
    _post(client, "edit_evaluation", dialogue, EVALUATION)
    _post(client, "evaluation_done", dialogue, {}, get=False)
