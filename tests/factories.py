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
        self.clerk = make_member(self.body, Membership.Role.SECRETARY, first_name="Karin")
        # As the role split's migration left every former clerk: secretary and registrar both.
        Membership.objects.create(
            person=self.clerk,
            body=self.body,
            role=Membership.Role.REGISTRAR,
            valid_from=date(2020, 1, 1),
        )
        forget_body_roles(self.clerk)
        self.other_official = make_member(self.body, Membership.Role.OFFICIAL, first_name="Otto")
        self.other_politician = make_member(
            self.other_body, Membership.Role.MEMBER, first_name="Paula"
        )
        self.other_clerk = make_member(
            self.other_body, Membership.Role.SECRETARY, first_name="Kurt"
        )
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
        # Whatever profile applies, the initiative questions are answered yes and every group a
        # profile can name is considered (policy profiles, issue 3).
        answer_initiative(dialogue)
        consider_groups(dialogue)
        # The tjänsteskrivelse of every decision point, as each submission needs it (issue 12).
        write_case_memos(dialogue)
    return dialogue


# The tjänsteskrivelse's texts a submission needs (issue 12); the final point's proposal and
# consequences are the proposal's (PROPOSAL below).
CASE_MEMO = {
    "summary": "Förvaltningen föreslår en medborgardialog om tryggheten i centrum.",
    "proposed_decisions": "att ge förvaltningen i uppdrag att genomföra dialogen\natt notera detta",
    "matter": "Frågan om tryggheten i centrum har väckts av flera medborgarförslag.",
    "assessment": "Förvaltningen bedömer att en dialog ger ett bättre underlag för beslutet.",
    "economy": "Ryms inom förvaltningens budget.",
    "children_rights": "Barn berörs som trafikanter och hörs via skolornas elevråd.",
    "equality": "Både kvinnors och mäns erfarenheter efterfrågas.",
    "environment": "Inga miljökonsekvenser.",
    "minorities_concerned": False,
    "minorities": "",
    "distribution": "Kommunstyrelsen\nSamhällsbyggnadsförvaltningen",
    "head_of_administration": "Anna Chef",
}


def write_case_memos(dialogue: Dialogue, points=None, **overrides) -> Dialogue:
    """The complete tjänsteskrivelse of each decision point (all three by default)."""
    from dialog.models import CaseMemo, DecisionPoint

    for point in points or DecisionPoint.values:
        fields = CaseMemo.editable_fields(point)
        values = {k: v for k, v in {**CASE_MEMO, **overrides}.items() if k in fields}
        CaseMemo.objects.update_or_create(dialogue=dialogue, point=point, defaults=values)
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


def make_meeting(body, held_on=None, **extra):
    """A meeting of `body` (today by default)."""
    from django.utils import timezone

    from roles.models import Meeting

    values = {"place": "Kommunhuset", **extra}
    return Meeting.objects.create(body=body, held_on=held_on or timezone.localdate(), **values)


def meeting_of(body, held_on):
    """`body`'s meeting on `held_on`, made when there is none."""
    from roles.models import Meeting

    found = Meeting.objects.filter(body=body, held_on=held_on).order_by("pk").first()
    return found or make_meeting(body, held_on)


def free_paragraph(meeting, wanted="") -> str:
    """`wanted` when the meeting has not used it, else the next free number."""
    from dialog.models import Decision

    used = set(Decision.objects.filter(meeting=meeting).values_list("paragraph", flat=True))
    if wanted and wanted not in used:
        return wanted
    numbers = [int(p) for p in used if p.isdigit()]
    return str(max(numbers, default=0) + 1)


def record_decision(dialogue: Dialogue, point, *, by, outcome="approved", **extra):
    """A decision written straight into the table: a meeting decision of the dialogue's body at
    its meeting that day (made when needed), unless `kind` says otherwise."""
    from dialog.models import Decision

    values = {
        "dialogue": dialogue,
        "point": point,
        "body": dialogue.body,
        "decided_on": date(2026, 1, 15),
        "outcome": outcome,
        "text": "Beslutet fattas enligt förslaget.",
        "kind": Decision.Kind.MEETING,
        "recorded_by": by,
    }
    values.update(extra)
    if values["kind"] == Decision.Kind.MEETING and "meeting" not in values:
        values["meeting"] = meeting_of(values["body"], values["decided_on"])
    if values.get("meeting") is not None:
        values["paragraph"] = free_paragraph(values["meeting"], values.get("paragraph", ""))
    return Decision.objects.create(**values)


