"""Who may touch which steering document (issue 8, item 9): every role against every kind of
document, through the rules, the pages and the services alike."""

from datetime import date

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from governance import services
from governance.models import SteeringDocument
from roles.models import Body, Membership
from tests.factories import make_body, make_member, make_person, make_profile, make_superuser

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def org(db):
    ks = make_body("KS", "Kommunstyrelsen", kind=Body.Kind.EXECUTIVE_BOARD)
    kf = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    bun = make_body("BUN", "Barn- och utbildningsnämnden", kind=Body.Kind.COMMITTEE)
    klk = make_body("KLK", "Kommunledningskontoret", kind=Body.Kind.ADMINISTRATION)
    return {"KS": ks, "KF": kf, "BUN": bun, "KLK": klk}


@pytest.fixture
def people(org):
    return {
        "ks_clerk": make_member(org["KS"], Role.SECRETARY),
        "kf_clerk": make_member(org["KF"], Role.SECRETARY),
        "bun_clerk": make_member(org["BUN"], Role.SECRETARY),
        "klk_official": make_member(org["KLK"], Role.OFFICIAL),
        "klk_head": make_member(org["KLK"], Role.HEAD_OF_ADMINISTRATION),
        "ks_official": make_member(org["KS"], Role.OFFICIAL),
        "kf_chair": make_member(org["KF"], Role.CHAIR),
        "bun_member": make_member(org["BUN"], Role.MEMBER),
        "superuser": make_superuser(),
        "outsider": make_person(),
    }


@pytest.fixture
def documents(org, types):
    def make(title, type_name, body=None, owner=None):
        return SteeringDocument.objects.create(
            title=title,
            type=types[type_name] if type_name else None,
            status=SteeringDocument.Status.ADOPTED,
            adopting_body=org[body] if body else None,
            owner_body=org[owner] if owner else None,
            decision_date=date(2024, 1, 10) if body else None,
            needs_review=type_name is None,
        )

    found = {
        "dialogue_policy": make("Policy för medborgardialog", "Policy", "KF", "KLK"),
        "kf_policy": make("Policy för bisysslor", "Policy", "KF"),
        "ks_guideline": make("Riktlinje för styrdokument", "Riktlinje", "KS", "KLK"),
        "bun_plan": make("Plan för skolans lokaler", "Plan", "BUN"),
        "klk_routine": make("Rutin för diarieföring", "Rutin", "KLK"),
        "imported_title": make("Riktlinjer för medborgardialog i Marks kommun", None),
    }
    make_profile(key="demo", policy_document=found["dialogue_policy"], is_active=True)
    return found


# Who may change what. Everybody else is refused, the superuser included.
ALLOWED = {
    "dialogue_policy": {"ks_clerk", "kf_clerk"},  # not its owning department's officials
    "kf_policy": {"kf_clerk"},
    "ks_guideline": {"ks_clerk", "klk_official", "klk_head"},
    "bun_plan": {"bun_clerk"},
    "klk_routine": {"klk_official", "klk_head"},
    "imported_title": {"ks_clerk"},
}
WHO = [
    "ks_clerk",
    "kf_clerk",
    "bun_clerk",
    "klk_official",
    "klk_head",
    "ks_official",
    "kf_chair",
    "bun_member",
    "superuser",
    "outsider",
]


@pytest.mark.parametrize("document_key", sorted(ALLOWED))
@pytest.mark.parametrize("who", WHO)
def test_who_may_change_each_document(people, documents, who, document_key):
    allowed = who in ALLOWED[document_key]
    assert rules.has_perm("governance.change_document", people[who], documents[document_key]) is (
        allowed
    )


@pytest.mark.parametrize(
    ("who", "read", "add"),
    [
        ("ks_clerk", True, True),
        ("klk_official", True, True),
        ("ks_official", True, True),
        ("kf_chair", True, False),
        ("superuser", False, False),  # no role in any body: the rules decide, not is_superuser
        ("outsider", False, False),
    ],
)
def test_reading_adding_and_importing(people, who, read, add):
    user = people[who]
    assert rules.has_perm("governance.view_document", user) is read
    assert rules.has_perm("governance.add_document", user) is add
    assert rules.has_perm("governance.import_documents", user) is add


