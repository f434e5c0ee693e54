"""Solna's checklists (issue 16, its bilaga 1): the preset fills them once, they appear at the
steps where Solna uses them, the officials answer them there only, and the answers are part of
the decision basis (the tjänsteskrivelse PDF, read back with pypdf)."""

import io
from functools import partial
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from core.errors import PermissionRefused
from dialog import steps
from dialog.models import ChecklistAnswer, DecisionPoint, State
from dialog.services.goals_checklists import answer_checklist
from governance import checklists
from governance.models import CHECKLIST_STEPS, Checklist, ChecklistItem
from governance.services import load_preset
from reports import rendering, selectors
from tests.factories import make_dialogue, make_profile, put_in_state, use_profile
from tests.helpers import element, has, login, text, texts

pytestmark = pytest.mark.django_db

WHERE = {
    "styrprocessen": "initiative_mandate",
    "dialogprocessen": "planning",
    "kommunikationsplan": "planning",
    "utvarderingsprocessen": "feedback",
}
# The step each checklist is answered at, as a state of the dialogue.
STATE_OF_STEP = {
    "initiative_mandate": State.INITIATIVE,
    "planning": State.PLANNING,
    "feedback": State.FEEDBACK,
}


@pytest.fixture
def solna(db):
    return load_preset(key="solna").profile


@pytest.fixture
def by_key(solna):
    return {c.key: c for c in Checklist.objects.filter(profile=solna).prefetch_related("items")}


@pytest.fixture
def dialogue(cast, solna):
    return use_profile(make_dialogue(cast), solna)


def _answers(checklist, text="Svar enligt samtalet med ordföranden.") -> dict:
    return {
        item.pk: {"ticked": True, "answer": text if item.kind == "answer" else ""}
        for item in checklist.items.all()
    }


# -- The data ----------------------------------------------------------------------------------


def test_the_preset_names_solnas_four_checklists_at_its_steps(by_key):
    assert {key: c.step for key, c in by_key.items()} == WHERE
    for checklist in by_key.values():
        # Swedish, as the page shows it beside "Källa:" (migration governance 0015).
        assert checklist.source.startswith("Solna stad, Riktlinje för medborgardialog, Steg ")
        items = list(checklist.items.all())
        assert items and all(i.source and i.text for i in items)
        assert {i.kind for i in items} <= {"tick", "answer"}
    assert [c.title for c in sorted(by_key.values(), key=lambda c: c.position)][0].startswith(
        "Checklista för styrprocessen"
    )


def test_the_checklist_steps_are_the_dialogue_steps():
    assert [name for name, _label in CHECKLIST_STEPS] == [c.name for c in steps.STEP_CONTENTS]


def test_apply_preset_is_idempotent(solna, by_key):
    before = sorted(ChecklistItem.objects.values_list("pk", "checklist_id", "key", "text"))
    load_preset(key="solna")
    checklists.apply_preset(profile=solna)
    after = sorted(ChecklistItem.objects.values_list("pk", "checklist_id", "key", "text"))
    assert before == after
    assert Checklist.objects.count() == 4
    assert not checklists.fill(solna, Checklist, ChecklistItem)  # nothing left to write


def test_other_presets_have_no_checklists(db):
    for key in ("sandviken", "haninge", "forshaga", "hagfors"):
        load_preset(key=key)
    assert not Checklist.objects.exists()


def test_apply_preset_keeps_what_a_dialogue_answered(cast, solna, by_key, dialogue):
    checklist = by_key["styrprocessen"]
    answered, other = list(checklist.items.all())[:2]
    answer_checklist(
        dialogue_id=dialogue.pk,
        checklist_id=checklist.pk,
        user=cast.official,
        answers={answered.pk: {"ticked": False, "answer": "Ett behov finns."}},
    )
    ChecklistItem.objects.filter(pk__in=[answered.pk, other.pk]).update(text="Ändrad")
    stale = ChecklistItem.objects.create(checklist=checklist, key="gammal", text="Gammal")
    checklists.apply_preset(profile=solna)
    # The answered item keeps the question it was answered to; the other is put back; an
    # unanswered item the preset no longer has is removed.
    assert ChecklistItem.objects.get(pk=answered.pk).text == "Ändrad"
    assert ChecklistItem.objects.get(pk=other.pk).text != "Ändrad"
    assert not ChecklistItem.objects.filter(pk=stale.pk).exists()


