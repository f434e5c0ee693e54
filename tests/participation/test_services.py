import pytest
from django.core.exceptions import ValidationError

from core.errors import ConditionsUnmet, Conflict, PermissionRefused
from dialog.models import State
from participation import services
from participation.models import PublicationEvent, PublicDialogue
from tests.factories import put_in_state

from .conftest import CANNOT, SUMMARY, publish


def test_publish_records_who_and_when_in_the_page_its_events_and_history(cast, open_dialogue):
    page = publish(open_dialogue)
    page.refresh_from_db()
    assert page.is_published
    assert page.published_by == cast.official and page.published_at is not None
    event = PublicationEvent.objects.get()
    assert (event.action, event.by, event.at) == ("published", cast.official, page.published_at)
    assert page.history.first().history_user == cast.official
    assert page.history.first().is_published


def test_unpublish_keeps_the_texts_and_records_who(cast, open_dialogue):
    publish(open_dialogue)
    page = services.unpublish(dialogue_id=open_dialogue.pk, user=cast.clerk)
    page.refresh_from_db()
    assert not page.is_published
    assert page.unpublished_by == cast.clerk and page.summary == SUMMARY
    assert list(PublicationEvent.objects.values_list("action", flat=True)) == [
        "published",
        "unpublished",
    ]


def test_publishing_twice_is_a_conflict(open_dialogue):
    publish(open_dialogue)
    with pytest.raises(Conflict):
        services.publish(dialogue_id=open_dialogue.pk, user=open_dialogue.responsible_official)
    assert PublicationEvent.objects.count() == 1


def test_unpublishing_an_unpublished_page_is_a_conflict(open_dialogue):
    with pytest.raises(Conflict):
        services.unpublish(dialogue_id=open_dialogue.pk, user=open_dialogue.responsible_official)


def test_publish_refused_without_the_texts(open_dialogue):
    with pytest.raises(ConditionsUnmet) as refused:
        services.publish(dialogue_id=open_dialogue.pk, user=open_dialogue.responsible_official)
    assert "en sammanfattning på lätt svenska" in refused.value.reasons
    assert not PublicDialogue.objects.filter(is_published=True).exists()


@pytest.mark.parametrize("state", [State.INITIATIVE, State.MANDATE_DECISION, State.CANCELLED])
def test_publish_refused_before_the_mandate_or_after_an_end(dialogue, state):
    dialogue = put_in_state(dialogue, state)
    with pytest.raises(ConditionsUnmet):
        publish(dialogue)
    assert not PublicationEvent.objects.exists()


def test_a_politician_may_not_publish(cast, open_dialogue):
    with pytest.raises(PermissionRefused) as refused:
        publish(open_dialogue, user=cast.politician)
    assert "nämndsekreterare" in str(refused.value)
    assert not PublicDialogue.objects.exists()


def test_details_are_saved_with_areas_and_topics(cast, open_dialogue, area, topic):
    page = services.update_details(
        dialogue_id=open_dialogue.pk,
        user=cast.clerk,
        summary="  Kort.  ",
        cannot_influence=CANNOT,
        areas=[area],
        topics=[topic],
    )
    assert page.summary == "Kort."
    assert list(page.areas.all()) == [area] and list(page.topics.all()) == [topic]


def test_a_published_page_cannot_lose_its_summary(open_dialogue):
    publish(open_dialogue)
    with pytest.raises(ValidationError) as error:
        services.update_details(
            dialogue_id=open_dialogue.pk,
            user=open_dialogue.responsible_official,
            summary="",
            cannot_influence=CANNOT,
        )
    assert "summary" in error.value.error_dict
    assert PublicDialogue.objects.get().summary == SUMMARY


def test_overlong_text_is_a_field_error_and_nothing_is_saved(open_dialogue):
    with pytest.raises(ValidationError) as error:
        services.update_details(
            dialogue_id=open_dialogue.pk,
            user=open_dialogue.responsible_official,
            summary="x" * 2001,
            cannot_influence=CANNOT,
        )
    assert "summary" in error.value.error_dict
    assert not PublicDialogue.objects.filter(summary__startswith="x").exists()