@pytest.mark.parametrize("who", ["klk_official", "bun_clerk", "superuser"])
def test_the_services_refuse_what_the_rules_refuse(people, documents, org, who):
    policy = documents["dialogue_policy"]
    with pytest.raises(PermissionDenied):
        services.update_document(document_id=policy.pk, data={"title": "Ny"}, user=people[who])
    with pytest.raises(PermissionDenied):
        services.revoke(
            document=policy,
            decided_on=date(2025, 1, 1),
            paragraph="3",
            body=org["KF"],
            user=people[who],
        )
    with pytest.raises(PermissionDenied):
        services.adopt_new_version(
            old=policy,
            data={"adopting_body": org["KF"], "decision_date": date(2025, 1, 1)},
            user=people[who],
        )
    policy.refresh_from_db()
    assert (policy.title, policy.status) == ("Policy för medborgardialog", "adopted")
    assert not policy.replaced_by.exists()


def test_the_allowed_clerk_changes_the_dialogue_policy(people, documents, org):
    policy = documents["dialogue_policy"]
    services.update_document(
        document_id=policy.pk, data={"paragraph": "12"}, user=people["kf_clerk"]
    )
    new = services.adopt_new_version(
        old=policy,
        data={"adopting_body": org["KF"], "decision_date": date(2025, 2, 10)},
        user=people["ks_clerk"],
    )
    assert new.replaces.get() == policy
    # The new version is the dialogue policy too: its owner's officials still may not touch it.
    new = SteeringDocument.objects.get(pk=new.pk)
    assert not rules.has_perm("governance.change_document", people["klk_official"], new)
    assert rules.has_perm("governance.change_document", people["kf_clerk"], new)


def test_a_document_cannot_be_handed_to_a_body_one_has_no_role_in(people, documents, org):
    from django.core.exceptions import ValidationError

    plan = documents["bun_plan"]
    with pytest.raises(ValidationError) as info:
        services.update_document(
            document_id=plan.pk, data={"adopting_body": org["KS"]}, user=people["bun_clerk"]
        )
    assert "adopting_body" in info.value.message_dict
    plan.refresh_from_db()
    assert plan.adopting_body == org["BUN"]


def test_the_page_hides_the_buttons_and_says_why(client, people, documents):
    policy = documents["dialogue_policy"]
    url = reverse("governance:detail", args=[policy.pk])
    client.force_login(people["klk_official"])
    page = client.get(url).content.decode()
    assert reverse("governance:edit", args=[policy.pk]) not in page
    assert reverse("governance:revoke", args=[policy.pk]) not in page
    assert 'id="change-refusal"' in page
    for name in ("governance:edit", "governance:revoke", "governance:new_version"):
        response = client.post(reverse(name, args=[policy.pk]), {"title": "Kapad"})
        assert response.status_code == 403
    policy.refresh_from_db()
    assert policy.title == "Policy för medborgardialog"

    client.force_login(people["kf_clerk"])
    page = client.get(url).content.decode()
    assert reverse("governance:edit", args=[policy.pk]) in page
    assert reverse("governance:revoke", args=[policy.pk]) in page
    assert 'id="change-refusal"' not in page


def test_the_refusal_names_who_may_change_it(people, documents):
    from governance.rules import change_refusal

    reason = change_refusal(documents["ks_guideline"])
    assert "Kommunstyrelsen" in reason and "Kommunledningskontoret" in reason
    assert "Barn- och utbildningsnämnden" in change_refusal(documents["bun_plan"])


def test_the_superuser_gets_no_edit_page(client, people, documents):
    client.force_login(people["superuser"])
    document = documents["imported_title"]
    assert client.get(reverse("governance:edit", args=[document.pk])).status_code == 403
