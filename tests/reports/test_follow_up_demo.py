"""The demo shows a follow-up of the current year with a comparison to the last (issue 16)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from dialog.demo.follow_up import LAST_YEAR_TITLE, SPANNING_TITLE
from dialog.models import Dialogue, State
from reports.selectors.follow_up import figures
from reports.selectors.periods import Period

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_last_year_to_compare_with(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", force=True, stdout=StringIO())
    year = timezone.localdate().year
    last = figures(Period("year", year - 1), None)
    assert last["started"] >= 2 and last["finished"] >= 1
    assert last["views"] > 0 and last["decisions"] >= 1 and last["evaluations"] >= 1
    now = figures(Period("year", year), None)
    assert now["running"] > last["running"] and now["views"] > 0
    cycle = Dialogue.objects.get(title=LAST_YEAR_TITLE)
    assert cycle.state == State.CLOSED and cycle.created_at.year == year - 1
    spanning = Dialogue.objects.get(title=SPANNING_TITLE)
    assert spanning.created_at.year == year - 1
    assert spanning.pk in {row["pk"] for row in now["rows"]}
    # Loading again changes nothing.
    call_command("load_demo", force=True, stdout=StringIO())
    assert Dialogue.objects.filter(title__in=[LAST_YEAR_TITLE, SPANNING_TITLE]).count() == 2
