"""The demo's delegation part (issue 12), called by `load_demo`: the bodies' delegation orders
(KS hands the mandate and the launch to its arbetsutskott; BUN and KFN the launch to their
chairs, and all three let the chair decide urgent matters; KF delegates nothing), and two small
dialogues decided on a body's behalf, in order of dates:

- "Lekplatser i Norrby": KS's arbetsutskott gives the mandate by delegation (point 3.2), and the
  decision is reported at KS's meeting two weeks later (anmälan, kommunallagen 6 kap 40 §);
- "Skolgårdarnas utemiljö": BUN's chair decides the mandate urgently (ordförandebeslut, 6 kap
  39 §), because a grant must be applied for before the committee meets; it waits on the
  secretary's list for report at BUN's next meeting.

Everything goes through the services, by the people who would act. Safe to run again.
"""

from datetime import date, timedelta

from governance.models import DelegationOrder, DelegationPoint, DocumentType, SteeringDocument
from governance.services import ensure_document
from roles.models import Meeting

from ..models import Decision, Dialogue, ParticipationLevel

Delegate = DelegationPoint.Delegate

# (body, adopted on, §, [(point, delegate, delegate body code, reference, text)])
ORDERS = [
    (
        "KS",
        date(2024, 1, 29),
        "9",
        [
            (
                "mandate",
                Delegate.SUBCOMMITTEE,
                "KSAU",
                "3.2",
                "Beslut om uppdrag för medborgardialog inom kommunstyrelsens ansvarsområde.",
            ),
            (
                "launch",
                Delegate.SUBCOMMITTEE,
                "KSAU",
                "3.3",
                "Beslut om igångsättning av medborgardialog enligt beslutad plan.",
            ),
        ],
    ),
    (
        "BUN",
        date(2024, 2, 12),
        "14",
        [
            (
                "launch",
                Delegate.CHAIR,
                None,
                "4.1",
                "Beslut om igångsättning av medborgardialog enligt beslutad plan.",
            )
        ],
    ),
    (
        "KFN",
        date(2024, 2, 20),
        "11",
        [
            (
                "launch",
                Delegate.CHAIR,
                None,
                "5.1",
                "Beslut om igångsättning av medborgardialog enligt beslutad plan.",
            )
        ],
    ),
]

PLAYGROUNDS = "Lekplatser i Norrby – vilken rustas först?"
SCHOOLYARDS = "Skolgårdarnas utemiljö – elevernas röst"
URGENCY = (
    "Ansökan om Boverkets bidrag för skolgårdar ska vara inne inom tre veckor och kräver ett "
    "beslut om dialogen; nämnden sammanträder först efter att ansökningstiden har gått ut."
)


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""


def load(*, bodies, people, command) -> None:
    """Called once after the demo dialogues are built, inside the same transaction."""
    for code, adopted_on, paragraph, points in ORDERS:
        _order(bodies, code, adopted_on, paragraph, points)
    _playgrounds(bodies, people, command)
    _schoolyards(bodies, people, command)


def _order(bodies, code, adopted_on, paragraph, points) -> DelegationOrder:
    body = bodies[code]
    document, _created = ensure_document(
        data={
            "title": f"Delegationsordning för {body.name.lower()}",
            "type": DocumentType.objects.get(name="Delegationsordning"),
            "adopting_body": body,
            "status": SteeringDocument.Status.ADOPTED,
            "decision_date": adopted_on,
            "paragraph": paragraph,
            "valid_from": adopted_on + timedelta(days=7),
        }
    )
    order = DelegationOrder.objects.filter(body=body).first()
    if order is None:
        order = DelegationOrder(body=body, document=document, chair_decides_urgent_matters=True)
        order.full_clean()
        order.save()
    for point, delegate, delegate_code, reference, text in points:
        if order.points.filter(point=point).exists():
            continue
        item = DelegationPoint(
            order=order,
            point=point,
            delegate=delegate,
            delegate_body=bodies[delegate_code] if delegate_code else None,
            reference=reference,
            text=text,
        )
        item.full_clean()
        item.save()
    return order


def _spec(title, body, official, initiator, initiative, mandate, politicians):
    from dialog.management.commands.load_demo import DemoDialogue, Step

    return DemoDialogue(
        title=title,
        politicians=politicians,
        body=body,
        official=official,
        initiator=initiator,
        initiative=initiative,
        mandate=mandate,
        steps=[Step("submit_for_mandate", official), Step("register", "")],
    )


