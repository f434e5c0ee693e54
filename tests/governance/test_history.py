"""Every change to a steering document's relations and to the active profile is a history row
(issue 8, item 8)."""

import pytest

from governance import services
from governance.models import PolicyProfile, SteeringDocument
from tests.factories import make_profile

pytestmark = pytest.mark.django_db


def _keywords(record):
    return sorted(row.keyword.name for row in record.keywords.all())


def test_one_row_per_save_holds_the_keywords_of_that_moment(make_document, cast):
    document = make_document(keywords="medborgardialog")
    services.update_document(
        document_id=document.pk, data={}, user=cast.clerk, keywords="delaktighet, unga"
    )
    rows = list(document.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user) for r in rows] == [
        ("+", cast.official),
        ("~", cast.clerk),
    ]
    assert _keywords(rows[0]) == ["medborgardialog"]
    assert _keywords(rows[1]) == ["delaktighet", "unga"]


def test_keywords_changed_outside_the_services_are_recorded_too(make_document):
    document = make_document(keywords="medborgardialog")
    before = document.history.count()
    document.keywords.clear()
    assert document.history.count() == before + 1
    assert _keywords(document.history.latest("history_date", "history_id")) == []


def test_replacing_a_document_is_in_the_history_of_the_new_one(make_document, bodies, cast):
    from datetime import date

    old = make_document()
    new = services.adopt_new_version(
        old=old,
        data={"adopting_body": bodies["KF"], "decision_date": date(2025, 2, 10)},
        user=cast.clerk,
    )
    created = new.history.get(history_type="+")
    assert [r.to_steeringdocument_id for r in created.replaces.all()] == [old.pk]
    assert created.history_user == cast.clerk
    # ...and editing the replaced list afterwards is a new row with the new list.
    other = make_document("Riktlinje för styrdokument", "Riktlinje", "KS")
    services.update_document(document_id=new.pk, data={}, user=cast.clerk, replaces=[old, other])
    latest = new.history.latest("history_date", "history_id")
    assert sorted(r.to_steeringdocument_id for r in latest.replaces.all()) == sorted(
        [old.pk, other.pk]
    )


def test_switching_the_active_profile_writes_history_for_both(cast):
    first = make_profile(key="forsta", is_active=True)
    second = make_profile(key="andra")
    services.activate_profile(profile=second, user=cast.clerk)
    first_latest = first.history.latest("history_date", "history_id")
    second_latest = second.history.latest("history_date", "history_id")
    assert (first_latest.is_active, first_latest.history_user) == (False, cast.clerk)
    assert (second_latest.is_active, second_latest.history_user) == (True, cast.clerk)
    assert list(PolicyProfile.objects.filter(is_active=True)) == [second]


def test_loading_a_preset_with_activate_records_the_switch(db):
    services.load_preset(key="solna", activate=True)
    solna = PolicyProfile.objects.get(key="solna")
    services.load_preset(key="hagfors", activate=True)
    assert [r.is_active for r in solna.history.order_by("history_date", "history_id")][-1] is False


def test_the_import_writes_one_row_with_the_keywords(cast, types):
    from governance.importers import RawRow

    rows = [RawRow(line=2, values={"title": "Policy för parker", "keywords": "parker, natur"})]
    result = services.import_documents(rows=rows, dry_run=False, user=cast.clerk)
    assert result.saved
    [record] = SteeringDocument.objects.get(title="Policy för parker").history.all()
    assert (record.history_type, record.history_user) == ("+", cast.clerk)
    assert _keywords(record) == ["natur", "parker"]


def test_the_admin_switch_writes_history_too(cast, rf):
    from django.contrib import admin

    first = make_profile(key="forsta", is_active=True)
    second = make_profile(key="andra")
    model_admin = admin.site._registry[PolicyProfile]
    request = rf.post("/")
    request.user = cast.clerk
    second.is_active = True
    model_admin.save_model(request, second, form=None, change=True)
    latest = first.history.latest("history_date", "history_id")
    assert (latest.is_active, latest.history_user) == (False, cast.clerk)
    first.refresh_from_db()
    assert not first.is_active
