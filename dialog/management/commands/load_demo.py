"""Demo data: Exempelby kommun, its bodies and people, and dialogues at every step.

Every dialogue is built through `dialog.services` by the people who would act in real life, so
its timeline, history, case number and decisions are the real thing. Safe to run again: people,
bodies and memberships are found by their natural keys, and a dialogue whose title already exists
is left alone. The data is in Swedish, like the municipality it describes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dialog import services
from dialog.models import Dialogue, ParticipationLevel
from roles.models import Body, Membership
from roles.selectors import forget_body_roles

DEMO_PASSWORD = "demo1234"
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
    ("ingrid.sjoberg", "Ingrid", "Sjöberg", [("KS", R.CLERK), ("KSAU", R.CLERK), ("KF", R.CLERK)]),
    ("peter.nilsson", "Peter", "Nilsson", [("BUN", R.CLERK)]),
    ("hanna.ek", "Hanna", "Ek", [("KFN", R.CLERK)]),
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
    R.CLERK: "clerk",
}


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
            "why_dialogue": "Invånarna behöver förstå reglerna.",
            "future_decision": "Inget nytt beslut; reglerna är redan beslutade.",
            "participation_level": ParticipationLevel.INFORMATION,
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
                "Avslag: frågan är redan avgjord. Att informera om ett fattat beslut är inte "
                "medborgardialog; informationen sköts av förvaltningen.",
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
            Step(
                "cancel",
                "birgitta.lund",
                "Avbryts: frågan ingår nu i barn- och utbildningsnämndens dialog "
                "om mötesplatser för unga.",
            ),
        ],
    ),
    DemoDialogue(
        title="Kulturskolans utbud",
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
            bodies = self._bodies()
            people, new_people = self._people(bodies)
            new_dialogues = [
                spec.title for spec in DIALOGUES if self._dialogue(spec, bodies, people)
            ]
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
    def _dialogue(self, spec: DemoDialogue, bodies, people) -> bool:
        """Build one dialogue as its people would; False when it is already there."""
        if Dialogue.objects.filter(title=spec.title).exists():
            return False
        official = people[spec.official]
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
        if spec.politicians or spec.experts or spec.communicators:
            services.set_responsibility(
                dialogue_id=dialogue.pk,
                user=official,
                responsible_official=official,
                politicians=[people[u] for u in spec.politicians],
                experts=[people[u] for u in spec.experts],
                communicators=[people[u] for u in spec.communicators],
            )
        for step in spec.steps:
            if step.action == "register":
                services.register_case(dialogue_id=dialogue.pk, user=people[step.by])
            else:
                services.run_transition(
                    dialogue_id=dialogue.pk,
                    name=step.action,
                    user=people[step.by],
                    comment=step.comment,
                    paragraph=step.paragraph,
                )
        return True

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
            ("Clerk", (Membership.Role.CLERK,)),
        ):
            for username, first_name, last_name, memberships in PEOPLE:
                held = [(code, role) for code, role in memberships if role in roles]
                if held and memberships[0][1] in roles:
                    where = ", ".join(f"{code} {ROLE_WORDS[role]}" for code, role in held)
                    rows.append((kind, username, f"{first_name} {last_name}", where))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for index, row in enumerate(rows):
            out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                out.write("  ".join("-" * w for w in widths))
        out.write("")
        out.write("Log in at /logga-in/.")
