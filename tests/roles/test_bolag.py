"""A municipal company (kommunalt bolag, issue 16): a body of the kind "bolag" that is not one of
the municipality's political bodies, owns steering documents (its ägardirektiv and its
bolagsordning, adopted by the council) and runs user dialogues (brukardialog) as an
administration does, decided within it by its managing director."""

from datetime import date

import pytest
import rules
from django.core.exceptions import ValidationError
from django.utils.translation import override

from core.errors import PermissionRefused
from dialog.models import Decision, Dialogue, DialogueKind, State
from dialog.models.case_memo import administration_of
from dialog.services import delegated
from governance import services
from governance.forms import DocumentForm, adopting_bodies_for
from governance.models import DelegationOrder, DelegationPoint, DocumentType, SteeringDocument
from roles.models import Body, Membership
from roles.selectors import forget_body_roles, political_bodies
from tests.delegation_support import make_order
from tests.factories import make_body, make_dialogue, make_member, make_profile, put_in_state
from tests.helpers import fresh

pytestmark = pytest.mark.django_db

K, R = Body.Kind, Membership.Role
TEXT = "Dialogen med hyresgästerna i Centrum genomförs enligt förslaget."


class Org:
    def __init__(self, cast):
        self.cast = cast
        self.council = make_body("KF", "Kommunfullmäktige", K.COUNCIL)
        self.board = cast.body  # KS
        self.committee = make_body("BUN", "Barn- och utbildningsnämnden", K.COMMITTEE)
        self.administration = make_body("KLK", "Kommunledningskontoret", K.ADMINISTRATION)
        self.company = make_body("EBH", "Exempelbyhem AB", K.COMPANY, self.board)
        # The managing director (VD) heads the company as a förvaltningschef heads an
        # administration; a housing officer works there.
        self.director = make_member(self.company, R.HEAD_OF_ADMINISTRATION, first_name="Vera")
        self.officer = make_member(self.company, R.OFFICIAL, first_name="Bo")
        Membership.objects.create(
            person=cast.clerk, body=self.council, role=R.SECRETARY, valid_from=date(2020, 1, 1)
        )
        forget_body_roles(cast.clerk)


@pytest.fixture
def org(cast):
    return Org(cast)


def type_named(name) -> DocumentType:
    return DocumentType.objects.get(name=name)


# -- What a company is --------------------------------------------------------------------------


def test_a_company_is_not_a_political_body_but_an_operating_one(org):
    company = org.company
    company.full_clean()
    assert company.kind == "bolag"
    assert not company.is_political and company.is_operating
    assert company not in political_bodies()
    assert org.administration.is_operating and not org.board.is_operating


def test_elected_roles_do_not_belong_to_a_company(org):
    chair = Membership(person=org.officer, body=org.company, role=R.CHAIR)
    with pytest.raises(ValidationError) as refused:
        chair.full_clean()
    assert "role" in refused.value.message_dict
    for role in (R.HEAD_OF_ADMINISTRATION, R.OFFICIAL, R.REGISTRAR):
        Membership(person=org.officer, body=org.company, role=role).full_clean()


# -- Steering documents -----------------------------------------------------------------------


def agardirektiv(org, **extra) -> dict:
    return {
        "title": "Ägardirektiv för Exempelbyhem AB",
        "type": type_named("Ägardirektiv"),
        "adopting_body": org.council,
        "owner_body": org.company,
        "status": SteeringDocument.Status.ADOPTED,
        "decision_date": date(2025, 6, 9),
        "paragraph": "41",
        **extra,
    }


def test_a_company_owns_its_agardirektiv_and_bolagsordning_adopted_by_the_council(org):
    directive = services.create_document(data=agardirektiv(org), user=org.cast.clerk)
    assert fresh(directive).owner_body == org.company
    articles = services.create_document(
        data=agardirektiv(
            org, title="Bolagsordning för Exempelbyhem AB", type=type_named("Bolagsordning")
        ),
        user=org.cast.clerk,
    )
    assert fresh(articles).owner_body == org.company
    # The company's officials may keep its documents up to date; the administration's may not.
    stranger = make_member(org.administration, R.OFFICIAL)
    assert rules.has_perm("governance.change_document", org.officer, directive)
    assert not rules.has_perm("governance.change_document", stranger, directive)


def test_the_document_form_offers_the_company_as_owner(org):
    owners = list(DocumentForm().fields["owner_body"].queryset)
    assert org.company in owners and org.administration in owners
    assert org.board not in owners and org.council not in owners


def test_only_an_administration_or_a_company_owns_a_document(org):
    document = SteeringDocument(**agardirektiv(org, owner_body=org.committee))
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "owner_body" in refused.value.message_dict
    SteeringDocument(**agardirektiv(org)).full_clean()


def test_a_company_cannot_adopt_a_political_type(org):
    political = DocumentType.objects.filter(needs_political_decision=True)
    assert political.exists()
    for doc_type in political:
        assert not doc_type.allows_body(org.company), doc_type.name
        assert org.company not in adopting_bodies_for(doc_type)
    directive = SteeringDocument(**agardirektiv(org, adopting_body=org.company))
    with pytest.raises(ValidationError) as refused:
        directive.full_clean()
    assert "adopting_body" in refused.value.message_dict
    # Nor can a political type be configured to be adopted by a company.
    policy = type_named("Policy")
    policy.adopted_by_kinds = [K.COUNCIL, K.COMPANY]
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert "adopted_by_kinds" in refused.value.message_dict


# -- User dialogues -----------------------------------------------------------------------------


def company_dialogue(org, kind=DialogueKind.USER, state=State.MANDATE_DECISION) -> Dialogue:
    dialogue = make_dialogue(org.cast, kind=kind)
    Dialogue.objects.filter(pk=dialogue.pk).update(
        body=org.company, responsible_official=org.officer
    )
    return put_in_state(fresh(dialogue), state)