def put_in_state(
    dialogue: Dialogue, state, *, registered=True, final_decision=False, by=None
) -> Dialogue:
    """Set the state in the database (the FSM field is protected), registered unless told not
    to, with an approved final decision when `final_decision`. Returns a fresh instance.

    The fast path: only for tests of what a state allows (tests/helpers.py's docstring says
    when); `tests.helpers.advance` reaches a state through the services."""
    from dialog.models import DecisionPoint

    Dialogue.objects.filter(pk=dialogue.pk).update(state=state)
    if registered and not dialogue.case_number:
        register_directly(dialogue)
    if final_decision:
        record_decision(dialogue, DecisionPoint.FINAL, by=by or dialogue.initiated_by)
    return Dialogue.objects.get(pk=dialogue.pk)


# -- Step content: bring a dialogue through planning and execution ---------------------------


def add_activity(dialogue: Dialogue, **overrides):
    """A scheduled activity (date and place) with the catalogue's dialogue café as method."""
    from datetime import timedelta

    from django.utils import timezone

    from dialog.models import Activity, Method

    values = {
        "title": "Dialogcafé på biblioteket",
        "method": Method.objects.filter(name="Dialogcafé").first(),
        "starts_at": timezone.now() + timedelta(days=30),
        "place": "Stadsbiblioteket, Storgatan 1",
        "target_groups": "Unga och äldre i centrum",
        "responsible": dialogue.responsible_official,
    }
    values.update(overrides)
    return Activity.objects.create(dialogue=dialogue, **values)


def complete_planning(dialogue: Dialogue) -> Dialogue:
    """What `submit_for_launch` needs: a scheduled activity, a communication plan item that tells
    how the result is fed back, and the planned final decision."""
    from datetime import timedelta

    from django.utils import timezone

    from dialog.models import CommunicationItem, DecisionPoint, PlannedDecisionPoint

    add_activity(dialogue)
    CommunicationItem.objects.create(
        dialogue=dialogue,
        channel="Kommunens webbplats",
        message="Så återkopplar vi resultatet: sammanställning på webben och öppet möte.",
        date=timezone.localdate() + timedelta(days=90),
        audience="Alla deltagare",
        tells_feedback=True,
    )
    PlannedDecisionPoint.objects.create(
        dialogue=dialogue,
        point=DecisionPoint.FINAL,
        planned_on=timezone.localdate() + timedelta(days=180),
        body=dialogue.body,
    )
    return dialogue


def add_inputs(dialogue: Dialogue, n: int = 3, *, by=None, **overrides) -> list:
    """`n` registered inputs, the last one off-topic when n > 1 (what `start_compilation`
    needs is at least one)."""
    from django.utils import timezone

    from dialog.models import AgeBand, Gender, InputItem

    ages, genders = AgeBand.values, Gender.values
    items = []
    for i in range(n):
        values = {
            "text": f"Synpunkt {i + 1}: mer belysning vid busstationen.",
            "source": InputItem.Source.WEB_FORM,
            "received_on": timezone.localdate(),
            "age_band": ages[i % len(ages)],
            "gender": genders[i % len(genders)],
            "area": "Centrum",
            "within_purpose": not (n > 1 and i == n - 1),
            "created_by": by or dialogue.responsible_official,
        }
        values.update(overrides)
        items.append(InputItem.objects.create(dialogue=dialogue, **values))
    return items


def complete_execution(dialogue: Dialogue) -> Dialogue:
    """What `start_compilation` needs: inputs, and no activity left planned (they are marked
    held directly, without the date rules)."""
    from dialog.models import Activity

    add_inputs(dialogue)
    dialogue.activities.filter(status=Activity.Status.PLANNED).update(status=Activity.Status.HELD)
    return dialogue


