from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import SteeringDocument

pytestmark = pytest.mark.django_db

Status = SteeringDocument.Status


def test_create_records_keywords_and_history(make_document, cast):
    document = make_document(keywords="Medborgardialog, delaktighet, medborgardialog")
    assert sorted(k.name for k in document.keywords.all()) == ["delaktighet", "medborgardialog"]
    record = document.history.get()
    assert record.history_type == "+"
    assert record.history_user == cast.official


def test_strategy_gets_its_default_validity_a_policy_none(make_document):
    strategy = make_document("Strategi för medborgardialog", "Strategi", "KS")
    assert strategy.valid_until == date(2028, 3, 15)
    policy = make_document()
    assert policy.valid_until is None


def test_update_cannot_mark_replaced_or_revoked(make_document):
    policy = make_document()
    with pytest.raises(ValidationError) as info:
        services.update_document(document_id=policy.pk, data={"status": Status.REVOKED}, user=None)
    assert "status" in info.value.message_dict
    policy.refresh_from_db()
    assert policy.status == Status.ADOPTED


def test_adopt_new_version_replaces_the_old_in_one_step(make_document, bodies, cast):
    old = make_document(keywords="medborgardialog", owner_role="Kanslichef")
    guideline = make_document("Riktlinje för medborgardialog", "Riktlinje", "KS", concretises=old)
    new = services.adopt_new_version(
        old=old,
        data={
            "title": "Policy för medborgardialog 2026",
            "adopting_body": bodies["KF"],
            "decision_date": date(2026, 2, 10),
            "paragraph": "12",
            "valid_from": date(2026, 3, 1),
        },
        user=cast.clerk,
    )
    old.refresh_from_db()
    guideline.refresh_from_db()
    assert new.status == Status.ADOPTED
    assert old.status == Status.REPLACED
    assert list(new.replaces.all()) == [old]
    assert list(old.replaced_by.all()) == [new]
    assert old.valid_until == date(2026, 3, 1)
    assert new.type == old.type and new.owner_role == "Kanslichef"
    assert [k.name for k in new.keywords.all()] == ["medborgardialog"]
    assert guideline.concretises == new
    latest = old.history.first()
    assert latest.status == Status.REPLACED and latest.history_user == cast.clerk
    assert old.history.count() == 2


def test_adopt_new_version_is_all_or_nothing(make_document, bodies, cast):
    old = make_document()
    with pytest.raises(ValidationError) as info:
        services.adopt_new_version(
            old=old,
            data={"adopting_body": bodies["KS"], "decision_date": date(2026, 2, 10)},
            user=cast.clerk,
        )
    assert "adopting_body" in info.value.message_dict  # a policy is adopted by the council
    old.refresh_from_db()
    assert old.status == Status.ADOPTED
    assert SteeringDocument.objects.count() == 1


def test_adopt_new_version_needs_the_decision(make_document, cast):
    old = make_document()
    with pytest.raises(ValidationError):
        services.adopt_new_version(old=old, data={"title": "Ny"}, user=cast.clerk)
    assert SteeringDocument.objects.count() == 1


def test_only_an_adopted_document_gets_a_new_version(make_document, bodies, cast):
    draft = make_document(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.adopt_new_version(
            old=draft,
            data={"adopting_body": bodies["KF"], "decision_date": date(2026, 1, 1)},
            user=cast.clerk,
        )


@pytest.mark.parametrize(
    ("missing", "field"),
    [("decided_on", "decided_on"), ("paragraph", "paragraph"), ("body", "body")],
)
def test_revoke_needs_the_recorded_decision(make_document, bodies, cast, missing, field):
    policy = make_document()
    args = {"decided_on": date(2026, 5, 1), "paragraph": "44", "body": bodies["KF"]}
    args[missing] = None if missing != "paragraph" else "  "
    with pytest.raises(ValidationError) as info:
        services.revoke(document=policy, user=cast.clerk, **args)
    assert field in info.value.message_dict
    policy.refresh_from_db()
    assert policy.status == Status.ADOPTED


def test_revoke_by_a_body_that_may_not_decide_on_the_type(make_document, bodies, cast):
    policy = make_document()
    with pytest.raises(ValidationError) as info:
        services.revoke(
            document=policy,
            decided_on=date(2026, 5, 1),
            paragraph="4",
            body=bodies["BUN"],
            user=cast.clerk,
        )
    assert "body" in info.value.message_dict


def test_revoke_records_the_decision(make_document, bodies, cast):
    policy = make_document()
    services.revoke(
        document=policy,
        decided_on=date(2026, 5, 1),
        paragraph="44",
        body=bodies["KF"],
        user=cast.clerk,
    )
    policy.refresh_from_db()
    assert policy.status == Status.REVOKED
    assert (policy.revoked_on, policy.revoked_paragraph, policy.revoked_by_body) == (
        date(2026, 5, 1),
        "44",
        bodies["KF"],
    )
    assert policy.valid_until == date(2026, 5, 1)
    assert policy.history.first().history_user == cast.clerk
    assert policy.history.count() == 2
    with pytest.raises(ValidationError):  # not twice
        services.revoke(
            document=policy,
            decided_on=date(2026, 6, 1),
            paragraph="45",
            body=bodies["KF"],
            user=cast.clerk,
        )
