"""The stored input counts (issue 11): every way inputs and their tags change keeps them equal
to a recount from the rows, in the same transaction; the dialogue page reads them instead of
counting the inputs."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialog import importers, selectors_counts, services
from dialog.models import Activity, AgeBand, Gender, ImportBatch, InputItem, State, Theme
from dialog.models.counts import InputCount
from dialog.steps.compilation import untagged_count
from tests.factories import add_activity, add_inputs, put_in_state
from tests.helpers import login, parse

pytestmark = pytest.mark.django_db

Tag = InputItem.themes.through


def recount(dialogue) -> dict:
    """The counts made again from the rows, in Python, with no SQL of the triggers'."""
    counts: Counter = Counter()
    for item in InputItem.objects.filter(dialogue=dialogue).prefetch_related("themes"):
        w = item.within_purpose
        imported = "i" if item.import_batch_id else ""
        channel = f"{item.source}|{imported}|{item.activity_id or ''}"
        groups = [("total", ""), ("age_band", item.age_band), ("gender", item.gender)]
        groups.append(("area", item.area))
        for dimension, value in [*groups, ("channel", channel)]:
            counts[0, dimension, value, w] += 1
        themes = [t.pk for t in item.themes.all()]
        if not themes:
            counts[0, "untagged", "", w] += 1
        for theme in themes:
            for dimension, value in groups:
                counts[theme, dimension, value, w] += 1
    return dict(counts)


def stored(dialogue) -> dict:
    return {
        (c.theme_id, c.dimension, c.value, c.within_purpose): c.n
        for c in InputCount.objects.filter(dialogue=dialogue)
        if c.n
    }


def assert_counts_right(*dialogues):
    for dialogue in dialogues:
        assert stored(dialogue) == recount(dialogue)


@pytest.fixture
def compiling(dialogue):
    dialogue = put_in_state(dialogue, State.COMPILATION)
    for i in range(3):
        Theme.objects.create(dialogue=dialogue, name=f"Tema {i}")
    return dialogue


def bulk_views(dialogue, n, user, *, tag=True):
    """`n` views by bulk_create, the tags too (no save(), no signal: only the triggers count)."""
    themes = list(dialogue.themes.all())
    activity = dialogue.activities.first()
    items = InputItem.objects.bulk_create(
        InputItem(
            dialogue=dialogue,
            text=f"Synpunkt {i}",
            source=InputItem.Source.ACTIVITY if i % 3 == 0 else InputItem.Source.EMAIL,
            activity=activity if activity and i % 3 == 0 else None,
            received_on=date(2025, 5, 1 + i % 28),
            age_band=[*AgeBand.values, ""][i % 8],
            gender=[*Gender.values, ""][i % 5],
            area=f"Område {i % 4}",
            within_purpose=i % 7 != 0,
            created_by=user,
        )
        for i in range(n)
    )
    if tag and themes:
        Tag.objects.bulk_create(
            Tag(inputitem_id=item.pk, theme_id=themes[(i + k) % len(themes)].pk)
            for i, item in enumerate(items)
            if item.within_purpose
            for k in ((0, 1) if i % 4 == 0 else (0,))
        )
    return items


def test_inputs_added_one_by_one_and_in_bulk_are_counted(cast, compiling, dialogue):
    other = dialogue.__class__.objects.exclude(pk=compiling.pk).first()
    add_inputs(compiling, 4)
    bulk_views(compiling, 40, cast.official)
    assert_counts_right(compiling)
    assert stored(compiling)[0, "total", "", True] + stored(compiling)[0, "total", "", False] == 44
    assert other is None or stored(other) == {}


def test_tags_set_changed_and_removed_are_counted(cast, compiling):
    items = add_inputs(compiling, 5)
    themes = list(compiling.themes.all())
    items[0].themes.set(themes[:2])
    items[1].themes.set(themes[1:])
    assert_counts_right(compiling)
    items[0].themes.set(themes[2:])  # one removed, one added, in one set()
    items[1].themes.clear()
    assert_counts_right(compiling)
    assert untagged_count(compiling) == 3  # 4 within the purpose, one tagged