# What each step's forward transition needs, by the state it leaves. Later steps add theirs.
STEP_CONTENT = {
    "planning": complete_planning,
    "execution": complete_execution,
}


def complete_step(dialogue: Dialogue, state=None) -> Dialogue:
    """Fill the content the step `state` (default: the dialogue's state) needs to move on."""
    builder = STEP_CONTENT.get(str(state or dialogue.state))
    if builder is not None:
        builder(dialogue)
    return dialogue


def plan_with_services(dialogue: Dialogue, user) -> Dialogue:
    """`complete_planning` as the official does it, through the services (permissions, history)."""
    from datetime import timedelta

    from django.utils import timezone

    from dialog import services
    from dialog.models import DecisionPoint, Method

    services.save_activity(
        dialogue_id=dialogue.pk,
        user=user,
        data={
            "title": "Trygghetsvandring i centrum",
            "method": Method.objects.filter(name="Trygghetsvandring").first(),
            "starts_at": timezone.now() + timedelta(days=20),
            "ends_at": timezone.now() + timedelta(days=20, hours=2),
            "place": "Samling vid busstationen",
            "target_groups": "Boende och näringsidkare i centrum",
            "responsible": dialogue.responsible_official,
        },
    )
    services.save_communication_item(
        dialogue_id=dialogue.pk,
        user=user,
        data={
            "channel": "Webbplats och lokaltidning",
            "message": "Resultatet återkopplas på webben och vid ett öppet möte.",
            "date": timezone.localdate() + timedelta(days=100),
            "audience": "Deltagare och allmänheten",
            "tells_feedback": True,
        },
    )
    services.save_planned_decision_point(
        dialogue_id=dialogue.pk,
        user=user,
        data={
            "point": DecisionPoint.FINAL,
            "label": "",
            "planned_on": timezone.localdate() + timedelta(days=200),
            "body": dialogue.body,
        },
    )
    return dialogue


def execute_with_services(dialogue: Dialogue, user, n: int = 2) -> Dialogue:
    from django.utils import timezone

    from dialog import services
    from dialog.models import Activity, InputItem

    # The planned activities are held now: not before the launch decision, not in the future.
    for activity in dialogue.activities.filter(status=Activity.Status.PLANNED):
        services.save_activity(
            dialogue_id=dialogue.pk,
            user=user,
            data={"status": Activity.Status.HELD, "starts_at": timezone.now(), "ends_at": None},
            politicians=list(activity.politicians.all()),
            item_id=activity.pk,
        )
    for i in range(n):
        services.save_input(
            dialogue_id=dialogue.pk,
            user=user,
            data={
                "text": f"Synpunkt {i + 1} från trygghetsvandringen.",
                "source": InputItem.Source.ACTIVITY,
                "activity": dialogue.activities.first(),
                "received_on": timezone.localdate(),
                "age_band": "",
                "gender": "",
                "area": "Centrum",
                "within_purpose": True,
            },
        )
    return dialogue


STEP_SERVICES = {
    "planning": plan_with_services,
    "execution": execute_with_services,
}


def complete_step_with_services(dialogue: Dialogue, user, state=None) -> Dialogue:
    """Like `complete_step`, but as `user` through the services."""
    builder = STEP_SERVICES.get(str(state or dialogue.state))
    if builder is not None:
        builder(dialogue, user)
    return dialogue


# -- Policy profiles (issue 3): the initiative questions and the target groups -----------------


def answer_initiative(dialogue: Dialogue, answer=True, questions=None, **answers):
    """Answer the initiative questions (all of them by default) `answer`; `answers` overrides
    single ones, e.g. open_to_influence=False."""
    from dialog.models import InitiativeAnswer
    from governance.profiles import INITIATIVE_QUESTIONS

    for key in questions or INITIATIVE_QUESTIONS:
        InitiativeAnswer.objects.update_or_create(
            dialogue=dialogue,
            question=key,
            defaults={"answer": answers.get(key, answer), "comment": "Ja, frågan är öppen."},
        )
    return dialogue