def _registrar(dialogue, people) -> str:
    """The username of a registrar of the diarium the case is registered in."""
    from roles.models import Membership

    body = getattr(dialogue.body, "diarium_body", None) or dialogue.body
    membership = (
        Membership.objects.active()
        .filter(body=body, role=Membership.Role.REGISTRAR)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person.username


def _build(spec, bodies, people, command, *, position: int):
    """The dialogue built by load_demo's own machinery up to the mandate decision (submitted and
    registered); False when it already exists."""
    from dialog.management.commands.load_demo import Step

    probe = Dialogue(body=bodies[spec.body])
    spec.steps[1] = Step("register", _registrar(probe, people))
    return command._dialogue(spec, bodies, people, position=position)


def _playgrounds(bodies, people, command) -> None:
    from dialog.services import delegated

    spec = _spec(
        PLAYGROUNDS,
        "KS",
        "lina.karlsson",
        "maria.holm",
        {
            "question": "Vilken av lekplatserna i Norrby ska rustas först, och hur?",
            "background": "Tre lekplatser i Norrby är slitna; budgeten räcker till en per år.",
            "why_dialogue": (
                "Ordningen är inte bestämd; barnens och föräldrarnas prioriteringar behövs "
                "innan kommunstyrelsen beslutar om investeringsplanen."
            ),
            "future_decision": "Kommunstyrelsens investeringsplan för lekplatser 2027–2029.",
            "participation_level": ParticipationLevel.CONSULTATION,
        },
        {
            "purpose": "Få veta vilken lekplats barn och föräldrar i Norrby vill se rustad först.",
            "description": "Lekplatsvandringar med barn och en enkät till föräldrar.",
            "influence": "Resultatet avgör ordningen inom investeringsplanens ram.",
            "target_groups": "Barn 3–12 år, föräldrar, förskolor i Norrby.",
            "timeline": "April–maj; beslut i september.",
            "budget_resources": "20 000 kr och en tjänsteperson på deltid.",
            "offtopic_handling": "Synpunkter utanför syftet skickas till samhällsbyggnad.",
            "feedback_plan": "Resultatet visas på lekplatserna och på webben i juni.",
        },
        ["johan.berg"],
    )
    if not _build(spec, bodies, people, command, position=10):
        return
    dialogue = Dialogue.objects.get(title=PLAYGROUNDS)
    # The arbetsutskott met four days after the case was registered; it decides by delegation.
    with command._on_day(12):
        delegated.decide_by_delegation(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=people["johan.berg"],
            text="Arbetsutskottet ger uppdraget att föra dialog om lekplatserna i Norrby.",
        )
    decision = Decision.objects.get(dialogue=dialogue, kind=Decision.Kind.DELEGATION)
    # Reported at KS's next meeting, two weeks later, under "Anmälan av delegationsbeslut".
    with command._on_day(26):
        held_on = command.start + timedelta(days=26)
        meeting = Meeting.objects.filter(body=bodies["KS"], held_on=held_on).first()
        if meeting is None:
            meeting = Meeting.objects.create(
                body=bodies["KS"], held_on=held_on, place="Kommunhuset, sessionssalen"
            )
        delegated.record_report(
            decision_id=decision.pk,
            user=people["ingrid.sjoberg"],
            meeting=meeting,
            paragraph="3",
        )


def _schoolyards(bodies, people, command) -> None:
    from dialog.services import delegated

    spec = _spec(
        SCHOOLYARDS,
        "BUN",
        "elin.persson",
        "erik.sandberg",
        {
            "question": "Hur vill eleverna att skolgårdarna ska se ut och användas?",
            "background": "Skolgårdarna i centrala Exempelby är små och hårdgjorda.",
            "why_dialogue": (
                "Elevernas egna idéer behövs innan nämnden prioriterar; frågan är öppen."
            ),
            "future_decision": "Barn- och utbildningsnämndens plan för skolgårdarna 2027.",
            "participation_level": ParticipationLevel.DIALOGUE,
        },
        {
            "purpose": "Låta eleverna påverka hur skolgårdarna utvecklas.",
            "description": "Elevråden leder workshoppar på varje skola; en enkät till eleverna.",
            "influence": "Elevernas prioriteringar styr planen inom bidragets ram.",
            "target_groups": "Elever i årskurs 1–9, elevråd, fritidshemmen.",
            "timeline": "Augusti–oktober.",
            "budget_resources": "Bidrag från Boverket söks; en tjänsteperson på deltid.",
            "offtopic_handling": "Synpunkter om undervisningen lämnas till rektor.",
            "feedback_plan": "Eleverna får återkoppling via elevråden och skolans webb.",
        },
        ["sara.nystrom"],
    )
    if not _build(spec, bodies, people, command, position=4):
        return
    dialogue = Dialogue.objects.get(title=SCHOOLYARDS)
    with command._on_day(10):
        delegated.decide_urgently(
            dialogue_id=dialogue.pk,
            name="approve_mandate",
            user=people["erik.sandberg"],
            text="Uppdraget ges att föra dialog med eleverna om skolgårdarna.",
            urgency_reason=URGENCY,
        )
