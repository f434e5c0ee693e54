"""A resident leaves an address for the feedback: normalised, validated, once per dialogue."""

import pytest
from django.core.exceptions import ValidationError

from dialog.models import Dialogue
from participation.models import FeedbackSubscription
from participation.subscriptions import normalise_email, subscribe_for_feedback


def test_an_address_is_kept_normalised(dialogue):
    subscribe_for_feedback(dialogue_id=dialogue.pk, email="  Anna.Berg@Exempel.SE \n")

    sub = FeedbackSubscription.objects.get()
    assert sub.email == "Anna.Berg@exempel.se"  # the local part as typed, the domain lower
    assert sub.dialogue_id == dialogue.pk
    assert sub.sent_at is None


def test_a_second_call_is_a_no_op_also_in_another_case(dialogue):
    subscribe_for_feedback(dialogue_id=dialogue.pk, email="anna@exempel.se")
    subscribe_for_feedback(dialogue_id=dialogue.pk, email="anna@exempel.se")
    subscribe_for_feedback(dialogue_id=dialogue.pk, email="ANNA@EXEMPEL.SE")

    assert FeedbackSubscription.objects.count() == 1


def test_the_same_address_may_follow_two_dialogues(cast, dialogue):
    from tests.factories import make_dialogue

    other = make_dialogue(cast)
    subscribe_for_feedback(dialogue_id=dialogue.pk, email="anna@exempel.se")
    subscribe_for_feedback(dialogue_id=other.pk, email="anna@exempel.se")

    assert FeedbackSubscription.objects.count() == 2


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "anna",
        "anna@",
        "@exempel.se",
        "anna@@exempel.se",
        "anna@exempel",
        "a" * 250 + "@exempel.se",
        "anna@exempel.se<script>",
        "anna@exempel.se, bo@exempel.se",
    ],
)
def test_a_bad_address_is_refused_with_a_message_and_nothing_stored(dialogue, bad):
    with pytest.raises(ValidationError) as refused:
        subscribe_for_feedback(dialogue_id=dialogue.pk, email=bad)

    assert refused.value.code == "invalid_email"
    assert "e-post" in refused.value.messages[0] or "e-mail" in refused.value.messages[0]
    assert not FeedbackSubscription.objects.exists()


def test_an_unknown_dialogue_is_refused(db):
    with pytest.raises(Dialogue.DoesNotExist):
        subscribe_for_feedback(dialogue_id=987654, email="anna@exempel.se")


def test_arguments_are_keyword_only(dialogue):
    with pytest.raises(TypeError):
        subscribe_for_feedback(dialogue.pk, "anna@exempel.se")  # type: ignore[misc]


def test_normalise_removes_every_space():
    assert normalise_email(" anna .berg@Exempel .se ") == "anna.berg@exempel.se"
