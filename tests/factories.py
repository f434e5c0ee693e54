"""Small builders for test data: real models, saved, with sensible defaults."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from dialog.models import Assignment, Dialogue, Mandate, ParticipationLevel
from roles.models import Body, Membership
from roles.selectors import forget_body_roles

_counter = itertools.count(1)


def make_body(code="KS", name=None, kind=Body.Kind.EXECUTIVE_BOARD, parent=None) -> Body:
    body, _ = Body.objects.get_or_create(
        code=code, defaults={"name": name or f"Organ {code}", "kind": kind, "parent": parent}
    )
    return body


def make_person(username=None, first_name="Test", last_name=None, **extra):
    n = next(_counter)
    User = get_user_model()
    user = User.objects.create_user(
        username=username or f"person{n}",
        password="test-password-123",
        first_name=first_name,
        last_name=last_name or f"Person{n}",
        email=f"{username or f'person{n}'}@example.se",
        **extra,
    )
    return user


def make_member(body, role, username=None, **extra):
    person = make_person(username=username, **extra)
    Membership.objects.create(person=person, body=body, role=role, valid_from=date(2020, 1, 1))
    forget_body_roles(person)
    return person


INITIATIVE = {
    "title": "Trygghet i Storgatans centrum",
    "question": "Vad skulle få dig att känna dig tryggare i centrum på kvällen?",
    "background": "Flera medborgarförslag tar upp otrygghet kring busstationen.",
    "why_dialogue": "Vi behöver veta hur olika grupper upplever centrum innan vi prioriterar.",
    "future_decision": "Kommunstyrelsens beslut om trygghetsåtgärder i budget 2027.",
    "participation_level": ParticipationLevel.DIALOGUE,
}

MANDATE = {
    "purpose": "Få kunskap om upplevd trygghet i centrum.",
    "description": "Trygghetsvandringar, webbenkät och dialogcafé.",
    "influence": "Resultatet vägs in i prioriteringen av åtgärder.",
    "target_groups": "Unga 13-19 år, äldre, KPR, funktionshinderrådet, näringsidkare.",
    "timeline": "Mars-maj 2027.",
    "budget_resources": "50 000 kr och två tjänstepersoner på halvtid.",
    "offtopic_handling": "Synpunkter utanför syftet skickas till berörd nämnd.",
    "feedback_plan": "Återkoppling på webben och vid ett öppet möte i juni.",
}


class Cast:
    """The people around one body: an official, a politician, a clerk, and outsiders."""

    def __init__(self, code="KS"):
        self.body = make_body(code)
        self.other_body = make_body(f"{code}X", kind=Body.Kind.COMMITTEE)
        self.official = make_member(self.body, Membership.Role.OFFICIAL, first_name="Olga")
        self.politician = make_member(self.body, Membership.Role.CHAIR, first_name="Per")
        self.clerk = make_member(self.body, Membership.Role.CLERK, first_name="Karin")
        self.other_official = make_member(self.body, Membership.Role.OFFICIAL, first_name="Otto")
        self.other_politician = make_member(
            self.other_body, Membership.Role.MEMBER, first_name="Paula"
        )
        self.other_clerk = make_member(self.other_body, Membership.Role.CLERK, first_name="Kurt")
        self.outsider = make_person(first_name="Ida")

    def everyone(self):
        return {
            "official": self.official,
            "politician": self.politician,
            "clerk": self.clerk,
            "other_official": self.other_official,
            "other_politician": self.other_politician,
            "other_clerk": self.other_clerk,
            "outsider": self.outsider,
        }


def make_dialogue(cast: Cast, *, complete=True, **overrides) -> Dialogue:
    data = dict(INITIATIVE) if complete else {"title": "Ny mötesplats för unga"}
    data.update(overrides)
    dialogue = Dialogue.objects.create(
        body=cast.body,
        responsible_official=cast.official,
        initiated_by=cast.official,
        **data,
    )
    Mandate.objects.create(dialogue=dialogue, **(MANDATE if complete else {}))
    if complete:
        Assignment.objects.create(
            dialogue=dialogue, person=cast.politician, role=Assignment.Role.POLITICIAN
        )
    return dialogue


# -- Dialogues put straight into a state (for tests of what each state allows) ---------------
_case_numbers = itertools.count(1)


def make_superuser(**extra):
    user = make_person(first_name="Admin", **extra)
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def register_directly(dialogue: Dialogue, *, year=1999) -> Dialogue:
    """Give a case number without the service (year 1999 keeps clear of real sequences)."""
    sequence = next(_case_numbers)
    Dialogue.objects.filter(pk=dialogue.pk).update(
        case_number=f"{dialogue.body.code} {year}/{sequence}",
        case_year=year,
        case_sequence=sequence,
    )
    return Dialogue.objects.get(pk=dialogue.pk)


def record_decision(dialogue: Dialogue, point, *, by, outcome="approved", **extra):
    from dialog.models import Decision

    values = {
        "dialogue": dialogue,
        "point": point,
        "body": dialogue.body,
        "decided_on": date(2026, 1, 15),
        "outcome": outcome,
        "text": "Beslutet fattas enligt förslaget.",
        "source": Decision.Source.APPROVAL,
        "recorded_by": by,
    }
    values.update(extra)
    return Decision.objects.create(**values)


def put_in_state(
    dialogue: Dialogue, state, *, registered=True, final_decision=False, by=None
) -> Dialogue:
    """Set the state in the database (the FSM field is protected), registered unless told not
    to, with an approved final decision when `final_decision`. Returns a fresh instance."""
    from dialog.models import DecisionPoint

    Dialogue.objects.filter(pk=dialogue.pk).update(state=state)
    if registered and not dialogue.case_number:
        register_directly(dialogue)
    if final_decision:
        record_decision(dialogue, DecisionPoint.FINAL, by=by or dialogue.initiated_by)
    return Dialogue.objects.get(pk=dialogue.pk)