# -- Answered at the right step, by the right people -------------------------------------------


@pytest.mark.parametrize("state", [State.INITIATIVE, State.PLANNING, State.FEEDBACK])
def test_each_checklist_is_answered_at_its_step_only(cast, by_key, dialogue, state):
    dialogue = put_in_state(dialogue, state, registered=state != State.INITIATIVE)
    for key, checklist in by_key.items():
        allowed = STATE_OF_STEP[WHERE[key]] == state
        call = partial(
            answer_checklist,
            dialogue_id=dialogue.pk,
            checklist_id=checklist.pk,
            user=cast.official,
            answers=_answers(checklist),
        )
        if allowed:
            assert len(call()) == checklist.items.count()
        else:
            with pytest.raises(PermissionRefused):
                call()
            assert not ChecklistAnswer.objects.filter(item__checklist=checklist).exists()


def test_only_the_officials_working_on_the_dialogue_answer(cast, by_key, dialogue):
    dialogue = put_in_state(dialogue, State.PLANNING)
    checklist = by_key["dialogprocessen"]
    for person in (cast.politician, cast.clerk, cast.other_official, cast.outsider):
        with pytest.raises(PermissionRefused):
            answer_checklist(
                dialogue_id=dialogue.pk,
                checklist_id=checklist.pk,
                user=person,
                answers=_answers(checklist),
            )
    assert not ChecklistAnswer.objects.exists()


def test_a_checklist_of_another_profile_is_refused(cast, by_key):
    other = use_profile(make_dialogue(cast, title="Annan"), make_profile("annan"))
    with pytest.raises(ValidationError):
        answer_checklist(
            dialogue_id=other.pk,
            checklist_id=by_key["styrprocessen"].pk,
            user=cast.official,
            answers={},
        )


def test_answers_keep_who_and_when_and_their_history(cast, by_key, dialogue):
    checklist = by_key["styrprocessen"]
    item = next(i for i in checklist.items.all() if i.kind == "answer")
    tick = next(i for i in checklist.items.all() if i.kind == "tick")
    save = partial(
        answer_checklist, dialogue_id=dialogue.pk, checklist_id=checklist.pk, user=cast.official
    )
    save(answers={item.pk: {"answer": "Första svaret"}, tick.pk: {"ticked": True}})
    # Saved again unchanged: nothing is rewritten.
    assert save(answers={item.pk: {"answer": "Första svaret"}, tick.pk: {"ticked": True}}) == []
    save(answers={item.pk: {"answer": "Andra svaret"}})
    answer = ChecklistAnswer.objects.get(dialogue=dialogue, item=item)
    assert answer.answer == "Andra svaret" and answer.answered_by == cast.official
    assert [h.answer for h in answer.history.order_by("history_id")] == [
        "Första svaret",
        "Andra svaret",
    ]
    assert {h.history_user for h in answer.history.all()} == {cast.official}
    # A tick item takes no text, an answer item no tick.
    save(answers={tick.pk: {"ticked": True, "answer": "x"}, item.pk: {"ticked": True}})
    tick_answer = ChecklistAnswer.objects.get(dialogue=dialogue, item=tick)
    assert tick_answer.answer == "" and tick_answer.ticked


# -- The pages ---------------------------------------------------------------------------------


def test_the_panels_show_each_checklist_at_its_step(client, cast, by_key, dialogue):
    login(client, cast.official)
    page = client.get(dialogue.get_absolute_url())
    initiative = element(page, "#initiative")
    assert has(initiative, f"#checklist-{by_key['styrprocessen'].pk}")
    assert has(initiative, f"#answer-checklist-{by_key['styrprocessen'].pk}")
    planning_pk = by_key["dialogprocessen"].pk
    dialogue = put_in_state(dialogue, State.PLANNING)
    page = client.get(dialogue.get_absolute_url())
    assert has(element(page, "#planning"), f"#answer-checklist-{planning_pk}")
    # The initiative's checklist is still shown, but no longer answered there.
    assert has(page, f"#checklist-{by_key['styrprocessen'].pk}")
    assert not has(page, f"#answer-checklist-{by_key['styrprocessen'].pk}")
    # A dialogue under a profile without checklists shows none.
    other = make_dialogue(cast, title="Utan checklistor")
    assert not element(client.get(other.get_absolute_url()), "main").select(".checklist")


