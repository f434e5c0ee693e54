"""The demo's online form (issue 13, item 2): "Mötesplatser för unga", open for views with a
question of each kind, and answers sent through the form's own service: some accepted into the
input register, one as off-topic, some waiting for moderation and one hidden. Built through
participation.online_services as the dialogue's responsible official; run by load_public_demo
after the dialogue is published, and left as it is when it already has a form."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dialog.models import AgeBand, Dialogue, State

from . import online_services as services
from .models import Area, OnlineForm, Question, RespondentType
from .online_services import Answers

TITLE = "Mötesplatser för unga"

QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "Hur ofta träffar du kompisar efter skolan?",
        ["Nästan varje dag", "Någon gång i veckan", "Sällan"],
    ),
    (
        Question.Kind.MULTIPLE,
        "Vad ska finnas på en mötesplats?",
        ["Wifi och soffor", "Musik och replokal", "Spel", "Skatepark", "Vuxna att prata med"],
    ),
    (Question.Kind.SCALE, "Hur nöjd är du med de mötesplatser som finns i dag?", []),
    (Question.Kind.TEXT, "Var i kommunen saknas en mötesplats?", []),
]

# (view, single option, multiple options, scale, text answer, age, area, respondent, moderation)
VIEWS = [
    (
        "En lokal där man får vara utan att köpa något, öppen till tio på kvällen.",
        0,
        [0, 2],
        2,
        "Norra Exempelby, nära skolan.",
        AgeBand.TEENS,
        "Norra Exempelby",
        RespondentType.RESIDENT,
        "accept",
    ),
    (
        "Replokal! Vi är ett band som inte har någonstans att öva.",
        1,
        [1],
        1,
        "",
        AgeBand.TEENS,
        "Centrum",
        RespondentType.RESIDENT,
        "accept",
    ),
    (
        "Skateparken vid idrottsplatsen behöver lampor, det är mörkt redan vid fem på vintern.",
        0,
        [3],
        3,
        "Södra Exempelby",
        AgeBand.TEENS,
        "Södra Exempelby",
        RespondentType.RESIDENT,
        "accept",
    ),
    (
        "Som förälder vill jag att det finns vuxna på plats, men inte att det känns som skolan.",
        2,
        [4],
        3,
        "",
        AgeBand.MIDDLE_AGED,
        "Centrum",
        RespondentType.RESIDENT,
        "accept",
    ),
    (
        "Bussarna från landsbygden går för sällan på kvällen för att man ska kunna komma hem.",
        2,
        [0],
        2,
        "Landsbygden",
        AgeBand.TEENS,
        "Landsbygden",
        RespondentType.RESIDENT,
        "off_topic",
    ),
    (
        "Spelkvällar på biblioteket vore kul, gärna med turneringar.",
        1,
        [2],
        4,
        "",
        AgeBand.TEENS,
        "Centrum",
        RespondentType.RESIDENT,
        "",
    ),
    (
        "Vår förening kan hålla i aktiviteter om vi får låna en lokal på helgerna.",
        1,
        [1, 4],
        3,
        "Centrum",
        AgeBand.ADULTS,
        "",
        RespondentType.ASSOCIATION,
        "",
    ),
    (
        "Jag var här på besök och såg inget ställe för unga att hänga på.",
        2,
        [0],
        2,
        "",
        AgeBand.YOUNG_ADULTS,
        "",
        RespondentType.VISITOR,
        "",
    ),
    ("Köp billiga prylar på vår webbshop, klicka här!!!", 0, [], 5, "", "", "", "", "hide"),
]


def build() -> OnlineForm | None:
    """The demo's form with its answers; None when the dialogue is missing or not at execution,
    or the form is already there."""
    dialogue = Dialogue.objects.filter(title=TITLE).first()
    if dialogue is None or dialogue.state != State.EXECUTION:
        return None
    if OnlineForm.objects.filter(dialogue=dialogue).exists():
        return None
    official = dialogue.responsible_official
    today = timezone.localdate()
    areas = {area.name: area for area in Area.objects.all()}
    with transaction.atomic():
        services.save_form(
            dialogue_id=dialogue.pk,
            user=official,
            intro=(
                "Berätta var du vill träffa kompisar efter skolan och vad som ska finnas där. "
                "Du svarar anonymt, och alla frågor utom den första är frivilliga."
            ),
            view_label="Hur ska en bra mötesplats för unga vara?",
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=21),
            ask_age=True,
            ask_area=True,
            ask_respondent_type=True,
        )
        questions = []
        for kind, text, options in QUESTIONS:
            question = services.save_question(
                dialogue_id=dialogue.pk,
                user=official,
                kind=kind,
                text=text,
                low_label="Inte alls nöjd" if kind == Question.Kind.SCALE else "",
                high_label="Mycket nöjd" if kind == Question.Kind.SCALE else "",
            )
            question.option_list = [
                services.save_option(
                    dialogue_id=dialogue.pk, user=official, question_id=question.pk, text=option
                )
                for option in options
            ]
            questions.append(question)
        form = services.open_form(dialogue_id=dialogue.pk, user=official)
        single, multiple, scale, free = questions
        for view, one, many, value, answer, age, area, who, moderation in VIEWS:
            submission, _stored = services.submit(
                dialogue_id=dialogue.pk,
                token=uuid.uuid4(),
                answers=Answers(
                    text=view,
                    choices={
                        single.pk: [single.option_list[one].pk],
                        **(
                            {multiple.pk: [multiple.option_list[i].pk for i in many]}
                            if many
                            else {}
                        ),
                    },
                    scales={scale.pk: value},
                    texts={free.pk: answer} if answer else {},
                    age_band=age,
                    area_id=areas[area].pk if area in areas else None,
                    respondent_type=who,
                ),
            )
            if moderation in ("accept", "off_topic"):
                services.accept(
                    dialogue_id=dialogue.pk,
                    submission_id=submission.pk,
                    user=official,
                    off_topic=moderation == "off_topic",
                )
            elif moderation == "hide":
                services.hide(
                    dialogue_id=dialogue.pk,
                    submission_id=submission.pk,
                    user=official,
                    reason="Reklam, inte en synpunkt på dialogen.",
                )
    return form
