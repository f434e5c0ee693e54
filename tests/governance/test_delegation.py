"""Delegation orders (issue 12, item 2): what kommunallagen reserves cannot be delegated (5 kap
1 §, 6 kap 38 §), and each refusal says why on the field; the profile's delegable points too."""

import pytest
from django.core.exceptions import ValidationError

from dialog.models import DecisionPoint
from governance.models import DelegationOrder, DelegationPoint, PolicyProfile
from governance.models.delegation import DECISION_POINTS
from governance.profiles import DELEGATION_STATEMENTS, PRESETS
from roles.models import Body, Membership
from tests.delegation_support import delegation_document, make_order
from tests.factories import make_body

Delegate = DelegationPoint.Delegate


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_decision_points_keep_in_step_with_the_dialogue():
    assert [value for value, _label in DECISION_POINTS] == list(DecisionPoint.values)


def test_a_committee_delegates_the_mandate_to_its_utskott(cast):
    utskott = make_body("KSAU", "Arbetsutskottet", Body.Kind.SUBCOMMITTEE, cast.body)
    order = make_order(cast.body, ("mandate", Delegate.SUBCOMMITTEE, utskott, "", "3.2"))
    point = order.point_for("mandate")
    assert point.delegate_display == "Arbetsutskottet"
    assert "punkt 3.2" in point.quote() and "Delegationsordning" in point.quote()


def test_the_final_decision_cannot_be_delegated(cast):
    order = make_order(cast.body)
    point = DelegationPoint(
        order=order, point="final", delegate=Delegate.CHAIR, reference="1", text="x"
    )
    assert "38 §" in " ".join(errors_of(point)["point"])


def test_nothing_of_the_councils_can_be_delegated(cast):
    council = make_body("KF", "Kommunfullmäktige", Body.Kind.COUNCIL)
    order = DelegationOrder(body=council, document=delegation_document(council))
    assert "5 kap" in " ".join(errors_of(order)["body"])
    # Nor by an order of a body under the council (its presidium), point by point.
    presidium = make_body("KFP", "Fullmäktiges presidium", Body.Kind.PRESIDIUM, council)
    order = DelegationOrder.objects.create(body=presidium, chair_decides_urgent_matters=False)
    point = DelegationPoint(
        order=order, point="mandate", delegate=Delegate.CHAIR, reference="1", text="x"
    )
    assert "5 kap" in " ".join(errors_of(point)["point"])


def test_a_political_body_needs_its_adopted_delegationsordning(cast):
    assert "document" in errors_of(DelegationOrder(body=cast.body))
    other = make_body("BUN", "Barn- och utbildningsnämnden", Body.Kind.COMMITTEE)
    order = DelegationOrder(body=cast.body, document=delegation_document(other))
    assert "document" in errors_of(order)


def test_the_delegate_must_fit_its_kind(cast):
    order = make_order(cast.body)
    stranger = make_body("BUNAU", "BUN:s utskott", Body.Kind.SUBCOMMITTEE)
    point = DelegationPoint(
        order=order,
        point="mandate",
        delegate=Delegate.SUBCOMMITTEE,
        delegate_body=stranger,
        reference="1",
        text="x",
    )
    assert "delegate_body" in errors_of(point)
    point = DelegationPoint(
        order=order, point="launch", delegate=Delegate.ROLE, reference="2", text="x"
    )
    assert {"delegate_role", "delegate_body"} <= errors_of(point).keys()
    klk = make_body("KLK", "Kommunledningskontoret", Body.Kind.ADMINISTRATION)
    point.delegate_role, point.delegate_body = Membership.Role.HEAD_OF_ADMINISTRATION, klk
    point.full_clean()


def test_an_administration_delegates_only_within_itself_and_has_no_chair(cast):
    klk = make_body("KLK", "Kommunledningskontoret", Body.Kind.ADMINISTRATION)
    assert "chair_decides_urgent_matters" in errors_of(DelegationOrder(body=klk))
    order = DelegationOrder.objects.create(body=klk, chair_decides_urgent_matters=False)
    point = DelegationPoint(
        order=order, point="launch", delegate=Delegate.CHAIR, reference="1", text="x"
    )
    assert "delegate" in errors_of(point)


@pytest.mark.parametrize(
    ("fields", "law"),
    [
        ({"delegable_points": ["final"]}, "38 §"),
        ({"delegable_points": ["mandate"], "mandate_decided_by": "council"}, "5 kap"),
        ({"delegable_points": ["mandate"], "mandate_decided_by": "stance_only"}, ""),
        ({"delegable_points": ["launch"], "launch_decided_by": "presidium"}, ""),
        ({"delegable_points": ["sometime"]}, ""),
    ],
)
def test_a_profile_that_delegates_what_it_cannot_is_refused(db, fields, law):
    profile = PolicyProfile(key="test", name="Test", **fields)
    message = " ".join(errors_of(profile)["delegable_points"])
    assert law in message


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_states_its_delegation_with_its_seed_line(db, key):
    preset = PRESETS[key]
    statement = DELEGATION_STATEMENTS[key]
    assert statement["statement"] and statement["seed"].startswith("Seed 00")
    profile = PolicyProfile(key=key, **preset)
    profile.full_clean()
    assert "final" not in preset["delegable_points"]


def test_the_presets_say_what_the_issue_names(db):
    assert PRESETS["hagfors"]["delegable_points"] == []
    assert "kommunfullmäktige" in DELEGATION_STATEMENTS["hagfors"]["seed"]
    assert "mandate" in PRESETS["sandviken"]["delegable_points"]
    assert "arbetsutskott" in DELEGATION_STATEMENTS["sandviken"]["statement"]
    assert PRESETS["solna"]["mandate_decided_by"] == "stance_only"
    assert PRESETS["solna"]["delegable_points"] == []
    assert not PRESETS["forshaga"]["delegation_to_officials"]


# -- Admin: configuration only, the law's refusals on the fields --------------------------------


def test_admin_edits_delegation_orders_and_refuses_a_delegated_final_decision(client, cast):
    from django.urls import reverse

    from tests.factories import make_superuser

    client.force_login(make_superuser())
    order = make_order(cast.body)
    url = reverse("admin:governance_delegationorder_change", args=[order.pk])
    assert client.get(url).status_code == 200
    prefix = "points"
    response = client.post(
        url,
        {
            "body": cast.body.pk,
            "document": order.document.pk,
            "chair_decides_urgent_matters": "on",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-reference": "3.9",
            f"{prefix}-0-point": "final",
            f"{prefix}-0-delegate": "chair",
            f"{prefix}-0-text": "Slutligt beslut",
        },
    )
    assert response.status_code == 200  # shown again with the error, nothing saved
    assert "38 §" in response.content.decode()
    assert not order.points.exists()


def test_admin_profile_form_refuses_a_delegated_final_decision(client, db):
    from django.urls import reverse

    from tests.factories import make_superuser

    client.force_login(make_superuser())
    response = client.post(
        reverse("admin:governance_policyprofile_add"),
        {
            "key": "egen",
            "name": "Egen profil",
            "mandate_decided_by": "initiating_body",
            "launch_decided_by": "decision",
            "follow_up_rhythm_months": "12",
            "reminder_after_days": "30",
            "delegable_points": ["mandate", "final"],
            "user_dialogue_decided_by": "administration",
        },
    )
    assert response.status_code == 200
    assert "38 §" in response.content.decode()
    assert not PolicyProfile.objects.filter(key="egen").exists()
