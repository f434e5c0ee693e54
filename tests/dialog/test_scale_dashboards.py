"""The dashboards and the dialogue list at national scale (issue 11): the dialogues per state
kept by triggers on PostgreSQL (migration 0018), the list's count read from them and its page
of rows joined after the OFFSET, the body filter as a search field, and the dashboard's reads
served by indexes rather than a scan of every dialogue."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialog.models import Dialogue, State
from dialog.selectors import dialogue_total, state_counts, state_totals
from roles.models import Body, Membership
from tests.factories import make_body, make_member, make_profile
from tests.helpers import element, html, login, texts

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger-kept counts are PostgreSQL's"
)


def counted() -> dict[str, int]:
    rows = Dialogue.objects.order_by().values_list("state").distinct()
    return {state: Dialogue.objects.filter(state=state).count() for (state,) in rows}


def bulk(cast, n, state=State.INITIATIVE, *, body=None, label="Mass", **extra) -> list[int]:
    made = Dialogue.objects.bulk_create(
        Dialogue(
            title=f"{label} {i}",
            body=body or cast.body,
            responsible_official=cast.official,
            initiated_by=cast.official,
            **extra,
        )
        for i in range(n)
    )
    pks = [d.pk for d in made]
    if state != State.INITIATIVE:
        Dialogue.objects.filter(pk__in=pks).update(state=state)
    return pks


def rows(response) -> list[str]:
    return texts(html(response), '#results th[scope="row"] > a[href]')


# -- The dialogues per state ------------------------------------------------------------------


def test_state_totals_follow_every_kind_of_write(cast):
    """Created one by one or in bulk, moved between states one by one or by a queryset
    update, deleted: the totals are always the dialogues' own count (on PostgreSQL read from
    the triggers' table, elsewhere counted)."""
    [single] = bulk(cast, 1, label="En")
    pks = bulk(cast, 7)
    assert state_totals() == counted() == {State.INITIATIVE: 8}
    Dialogue.objects.filter(pk__in=pks[:3]).update(state=State.PLANNING)
    Dialogue.objects.filter(pk=pks[3]).update(state=State.CANCELLED)
    Dialogue.objects.filter(pk__in=pks[4:]).update(title="Samma tillstånd")  # no state moved
    assert state_totals() == counted() == {"initiative": 4, "planning": 3, "cancelled": 1}
    Dialogue.objects.filter(pk=pks[0]).delete()
    Dialogue.objects.filter(pk=single).delete()
    assert state_totals() == counted() == {"initiative": 3, "planning": 2, "cancelled": 1}
    assert dialogue_total() == 6
    assert dialogue_total(state=State.PLANNING) == 2
    assert dialogue_total(state=State.CLOSED) == 0
    by_state = {state: n for state, _label, n in state_counts()}
    assert by_state[State.PLANNING] == 2 and by_state[State.CLOSED] == 0
    assert len(by_state) == len(State)


@postgres_only
@pytest.mark.postgres
def test_state_totals_are_one_read_of_the_triggers_table_not_a_count(cast):
    bulk(cast, 5)
    with CaptureQueriesContext(connection) as queries:
        assert state_totals() == {State.INITIATIVE: 5}
    assert len(queries) == 1
    assert "dialog_statecount" in queries[0]["sql"]
    assert "dialog_dialogue" not in queries[0]["sql"]


@postgres_only
@pytest.mark.postgres
def test_a_truncated_dialogue_table_leaves_no_counts(cast):
    bulk(cast, 3)
    with connection.cursor() as cursor:
        # As Django's flush does between transactional tests (every dependent table too); the
        # deferred foreign-key checks first, as a flush has none pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE dialog_dialogue CASCADE")
    assert state_totals() == {}


# -- The dialogue list --------------------------------------------------------------------------


