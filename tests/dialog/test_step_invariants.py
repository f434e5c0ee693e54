"""Invariants the database holds for every writer (migration 0010), besides the models' and
services' friendlier checks."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dialog.models import DecisionPoint, Forwarding, InputItem, PlannedDecisionPoint
from tests.factories import add_activity


def test_a_decision_point_is_planned_once_per_dialogue(dialogue):
    PlannedDecisionPoint.objects.create(
        dialogue=dialogue, point=DecisionPoint.FINAL, planned_on=date(2030, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedDecisionPoint.objects.create(
            dialogue=dialogue, point=DecisionPoint.FINAL, planned_on=date(2030, 2, 1)
        )
    # Other decision points, named by a label only, may repeat.
    for _n in range(2):
        PlannedDecisionPoint.objects.create(
            dialogue=dialogue, label="Samråd", planned_on=date(2030, 3, 1)
        )


def test_an_activity_cannot_end_before_it_starts(dialogue):
    activity = add_activity(dialogue)
    activity.ends_at = activity.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


def test_a_forwarding_to_a_body_names_the_body(cast, dialogue):
    item = InputItem.objects.create(
        dialogue=dialogue,
        text="Om något annat",
        source=InputItem.Source.LETTER,
        received_on=timezone.localdate(),
        within_purpose=False,
        created_by=cast.official,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Forwarding.objects.create(
            input_item=item, forwarded_to=Forwarding.Target.BODY, by=cast.official
        )
