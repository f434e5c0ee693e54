"""The history page (issue 15): who changed which field of the dialogue and its steps' records,
from what to what, when; filtered by step and person, paginated, with the timeline on request;
for those who may view the dialogue; as many queries for a long history as for a short one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dialog import history_selectors
from dialog.models import Activity, AgeBand, Dialogue, InputItem, State, TransitionLog
from tests.factories import add_activity, add_inputs, put_in_state
from tests.helpers import login, parse, run

pytestmark = pytest.mark.django_db


def label(model, name) -> str:
    """A field's label as the page shows it (the interface is Swedish in the tests)."""
    return capfirst(str(model._meta.get_field(name).verbose_name))


def edit(obj, user, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def page(client, dialogue, **params):
    response = client.get(reverse("dialog:history", args=[dialogue.pk]), params)
    return response, parse(response.content.decode())


def rows(soup) -> list[dict]:
    """Each entry: who, and its changes as {field: (before, after) or diff text}."""
    found = []
    for li in soup.select("#history > li"):
        changes = {}
        for tr in li.select("table.history__changes tbody tr"):
            cells = [td.get_text(strip=True) for td in tr.select("td")]
            label = tr.th.get_text(strip=True)
            changes[label] = cells[0] if len(cells) == 1 else tuple(cells)
        found.append(
            {
                "who": li.select_one(".history__who").get_text(strip=True),
                "what": li.select_one(".history__what").get_text(" ", strip=True),
                "changes": changes,
                "classes": li["class"],
            }
        )
    return found


@pytest.fixture
def executing(cast, dialogue):
    return put_in_state(dialogue, State.EXECUTION)


def test_the_page_shows_who_changed_which_field_from_what_to_what(client, cast, executing):
    activity = add_activity(executing, title="Trygghetsvandring")
    (item,) = add_inputs(executing, 1, by=cast.official)
    edit(item, cast.official, area="Söder", age_band="80+")
    edit(item, cast.other_official, within_purpose=False, activity=activity)
    edit(executing, cast.clerk, title="Trygghet i hela Storgatan")
    response, soup = page(login(client, cast.official), executing)
    assert response.status_code == 200
    entries = rows(soup)
    # Newest first.
    dialogue_change, moved, corrected = entries[0], entries[1], entries[2]
    assert dialogue_change["who"] == cast.clerk.get_full_name()
    assert dialogue_change["changes"][label(Dialogue, "title")][1] == "Trygghet i hela Storgatan"
    assert cast.other_official.first_name in moved["who"]
    # Readable labels (verbose_name), booleans as yes/no, a foreign key by its str.
    assert moved["changes"][label(InputItem, "within_purpose")] == (_("Yes"), _("No"))
    assert moved["changes"][label(InputItem, "activity")] == ("–", "Trygghetsvandring")
    assert cast.official.first_name in corrected["who"]
    # Choices by their display name.
    assert corrected["changes"][label(InputItem, "age_band")][1] == str(AgeBand.OLDEST.label)
    assert corrected["changes"][label(InputItem, "area")] == ("Centrum", "Söder")


def test_a_long_text_is_a_marked_diff_and_escaped(client, cast, executing):
    (item,) = add_inputs(executing, 1, text="Det behövs mer belysning vid busstationen " * 3)
    edit(
        item,
        cast.official,
        text="Det behövs <b>mycket</b> mer belysning vid busstationen " * 3,
    )
    _response, soup = page(login(client, cast.official), executing)
    diff = soup.select_one("#history > li .history__diff")
    assert diff is not None
    assert [ins.get_text() for ins in diff.select("ins")][0].strip() == "<b>mycket</b>"
    assert diff.select("b") == []  # what was typed is text, never markup
    assert "mycket" not in "".join(d.get_text() for d in diff.select("del"))


def test_filtered_by_person_and_by_step(client, cast, executing):
    (item,) = add_inputs(executing, 1)
    edit(item, cast.other_official, area="Norr")
    add_activity(executing, title="Öppet hus")
    login(client, cast.official)
    _r, soup = page(client, executing, person=cast.other_official.pk)
    assert {r["who"] for r in rows(soup)} == {cast.other_official.get_full_name()}
    _r, soup = page(client, executing, step=State.PLANNING)
    whats = [r["what"] for r in rows(soup)]
    activity = capfirst(str(Activity._meta.verbose_name))
    assert whats and all(w.startswith(activity) for w in whats)
    # An unknown step or person: said on the form (400), never a crash.
    response, soup = page(client, executing, step="nonsense", person="x")
    assert response.status_code == 400
    assert soup.select(".field--error")


def test_the_timeline_joins_the_field_history_on_request(client, cast, dialogue):
    edit(dialogue, cast.official, background="Nytt underlag")
    run(dialogue, "submit_for_mandate", cast.official, comment="Till nämnden")
    assert TransitionLog.objects.filter(dialogue=dialogue).exists()
    login(client, cast.official)
    _r, soup = page(client, dialogue)
    assert not soup.select(".history__entry--timeline")
    _r, soup = page(client, dialogue, with_timeline=1)
    timeline = soup.select(".history__entry--timeline")
    assert len(timeline) == 1
    assert "Till nämnden" in timeline[0].get_text()
    # One chronological list: the transition (later) above the field change (earlier).
    entries = soup.select("#history > li")
    assert "history__entry--timeline" in entries[0]["class"]


def test_withdrawn_records_are_marked_on_the_history_page(client, cast, executing):
    from dialog import services

    (item,) = add_inputs(executing, 1, text="Skrevs in två gånger")
    services.delete_input(
        dialogue_id=executing.pk, user=cast.official, item_id=item.pk, reason="Dubblett"
    )
    login(client, cast.official)
    _r, soup = page(client, executing)
    withdrawn = soup.select(".history__entry--withdrawn")
    assert len(withdrawn) == 1
    assert "Dubblett" in withdrawn[0].get_text()
    # The record's own history, withdrawn or not.
    url = reverse("dialog:record_history", args=[executing.pk, "input", item.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert len(parse(response.content.decode()).select("#history > li")) == 2
    missing = reverse("dialog:record_history", args=[executing.pk, "input", item.pk + 999])
    assert client.get(missing).status_code == 404
    assert (
        client.get(reverse("dialog:record_history", args=[executing.pk, "x", 1])).status_code == 404
    )


def test_only_those_who_may_view_the_dialogue_see_its_history(client, cast, dialogue):
    url = reverse("dialog:history", args=[dialogue.pk])
    assert client.get(url).status_code == 302  # to the log-in
    login(client, cast.outsider)
    assert client.get(url).status_code == 403
    login(client, cast.official)
    assert client.get(url).status_code == 200


def test_the_dialogue_page_links_to_its_history(client, cast, dialogue):
    login(client, cast.official)
    soup = parse(client.get(dialogue.get_absolute_url()).content.decode())
    assert soup.select_one("#history-link")["href"] == reverse("dialog:history", args=[dialogue.pk])


def _queries(client, dialogue, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response, _soup = page(client, dialogue, **params)
    assert response.status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_the_history(client, cast, executing):
    """The page reads each history table on it once (with the rows before, the many-to-many
    snapshots and the labels), however many rows it shows: the same queries for a page of 6
    inputs' rows as for a full page of 50, and a bound on any page."""
    login(client, cast.official)
    activity = add_activity(executing, title="Möte")
    activity.politicians.set([cast.politician])

    def burst(n):
        for item in add_inputs(executing, n, activity=activity):
            edit(item, cast.official, area="Norr")
            edit(item, cast.other_official, area="Söder")
        edit(activity, cast.official, place=f"Plats {n}")

    burst(2)
    few = _queries(client, executing, step=State.EXECUTION)
    burst(30)  # more than a page
    many = _queries(client, executing, step=State.EXECUTION)
    assert many == few
    # Every kind of record on one page: at most four queries a history table, and the rest.
    bound = 4 * len(history_selectors.SOURCES) + 20
    assert _queries(client, executing, with_timeline=1) <= bound
    soup = page(client, executing)[1]
    assert len(soup.select("#history > li")) == history_selectors.PER_PAGE
    assert soup.select_one("#history-pages a[rel=next]") is not None


def test_many_to_many_changes_are_shown(client, cast, executing):
    activity = add_activity(executing, title="Möte")
    activity._history_user = cast.official
    activity.politicians.set([cast.politician])
    login(client, cast.official)
    _r, soup = page(client, executing)
    changed = rows(soup)[0]["changes"]
    assert changed[label(Activity, "politicians")] == ("–", cast.politician.get_full_name())
    assert Activity.objects.count() == 1
    assert InputItem.objects.count() == 0


def test_the_demo_shows_changes_by_three_people(client, demo):
    from django.contrib.auth import get_user_model

    from dialog.demo import history as demo_history

    dialogue = Dialogue.objects.get(title=demo_history.TITLE)
    login(client, dialogue.responsible_official)
    response, _soup = page(client, dialogue)
    assert response.status_code == 200
    people = get_user_model().objects.filter(
        username__in=[demo_history.OFFICIAL, demo_history.EXPERT, demo_history.CLERK]
    )
    assert len(people) == 3
    for person in people:
        _r, theirs = page(client, dialogue, person=person.pk)
        found = rows(theirs)
        assert found and {r["who"] for r in found} == {person.get_full_name()}
        assert any(r["changes"] for r in found)
    # The withdrawn copy: marked on the history page, out of the dialogue's register.
    _r, execution = page(client, dialogue, step=State.EXECUTION)
    withdrawn = execution.select(".history__entry--withdrawn")
    assert withdrawn and demo_history.DUPLICATE_REASON in withdrawn[0].get_text()
    assert dialogue.inputs.filter(text=demo_history.LETTER).count() == 1


def test_reach_and_activity_evaluations_are_in_the_history(client, cast, executing):
    """Issue 16's records of a held activity are part of the case file's history (issue 15)."""
    from datetime import timedelta

    from django.utils import timezone

    from dialog import services
    from dialog.models import ActivityEvaluation, ActivityReach, TargetGroup

    group = TargetGroup.objects.filter(dialogue=executing, included=True).first()
    assert group is not None
    activity = add_activity(
        executing,
        title="Dialogcafé",
        starts_at=timezone.now() - timedelta(days=2),
        status=Activity.Status.HELD,
    )
    services.record_reach(
        dialogue_id=executing.pk,
        user=cast.official,
        activity_id=activity.pk,
        counts={group.pk: 12},
    )
    services.save_activity_evaluation(
        dialogue_id=executing.pk,
        user=cast.official,
        activity_id=activity.pk,
        data={"what_worked": "Små bord gav samtal."},
    )
    login(client, cast.official)
    _r, soup = page(client, executing, step=State.EXECUTION)
    changes = {}
    for row in rows(soup):
        changes.update(row["changes"])
    assert changes[label(ActivityReach, "participants")] == ("–", "12")
    assert label(ActivityEvaluation, "what_worked") in changes
