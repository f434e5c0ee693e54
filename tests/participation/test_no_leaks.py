"""Every public page walked: no internal field's text, no resident's words, no person but the
dialogue's responsible official (and no one's own e-mail address) may appear on it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dialog import models as dialog_models
from participation.models import PublicDialogue

from .conftest import publish

# (model, field): text written for the case file, never for residents.
INTERNAL = [
    ("Dialogue", "background"),
    ("Dialogue", "why_dialogue"),
    ("Dialogue", "future_decision"),
    ("Dialogue", "cancel_reason"),
    ("Mandate", "budget_resources"),
    ("Mandate", "offtopic_handling"),
    ("InitiativeAnswer", "comment"),
    ("TargetGroup", "reason"),
    ("Activity", "target_groups"),
    ("Activity", "cancel_reason"),
    ("CommunicationItem", "message"),
    ("InputItem", "text"),
    ("CompilationSummary", "summary"),
    ("ResultsPresentation", "notes"),
    ("Forwarding", "note"),
    ("Proposal", "dialogue_influence"),
    ("Proposal", "economy"),
    ("Proposal", "children_rights"),
    ("Proposal", "equality"),
    ("ProposalPoint", "text"),
    ("Evaluation", "purpose_comment"),
    ("Evaluation", "methods_comment"),
    ("Evaluation", "reach_comment"),
    ("Evaluation", "lessons_learned"),
    ("TransitionLog", "comment"),
    ("ResidentFeedback", "channels"),
]


def _internal_texts() -> set[str]:
    texts = set()
    for model_name, field in INTERNAL:
        model = getattr(dialog_models, model_name, None)
        if model is None or field not in {f.name for f in model._meta.get_fields()}:
            continue
        for value in model.objects.values_list(field, flat=True):
            value = (value or "").strip()
            if len(value) >= 15:
                texts.add(value)
    # Feedback to residents not (yet) published is a draft.
    for feedback in dialog_models.ResidentFeedback.objects.filter(published_on__isnull=True):
        texts.update(
            t.strip()
            for t in (feedback.what_we_heard, feedback.what_we_decided, feedback.why)
            if len(t.strip()) >= 15
        )
    # A text the case also holds in a public field is public there: the demo's communication plan
    # repeats the mandate's feedback plan, the timeline's comment the final decision's text.
    return texts - _public_texts()


def _public_texts() -> set[str]:
    texts = set()
    for mandate in dialog_models.Mandate.objects.all():
        texts.update({mandate.influence, mandate.timeline, mandate.feedback_plan})
    for dialogue in dialog_models.Dialogue.objects.all():
        texts.update({dialogue.title, dialogue.question})
    texts.update(
        dialog_models.Decision.objects.filter(point="final", outcome="approved").values_list(
            "text", flat=True
        )
    )
    return {t.strip() for t in texts if t}


def _public_pages(client) -> list[tuple[str, int | None]]:
    """(url, responsible official's id) for every public page and file."""
    pages = []
    for prefix in ("", "/en"):
        pages += [
            (f"{prefix}/medborgare/", None),
            (f"{prefix}/medborgare/kalender.ics", None),
            (f"{prefix}/medborgare/tillganglighet/", None),
            (f"{prefix}/medborgare/personuppgifter/", None),
            (f"{prefix}/medborgare/oppna-data/dialoger.json", None),
            (f"{prefix}/medborgare/oppna-data/dialoger.csv", None),
            (f"{prefix}/medborgare/nyheter.atom", None),
        ]
        for page in PublicDialogue.objects.filter(is_published=True).select_related("dialogue"):
            official = page.dialogue.responsible_official_id
            pages += [
                (f"{prefix}/medborgare/dialoger/{page.dialogue_id}/", official),
                (f"{prefix}/medborgare/dialoger/{page.dialogue_id}/kalender.ics", official),
            ]
    return pages


def _walk(client) -> int:
    internal = _internal_texts()
    assert internal, "the walk needs internal texts to look for"
    people = list(get_user_model().objects.all())
    walked = 0
    for url, official_id in _public_pages(client):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [text for text in internal if text in body]
        assert not leaked, (url, leaked)
        for person in people:
            assert person.email not in body, (url, person.email)
            assert f">{person.username}<" not in body, (url, person.username)
            name = person.get_full_name().strip()
            if person.pk != official_id and len(name) > 3:
                assert name not in body, (url, name)
        walked += 1
    return walked


def test_no_leaks_on_a_finished_dialogue(client, cast, finished, open_dialogue):
    publish(finished)
    publish(open_dialogue)
    assert _walk(client) == 22


@pytest.mark.django_db
def test_no_leaks_on_the_demo(client, demo):
    call_command("load_public_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PublicDialogue.objects.filter(is_published=True).count() == 3
    assert _walk(client) == 14 + 3 * 4
