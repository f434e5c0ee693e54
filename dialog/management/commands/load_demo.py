"""Demo data: Exempelby kommun, its bodies and people, and dialogues at every step.

Every dialogue is built through `dialog.services` by the people who would act in real life, so
its timeline, history, case number and decisions are the real thing. Safe to run again: people,
bodies and memberships are found by their natural keys, and a dialogue whose title already exists
is left alone. The data is in Swedish, like the municipality it describes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from io import StringIO
from pathlib import Path

import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dialog import importers, policy, services
from dialog.demo import case_memo as demo_case_memo
from dialog.demo import delegation as demo_delegation
from dialog.demo import diarium as demo_diarium
from dialog.demo import follow_up as demo_follow_up
from dialog.demo import goals as demo_goals
from dialog.demo import history as demo_history
from dialog.demo import meetings as demo_meetings
from dialog.demo import reach as demo_reach
from dialog.demo import records as demo_records
from dialog.demo import solna as demo_solna
from dialog.models import (
    ActionItem,
    Activity,
    AgeBand,
    DecisionPoint,
    Dialogue,
    Evaluation,
    Forwarding,
    Gender,
    InputItem,
    Method,
    ParticipationLevel,
)
from governance.models import DocumentType, SteeringDocument
from governance.services import ensure_document, import_titles_once, load_preset
from roles.models import Body, Membership
from roles.selectors import forget_body_roles

DEMO_PASSWORD = "demo1234"
DEMO_PROFILE = "sandviken"
EMAIL_DOMAIN = "exempelby.se"
MEMBERSHIPS_FROM = date(2023, 1, 1)

K = Body.Kind
R = Membership.Role

# (code, name, kind, parent code): parents before children.
BODIES = [
    ("KF", "Kommunfullmäktige", K.COUNCIL, None),
    ("KS", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "KF"),
    ("KSAU", "Kommunstyrelsens arbetsutskott", K.SUBCOMMITTEE, "KS"),
    ("BUN", "Barn- och utbildningsnämnden", K.COMMITTEE, "KF"),
    ("KFN", "Kultur- och fritidsnämnden", K.COMMITTEE, "KF"),
    ("KLF", "Kommunledningsförvaltningen", K.ADMINISTRATION, "KS"),
    ("SBF", "Samhällsbyggnadsförvaltningen", K.ADMINISTRATION, "KS"),
    ("BUF", "Barn- och utbildningsförvaltningen", K.ADMINISTRATION, "BUN"),
    ("KFF", "Kultur- och fritidsförvaltningen", K.ADMINISTRATION, "KFN"),
    ("EBH", "Exempelbyhem AB", K.COMPANY, "KS"),  # the municipal housing company (issue 16)
]

# (username, first name, last name, [(body code, role), ...])
PEOPLE = [
    # Elected politicians (förtroendevalda)
    ("gunnel.aberg", "Gunnel", "Åberg", [("KF", R.CHAIR)]),
    ("lars.ohman", "Lars", "Öhman", [("KF", R.VICE_CHAIR)]),
    ("maria.holm", "Maria", "Holm", [("KS", R.CHAIR), ("KSAU", R.CHAIR), ("KF", R.MEMBER)]),
    ("johan.berg", "Johan", "Berg", [("KS", R.VICE_CHAIR), ("KSAU", R.MEMBER), ("KF", R.MEMBER)]),
    ("fatima.yilmaz", "Fatima", "Yilmaz", [("KS", R.MEMBER), ("KF", R.MEMBER)]),
    ("erik.sandberg", "Erik", "Sandberg", [("BUN", R.CHAIR), ("KF", R.MEMBER)]),
    ("sara.nystrom", "Sara", "Nyström", [("BUN", R.VICE_CHAIR)]),
    ("ahmed.hassan", "Ahmed", "Hassan", [("BUN", R.MEMBER)]),
    ("birgitta.lund", "Birgitta", "Lund", [("KFN", R.CHAIR), ("KF", R.MEMBER)]),
    ("oskar.wikstrom", "Oskar", "Wikström", [("KFN", R.MEMBER)]),
    # Officials (tjänstepersoner)
    ("annika.strom", "Annika", "Ström", [("KLF", R.HEAD_OF_ADMINISTRATION)]),
    ("mikael.eriksson", "Mikael", "Eriksson", [("KLF", R.OFFICIAL)]),
    ("lina.karlsson", "Lina", "Karlsson", [("KLF", R.OFFICIAL)]),
    ("sofia.andersson", "Sofia", "Andersson", [("SBF", R.OFFICIAL)]),
    ("henrik.dahl", "Henrik", "Dahl", [("BUF", R.HEAD_OF_ADMINISTRATION)]),
    ("elin.persson", "Elin", "Persson", [("BUF", R.OFFICIAL)]),
    ("jonas.lindgren", "Jonas", "Lindgren", [("KFF", R.OFFICIAL)]),
    # Clerks (registratorer / nämndsekreterare)
    # Ingrid registers cases in KS's diarium too (KF's matters are registered there).
    (
        "ingrid.sjoberg",
        "Ingrid",
        "Sjöberg",
        [
            ("KS", R.SECRETARY),
            ("KS", R.REGISTRAR),
            ("KSAU", R.SECRETARY),
            ("KF", R.SECRETARY),
            ("KF", R.REGISTRAR),
        ],
    ),
    ("peter.nilsson", "Peter", "Nilsson", [("BUN", R.SECRETARY), ("BUN", R.REGISTRAR)]),
    ("hanna.ek", "Hanna", "Ek", [("KFN", R.SECRETARY), ("KFN", R.REGISTRAR)]),
]

ADMIN_USERNAME = "admin"

# For the log-in table printed on the console (the roles' labels are translated).
ROLE_WORDS = {
    R.CHAIR: "chair",
    R.VICE_CHAIR: "vice chair",
    R.MEMBER: "member",
    R.DEPUTY: "deputy",
    R.HEAD_OF_ADMINISTRATION: "head of administration",
    R.OFFICIAL: "official",
    R.SECRETARY: "committee secretary",
    R.REGISTRAR: "registrar",
}


def memberships_text(memberships) -> str:
    """Every body a person belongs to, with the role: "KS chair, KSAU chair, KF member" (the
    console table and the README's table say the same)."""
    return ", ".join(f"{code} {ROLE_WORDS[role]}" for code, role in memberships)


# The transitions that record a decision point's outcome.
DECISION_ACTIONS = frozenset(
    t.name
    for t in Dialogue._meta.get_field("state").get_all_transitions(Dialogue)
    if t.custom.get("outcome")
)


@dataclass
class Step:
    """One thing a person does to the dialogue, in order."""

    action: str  # a transition name, or "register" for register_case
    by: str  # username
    comment: str = ""
    paragraph: str = ""


@dataclass
class DemoDialogue:
    title: str
    body: str
    official: str
    initiator: str
    initiative: dict
    mandate: dict = field(default_factory=dict)
    politicians: list[str] = field(default_factory=list)
    experts: list[str] = field(default_factory=list)
    communicators: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # The plan and the inputs (built through the services when the steps get there).
    activities: list[tuple[str, str, str]] = field(default_factory=list)  # method, title, place
    inputs: list[str] = field(default_factory=list)
    # Target groups the policy profile names that this dialogue leaves out, with the reason.
    left_out: dict[str, str] = field(default_factory=dict)
    # Steps 6-9: themes (name: words that tag an input to it), the proposal's points, the
    # action plan (action, days until due). Dialogues without them get general ones.
    themes: dict[str, list[str]] = field(default_factory=dict)
    proposal_points: list[str] = field(default_factory=list)
    action_plan: list[tuple[str, int]] = field(default_factory=list)


# Before these transitions the official enters the step's content (Command methods).
RESULT_STEPS = {
    "present_results": "_compile",
    "start_processing": "_present",
    "submit_for_decision": "_propose",
    "close": "_follow_up",
}


# Believable dates (issue 9): each dialogue's history is run on a moved clock, every step on
# its day counted from the day the dialogue was proposed. The mandate is decided months before
# the activities, the decisions come in order, and the last step lies a few days in the past.
STEP_DAY = {
    "submit_for_mandate": 7,
    "register": 8,
    "approve_mandate": 35,
    "reject": 35,
    "submit_for_launch": 70,
    "approve_launch": 84,
    "return_launch": 84,
    "start_compilation": 130,
    "present_results": 140,
    "start_processing": 155,
    "submit_for_decision": 170,
    "decide": 185,
    "close": 195,
}
# The activities of a dialogue that goes on past execution: a week apart from this day.
HELD_FROM_DAY = 95


def step_days(spec: "DemoDialogue") -> list[int]:
    """The day of each step, counted from the proposal (day 0); always increasing."""
    days, last = [], 0
    for step in spec.steps:
        last = max(STEP_DAY.get(step.action, last + 20), last + 1)
        days.append(last)
    return days


def _forward_to_decision(official: str) -> list[Step]:
    return [
        Step("start_compilation", official),
        Step("present_results", official),
        Step("start_processing", official),
        Step("submit_for_decision", official),
    ]


DIALOGUES = [
    DemoDialogue(
        title="Trygghet i centrum",
        themes={
            "Belysning och sikt": ["belysning", "buskage", "mörkt", "kameror"],
            "Liv och rörelse på kvällen": ["vuxna", "butiker", "unga"],
            "Tillgänglighet": ["rullstol"],
        },
        proposal_points=[
            "Belysningen vid busstationen och gångtunneln under järnvägen förbättras under 2027.",
            "Kommunen stödjer fler nattvandringar i centrum tillsammans med föreningslivet.",
            "Buskagen vid parkeringen klipps och sikten förbättras.",
            "Åtgärderna följs upp i kommunstyrelsens årsredovisning.",
        ],
        action_plan=[
            ("Byt till LED-belysning vid busstationen och gångtunneln.", 120),
            ("Avtal med föreningar om nattvandringar fredag och lördag.", 60),
            ("Klipp buskagen vid centrumparkeringen.", 30),
        ],
        activities=[
            ("Trygghetsvandring", "Trygghetsvandring kring busstationen", "Busstationen"),
            ("Dialogcafé", "Dialogcafé på biblioteket", "Stadsbiblioteket, Storgatan 1"),
            ("Webbenkät", "Webbenkät om trygghet", ""),
        ],
        inputs=[
            "Belysningen vid gångtunneln under järnvägen är för svag på kvällen.",
            "Fler vuxna i rörelse vid busstationen skulle kännas tryggare.",
            "Buskagen vid parkeringen skymmer sikten och borde klippas.",
            "Som rullstolsanvändare undviker jag torget när det är halt och mörkt.",
            "(utanför) Snöröjningen på min gata fungerar dåligt.",
            "Öppna butiker och kaféer längre på kvällen ger liv i centrum.",
            "Unga behöver en plats att vara på som inte är busstationen.",
            "Kameror känns tryggt men ersätter inte människor.",
        ],
        body="KS",
        official="mikael.eriksson",
        initiator="maria.holm",
        initiative={
            "question": "Vad skulle få dig att känna dig tryggare i centrum, särskilt på kvällen?",
            "background": (
                "Flera medborgarförslag och polisens lägesbild pekar på otrygghet kring "
                "busstationen och Storgatan efter mörkrets inbrott."
            ),
            "why_dialogue": (
                "Vi behöver veta hur olika grupper upplever centrum innan åtgärderna prioriteras. "
                "Frågan är öppen: inga åtgärder är beslutade."
            ),
            "future_decision": "Kommunstyrelsens beslut om trygghetsåtgärder i centrum.",
            "participation_level": ParticipationLevel.DIALOGUE,
        },
        mandate={
            "purpose": "Få kunskap om hur invånarna upplever tryggheten i centrum och varför.",
            "description": "Trygghetsvandringar, en webbenkät och ett dialogcafé på biblioteket.",
            "influence": (
                "Resultatet vägs in när kommunstyrelsen prioriterar åtgärder; det avgör inte "
                "ensamt vilka åtgärder som väljs."
            ),
            "target_groups": (
                "Unga 13-19 år, äldre, kommunala pensionärsrådet (KPR), funktionshinderrådet, "
                "näringsidkare i centrum och kvällsresenärer."
            ),
            "timeline": "Mars-maj; sammanställning i juni.",
            "budget_resources": "40 000 kr och två tjänstepersoner på deltid.",
            "offtopic_handling": "Synpunkter utanför syftet skickas vidare till berörd nämnd.",
            "feedback_plan": (
                "Resultatet publiceras på kommunens webbplats och presenteras vid ett öppet möte; "
                "de som lämnat kontaktuppgifter får besked om beslutet."
            ),
        },
        politicians=["maria.holm", "fatima.yilmaz"],
        experts=["sofia.andersson"],
        communicators=["lina.karlsson"],
        steps=[
            Step("submit_for_mandate", "mikael.eriksson"),
            Step("register", "ingrid.sjoberg"),
            Step(
                "approve_mandate",
                "ingrid.sjoberg",
                "Kommunstyrelsen ger uppdrag att genomföra dialogen enligt förslaget.",
                "41",
            ),
            Step("submit_for_launch", "mikael.eriksson"),
            Step(
                "approve_launch",
                "maria.holm",
                "Planen godkänns; dialogen kan starta.",
            ),
            *_forward_to_decision("mikael.eriksson"),
            Step(
                "decide",
                "ingrid.sjoberg",
                "Kommunstyrelsen beslutar om bättre belysning vid busstationen, "
                "fler nattvandringar och en åtgärdsplan som följs upp i årsredovisningen.",
                "97",
            ),
            Step(
                "close",
                "mikael.eriksson",
                "Återkoppling publicerad och dialogen utvärderad mot uppdraget.",
            ),
        ],
    ),
    DemoDialogue(
        title="Ett nytt bibliotek i Exempelby",
        activities=[
            ("Workshop", "Workshop om framtidens bibliotek", "Kulturhuset"),
            ("Dialog på plats", "Pop up-bibliotek i Norrby centrum", "Norrby centrum"),
            ("Webbenkät", "Digital enkät om biblioteket", ""),
        ],
        inputs=[
            "Längre öppettider på kvällar och helger.",
            "Tysta läsplatser och grupprum för studier.",
            "En makerspace med 3D-skrivare och symaskiner.",
            "Bättre tillgänglighet: hiss, hörslinga och lättläst.",
            "Mer aktiviteter för barn på lördagar.",
            "(utanför) Parkeringsavgiften vid simhallen är för hög.",
        ],
        body="KFN",
        official="jonas.lindgren",
        initiator="jonas.lindgren",
        initiative={
            "question": "Vad ska det nya biblioteket erbjuda, och för vem?",
            "background": "Huvudbiblioteket är för litet och lokalerna behöver ersättas.",
            "why_dialogue": (
                "Lokalprogrammet är inte låst; invånarnas prioriteringar behövs innan "
                "nämnden beslutar om innehåll och öppettider."
            ),
            "future_decision": "Kultur- och fritidsnämndens beslut om lokalprogram.",
            "participation_level": ParticipationLevel.INFLUENCE,
        },
        mandate={
            "purpose": "Låta invånarna påverka det nya bibliotekets innehåll.",
            "description": "Workshoppar, en digital enkät och pop up-bibliotek i tre stadsdelar.",
            "influence": "Prioriteringarna styr lokalprogrammets innehåll inom given budget.",
            "target_groups": (
                "Barn och unga, äldre, KPR, funktionshinderrådet, föreningslivet och "
                "invånare som sällan besöker biblioteket."
            ),
            "timeline": "Hela våren; förslag till beslut i september.",
            "budget_resources": "120 000 kr, bibliotekspersonal och en kommunikatör.",
            "offtopic_handling": "Övriga synpunkter lämnas till kultur- och fritidsförvaltningen.",
            "feedback_plan": "Återkoppling på webben och i biblioteket efter nämndens beslut.",
        },
        politicians=["birgitta.lund", "oskar.wikstrom"],
        steps=[
            Step("submit_for_mandate", "jonas.lindgren"),
            Step("register", "hanna.ek"),
            Step("approve_mandate", "birgitta.lund", "Uppdraget godkänns."),
            Step("submit_for_launch", "jonas.lindgren"),
            Step("approve_launch", "hanna.ek", "Planen godkänns.", "23"),
            *_forward_to_decision("jonas.lindgren"),
        ],
    ),
    DemoDialogue(
        title="Mötesplatser för unga",
        left_out={
            "pensioners_council": (
                "Frågan gäller ungas mötesplatser på fritiden; pensionärsrådet informeras men "
                "berörs inte direkt."
            )
        },
        activities=[
            ("Skoldialog / elevråd", "Samtal med elevråden", "Högstadieskolorna"),
            ("Workshop", "Ungdomsworkshop", "Fritidsgården Centrum"),
        ],
        inputs=[
            "En plats med wifi och soffor där man får vara utan att köpa något.",
            "Öppet på fredagskvällar.",
            "En skatepark med belysning.",
            "Något för oss som inte gillar sport.",
        ],
        body="BUN",
        official="elin.persson",
        initiator="erik.sandberg",
        initiative={
            "question": "Var och hur vill unga träffas på fritiden?",
            "background": (
                "Fritidsgården i centrum har få besökare, och många unga saknar mötesplatser."
            ),
            "why_dialogue": (
                "Barn och unga ska alltid kunna ge sin syn i frågor som rör dem, och nämnden "
                "har inte bestämt formen för nya mötesplatser."
            ),
            "future_decision": "Barn- och utbildningsnämndens verksamhetsplan för fritid.",
            "participation_level": ParticipationLevel.INFLUENCE,
        },
        mandate={
            "purpose": "Ta reda på vilka mötesplatser unga vill ha.",
            "description": "Samtal på skolorna, en ungdomsworkshop och en enkät via elevråden.",
            "influence": "Ungdomarnas prioriteringar avgör vilka två mötesplatser som prövas.",
            "target_groups": (
                "Unga 12-18 år, särskilt de som inte går till fritidsgården, unga med "
                "funktionsnedsättning och elevråden."
            ),
            "timeline": "Höstterminen.",
            "budget_resources": "60 000 kr och fritidsledare.",
            "offtopic_handling": "Synpunkter om skolan lämnas till respektive rektor.",
            "feedback_plan": "Återkoppling i skolorna och på kommunens webbplats.",
        },
        politicians=["erik.sandberg", "ahmed.hassan"],
        experts=["henrik.dahl"],
        steps=[
            Step("submit_for_mandate", "erik.sandberg"),
            Step("register", "peter.nilsson"),
            Step("approve_mandate", "peter.nilsson", "Uppdraget godkänns.", "58"),
            Step("submit_for_launch", "elin.persson"),
            Step("approve_launch", "sara.nystrom", "Genomförandet får starta."),
        ],
    ),
    DemoDialogue(
        title="Skolgårdar som lärmiljö",
        activities=[
            ("Trygghetsvandring", "Gåtur med elever på skolgårdarna", "Centrumskolan"),
            ("Webbenkät", "Enkät till vårdnadshavare", ""),
        ],
        inputs=[
            "Mer grönska och skugga på skolgården.",
            "Plats för lugna lekar, inte bara fotboll.",
            "Ett uteklassrum med bänkar.",
            "(utanför) Skolmaten borde bli bättre.",
        ],
        body="BUN",
        official="elin.persson",
        initiator="elin.persson",
        initiative={
            "question": "Hur kan skolgårdarna bli bättre platser för lek och lärande?",
            "background": "Flera skolgårdar ska rustas de kommande åren.",
            "why_dialogue": (
                "Elevernas och vårdnadshavarnas erfarenheter behövs före upphandlingen."
            ),
            "future_decision": "Nämndens prioritering av skolgårdsupprustningar.",
            "participation_level": ParticipationLevel.CONSULTATION,
        },
        mandate={
            "purpose": "Samla elevers och vårdnadshavares önskemål om skolgårdarna.",
            "description": "Gåturer med elever och en enkät till vårdnadshavare.",
            "influence": "Önskemålen vägs in i prioriteringen.",
            "target_groups": "Elever i alla åldrar, vårdnadshavare och funktionshinderrådet.",
            "timeline": "Vårterminen.",
            "budget_resources": "20 000 kr.",
            "offtopic_handling": "Övriga synpunkter går till skolornas ledning.",
            "feedback_plan": "Återkoppling genom skolorna.",
        },
        politicians=["sara.nystrom"],
        steps=[
            Step("submit_for_mandate", "elin.persson"),
            Step("register", "peter.nilsson"),
            Step("approve_mandate", "erik.sandberg", "Uppdraget godkänns."),
            Step("submit_for_launch", "elin.persson"),
            Step("approve_launch", "peter.nilsson", "Planen godkänns.", "71"),
            Step("start_compilation", "elin.persson"),
            Step("present_results", "elin.persson"),
            Step("start_processing", "elin.persson"),
        ],
    ),
    DemoDialogue(
        title="Lekplatser i alla stadsdelar",
        activities=[
            ("Dialog på plats", "Dialog vid lekplatsen i Söderby", "Söderby lekplats"),
        ],
        body="KS",
        official="sofia.andersson",
        initiator="sofia.andersson",
        initiative={
            "question": "Vilka lekplatser ska rustas först, och hur ska de se ut?",
            "background": "Lekplatsplanen visar att hälften av lekplatserna behöver rustas.",
            "why_dialogue": "Barnens och familjernas prioriteringar saknas i underlaget.",
            "future_decision": "Kommunstyrelsens beslut om lekplatsplanens etapper.",
            "participation_level": ParticipationLevel.DIALOGUE,
        },
        mandate={
            "purpose": "Låta barn och familjer påverka ordningen för upprustningen.",
            "description": "Dialog på plats vid lekplatserna och en ritverkstad för barn.",
            "influence": "Resultatet avgör ordningen mellan lekplatser med samma behov.",
            "target_groups": "Barn, vårdnadshavare, förskolor och funktionshinderrådet.",
            "timeline": "Maj-juni.",
            "budget_resources": "30 000 kr.",
            "offtopic_handling": "Felanmälningar skickas till gatu- och parkenheten.",
            "feedback_plan": "Skyltar vid lekplatserna och information på webben.",
        },
        politicians=["johan.berg"],
        communicators=["lina.karlsson"],
        steps=[
            Step("submit_for_mandate", "sofia.andersson"),
            Step("register", "ingrid.sjoberg"),
            Step("approve_mandate", "johan.berg", "Uppdraget godkänns."),
            Step("submit_for_launch", "sofia.andersson"),
            Step(
                "return_launch",
                "johan.berg",
                "Planen behöver visa hur barn med funktionsnedsättning nås.",
            ),
        ],
    ),
    DemoDialogue(
        title="Kollektivtrafiken i Exempelby",
        body="KS",
        official="mikael.eriksson",
        initiator="johan.berg",
        initiative={
            "question": "Hur vill du kunna resa med buss inom kommunen?",
            "background": (
                "Kommunen ska lämna synpunkter till regionens trafikförsörjningsprogram. "
                "Det lagstadgade samrådet enligt kollektivtrafiklagen sköts av regionen."
            ),
            "why_dialogue": "Kommunens yttrande ska bygga på invånarnas resbehov.",
            "future_decision": "Kommunstyrelsens yttrande över trafikförsörjningsprogrammet.",
            "participation_level": ParticipationLevel.CONSULTATION,
        },
        mandate={
            "purpose": "Samla invånarnas resbehov inför kommunens yttrande.",
            "description": "Enkät på hållplatser och på webben, samtal med pendlare.",
            "influence": "Resultatet är underlag för yttrandet; regionen beslutar om trafiken.",
            "target_groups": "Pendlare, unga, äldre, KPR, funktionshinderrådet och landsbygden.",
            "timeline": "Sex veckor under hösten.",
            "budget_resources": "15 000 kr.",
            "offtopic_handling": "Synpunkter på enskilda turer lämnas till regionen.",
            "feedback_plan": "Yttrandet och en sammanfattning publiceras på webben.",
        },
        politicians=["johan.berg", "fatima.yilmaz"],
        steps=[
            Step("submit_for_mandate", "mikael.eriksson"),
            Step("register", "ingrid.sjoberg"),
        ],
    ),
    DemoDialogue(
        title="Upprustning av Stadsparken",
        body="KS",
        official="sofia.andersson",
        initiator="fatima.yilmaz",
        initiative={
            "question": "Vad behöver Stadsparken för att fler ska vilja vara där?",
            "background": "Stadsparken har slitna gångar och få sittplatser.",
            "participation_level": ParticipationLevel.DIALOGUE,
        },
    ),
    DemoDialogue(
        title="Nya parkeringsregler i centrum",
        body="KS",
        official="mikael.eriksson",
        initiator="mikael.eriksson",
        initiative={
            "question": "Vad tycker du om de nya parkeringsreglerna?",
            "background": "Nya parkeringsregler i centrum gäller från årsskiftet.",
            "why_dialogue": (
                "Förvaltningen vill veta vad invånarna tycker om reglerna och anser att "
                "synpunkterna kan påverka hur de tillämpas."
            ),
            "future_decision": "Eventuella justeringar av reglerna.",
            # Information only would be refused at once: it is not a dialogue [SAN][SOL].
            "participation_level": ParticipationLevel.CONSULTATION,
        },
        mandate={
            "purpose": "Informera om de nya reglerna.",
            "description": "Informationsmöte och broschyr.",
            "influence": "Ingen; reglerna är beslutade.",
            "target_groups": "Boende och näringsidkare i centrum.",
            "timeline": "December.",
            "budget_resources": "5 000 kr.",
            "offtopic_handling": "Synpunkter lämnas till gatu- och parkenheten.",
            "feedback_plan": "Ingen återkoppling planeras.",
        },
        politicians=["maria.holm"],
        steps=[
            Step("submit_for_mandate", "mikael.eriksson"),
            Step("register", "ingrid.sjoberg"),
            Step(
                "reject",
                "ingrid.sjoberg",
                "Avslag: reglerna är redan beslutade, så frågan går inte att påverka. Att "
                "informera om ett fattat beslut är inte medborgardialog; informationen sköts av "
                "förvaltningen.",
                "42",
            ),
        ],
    ),
    DemoDialogue(
        title="Framtidens fritidsgårdar",
        body="KFN",
        official="jonas.lindgren",
        initiator="birgitta.lund",
        initiative={
            "question": "Hur ska fritidsgårdarna utvecklas?",
            "background": "Besöken på fritidsgårdarna har minskat i flera år.",
            "why_dialogue": "Unga behöver få påverka fritidsgårdarnas innehåll.",
            "future_decision": "Kultur- och fritidsnämndens verksamhetsplan.",
            "participation_level": ParticipationLevel.DIALOGUE,
        },
        mandate={
            "purpose": "Låta unga påverka fritidsgårdarnas innehåll.",
            "description": "Samtal på fritidsgårdarna och i skolorna.",
            "influence": "Resultatet vägs in i verksamhetsplanen.",
            "target_groups": "Unga 12-18 år och deras föräldrar.",
            "timeline": "Våren.",
            "budget_resources": "25 000 kr.",
            "offtopic_handling": "Övriga synpunkter går till förvaltningen.",
            "feedback_plan": "Återkoppling på fritidsgårdarna.",
        },
        politicians=["birgitta.lund"],
        steps=[
            Step("submit_for_mandate", "jonas.lindgren"),
            Step("register", "hanna.ek"),
            Step("approve_mandate", "birgitta.lund", "Uppdraget godkänns."),
            # Cancelling is the body's decision: its secretary records it from the minutes.
            Step(
                "cancel",
                "hanna.ek",
                "Nämnden beslutade att avbryta dialogen: frågan ingår nu i barn- och "
                "utbildningsnämndens dialog om mötesplatser för unga.",
            ),
        ],
    ),
    DemoDialogue(
        title="Kulturskolans utbud",
        left_out={
            "pensioners_council": (
                "Kulturskolans kursutbud riktar sig till barn och unga; pensionärsrådet berörs "
                "inte."
            )
        },
        activities=[
            ("Webbenkät", "Enkät till elever och vårdnadshavare", ""),
            ("Öppet möte", "Prova-på-dag", "Kulturskolan"),
        ],
        body="KFN",
        official="jonas.lindgren",
        initiator="oskar.wikstrom",
        initiative={
            "question": "Vilka kurser vill barn och unga att kulturskolan erbjuder?",
            "background": (
                "Kulturskolan har långa köer till vissa kurser och lediga platser i andra."
            ),
            "why_dialogue": "Utbudet för nästa läsår är inte bestämt.",
            "future_decision": "Nämndens beslut om kulturskolans utbud.",
            "participation_level": ParticipationLevel.CONSULTATION,
        },
        mandate={
            "purpose": "Anpassa kulturskolans utbud efter barns och ungas önskemål.",
            "description": "Enkät till elever och vårdnadshavare, prova-på-dagar.",
            "influence": "Önskemålen vägs in när utbudet bestäms.",
            "target_groups": "Barn och unga 7-19 år, också de som inte går i kulturskolan.",
            "timeline": "Februari-mars.",
            "budget_resources": "10 000 kr.",
            "offtopic_handling": "Övriga synpunkter går till kulturskolans rektor.",
            "feedback_plan": "Återkoppling i kursutbudet och på webben.",
        },
        politicians=["oskar.wikstrom"],
        steps=[
            Step("submit_for_mandate", "jonas.lindgren"),
            Step("register", "hanna.ek"),
            Step("approve_mandate", "hanna.ek", "Uppdraget godkänns.", "12"),
            Step("submit_for_launch", "jonas.lindgren"),
        ],
    ),
]


# -- The register: the seed titles and Exempelby's own dialogue policy (governance) ----------
DEMO_POLICY = {
    "title": "Policy för medborgardialog",
    "type_name": "Policy",
    "body": "KF",
    "owner": "KLF",
    "decision_date": date(2025, 2, 10),
    "paragraph": "12",
    "case_number": "KS 2024/118",
    "valid_from": date(2025, 3, 1),
    "owner_role": "Kanslichef",
    "follow_up_by": "Kommunstyrelsen",
    "follow_up_interval_months": 48,
    "keywords": "medborgardialog, delaktighet, demokrati",
    "text": (
        "Exempelby kommuns policy för medborgardialog anger när och hur kommunen för dialog med "
        "invånarna inför politiska beslut. Arbetet följer Sandvikens modell i nio steg med tre "
        "beslutspunkter."
    ),
}


def load_demo_register(bodies) -> SteeringDocument:
    """Load the register once: the seed titles (flagged for review where no type is found) and
    the dialogue policy that the demo's policy profile hangs on. Safe to run again."""
    # The cleaned copy of the seed's title list (tests/fixtures holds the raw one).
    seed_titles = Path(apps.get_app_config("governance").path) / "fixtures" / "seed_titles.txt"
    import_titles_once(path=seed_titles)
    relations = ("type_name", "body", "owner", "keywords")
    data = {key: value for key, value in DEMO_POLICY.items() if key not in relations}
    data.update(
        type=DocumentType.objects.get(name=DEMO_POLICY["type_name"]),
        adopting_body=bodies[DEMO_POLICY["body"]],
        owner_body=bodies[DEMO_POLICY["owner"]],
        status=SteeringDocument.Status.ADOPTED,
    )
    policy, _created = ensure_document(data=data, keywords=DEMO_POLICY["keywords"])
    load_preset(key=DEMO_PROFILE, activate=True, policy_document=policy)
    return policy


# Issue 12's parts of the demo (the delegation order, the diarium, the tjänsteskrivelser, the
# meetings, a dialogue under Solna's profile).
DEMO_PARTS = (
    demo_case_memo,
    demo_delegation,
    demo_diarium,
    demo_meetings,
    demo_solna,
    demo_history,  # issue 15: changes by three people on one dialogue, for its history page
    demo_reach,  # issue 16: reach per target group, activity evaluations
    demo_goals,  # issue 16: goals, Solna's checklists
    demo_follow_up,  # issue 16: the follow-up of this year and the last
    demo_records,  # issue 15: a gallring dry run
)


class Command(BaseCommand):
    help = (
        "Load the demo municipality (Exempelby kommun) with its bodies, people and dialogues. "
        f"Every demo user's password is {DEMO_PASSWORD!r}. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (it creates a superuser with a known password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: it creates a superuser with a known "
                "password. Use --force if this really is a demo installation."
            )
        with transaction.atomic():
            # The rules new dialogues follow: Sandviken's strategy (issue 3's presets).
            load_preset(key=DEMO_PROFILE, activate=True)
            bodies = self._bodies()
            load_demo_register(bodies)
            people, new_people = self._people(bodies)
            # The real moment: each dialogue's history is run on a moved clock before it.
            self.real_now = timezone.now()
            new_dialogues = [
                spec.title
                for position, spec in enumerate(DIALOGUES)
                if self._dialogue(spec, bodies, people, position=position)
            ]
            for part in DEMO_PARTS:
                part.load(bodies=bodies, people=people, command=self)
            # The residents' side: three demo dialogues published (participation, reached by
            # its command: dialog does not import the app above it).
            call_command("load_public_demo", stdout=StringIO())
            # Issue 15: an e-archive package of the closed demo dialogue (reports' command).
            call_command("load_reports_demo", stdout=StringIO())
        self._report(people, new_people, new_dialogues)

    # -- Organisation ----------------------------------------------------------------------
    def _bodies(self) -> dict[str, Body]:
        bodies: dict[str, Body] = {}
        for code, name, kind, parent in BODIES:
            bodies[code], _created = Body.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": kind, "parent": bodies.get(parent)},
            )
        return bodies

    def _people(self, bodies):
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once: the same password for everyone
        people, new = {}, []
        admin, created = User.objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={
                "first_name": "Systemadministratör",
                "email": f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
                "is_staff": True,
                "is_superuser": True,
                "password": password,
            },
        )
        people[ADMIN_USERNAME] = admin
        if created:
            new.append(ADMIN_USERNAME)
        for username, first_name, last_name, memberships in PEOPLE:
            person, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@{EMAIL_DOMAIN}",
                    "password": password,
                },
            )
            if created:
                new.append(username)
            for code, role in memberships:
                Membership.objects.get_or_create(
                    person=person,
                    body=bodies[code],
                    role=role,
                    defaults={"valid_from": MEMBERSHIPS_FROM},
                )
            forget_body_roles(person)
            people[username] = person
        return people, new

    # -- Dialogues -------------------------------------------------------------------------
    def _dialogue(self, spec: DemoDialogue, bodies, people, *, position: int = 0) -> bool:
        """Build one dialogue as its people would, each step on its own day in the past (the
        clock moved with time-machine); False when it is already there."""
        if Dialogue.objects.filter(title=spec.title).exists():
            return False
        days = step_days(spec)
        # The last step a few days ago, a little further back for each dialogue.
        today = timezone.localdate(self.real_now)
        self.start = today - timedelta(days=(days[-1] if days else 0) + 4 + 3 * position)
        official = people[spec.official]
        with self._on_day(0):
            dialogue = services.create_dialogue(
                user=people[spec.initiator],
                data={
                    "title": spec.title,
                    "body": bodies[spec.body],
                    "responsible_official": official,
                    **spec.initiative,
                },
            )
            if spec.mandate:
                services.update_mandate(dialogue_id=dialogue.pk, user=official, data=spec.mandate)
            self._policy_content(dialogue, official, spec)
            if spec.politicians or spec.experts or spec.communicators:
                services.set_responsibility(
                    dialogue_id=dialogue.pk,
                    user=official,
                    responsible_official=official,
                    politicians=[people[u] for u in spec.politicians],
                    experts=[people[u] for u in spec.experts],
                    communicators=[people[u] for u in spec.communicators],
                )
        for step, day in zip(spec.steps, days, strict=True):
            with self._on_day(day):
                self._step(dialogue, spec, step, official, people)
        if Dialogue.objects.get(pk=dialogue.pk).state == "execution":
            # Views keep coming in since the launch decision, up to today.
            launch = self.start + timedelta(days=STEP_DAY["approve_launch"])
            self._collect_inputs(
                dialogue, spec, official, count=len(spec.inputs) // 2, since=launch
            )
        return True

    def _on_day(self, day: int):
        """The clock moved to 10:00 on day `day` of the dialogue (it ticks on from there)."""
        moment = datetime.combine(self.start + timedelta(days=day), time(10, 0))
        return time_machine.travel(timezone.make_aware(moment), tick=True)

    def _step(self, dialogue, spec: DemoDialogue, step: Step, official, people) -> None:
        for part in DEMO_PARTS:
            part.before_step(
                dialogue=dialogue, action=step.action, people=people, official=official
            )
        if step.action == "submit_for_launch" and not dialogue.activities.exists():
            self._plan(dialogue, spec, official)
        # Steps 6-9: what each forward transition needs, entered by the official.
        if step.action in RESULT_STEPS:
            getattr(self, RESULT_STEPS[step.action])(dialogue, spec, official)
        if step.action == "start_compilation":
            self._execute(dialogue, spec, official)
        if step.action == "register":
            services.register_case(dialogue_id=dialogue.pk, user=people[step.by])
        elif step.action in DECISION_ACTIONS:
            self._decide(dialogue, step, people)
        else:
            services.run_transition(
                dialogue_id=dialogue.pk,
                name=step.action,
                user=people[step.by],
                comment=step.comment,
            )

    def _decide(self, dialogue, step: Step, people) -> None:
        """A decision point's outcome as the municipality records it: the official notes the
        stance or the presentation where the profile asks for no decision; otherwise the body
        decided at its meeting that day and its committee secretary records it from the
        minutes (the step's `by` is the politician who moved it; the § is the step's or the
        next free one)."""
        dialogue = Dialogue.objects.get(pk=dialogue.pk)
        user = people[step.by]
        if policy.records_information(dialogue, user):
            services.note_information(
                dialogue_id=dialogue.pk,
                name=step.action,
                user=user,
                informed_occasion=demo_meetings.occasion(dialogue),
                informed_on=timezone.localdate(),
                text=step.comment,
            )
            return
        meeting, secretary = demo_meetings.meeting_for(dialogue, user=user)
        services.decide_at_meeting(
            dialogue_id=dialogue.pk,
            name=step.action,
            user=secretary,
            meeting=meeting,
            paragraph=step.paragraph or demo_meetings.next_paragraph(meeting),
            text=step.comment,
        )

    # -- Step content, through the services as the official would enter it -------------------
    def _plan(self, dialogue, spec: DemoDialogue, official) -> None:
        """Activities, a communication plan that says how the result is fed back, and the
        later decision points. Dialogues that go on past execution held theirs in the past."""
        dialogue = Dialogue.objects.select_related("mandate").get(pk=dialogue.pk)
        held = any(step.action == "start_compilation" for step in spec.steps)
        # Held ones two months after the mandate; the others still to come (from today on).
        if held:
            first_day = self.start + timedelta(days=HELD_FROM_DAY)
            final_day = self.start + timedelta(days=STEP_DAY["decide"])
        else:
            first_day = timezone.localdate(self.real_now) + timedelta(days=14)
            final_day = first_day + timedelta(days=90)
        activities = spec.activities or [("Webbenkät", "Webbenkät", "")]
        for index, (method, title, place) in enumerate(activities):
            starts = timezone.make_aware(
                datetime.combine(first_day + timedelta(days=7 * index), time(18, 0))
            )
            services.save_activity(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "title": title,
                    "method": Method.objects.filter(name=method).first(),
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "place": place,
                    "link": "" if place else "https://www.exempelby.se/dialog",
                    "target_groups": dialogue.mandate.target_groups,
                    "responsible": official,
                },
                politicians=[
                    a.person for a in dialogue.assignments.all() if a.role == "politician"
                ],
            )
        for channel, message, on, feedback in (
            (
                "Kommunens webbplats och sociala medier",
                "Inbjudan att delta.",
                first_day - timedelta(days=14),
                False,
            ),
            (
                "Webbplats och öppet möte",
                dialogue.mandate.feedback_plan,
                final_day + timedelta(days=20),
                True,
            ),
        ):
            services.save_communication_item(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "channel": channel,
                    "message": message,
                    "date": on,
                    "audience": "Deltagare och allmänheten",
                    "tells_feedback": feedback,
                },
            )
        launch_day = self.start + timedelta(days=STEP_DAY["approve_launch"])
        for point, on in ((DecisionPoint.LAUNCH, launch_day), (DecisionPoint.FINAL, final_day)):
            services.save_planned_decision_point(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "point": point,
                    "label": "",
                    "planned_on": on,
                    "body": dialogue.body,
                },
            )

    def _execute(self, dialogue, spec: DemoDialogue, official) -> None:
        """The activities were held and the inputs registered (half of them by a survey import)."""
        for activity in dialogue.activities.filter(status=Activity.Status.PLANNED):
            data = {
                name: getattr(activity, name)
                for name in (
                    "title",
                    "method",
                    "starts_at",
                    "ends_at",
                    "place",
                    "link",
                    "target_groups",
                    "responsible",
                )
            }
            services.save_activity(
                dialogue_id=dialogue.pk,
                user=official,
                data={**data, "status": Activity.Status.HELD},
                politicians=list(activity.politicians.all()),
                item_id=activity.pk,
            )
        first = dialogue.activities.order_by("starts_at").first()
        since = timezone.localdate(first.starts_at) if first else timezone.localdate()
        self._collect_inputs(dialogue, spec, official, count=len(spec.inputs), since=since)

    def _collect_inputs(
        self, dialogue, spec: DemoDialogue, official, *, count: int, since: date
    ) -> None:
        """`count` views received between `since` and today, half of them by a survey import."""
        texts = spec.inputs[:count]
        if not texts:
            return
        ages, genders = AgeBand.values, Gender.values
        areas = ["Centrum", "Norrby", "Söderby", "Landsbygden"]
        today = timezone.localdate()
        span = max((today - since).days, 0)

        def received(index: int) -> date:
            return since + timedelta(days=span * index // max(len(texts) - 1, 1))

        first_activity = dialogue.activities.first()
        half = len(texts) // 2
        for index, text in enumerate(texts[:half]):
            services.save_input(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "text": text.removeprefix("(utanför) "),
                    "source": InputItem.Source.ACTIVITY,
                    "activity": first_activity,
                    "received_on": received(index),
                    "age_band": ages[(index * 3) % len(ages)],
                    "gender": genders[index % 2],
                    "area": areas[index % len(areas)],
                    "within_purpose": not text.startswith("(utanför) "),
                },
            )
        rows = [
            importers.RawRow(
                line=line,
                values={
                    "text": text.removeprefix("(utanför) "),
                    "received_on": received(half + line - 2).isoformat(),
                    "age_band": ages[(line * 2) % len(ages)],
                    "gender": ["kvinna", "man", "vill ej uppge"][line % 3],
                    "area": areas[line % len(areas)],
                    "within_purpose": "nej" if text.startswith("(utanför) ") else "ja",
                    "source": "enkät",
                },
            )
            for line, text in enumerate(texts[half:], start=2)
        ]
        if rows:
            services.import_inputs(
                dialogue_id=dialogue.pk, user=official, file_name="webbenkat.xlsx", raw_rows=rows
            )

    def _compile(self, dialogue, spec: DemoDialogue, official) -> None:
        """Themes, each input within the purpose tagged by its words, and the summary."""
        names = spec.themes or {"Synpunkter i dialogen": []}
        themes = {
            name: services.save_theme(
                dialogue_id=dialogue.pk, user=official, data={"name": name, "description": ""}
            )
            for name in names
        }
        first = next(iter(themes.values()))
        tags = {}
        for item in dialogue.inputs.filter(within_purpose=True):
            text = item.text.lower()
            hits = [themes[n].pk for n, words in names.items() if any(w in text for w in words)]
            tags[item.pk] = hits or [first.pk]
        services.tag_inputs(dialogue_id=dialogue.pk, user=official, tags=tags)
        services.update_compilation_summary(
            dialogue_id=dialogue.pk,
            user=official,
            data={
                "summary": (
                    f"{len(tags)} synpunkter inom syftet har samlats in och sorterats i "
                    f"{len(themes)} teman: {', '.join(themes)}. Fördelningen per ålder, kön "
                    "och område visas nedan."
                )
            },
        )

    def _present(self, dialogue, spec: DemoDialogue, official) -> None:
        """The results presented to the body; off-topic input routed as the mandate said."""
        dialogue = Dialogue.objects.select_related("mandate", "body").get(pk=dialogue.pk)
        services.update_presentation(
            dialogue_id=dialogue.pk,
            user=official,
            data={
                "presented_on": timezone.localdate() - timedelta(days=5),
                "body": dialogue.body,
                "notes": "Ledamöterna frågade hur unga och äldre svarade.",
            },
        )
        for item in dialogue.inputs.filter(within_purpose=False):
            services.forward_input(
                dialogue_id=dialogue.pk,
                user=official,
                input_id=item.pk,
                data={
                    "forwarded_to": Forwarding.Target.COMPLAINTS,
                    "note": dialogue.mandate.offtopic_handling,
                },
            )

    def _propose(self, dialogue, spec: DemoDialogue, official) -> None:
        """The proposal for decision in numbered points, with its consequences."""
        points = spec.proposal_points or [
            "Dialogens resultat läggs till grund för beslutet.",
            "Förvaltningen får i uppdrag att genomföra de prioriterade förslagen.",
        ]
        for text in points:
            services.save_proposal_point(
                dialogue_id=dialogue.pk, user=official, data={"text": text}
            )
        services.update_proposal(
            dialogue_id=dialogue.pk,
            user=official,
            data={
                "dialogue_influence": (
                    "Förslaget bygger på de teman som flest tog upp; två åtgärder har lagts "
                    "till efter dialogen."
                ),
                "economy": "Ryms inom nämndens budget för året.",
                "children_rights": "Barns och ungas synpunkter har vägts in i prioriteringen.",
                "children_heard": True,
                "children_heard_comment": "Unga deltog i workshoppar och via skolorna.",
                "equality": "Svaren har analyserats per kön; åtgärderna gynnar båda.",
                "environment": "Inga negativa miljökonsekvenser.",
            },
        )

    def _follow_up(self, dialogue, spec: DemoDialogue, official) -> None:
        """After the final decision: the action plan, the feedback to residents published and
        the evaluation done."""
        today = timezone.localdate()
        for action, days in spec.action_plan or [("Genomför beslutet.", 90)]:
            services.save_action_item(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "action": action,
                    "responsible": official,
                    "responsible_text": "",
                    "due_on": today + timedelta(days=days),
                    "status": ActionItem.Status.PLANNED,
                },
            )
        services.update_resident_feedback(
            dialogue_id=dialogue.pk,
            user=official,
            data={
                "what_we_heard": (
                    "Många upplever centrum som otryggt på kvällen, särskilt kring busstationen "
                    "och gångtunneln. Belysning, liv och rörelse och tillgänglighet togs upp mest."
                ),
                "what_we_decided": "Bättre belysning, fler nattvandringar och klippta buskage.",
                "why": (
                    "Det var de åtgärder flest efterfrågade och som ryms i budgeten. Kameror "
                    "ersätter inte människor, som flera påpekade."
                ),
                "channels": "Kommunens webbplats, lokaltidningen och ett öppet möte.",
            },
        )
        services.publish_resident_feedback(dialogue_id=dialogue.pk, user=official)
        services.update_evaluation(
            dialogue_id=dialogue.pk,
            user=official,
            data={
                "purpose_met": Evaluation.PurposeMet.YES,
                "purpose_comment": "Vi vet nu hur olika grupper upplever centrum och varför.",
                "methods_comment": "Trygghetsvandringarna gav mest; webbenkäten nådde flest.",
                "reach_comment": (
                    "Äldre och kvinnor deltog mest; unga män och personer över 80 nåddes sämre."
                ),
                "accessibility_comment": "Alla platser var tillgängliga; enkäten på lättläst.",
                "lessons_learned": "Samarbeta med skolorna tidigare för att nå fler unga.",
            },
        )
        services.mark_evaluation_done(dialogue_id=dialogue.pk, user=official)

    def _policy_content(self, dialogue, official, spec: DemoDialogue) -> None:
        """What the dialogue's policy profile asks at the initiative: the questions answered
        yes, and each group it names included or left out with a reason."""
        profile = Dialogue.objects.get(pk=dialogue.pk).policy_profile
        if profile is None:
            return
        if profile.initiative_questions:
            services.update_initiative(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "initiative_answers": {
                        key: (True, spec.initiative.get("why_dialogue", ""))
                        for key in profile.initiative_questions
                    }
                },
            )
        if profile.always_consider_groups:
            services.update_mandate(
                dialogue_id=dialogue.pk,
                user=official,
                data={
                    "target_group_rows": [
                        {
                            "group": key,
                            "included": key not in spec.left_out,
                            "reason": spec.left_out.get(key, ""),
                        }
                        for key in profile.always_consider_groups
                    ]
                },
            )

    # -- Output ----------------------------------------------------------------------------
    def _report(self, people, new_people, new_dialogues) -> None:
        out = self.stdout
        if new_people or new_dialogues:
            out.write(
                self.style.SUCCESS(
                    f"Demo data for {settings.MUNICIPALITY_NAME}: {len(new_people)} new users, "
                    f"{len(new_dialogues)} new dialogues."
                )
            )
        else:
            out.write("Demo data already loaded; nothing changed.")
        out.write("")
        out.write(f"Demo log-ins (password for every one: {DEMO_PASSWORD})")
        rows = [("Role", "Username", "Name", "Roles in bodies")]
        rows.append(("Administrator", ADMIN_USERNAME, "", "superuser; the admin at /admin/"))
        for kind, roles in (
            ("Politician", Membership.POLITICIAN_ROLES),
            ("Official", Membership.OFFICIAL_ROLES),
            ("Clerk", (Membership.Role.SECRETARY,)),
        ):
            for username, first_name, last_name, memberships in PEOPLE:
                if memberships[0][1] in roles:
                    where = memberships_text(memberships)
                    rows.append((kind, username, f"{first_name} {last_name}", where))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for index, row in enumerate(rows):
            out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                out.write("  ".join("-" * w for w in widths))
        out.write("")
        out.write("Log in at /logga-in/.")
