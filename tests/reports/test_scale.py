"""The decision basis and the dialogue report at scale: built once, counted by the database."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialog.models import AgeBand, DecisionPoint, Gender, InputItem
from reports import rendering, selectors, services
from reports.models import Report
from reports.selectors import dialogue_for_reports

pytestmark = pytest.mark.django_db

AGES = [AgeBand.TEENS, AgeBand.ADULTS, AgeBand.OLDER, ""]
GENDERS = [Gender.WOMAN, Gender.MAN, ""]


def add_views(dialogue, n, user):
    """n more views, spread over ages, genders, areas, sources and every theme (bulk inserts)."""
    themes = list(dialogue.themes.all())
    activity = dialogue.activities.all()[0]
    items = InputItem.objects.bulk_create(
        InputItem(
            dialogue=dialogue,
            text=f"Synpunkt {i}",
            source=InputItem.Source.WEB_FORM if i % 3 else InputItem.Source.ACTIVITY,
            activity=activity if i % 5 == 0 else None,
            received_on=date(2025, 4, 1 + i % 28),
            age_band=AGES[i % len(AGES)],
            gender=GENDERS[i % len(GENDERS)],
            area=f"Område {i % 7}",
            within_purpose=i % 11 != 0,
            created_by=user,
        )
        for i in range(n)
    )
    Tag = InputItem.themes.through
    Tag.objects.bulk_create(
        Tag(inputitem_id=item.pk, theme_id=themes[i % len(themes)].pk)
        for i, item in enumerate(items)
        if item.within_purpose
    )


def build(kind, dialogue):
    if kind == "basis":
        return selectors.decision_basis(dialogue, DecisionPoint.FINAL)
    return selectors.dialogue_report(dialogue)


def queries_to_build(kind, dialogue_id) -> list[str]:
    dialogue = dialogue_for_reports(dialogue_id)
    with CaptureQueriesContext(connection) as captured:
        document = build(kind, dialogue)
        assert document.missing == []
        rendering.render_html(document)
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("kind", ["basis", "report"])
def test_the_queries_to_build_a_document_do_not_grow_with_the_views(cast, full, kind):
    dialogue, _extra = full
    add_views(dialogue, 10, cast.official)
    small = queries_to_build(kind, dialogue.pk)
    add_views(dialogue, 190, cast.official)
    large = queries_to_build(kind, dialogue.pk)
    assert len(small) == len(large)


@pytest.mark.parametrize("kind", ["basis", "report"])
def test_the_views_are_counted_by_the_database_never_fetched(cast, full, kind):
    """Every query on the views aggregates, tests existence or takes a bounded sample (the
    quotes, numbered per theme, then their texts by id); none reads the views row by row to
    count them in Python."""
    dialogue, _extra = full
    add_views(dialogue, 30, cast.official)
    on_inputs = [sql for sql in queries_to_build(kind, dialogue.pk) if "dialog_inputitem" in sql]
    assert on_inputs
    for sql in on_inputs:
        # the texts of the chosen quotes, by id (the default manager adds "withdrawn_at IS NULL")
        chosen = re.search(
            r'WHERE \(?("dialog_inputitem"\."withdrawn_at" IS NULL AND )?'
            r'"dialog_inputitem"\."id" IN \(',
            sql,
        )
        bounded = ("COUNT(" in sql, "LIMIT 1" in sql, "ROW_NUMBER()" in sql, chosen)
        assert any(bounded), sql


def test_counts_and_quotes_match_the_views(cast, full):
    dialogue, _extra = full
    add_views(dialogue, 22, cast.official)  # 2 of them off-topic (i % 11 == 0)
    document = selectors.dialogue_report(dialogue_for_reports(dialogue.pk))
    context = document.context
    assert context["participation"]["total"] == 5 + 22
    assert sum(n for _label, n in context["participation"]["by_age"]) == 27
    assert sum(n for _label, n in context["participation"]["by_area"]) == 27
    assert sum(n for _label, n in context["by_source"]) == 27
    assert context["off_topic_count"] == 1 + 2
    # The first views of each theme by date received, as one query per theme would give them.
    for item in context["themes"]:
        first = item["theme"].inputs.filter(within_purpose=True).order_by("received_on", "pk")
        expected = list(first.values_list("text", flat=True)[: selectors.QUOTES_PER_THEME])
        assert item["quotes"] == expected
        assert len(expected) == selectors.QUOTES_PER_THEME
    basis = selectors.decision_basis(dialogue_for_reports(dialogue.pk), DecisionPoint.FINAL)
    assert sum(n for _label, n in basis.context["memo"]["dialogue"]["sources"]) == 27


@pytest.mark.parametrize(
    ("kind", "builder", "extra"),
    [
        (Report.Kind.DECISION_BASIS, "decision_basis", {"point": DecisionPoint.FINAL}),
        (Report.Kind.DIALOGUE_REPORT, "dialogue_report", {}),
    ],
)
def test_a_request_builds_the_document_once(
    cast, full, fake_render, monkeypatch, kind, builder, extra
):
    dialogue, _extra = full
    calls = []
    original = getattr(selectors, builder)

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(selectors, builder, spy)
    report = services.request_report(
        user=cast.official, kind=kind, dialogue_id=dialogue.pk, **extra
    )
    assert report.status == Report.Status.DONE
    assert len(calls) == 1
    assert len(fake_render) == 1