def test_a_company_owns_a_user_dialogue_not_a_citizen_dialogue(org):
    dialogue = company_dialogue(org)
    dialogue.full_clean()
    dialogue.kind = DialogueKind.CITIZEN
    with pytest.raises(ValidationError) as refused:
        dialogue.full_clean()
    assert "body" in refused.value.message_dict
    # Where the profile says a political body decides user dialogues too, it cannot.
    dialogue.kind = DialogueKind.USER
    dialogue.policy_profile = make_profile(user_dialogue_decided_by="political_body")
    with pytest.raises(ValidationError):
        dialogue.full_clean()


def test_a_company_runs_a_user_dialogue_decided_by_its_managing_director(org):
    dialogue = company_dialogue(org)
    assert dialogue.is_decided_within_administration
    for refused in (org.officer, org.cast.clerk, org.cast.politician):
        with pytest.raises(PermissionRefused):
            delegated.decide_by_delegation(
                dialogue_id=dialogue.pk, name="approve_mandate", user=refused, text=TEXT
            )
    assert not rules.has_perm("dialog.decide", org.cast.clerk, fresh(dialogue))
    delegated.decide_by_delegation(
        dialogue_id=dialogue.pk, name="approve_mandate", user=org.director, text=TEXT
    )
    decision = Decision.objects.get(dialogue=dialogue)
    assert decision.body == org.company and decision.kind == Decision.Kind.DELEGATION
    assert org.company.name in decision.delegation_quote
    assert fresh(dialogue).state == State.PLANNING


def test_the_initiative_form_offers_the_company_for_a_user_dialogue(org):
    from dialog.forms.initiative_mandate import InitiativeStepForm

    dialogue = company_dialogue(org, state=State.INITIATIVE)
    offered = InitiativeStepForm(instance=dialogue).fields["body"].queryset
    assert org.company in offered and org.board in offered


def test_the_tjansteskrivelse_names_the_company_the_official_works_in(org):
    dialogue = company_dialogue(org)
    assert administration_of(dialogue) == org.company


# -- Delegation within a company -------------------------------------------------------------


def test_a_company_delegates_within_itself_a_political_body_not_to_a_company(org):
    Delegate = DelegationPoint.Delegate
    make_order(
        org.company, ("mandate", Delegate.ROLE, org.company, R.OFFICIAL, "2.1"), urgent=False
    )
    order = make_order(org.board)
    point = DelegationPoint(
        order=order,
        point="launch",
        delegate=Delegate.ROLE,
        delegate_body=org.company,
        delegate_role=R.HEAD_OF_ADMINISTRATION,
        reference="3.3",
        text="Beslut om igångsättning.",
    )
    with pytest.raises(ValidationError) as refused:
        point.full_clean()
    assert "delegate_body" in refused.value.message_dict
    assert DelegationOrder.objects.filter(body=org.company).exists()


def test_a_company_decides_by_the_role_its_order_names(org):
    Delegate = DelegationPoint.Delegate
    make_order(
        org.company, ("mandate", Delegate.ROLE, org.company, R.OFFICIAL, "2.1"), urgent=False
    )
    dialogue = company_dialogue(org)
    delegated.decide_by_delegation(
        dialogue_id=dialogue.pk, name="approve_mandate", user=org.officer, text=TEXT
    )
    assert Decision.objects.get(dialogue=dialogue).body == org.company


def test_the_refusals_name_the_company_beside_the_administration(org):
    """Where a company is treated as an administration, the texts say so (English msgids)."""
    from dialog.delegation import administration_quote, delegation_refusal, urgency_refusal
    from dialog.policy import who_decides

    either = "administration or municipal company"
    Delegate = DelegationPoint.Delegate
    with override("en"):
        citizen = company_dialogue(org, kind=DialogueKind.CITIZEN)
        with pytest.raises(ValidationError) as refused:
            citizen.full_clean()
        assert f"an {either} can own a user dialogue" in str(refused.value.message_dict["body"])
        dialogue = company_dialogue(org)
        assert f"decided within the {either}:" in delegation_refusal(org.officer, dialogue)
        assert f"decided within the {either}:" in who_decides(dialogue)
        assert f"owned by an {either} has no chair" in urgency_refusal(org.director, dialogue)
        assert f"issue of the {either}," in administration_quote(dialogue)
        with pytest.raises(ValidationError) as refused:
            DelegationOrder(body=org.company, chair_decides_urgent_matters=True).full_clean()
        assert f"An {either} has no chair" in str(refused.value)
        order = make_order(org.company, urgent=False)
        by_chair = DelegationPoint(
            order=order, point="mandate", delegate=Delegate.CHAIR, reference="1", text="Beslut."
        )
        with pytest.raises(ValidationError) as refused:
            by_chair.full_clean()
        assert f"Within an {either} only a named role decides" in str(refused.value)
        elsewhere = DelegationPoint(
            order=order,
            point="mandate",
            delegate=Delegate.ROLE,
            delegate_body=org.administration,
            delegate_role=R.OFFICIAL,
            reference="1",
            text="Beslut.",
        )
        with pytest.raises(ValidationError) as refused:
            elsewhere.full_clean()
        assert f"An {either} delegates within itself: choose {org.company.name}." in str(
            refused.value
        )


# -- The demo -------------------------------------------------------------------------------------


def test_the_demo_has_a_municipal_company():
    from dialog.management.commands.load_demo import BODIES

    companies = [row for row in BODIES if row[2] == K.COMPANY]
    assert len(companies) == 1
    code, name, _kind, parent = companies[0]
    assert name.endswith(" AB") and parent == "KS"