def test_answering_through_the_page(client, cast, by_key, dialogue):
    checklist = by_key["styrprocessen"]
    items = list(checklist.items.all())
    url = reverse("dialog:checklist", args=[dialogue.pk, checklist.pk])
    login(client, cast.politician)
    assert client.get(url).status_code == 403
    login(client, cast.official)
    assert client.get(url).status_code == 200
    data = {
        f"item_{i.pk}": ("on" if i.kind == "tick" else f"Svar {n}") for n, i in enumerate(items)
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert ChecklistAnswer.objects.filter(dialogue=dialogue).count() == len(items)
    shown = texts(client.get(dialogue.get_absolute_url()), f"#checklist-{checklist.pk} dd")
    assert shown[0].startswith("Svar 0")
    # Too long an answer is a field error; nothing is lost or saved.
    first_answer = next(i for i in items if i.kind == "answer")
    response = client.post(url, {**data, f"item_{first_answer.pk}": "x" * 5000})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [f"item_{first_answer.pk}"]
    # Not this profile's checklist: 404.
    other = use_profile(make_dialogue(cast, title="Annan"), make_profile("annan"))
    other_url = reverse("dialog:checklist", args=[other.pk, checklist.pk])
    assert client.get(other_url).status_code == 404
    assert "Svar 0" in text(client.get(dialogue.get_absolute_url()), f"#checklist-{checklist.pk}")


# -- The decision basis ------------------------------------------------------------------------


def pdf_text(document) -> str:
    data = rendering.render_pdf(document)
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_answers_are_in_the_decision_basis(cast, by_key, dialogue):
    answer_checklist(
        dialogue_id=dialogue.pk,
        checklist_id=by_key["styrprocessen"].pk,
        user=cast.official,
        answers=_answers(by_key["styrprocessen"], "Nämnden behöver veta vad ungdomarna vill"),
    )
    dialogue = put_in_state(dialogue, State.PLANNING)
    planning = by_key["kommunikationsplan"]
    answer_checklist(
        dialogue_id=dialogue.pk,
        checklist_id=planning.pk,
        user=cast.official,
        answers=_answers(planning, "Affischer på fritidsgården"),
    )
    launch = pdf_text(selectors.decision_basis(dialogue, DecisionPoint.LAUNCH))
    assert "Checklista för styrprocessen" in launch
    assert "Nämnden behöver veta vad ungdomarna vill" in launch
    assert "Checklista för kommunikationsplan" in launch
    assert "Affischer på fritidsgården" in launch
    # The evaluation's checklist belongs to a later step: not in the launch's basis.
    assert "Checklista för utvärderingsprocessen" not in launch
    mandate = pdf_text(selectors.decision_basis(dialogue, DecisionPoint.MANDATE))
    assert "Nämnden behöver veta vad ungdomarna vill" in mandate
    assert "Affischer på fritidsgården" not in mandate
    final = pdf_text(selectors.decision_basis(dialogue, DecisionPoint.FINAL))
    assert "Checklista för utvärderingsprocessen" in final


def test_migration_0015_puts_the_stored_checklist_sources_into_swedish(by_key):
    from django.apps import apps as django_apps

    migration = import_module("governance.migrations.0015_checklist_sources_sv")
    first, second = list(by_key.values())[:2]
    Checklist.objects.filter(pk=first.pk).update(
        source="Seed 001, Solna stad, Riktlinje för medborgardialog, Steg 1 – Varför? (bilaga 1)"
    )
    Checklist.objects.filter(pk=second.pk).update(source="Vår egen bilaga")
    migration.rewrite_sources(django_apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.source == "Solna stad, Riktlinje för medborgardialog, Steg 1 – Varför? (bilaga 1)"
    assert second.source == "Vår egen bilaga"  # an administrator's own text is kept
    assert not Checklist.objects.filter(source__startswith="Seed").exists()
