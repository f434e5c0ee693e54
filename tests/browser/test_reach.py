"""The official records who came to a held activity in Chromium (issue 16): from the dialogue
page's reach panel, one number per target group, a bad number answered at its field, then the
panel shows the group reached."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dialog.models import Activity, ActivityReach, State
from tests.factories import Cast, add_activity, make_dialogue, put_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_who_came_to_a_held_activity(page, login):
    cast = Cast()
    dialogue = put_in_state(make_dialogue(cast), State.EXECUTION)
    activity = add_activity(
        dialogue,
        title="Dialogcafé på biblioteket",
        starts_at=timezone.now() - timedelta(days=1),
        status=Activity.Status.HELD,
    )
    login(cast.official)
    page.goto(dialogue.get_absolute_url())
    page.locator(f"#held-activity-{activity.pk} .record-reach-link").click()
    page.wait_for_load_state("load")
    fields = page.locator("#reach-form input[type=number]")
    for i in range(fields.count()):
        fields.nth(i).fill("0")
    young = dialogue.target_groups.get(group="children_young")
    page.locator(f"input[name=group_{young.pk}]").fill("-2")
    page.locator("#reach-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".error-summary").is_visible()
    assert not ActivityReach.objects.exists()
    page.locator(f"input[name=group_{young.pk}]").fill("12")
    page.locator("#reach-form button[type=submit]").click()
    page.wait_for_load_state("load")
    row = page.locator("#reach-groups tr[data-group=children_young]")
    assert row.get_attribute("class") == "reach--reached"
    assert ActivityReach.objects.get(target_group=young).participants == 12
