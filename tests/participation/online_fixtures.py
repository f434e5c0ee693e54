"""An open dialogue with a published page and an open online form with one question of each
kind, built through participation.online_services as its responsible official."""

import uuid
from datetime import timedelta

from bs4 import BeautifulSoup
from django.utils import timezone

from dialog.models import AgeBand
from participation import online_services as services
from participation.models import Area, Question, RespondentType
from participation.online_services import Answers

from .conftest import publish

VIEW = "Busshållplatsen vid torget är mörk på kvällen, Greta Invånare håller med."


def build_form(dialogue, user=None, *, open_it=True, **overrides):
    user = user or dialogue.responsible_official
    today = timezone.localdate()
    values = {
        "intro": "Berätta vad som får dig att känna dig trygg.",
        "view_label": "Vad vill du säga om tryggheten i centrum?",
        "opens_on": today,
        "closes_on": today + timedelta(days=14),
        "ask_age": True,
        "ask_area": True,
        "ask_respondent_type": True,
        **overrides,
    }
    form = services.save_form(dialogue_id=dialogue.pk, user=user, **values)
    single = services.save_question(
        dialogue_id=dialogue.pk, user=user, kind=Question.Kind.SINGLE, text="Hur ofta är du där?"
    )
    for text in ("Varje dag", "Varje vecka", "Sällan"):
        services.save_option(dialogue_id=dialogue.pk, user=user, question_id=single.pk, text=text)
    multiple = services.save_question(
        dialogue_id=dialogue.pk, user=user, kind=Question.Kind.MULTIPLE, text="Vad behövs?"
    )
    for text in ("Belysning", "Fler bänkar", "Vakter"):
        services.save_option(dialogue_id=dialogue.pk, user=user, question_id=multiple.pk, text=text)
    scale = services.save_question(
        dialogue_id=dialogue.pk,
        user=user,
        kind=Question.Kind.SCALE,
        text="Hur trygg känner du dig?",
        low_label="Inte alls",
        high_label="Mycket",
    )
    text = services.save_question(
        dialogue_id=dialogue.pk, user=user, kind=Question.Kind.TEXT, text="Något mer?"
    )
    if open_it:
        form = services.open_form(dialogue_id=dialogue.pk, user=user)
    return form, {"single": single, "multiple": multiple, "scale": scale, "text": text}


def make_online(open_dialogue):
    """(dialogue, form, questions) with the page published and the form open: each test file's
    `online` fixture."""
    publish(open_dialogue)
    Area.objects.get_or_create(name="Centrum")
    form, questions = build_form(open_dialogue)
    return open_dialogue, form, questions


def answers(questions, *, text=VIEW, scale=4, choose=0, many=(0, 1), extra="Mer ljus, tack."):
    single, multiple = questions["single"], questions["multiple"]
    return Answers(
        text=text,
        choices={
            single.pk: [list(single.options.all())[choose].pk],
            multiple.pk: [list(multiple.options.all())[i].pk for i in many],
        },
        scales={questions["scale"].pk: scale},
        texts={questions["text"].pk: extra} if extra else {},
        age_band=AgeBand.ADULTS,
        area_id=Area.objects.get(name="Centrum").pk,
        respondent_type=RespondentType.RESIDENT,
    )


def submit(dialogue, questions, **kwargs):
    submission, _created = services.submit(
        dialogue_id=dialogue.pk, token=uuid.uuid4(), answers=answers(questions, **kwargs)
    )
    return submission


def form_url(dialogue, prefix=""):
    return f"{prefix}/medborgare/dialoger/{dialogue.pk}/tyck-till/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")