def consider_groups(dialogue: Dialogue, groups=None, **left_out):
    """Record the target groups as included (all a profile can name by default); `left_out`
    maps a group to the reason it is not included, e.g. pensioners_council="Berörs inte"."""
    from dialog.models import TargetGroup
    from governance.profiles import CONSIDERABLE_GROUPS

    for key in groups or CONSIDERABLE_GROUPS:
        reason = left_out.get(key, "")
        TargetGroup.objects.update_or_create(
            dialogue=dialogue,
            group=key,
            name="",
            defaults={"included": not reason, "reason": reason},
        )
    return dialogue


def make_profile(key="test", **values):
    """A policy profile with the backbone's rules unless told otherwise."""
    from governance.models import PolicyProfile

    values.setdefault("name", f"Profil {key}")
    return PolicyProfile.objects.create(key=key, **values)


def use_profile(dialogue: Dialogue, profile) -> Dialogue:
    """Put a dialogue under a profile (as if it had started under it)."""
    Dialogue.objects.filter(pk=dialogue.pk).update(policy_profile=profile)
    return Dialogue.objects.get(pk=dialogue.pk)


# -- Steps 6-9: compilation, feedback, processing, the follow-up of the decision --------------

PROPOSAL = {
    "dialogue_influence": "Dialogen lade till belysning vid gångtunneln som första åtgärd.",
    "economy": "Åtgärderna ryms i 2027 års budget för trygghetsarbete.",
    "children_rights": "Barns väg till skolan blir tryggare.",
    "children_heard": True,
    "children_heard_comment": "Elevråden deltog vid två dialogcaféer.",
    "equality": "Kvinnor upplever större otrygghet; åtgärderna riktas dit.",
    "environment": "LED-belysning minskar energiförbrukningen.",
}

RESIDENT_FEEDBACK = {
    "what_we_heard": "Många upplever centrum som otryggt på kvällen, särskilt vid busstationen.",
    "what_we_decided": "Bättre belysning och fler nattvandrare från hösten.",
    "why": "Det var de åtgärder flest efterfrågade och som ryms i budgeten.",
    "channels": "Kommunens webbplats, lokaltidningen och ett öppet möte.",
}

EVALUATION = {
    "purpose_met": "yes",
    "purpose_comment": "Vi fick veta hur olika grupper upplever centrum.",
    "methods_comment": "Trygghetsvandringarna gav mest; enkäten nådde fler.",
    "reach_comment": "Unga män och personer över 80 nåddes sämre.",
    "accessibility_comment": "Alla lokaler var tillgängliga; enkäten fanns på lättläst svenska.",
    "lessons_learned": "Börja kommunikationen tidigare och samarbeta med skolorna.",
}


def complete_compilation(dialogue: Dialogue) -> Dialogue:
    """What `present_results` needs: a theme every input within the purpose is tagged to, and
    a summary."""
    from dialog.models import CompilationSummary, Theme

    theme, _ = Theme.objects.get_or_create(dialogue=dialogue, name="Belysning")
    for item in dialogue.inputs.filter(within_purpose=True):
        item.themes.add(theme)
    CompilationSummary.objects.update_or_create(
        dialogue=dialogue, defaults={"summary": "De flesta vill ha bättre belysning."}
    )
    return dialogue


def complete_feedback(dialogue: Dialogue) -> Dialogue:
    """What `start_processing` needs: the presentation recorded and every off-topic input
    forwarded."""
    from django.utils import timezone

    from dialog.models import Forwarding, ResultsPresentation

    ResultsPresentation.objects.update_or_create(
        dialogue=dialogue,
        defaults={"presented_on": timezone.localdate(), "body": dialogue.body},
    )
    for item in dialogue.inputs.filter(within_purpose=False, forwardings__isnull=True):
        Forwarding.objects.create(
            input_item=item,
            forwarded_to=Forwarding.Target.COMPLAINTS,
            note="Till synpunktshanteringen.",
            by=dialogue.responsible_official,
        )
    return dialogue