def list_page(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dialog:list"), params or {})
    assert response.status_code == 200
    return response, [q["sql"] for q in queries]


@postgres_only
@pytest.mark.postgres
def test_the_lists_number_of_dialogues_is_not_counted_unfiltered_or_by_state(client, cast):
    bulk(cast, 12)
    bulk(cast, 5, State.PLANNING)
    login(client, cast.official)
    for params, total in [({}, 17), ({"state": "planning"}, 5), ({"state": "", "q": ""}, 17)]:
        response, sql = list_page(client, params)
        assert f"{total} dialoger" in element(html(response), ".results-count").get_text()
        assert not [q for q in sql if "COUNT(" in q.upper() and "dialog_dialogue" in q], params
    # Any other filter is counted in the database as before.
    response, sql = list_page(client, {"q": "Mass 1"})
    assert "4 dialoger" in element(html(response), ".results-count").get_text()  # 1, 10, 11, 12
    assert any("COUNT(" in q.upper() for q in sql)


def test_a_deep_page_joins_only_its_own_rows(client, cast, settings):
    """The OFFSET is taken over the dialogues' ids alone; the body and the official are joined
    for the page's rows only (joined first, every skipped row was joined too)."""
    settings.DIALOGUES_PER_PAGE = 5
    bulk(cast, 23)
    login(client, cast.official)
    response, sql = list_page(client, {"page": 3})
    newest_first = list(
        Dialogue.objects.order_by("-created_at", "-pk").values_list("title", flat=True)
    )
    assert rows(response) == newest_first[10:15]
    assert "Sida 3 av 5" in html(response)
    [paged] = [q for q in sql if "OFFSET" in q.upper()]
    assert "(SELECT" in paged.upper()  # the page's ids, in a subquery ...
    ids = paged[paged.upper().rindex("(SELECT") :]
    assert "JOIN" not in ids.upper()  # ... taken without joins
    assert "roles_body" in paged  # the outer query joins, for those ids only


def test_the_body_filter_is_a_search_by_name_abbreviation_or_id(client, cast):
    culture = make_body("KFN", "Kultur- och fritidsnämnden", kind=Body.Kind.COMMITTEE)
    bulk(cast, 1, label="I styrelsen")
    bulk(cast, 1, body=culture, label="I kulturnämnden")
    bulk(cast, 1, body=cast.other_body, label="I andra nämnden")
    login(client, cast.official)
    for value, expected in [
        ("fritid", ["I kulturnämnden 0"]),
        ("kfn", ["I kulturnämnden 0"]),
        ("  KFN ", ["I kulturnämnden 0"]),
        (str(cast.other_body.pk), ["I andra nämnden 0"]),
        ("organ", ["I styrelsen 0", "I andra nämnden 0"]),
        ("finns inte", []),
    ]:
        response, _sql = list_page(client, {"body": value})
        assert sorted(rows(response)) == sorted(expected), value
    page = html(client.get(reverse("dialog:list")))
    field = element(page, "#id_body")
    assert field.name == "input" and field["type"] == "text"


def test_the_filter_form_does_not_grow_with_the_bodies(client, cast):
    """No list of every body: a national service has hundreds of committees."""
    login(client, cast.official)
    few = len(client.get(reverse("dialog:list")).content)
    Body.objects.bulk_create(
        Body(code=f"N{i}", name=f"Nämnd nummer {i}", kind=Body.Kind.COMMITTEE) for i in range(200)
    )
    many = len(client.get(reverse("dialog:list")).content)
    assert many == few


# -- The dashboards' reads on PostgreSQL -------------------------------------------------------


def dialogue_rows_read(sql: str, params) -> int:
    """How many rows of dialog_dialogue the plan reads (kept and filtered out), with sequential
    scans, hash joins and merge joins made the last resort: a query that can use an index then
    shows it. (At a few hundred rows the planner may otherwise hash a whole-table read of the
    primary key against a handful of ids, a seq scan in disguise, where at national scale it
    looks each id up.)"""

    def walk(node):
        own = 0
        if node.get("Relation Name") == "dialog_dialogue":
            loops = node.get("Actual Loops", 1)
            own = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
            own += node.get("Rows Removed by Index Recheck", 0)
        return own + sum(walk(child) for child in node.get("Plans", []))

    with connection.cursor() as cursor:
        last_resorts = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")
        for setting in last_resorts:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        for setting in last_resorts:
            cursor.execute(f"SET LOCAL {setting} = on")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return walk(plan[0]["Plan"])


@postgres_only
@pytest.mark.postgres
@pytest.mark.parametrize("role", ["official", "politician", "clerk"])
def test_the_dashboards_read_the_users_dialogues_not_all(client, cast, role):
    """Beside 300 dialogues of other bodies and officials at every decision point, under
    profiles where the executive board or any political body decides the mandate and the
    presidium the launch, no dashboard query reads more than a few dozen dialogues: each way
    of being concerned (responsible, assigned, deciding body, presidium) is a condition on the
    dialogue's own indexed columns."""
    make_profile("ks", mandate_decided_by="executive_board")
    make_profile("alla", mandate_decided_by="any_political_body", launch_decided_by="presidium")
    elsewhere = make_body("SKN", "Skalnämnden", kind=Body.Kind.COMMITTEE)
    make_body("SKNP", "Skalnämndens presidium", kind=Body.Kind.PRESIDIUM, parent=elsewhere)
    stranger = make_member(elsewhere, Membership.Role.OFFICIAL, first_name="Sven")
    for state in (State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION):
        pks = bulk(cast, 100, state, body=elsewhere, label=f"Annan {state}")
        Dialogue.objects.filter(pk__in=pks).update(
            responsible_official=stranger, initiated_by=stranger
        )
    # A dialogue at a decision point is registered (every decision point needs the case
    # number), so the others' dialogues carry one, as they would at national scale.
    others = list(Dialogue.objects.filter(body=elsewhere).order_by("pk"))
    for number, other in enumerate(others, start=1):
        other.case_number = f"SKN 2026/{number}"
    Dialogue.objects.bulk_update(others, ["case_number"])
    for state in (State.INITIATIVE, State.MANDATE_DECISION, State.LAUNCH_DECISION):
        bulk(cast, 3, state, label=f"Egen {state}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dialog_dialogue")
    login(client, getattr(cast, role))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dialog:dashboard"))
    assert response.status_code == 200
    reads = [q for q in queries.captured_queries if "dialog_dialogue" in q["sql"]]
    assert reads
    for query in reads:
        assert dialogue_rows_read(query["sql"], None) < 60, query["sql"]
