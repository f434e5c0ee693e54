"""The demo's part: what the follow-up of this year and the last needs beyond the dialogues
(issue 16). Called by `load_demo`.

The demo's ten dialogues all lie within the last months, so the follow-up of the current year
would have nothing to compare with. Two more dialogues of the executive board are built the same
way (through the services, each step on its own day on a moved clock), placed by their start:
- "Cykelvägar till skolorna" ran from February to August of last year: started, held,
  decided, fed back and evaluated last year;
- "Ett grönare torg" started in November of last year and, when there has been time since,
  closed this year: running in both years, started in the one and finished in the other.
Then the meetings' part is run again, so that the new meetings get their attendance and
justering like the others.
"""

from dataclasses import replace
from datetime import date

from django.utils import timezone

from ..models import Dialogue, ParticipationLevel

LAST_YEAR_TITLE = "Cykelvägar till skolorna"
SPANNING_TITLE = "Ett grönare torg"


def _specs():
    from ..management.commands.load_demo import DemoDialogue, Step

    official, clerk = "lina.karlsson", "ingrid.sjoberg"

    def steps(decision: str) -> list:
        return [
            Step("submit_for_mandate", official),
            Step("register", clerk),
            Step(
                "approve_mandate",
                clerk,
                "Kommunstyrelsen ger uppdrag att genomföra dialogen.",
            ),
            Step("submit_for_launch", official),
            Step("approve_launch", clerk, "Planen godkänns."),
            Step("start_compilation", official),
            Step("present_results", official),
            Step("start_processing", official),
            Step("submit_for_decision", official),
            Step("decide", clerk, decision),
            Step("close", official, "Återkoppling publicerad och dialogen utvärderad."),
        ]

    mandate = {
        "description": "En webbenkät och ett öppet möte.",
        "influence": "Resultatet vägs in när kommunstyrelsen prioriterar.",
        "target_groups": "Barn och unga, föräldrar, pensionärsrådet.",
        "timeline": "Tre månader; sammanställning direkt efter.",
        "budget_resources": "20 000 kr och en tjänsteperson på deltid.",
        "offtopic_handling": "Synpunkter utanför syftet skickas vidare till berörd nämnd.",
        "feedback_plan": "Resultatet och beslutet publiceras på kommunens webbplats.",
    }
    cycle = DemoDialogue(
        title=LAST_YEAR_TITLE,
        body="KS",
        official=official,
        initiator="johan.berg",
        initiative={
            "question": "Vad gör det lättare och tryggare att cykla till skolan?",
            "background": "Föräldrar och elevråd har föreslagit säkrare cykelvägar.",
            "why_dialogue": "Vi vet inte vilka sträckor som upplevs farligast. Frågan är öppen.",
            "future_decision": "Kommunstyrelsens prioritering av cykelvägar i budgeten.",
            "participation_level": ParticipationLevel.CONSULTATION,
        },
        mandate={"purpose": "Ta reda på vilka skolvägar som behöver åtgärdas först.", **mandate},
        politicians=["johan.berg"],
        activities=[
            ("Webbenkät", "Webbenkät om skolvägar", ""),
            ("Dialogcafé", "Öppet möte om cykelvägar", "Stadshuset"),
        ],
        inputs=[
            "Korsningen vid Storgatan saknar övergångsställe för cyklar.",
            "Cykelbanan till Norrbyskolan tar slut mitt i backen.",
            "Belys cykelvägen genom parken, den är mörk på vintern.",
            "Fler cykelställ med tak vid skolorna.",
            "Sänk hastigheten utanför Söderbyskolan.",
            "Snöröj cykelvägarna före bilvägarna.",
        ],
        themes={"Trafiksäkerhet": ["korsningen", "hastigheten"], "Drift": ["snöröj", "belys"]},
        steps=steps("Kommunstyrelsen prioriterar tre skolvägar i budgeten."),
    )
    square = DemoDialogue(
        title=SPANNING_TITLE,
        body="KS",
        official=official,
        initiator="maria.holm",
        initiative={
            "question": "Hur vill du att torget ska se ut och användas?",
            "background": "Torget ska rustas och flera förslag om mer grönska har kommit in.",
            "why_dialogue": "Vi behöver veta hur torget används innan det ritas om.",
            "future_decision": "Kommunstyrelsens beslut om gestaltningen av torget.",
            "participation_level": ParticipationLevel.DIALOGUE,
        },
        mandate={"purpose": "Få underlag för gestaltningen av torget.", **mandate},
        politicians=["maria.holm"],
        activities=[("Webbenkät", "Webbenkät om torget", "")],
        inputs=[
            "Fler träd och sittplatser i skugga.",
            "Behåll torghandeln på lördagar.",
            "En lekplats för de minsta vore fint.",
            "Mindre asfalt, mer gräs.",
        ],
        themes={"Grönska": ["träd", "gräs"], "Liv på torget": ["torghandeln", "lekplats"]},
        steps=steps("Kommunstyrelsen beslutar om ett grönare torg med fler träd."),
    )
    year = timezone.localdate().year
    return [(cycle, date(year - 1, 2, 1)), (square, date(year - 1, 11, 1))]


def _position(command, spec, wanted_start: date) -> tuple[list, int] | None:
    """The steps that fit before today and the `position` that puts the dialogue's start on
    `wanted_start` (load_demo counts back from today: last step day + 4 + 3 * position)."""
    from ..management.commands.load_demo import step_days

    today = timezone.localdate(command.real_now)
    available = (today - wanted_start).days - 4
    steps = list(spec.steps)
    while steps and step_days(replace(spec, steps=steps))[-1] > available:
        steps.pop()
    if not steps:
        return None
    last = step_days(replace(spec, steps=steps))[-1]
    return steps, max((available - last) // 3, 0)


def load(*, bodies, people, command) -> None:
    """Idempotent: a dialogue already there is left alone."""
    from . import meetings

    built = False
    for spec, wanted_start in _specs():
        if Dialogue.objects.filter(title=spec.title).exists():
            continue
        placed = _position(command, spec, wanted_start)
        if placed is None:
            continue
        steps, position = placed
        # A dialogue that has not had the time to reach its end stops at an earlier step.
        built |= command._dialogue(replace(spec, steps=steps), bodies, people, position=position)
    if built:
        meetings.load(bodies=bodies, people=people, command=command)


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