def complete_processing(dialogue: Dialogue, **overrides) -> Dialogue:
    """What `submit_for_decision` needs: numbered points and every consequence described."""
    from dialog.models import Proposal, ProposalPoint

    proposal, _ = Proposal.objects.update_or_create(
        dialogue=dialogue, defaults={**PROPOSAL, **overrides}
    )
    if not proposal.points.exists():
        ProposalPoint.objects.create(proposal=proposal, number=1, text="Belysningen förbättras.")
        ProposalPoint.objects.create(proposal=proposal, number=2, text="Nattvandringar stöds.")
    return dialogue


def complete_decision_followup(dialogue: Dialogue) -> Dialogue:
    """What `close` needs besides the final decision: an action, the feedback to residents
    published and the evaluation done."""
    from datetime import timedelta

    from django.utils import timezone

    from dialog.models import ActionItem, Evaluation, ResidentFeedback

    today = timezone.localdate()
    if not dialogue.action_items.exists():
        ActionItem.objects.create(
            dialogue=dialogue,
            action="Byt belysning vid busstationen.",
            responsible=dialogue.responsible_official,
            due_on=today + timedelta(days=120),
        )
    ResidentFeedback.objects.update_or_create(
        dialogue=dialogue, defaults={**RESIDENT_FEEDBACK, "published_on": today}
    )
    Evaluation.objects.update_or_create(
        dialogue=dialogue, defaults={**EVALUATION, "done_on": today}
    )
    return dialogue


STEP_CONTENT.update(
    {
        "compilation": complete_compilation,
        "feedback": complete_feedback,
        "processing": complete_processing,
        "decision": complete_decision_followup,
    }
)


def compile_with_services(dialogue: Dialogue, user) -> Dialogue:
    from dialog import services

    theme = services.save_theme(
        dialogue_id=dialogue.pk, user=user, data={"name": "Trygghet", "description": ""}
    )
    services.tag_inputs(
        dialogue_id=dialogue.pk,
        user=user,
        tags={i.pk: [theme.pk] for i in dialogue.inputs.filter(within_purpose=True)},
    )
    services.update_compilation_summary(
        dialogue_id=dialogue.pk, user=user, data={"summary": "Belysning är det viktigaste."}
    )
    return dialogue


def feedback_with_services(dialogue: Dialogue, user) -> Dialogue:
    from django.utils import timezone

    from dialog import services
    from dialog.models import Forwarding

    services.update_presentation(
        dialogue_id=dialogue.pk,
        user=user,
        data={"presented_on": timezone.localdate(), "body": dialogue.body, "notes": ""},
    )
    for item in dialogue.inputs.filter(within_purpose=False):
        services.forward_input(
            dialogue_id=dialogue.pk,
            user=user,
            input_id=item.pk,
            data={"forwarded_to": Forwarding.Target.COMPLAINTS, "note": "Synpunktshanteringen."},
        )
    return dialogue


def process_with_services(dialogue: Dialogue, user) -> Dialogue:
    from dialog import services

    services.update_proposal(dialogue_id=dialogue.pk, user=user, data=PROPOSAL)
    for text in ("Belysningen förbättras.", "Nattvandringar stöds."):
        services.save_proposal_point(dialogue_id=dialogue.pk, user=user, data={"text": text})
    return dialogue


def follow_up_with_services(dialogue: Dialogue, user) -> Dialogue:
    from datetime import timedelta

    from django.utils import timezone

    from dialog import services

    services.save_action_item(
        dialogue_id=dialogue.pk,
        user=user,
        data={
            "action": "Byt belysning vid busstationen.",
            "responsible": dialogue.responsible_official,
            "responsible_text": "",
            "due_on": timezone.localdate() + timedelta(days=120),
            "status": "planned",
        },
    )
    services.update_resident_feedback(dialogue_id=dialogue.pk, user=user, data=RESIDENT_FEEDBACK)
    services.publish_resident_feedback(dialogue_id=dialogue.pk, user=user)
    services.update_evaluation(dialogue_id=dialogue.pk, user=user, data=EVALUATION)
    services.mark_evaluation_done(dialogue_id=dialogue.pk, user=user)
    return dialogue


STEP_SERVICES.update(
    {
        "compilation": compile_with_services,
        "feedback": feedback_with_services,
        "processing": process_with_services,
        "decision": follow_up_with_services,
    }
)
