"""The PDFs' counts come from the stored input counts (issue 11): the same numbers as counting
the rows, read in a few small queries, and printed in the PDF as before."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from dialog.models import AgeBand, Forwarding, Gender, ImportBatch, InputItem
from reports import rendering, selectors
from reports.selectors import dialogue_for_reports
from reports.selectors.pieces import participation_aggregates, views_by_source

pytestmark = pytest.mark.django_db


def add_views(dialogue, n, user):
    """`n` views by bulk inserts: every channel (an activity, an import, the web form, a
    letter), ages, genders, areas with stray blanks, off-topic ones, one or two themes each."""
    themes = list(dialogue.themes.all())
    activity = dialogue.activities.all()[0]
    batch = ImportBatch.objects.create(dialogue=dialogue, file_name="enkat.csv", imported_by=user)
    sources = [InputItem.Source.WEB_FORM, InputItem.Source.LETTER, InputItem.Source.SURVEY]
    items = InputItem.objects.bulk_create(
        InputItem(
            dialogue=dialogue,
            text=f"Synpunkt {i}",
            source=InputItem.Source.ACTIVITY if i % 5 == 0 else sources[i % 3],
            activity=activity if i % 5 == 0 else None,
            import_batch=batch if i % 5 and sources[i % 3] == InputItem.Source.SURVEY else None,
            received_on=date(2025, 4, 1 + i % 28),
            age_band=[AgeBand.TEENS, AgeBand.OLDEST, ""][i % 3],
            gender=[Gender.WOMAN, Gender.MAN, Gender.NOT_STATED, ""][i % 4],
            area=["Norr", " Norr", "Söder", ""][i % 4],
            within_purpose=i % 9 != 0,
            created_by=user,
        )
        for i in range(n)
    )
    Tag = InputItem.themes.through
    Tag.objects.bulk_create(
        Tag(inputitem_id=item.pk, theme_id=themes[(i + k) % len(themes)].pk)
        for i, item in enumerate(items)
        if item.within_purpose
        for k in ((0, 1) if i % 2 else (0,))
    )
    return items


def test_participation_read_from_the_stored_counts_equals_counting_the_rows(cast, full):
    dialogue, _extra = full
    add_views(dialogue, 45, cast.official)
    counted = participation_aggregates(InputItem.objects.filter(dialogue__in=[dialogue]))
    with CaptureQueriesContext(connection) as captured:
        stored = participation_aggregates(dialogue)
        as_queryset = participation_aggregates(InputItem.objects.filter(dialogue=dialogue))
    assert stored == counted == as_queryset
    assert stored["total"] == 50
    assert ("Norr", 23 + 2) in stored["by_area"]  # "Norr" and " Norr" merged
    # One small query each, on the stored counts, none on the inputs.
    assert len(captured) == 2
    assert all("dialog_inputitem" not in q["sql"] for q in captured.captured_queries)


def test_views_by_source_and_theme_counts_match_the_rows(cast, full):
    dialogue, _extra = full
    add_views(dialogue, 30, cast.official)
    dialogue = dialogue_for_reports(dialogue.pk)
    inputs = InputItem.objects.filter(dialogue=dialogue)
    sources = views_by_source(dialogue)
    assert sources["total"] == inputs.count() == 35
    rows = dict(sources["rows"])
    walk = dialogue.activities.get(title__startswith="Trygghetsvandring")
    assert rows[f"Vid aktiviteten ”{walk.title}”"] == inputs.filter(activity=walk).count()
    imported = inputs.filter(activity=None, import_batch__isnull=False).count()
    assert imported and rows["Importerade från fil"] == imported
    for theme in dialogue.themes.all():
        assert theme.input_count == theme.inputs.count()
    counts = [t.input_count for t in dialogue.themes.all()]
    assert counts == sorted(counts, reverse=True)


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_dialogue_report_prints_the_stored_counts(cast, full):
    dialogue, _extra = full
    items = add_views(dialogue, 36, cast.official)
    off_topic = [item for item in items if not item.within_purpose]
    Forwarding.objects.create(
        input_item=off_topic[0],
        forwarded_to=Forwarding.Target.HANDLED,
        note="Besvarad",
        by=cast.official,
    )
    Forwarding.objects.create(
        input_item=off_topic[0],
        forwarded_to=Forwarding.Target.COMPLAINTS,
        note="Igen",
        by=cast.official,
    )
    with CaptureQueriesContext(connection) as captured:
        document = selectors.dialogue_report(dialogue_for_reports(dialogue.pk))
    context = document.context
    inputs = InputItem.objects.filter(dialogue=dialogue)
    assert context["off_topic_count"] == inputs.filter(within_purpose=False).count() == 5
    assert context["forwarded_count"] == 1  # once, however many times it was forwarded
    letters = inputs.filter(source=InputItem.Source.LETTER).count()
    assert dict(context["by_source"])["Brev"] == letters
    # No query counts the inputs row by row: the counts are read from the stored ones.
    for query in captured.captured_queries:
        sql = query["sql"]
        if 'FROM "dialog_inputitem"' in sql and "COUNT(" in sql:
            assert 'NOT "dialog_inputitem"."within_purpose"' in sql, sql  # the off-topic only
    text = pdf_text(rendering.render_pdf(document))
    assert "41 synpunkter kom in." in text
    assert f"Brev {letters}" in text
    area_north = inputs.filter(area__in=["Norr", " Norr"]).count()
    assert f"Norr {area_north}" in text
