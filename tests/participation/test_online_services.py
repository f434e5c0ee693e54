"""The online form's services: set-up by the officials working on the dialogue, a resident's
submission stored whole or not at all and once per token, moderation into the input register."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import Conflict, PermissionRefused
from dialog.models import InputCount, InputItem, State
from participation import online_services as services
from participation import signals
from participation.models import (
    ChoiceAnswer,
    OnlineForm,
    Question,
    ScaleAnswer,
    Submission,
    TextAnswer,
)
from tests.factories import put_in_state

from .online_fixtures import VIEW, answers, build_form, make_online, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(open_dialogue):
    return make_online(open_dialogue)


# -- Set-up -------------------------------------------------------------------------------------


def test_the_official_sets_up_opens_and_closes_the_form(online):
    dialogue, form, questions = online
    assert form.status == OnlineForm.Status.OPEN and form.opened_at
    assert [q.kind for q in form.questions.all()] == ["single", "multiple", "scale", "text"]
    assert [o.text for o in questions["single"].options.all()] == [
        "Varje dag",
        "Varje vecka",
        "Sällan",
    ]
    with pytest.raises(Conflict):
        services.open_form(dialogue_id=dialogue.pk, user=dialogue.responsible_official)
    closed = services.close_form(dialogue_id=dialogue.pk, user=dialogue.responsible_official)
    assert closed.status == OnlineForm.Status.CLOSED
    assert form.history.count() >= 3  # created, opened, closed


@pytest.mark.parametrize("who", ["politician", "clerk", "other_official", "outsider"])
def test_only_the_officials_working_on_the_dialogue_set_it_up(cast, open_dialogue, who):
    with pytest.raises(PermissionRefused):
        build_form(open_dialogue, user=getattr(cast, who))
    assert not OnlineForm.objects.exists()


@pytest.mark.parametrize("state", [State.PLANNING, State.COMPILATION, State.CLOSED])
def test_the_form_is_set_up_only_at_the_execution_step(cast, dialogue, state):
    dialogue = put_in_state(dialogue, state)
    with pytest.raises(PermissionRefused):
        build_form(dialogue)


def test_dates_must_be_in_order(open_dialogue):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.save_form(
            dialogue_id=open_dialogue.pk,
            user=open_dialogue.responsible_official,
            opens_on=today,
            closes_on=today - timedelta(days=1),
        )
    assert "closes_on" in error.value.message_dict
    assert not OnlineForm.objects.exists()


def test_questions_and_options_move_and_answered_ones_stay(online):
    dialogue, form, questions = online
    user = dialogue.responsible_official
    services.move_question(
        dialogue_id=dialogue.pk, user=user, question_id=questions["text"].pk, direction="up"
    )
    assert [q.kind for q in form.questions.all()] == ["single", "multiple", "text", "scale"]
    with pytest.raises(Conflict):
        services.move_question(
            dialogue_id=dialogue.pk, user=user, question_id=questions["single"].pk, direction="up"
        )
    options = list(questions["single"].options.all())
    services.move_option(
        dialogue_id=dialogue.pk,
        user=user,
        question_id=questions["single"].pk,
        option_id=options[2].pk,
        direction="up",
    )
    assert [o.text for o in questions["single"].options.all()] == [
        "Varje dag",
        "Sällan",
        "Varje vecka",
    ]
    submit(dialogue, questions)
    with pytest.raises(Conflict):
        services.delete_question(
            dialogue_id=dialogue.pk, user=user, question_id=questions["scale"].pk
        )
    with pytest.raises(Conflict):
        services.delete_option(
            dialogue_id=dialogue.pk,
            user=user,
            question_id=questions["single"].pk,
            option_id=options[0].pk,
        )
    with pytest.raises(ValidationError):
        services.save_question(
            dialogue_id=dialogue.pk, user=user, question_id=questions["scale"].pk, kind="text"
        )
    # An option nobody chose, and a question nobody answered, can be removed.
    services.delete_option(
        dialogue_id=dialogue.pk,
        user=user,
        question_id=questions["single"].pk,
        option_id=options[1].pk,
    )
    extra = services.save_question(
        dialogue_id=dialogue.pk, user=user, kind="scale", text="Till sist?"
    )
    services.delete_question(dialogue_id=dialogue.pk, user=user, question_id=extra.pk)
    assert not Question.objects.filter(pk=extra.pk).exists()


def test_options_only_on_choice_questions(online):
    dialogue, _form, questions = online
    with pytest.raises(Conflict):
        services.save_option(
            dialogue_id=dialogue.pk,
            user=dialogue.responsible_official,
            question_id=questions["scale"].pk,
            text="Fel",
        )


# -- Submitting ---------------------------------------------------------------------------------


def test_a_submission_is_stored_with_an_answer_per_question(
    online, django_capture_on_commit_callbacks
):
    dialogue, form, questions = online
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    signals.online_view_received.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            submission = submit(dialogue, questions)
    finally:
        signals.online_view_received.disconnect(listener)
    assert submission.status == Submission.Status.PENDING and submission.text == VIEW
    assert submission.age_band == "25-44" and submission.area.name == "Centrum"
    assert ChoiceAnswer.objects.filter(submission=submission).count() == 3
    assert ScaleAnswer.objects.get(submission=submission).value == 4
    assert TextAnswer.objects.get(submission=submission).text == "Mer ljus, tack."
    assert received == [
        {
            "signal": signals.online_view_received,
            "dialogue_id": dialogue.pk,
            "submission_id": submission.pk,
        }
    ]
    assert not InputItem.objects.filter(dialogue=dialogue).exists()  # waits for moderation


def test_the_same_token_stores_one_submission(online):
    dialogue, _form, questions = online
    token = uuid.uuid4()
    first, created = services.submit(
        dialogue_id=dialogue.pk, token=token, answers=answers(questions)
    )
    again, created_again = services.submit(
        dialogue_id=dialogue.pk, token=token, answers=answers(questions, text="Andra gången")
    )
    assert created and not created_again and again.pk == first.pk
    assert Submission.objects.count() == 1 and ChoiceAnswer.objects.count() == 3


def test_background_not_asked_is_not_stored(open_dialogue):
    from .conftest import publish

    publish(open_dialogue)
    _form, questions = build_form(
        open_dialogue, ask_age=False, ask_area=False, ask_respondent_type=False
    )
    from participation.models import Area

    Area.objects.create(name="Centrum")
    submission = submit(open_dialogue, questions)
    assert (
        submission.age_band == "" and submission.area is None and submission.respondent_type == ""
    )


@pytest.mark.parametrize(
    "change",
    ["closed", "draft", "not_yet", "past", "unpublished", "compilation"],
)
def test_no_submission_unless_the_form_takes_answers(online, change):
    dialogue, form, questions = online
    user = dialogue.responsible_official
    today = timezone.localdate()
    if change == "closed":
        services.close_form(dialogue_id=dialogue.pk, user=user)
    elif change == "draft":
        OnlineForm.objects.filter(pk=form.pk).update(status=OnlineForm.Status.DRAFT)
    elif change == "not_yet":
        OnlineForm.objects.filter(pk=form.pk).update(
            opens_on=today + timedelta(days=1), closes_on=today + timedelta(days=3)
        )
    elif change == "past":
        OnlineForm.objects.filter(pk=form.pk).update(
            opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1)
        )
    elif change == "unpublished":
        from participation import services as publishing

        publishing.unpublish(dialogue_id=dialogue.pk, user=user)
    else:
        put_in_state(dialogue, State.COMPILATION)
    with pytest.raises(Conflict):
        submit(dialogue, questions)
    assert not Submission.objects.exists() and not ChoiceAnswer.objects.exists()


def test_answers_of_another_question_are_refused_whole(online):
    dialogue, _form, questions = online
    wrong = answers(questions)
    # The single-choice question answered with the multiple-choice question's option.
    wrong.choices[questions["single"].pk] = [questions["multiple"].options.first().pk]
    with pytest.raises(ValidationError):
        services.submit(dialogue_id=dialogue.pk, token=uuid.uuid4(), answers=wrong)
    two = answers(questions)
    two.choices[questions["single"].pk] = [o.pk for o in questions["single"].options.all()][:2]
    with pytest.raises(ValidationError):
        services.submit(dialogue_id=dialogue.pk, token=uuid.uuid4(), answers=two)
    scale = answers(questions, scale=6)
    with pytest.raises(ValidationError):
        services.submit(dialogue_id=dialogue.pk, token=uuid.uuid4(), answers=scale)
    assert not Submission.objects.exists()


def test_an_email_goes_to_the_subscriptions_never_to_the_answer(online):
    from participation.models import FeedbackSubscription

    dialogue, _form, questions = online
    submission, _ = services.submit(
        dialogue_id=dialogue.pk,
        token=uuid.uuid4(),
        answers=answers(questions),
        email="greta@example.se",
    )
    assert FeedbackSubscription.objects.filter(dialogue=dialogue).count() == 1
    stored = [str(v) for v in Submission.objects.filter(pk=submission.pk).values().first().values()]
    assert not any("greta@example.se" in v for v in stored)
    assert not any("greta@example.se" in str(h.__dict__) for h in submission.history.all())


def test_the_database_keeps_scale_values_within_one_to_five(online):
    dialogue, _form, questions = online
    submission = submit(dialogue, questions)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScaleAnswer.objects.create(submission=submission, question=questions["text"], value=0)


# -- Moderation ---------------------------------------------------------------------------------


def _counts(dialogue):
    return InputCount.objects.filter(dialogue=dialogue)


def test_accepting_creates_one_web_form_input_with_the_background(online):
    dialogue, _form, questions = online
    submission = submit(dialogue, questions)
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.now() - timedelta(days=2)
    )
    user = dialogue.responsible_official
    accepted = services.accept(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user)
    item = accepted.input_item
    assert accepted.status == Submission.Status.ACCEPTED and accepted.moderated_by == user
    assert item.source == InputItem.Source.WEB_FORM and item.created_by is None
    assert item.within_purpose and item.age_band == "25-44" and item.area == "Centrum"
    assert item.received_on == timezone.localdate() - timedelta(days=2)
    assert VIEW in item.text and "Något mer?\nMer ljus, tack." in item.text
    assert item.history.first().history_user == user
    with pytest.raises(Conflict):
        services.accept(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user)
    with pytest.raises(Conflict):
        services.hide(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user, reason="x")
    assert InputItem.objects.filter(dialogue=dialogue).count() == 1


def test_off_topic_is_an_input_outside_the_purpose(online):
    dialogue, _form, questions = online
    submission = submit(dialogue, questions, text="Sänk skatten!")
    accepted = services.accept(
        dialogue_id=dialogue.pk,
        submission_id=submission.pk,
        user=dialogue.responsible_official,
        off_topic=True,
    )
    assert accepted.status == Submission.Status.OFF_TOPIC
    assert accepted.input_item.within_purpose is False


def test_the_input_counts_include_accepted_views(online):
    from dialog import selectors_counts

    dialogue, _form, questions = online
    for _ in range(3):
        submit(dialogue, questions)
    first, second, third = Submission.objects.all()
    user = dialogue.responsible_official
    services.accept(dialogue_id=dialogue.pk, submission_id=first.pk, user=user)
    services.accept(dialogue_id=dialogue.pk, submission_id=second.pk, user=user, off_topic=True)
    services.hide(dialogue_id=dialogue.pk, submission_id=third.pk, user=user, reason="Reklam")
    totals = selectors_counts.totals(dialogue)
    assert (totals.total, totals.within, totals.off_topic) == (2, 1, 1)


def test_hiding_keeps_the_view_and_its_reason_in_the_history(online):
    dialogue, _form, questions = online
    submission = submit(dialogue, questions)
    user = dialogue.responsible_official
    with pytest.raises(ValidationError):
        services.hide(dialogue_id=dialogue.pk, submission_id=submission.pk, user=user, reason=" ")
    hidden = services.hide(
        dialogue_id=dialogue.pk, submission_id=submission.pk, user=user, reason="Namnger en granne."
    )
    assert hidden.status == Submission.Status.HIDDEN and hidden.input_item is None
    latest = hidden.history.first()
    assert latest.hidden_reason == "Namnger en granne." and latest.history_user == user
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert not InputItem.objects.filter(dialogue=dialogue).exists()


@pytest.mark.parametrize("who", ["politician", "clerk", "other_official", "outsider"])
def test_only_the_officials_working_on_the_dialogue_moderate(cast, online, who):
    dialogue, _form, questions = online
    submission = submit(dialogue, questions)
    with pytest.raises(PermissionRefused):
        services.accept(
            dialogue_id=dialogue.pk, submission_id=submission.pk, user=getattr(cast, who)
        )
    assert Submission.objects.get().status == Submission.Status.PENDING


def test_moderation_goes_on_at_the_compilation_step_not_after(online):
    dialogue, _form, questions = online
    first, second = submit(dialogue, questions), submit(dialogue, questions)
    user = dialogue.responsible_official
    put_in_state(dialogue, State.COMPILATION)
    services.accept(dialogue_id=dialogue.pk, submission_id=first.pk, user=user)
    put_in_state(dialogue, State.FEEDBACK)
    with pytest.raises(PermissionRefused):
        services.accept(dialogue_id=dialogue.pk, submission_id=second.pk, user=user)


def test_a_submission_of_another_dialogue_is_refused(cast, online):
    from tests.factories import make_dialogue

    dialogue, _form, questions = online
    submission = submit(dialogue, questions)
    other = put_in_state(make_dialogue(cast, title="Annan"), State.EXECUTION)
    with pytest.raises(Conflict):
        services.accept(
            dialogue_id=other.pk, submission_id=submission.pk, user=other.responsible_official
        )


def test_the_database_ties_acceptance_to_an_input(online):
    dialogue, _form, questions = online
    submission = submit(dialogue, questions)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.HIDDEN)