def test_a_changed_input_moves_between_the_counts(cast, compiling):
    activity = add_activity(compiling)
    item = add_inputs(compiling, 3)[0]
    item.themes.set(compiling.themes.all()[:2])
    item.within_purpose, item.age_band, item.area = False, AgeBand.OLDEST, "Norr"
    item.activity, item.source = activity, InputItem.Source.ACTIVITY
    item.save()
    assert_counts_right(compiling)
    InputItem.objects.filter(dialogue=compiling).update(gender=Gender.OTHER)  # many rows at once
    assert_counts_right(compiling)
    Activity.objects.filter(pk=activity.pk).delete()  # SET_NULL: its inputs lose it
    assert_counts_right(compiling)


def test_deleted_inputs_and_themes_leave_no_count_behind(cast, compiling):
    items = bulk_views(compiling, 30, cast.official)
    InputItem.objects.filter(pk=items[0].pk).delete()  # Django removes its tags first
    assert_counts_right(compiling)
    # The input first, its tags after (the key is checked at commit).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM dialog_inputitem WHERE id = %s", [items[4].pk])
        cursor.execute("DELETE FROM dialog_inputitem_themes WHERE inputitem_id = %s", [items[4].pk])
    assert_counts_right(compiling)
    compiling.themes.all()[0].delete()
    assert_counts_right(compiling)
    InputItem.objects.filter(dialogue=compiling).delete()
    assert stored(compiling) == {}


def test_the_services_keep_the_counts(cast, dialogue):
    executing = put_in_state(dialogue, State.EXECUTION)
    item = services.save_input(
        dialogue_id=executing.pk,
        user=cast.official,
        data={
            "text": "Fler bänkar",
            "source": InputItem.Source.LETTER,
            "received_on": date(2025, 5, 2),
            "age_band": AgeBand.TEENS,
            "gender": Gender.WOMAN,
            "area": "Söder",
            "within_purpose": True,
        },
    )
    assert_counts_right(executing)
    compiling = put_in_state(executing, State.COMPILATION)
    themes = [Theme.objects.create(dialogue=compiling, name=f"Tema {i}") for i in range(2)]
    services.tag_inputs(
        dialogue_id=compiling.pk, user=cast.official, tags={item.pk: [themes[0].pk]}
    )
    assert_counts_right(compiling)
    services.delete_theme(
        dialogue_id=compiling.pk, user=cast.official, item_id=themes[0].pk, reason="Slås ihop"
    )
    assert_counts_right(compiling)


def survey(rows) -> list:
    """A survey file's rows as the import reads them (a CSV upload)."""
    header = "Synpunkt;Datum;Ålder;Kön;Område\n"
    text = header + "".join(";".join(row) + "\n" for row in rows)
    upload = SimpleUploadedFile("enkat.csv", text.encode("utf-8"), content_type="text/csv")
    return importers.read_input_file(upload)


def test_a_survey_import_is_counted_in_its_transaction(cast, dialogue):
    dialogue = put_in_state(dialogue, State.EXECUTION)
    today = timezone.localdate().isoformat()
    rows = [
        [f"Synpunkt {i}", today, "25-44" if i % 2 else "", "kvinna", f"Område {i % 3}"]
        for i in range(12)
    ]
    services.import_inputs(
        dialogue_id=dialogue.pk, user=cast.official, file_name="enkat.csv", raw_rows=survey(rows)
    )
    assert ImportBatch.objects.filter(dialogue=dialogue).count() == 1
    assert_counts_right(dialogue)
    assert selectors_counts.totals(dialogue).total == 12
    assert stored(dialogue)[0, "channel", "survey|i|", True] == 12
    # A refused import saves nothing, and counts nothing.
    with pytest.raises(ValidationError):
        services.import_inputs(
            dialogue_id=dialogue.pk,
            user=cast.official,
            file_name="fel.csv",
            raw_rows=survey([["Bra", today, "", "", ""], ["Fel", today, "130", "", ""]]),
        )
    assert_counts_right(dialogue)
    assert selectors_counts.totals(dialogue).total == 12


def test_a_rolled_back_write_leaves_the_counts_as_they_were(cast, compiling):
    add_inputs(compiling, 2)
    before = stored(compiling)
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk_views(compiling, 10, cast.official)
        raise RuntimeError
    assert stored(compiling) == before


def test_the_compilation_counts_read_the_stored_counts(cast, compiling):
    bulk_views(compiling, 60, cast.official)
    add_inputs(compiling, 3)
    counts = selectors_counts.compilation_counts(compiling)
    within = compiling.inputs.filter(within_purpose=True)
    assert counts.within == within.count()
    assert counts.off_topic == compiling.inputs.filter(within_purpose=False).count()
    assert counts.untagged == within.filter(themes__isnull=True).count()
    for theme, n in counts.themes:
        assert n == within.filter(themes=theme).count()
    (age_title, ages), (_g, genders), (_a, areas) = counts.groups
    assert sum(row.total for row in ages) == counts.within
    assert ages[-1].label == "Ej angivet"  # "not stated" last
    themes = [t for t, _n in counts.themes]
    for row in areas:
        assert row.by_theme == [within.filter(area=row.value, themes=t).count() for t in themes]


def page(client, dialogue):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries]


def test_the_dialogue_page_reads_no_input_rows_to_count_them(client, cast, compiling):
    """The panels' counts come from the stored counts: no query on the inputs aggregates them,
    and the page's queries do not grow with the inputs."""
    login(client, cast.official)
    bulk_views(compiling, 10, cast.official)
    _response, small = page(client, compiling)
    bulk_views(compiling, 200, cast.official)
    response, large = page(client, compiling)
    assert len(small) == len(large)
    inputs = InputItem._meta.db_table
    for sql in large:
        if f'FROM "{inputs}"' in sql:
            assert "LIMIT 1" in sql, sql  # an existence test, never a count of every input
    soup = parse(response)
    within = compiling.inputs.filter(within_purpose=True).count()
    off = compiling.inputs.filter(within_purpose=False).count()
    assert str(within) in soup.select_one("#input-count").text
    assert str(off) in soup.select_one("#input-count").text
    table = soup.select_one("#theme-counts")
    first = compiling.themes.all()[0]
    row = next(tr for tr in table.select("tbody tr") if tr.th.text == first.name)
    assert row.select("td")[1].text == str(first.inputs.filter(within_purpose=True).count())


def test_recount_inputs_makes_the_counts_again(cast, compiling):
    bulk_views(compiling, 20, cast.official)
    right = stored(compiling)
    InputCount.objects.filter(dialogue=compiling).update(n=99)
    call_command("recount_inputs", dialogue=[compiling.pk], stdout=StringIO())
    assert stored(compiling) == right == recount(compiling)
    InputCount.objects.all().delete()
    call_command("recount_inputs", stdout=StringIO())
    assert_counts_right(compiling)
    add_inputs(compiling, 2)  # the triggers still count
    assert_counts_right(compiling)


def test_the_triggers_are_installed():
    """A later migration that rebuilds the inputs' table (SQLite does, to alter a column) would
    drop them silently; this says so."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'inputcount_%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "inputcount_inputs_inserted",
        "inputcount_inputs_deleted",
        "inputcount_inputs_updated",
        "inputcount_tags_inserted",
        "inputcount_tags_deleted",
    } <= names


def test_removals_after_the_counts_were_emptied_write_no_counts(cast, compiling):
    """A test database's flush deletes table after table: inputs and tags removed after the
    counts table was emptied must not write counts again (they would outlive their dialogue
    and fail the foreign-key check at commit)."""
    bulk_views(compiling, 12, cast.official)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM dialog_inputcount")
        cursor.execute("DELETE FROM dialog_inputitem_themes")
        cursor.execute("DELETE FROM dialog_inputitem")
        assert not InputCount.objects.exists()
