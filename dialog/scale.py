"""Bulk data for the scale benchmark (issue 11): many bodies, people, dialogues, inputs, documents.

`generate()` writes straight to the tables: COPY (psycopg 3's `cursor.copy`) on PostgreSQL and
large `bulk_create` batches elsewhere (SQLite, for the tests' small numbers). Nothing is saved row
by row, so no signals run: there are no history rows (django-simple-history) and no timeline
entries beyond one per generated decision. The data is shaped like the real thing, not made by
it: dialogues in every state with the decisions their state implies (meeting decisions, each
under its own paragraph at a generated meeting of the deciding body, recorded by its committee
secretary), case numbers taken above the body's `CaseSequence` (which is moved on after) and
registered by the body's registrar, a mandate, activities and themes where the step
has them, inputs spread over the dialogues in or past execution with one big dialogue, theme tags
on the inputs of compiled dialogues, steering documents with real-length text, and public pages
(participation's PublicDialogue, published by the responsible official) for the big dialogue and
every tenth dialogue that may be published.

Run it on a scratch database: it adds to what is there (the demo, say) and never deletes.
"""

import itertools
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from dialog.models import (
    Activity,
    CaseSequence,
    Decision,
    DecisionPoint,
    Dialogue,
    InputItem,
    Mandate,
    State,
    Theme,
)
from governance.models import DocumentType, PolicyProfile, SteeringDocument
from roles.models import Body, Meeting, Membership

BATCH = 5_000
COPY_CHUNK = 100_000
PASSWORD = "scale1234"
DIALOGUE_TITLE = "Skaldialog {n}"
BIG_TITLE = "Skaldialog stor"

# What each state implies: the decisions already taken (point, outcome) ...
DECISIONS = {
    State.INITIATIVE: [],
    State.MANDATE_DECISION: [],
    State.PLANNING: [(DecisionPoint.MANDATE, Decision.Outcome.APPROVED)],
    State.LAUNCH_DECISION: [(DecisionPoint.MANDATE, Decision.Outcome.APPROVED)],
    State.CANCELLED: [],
    State.REJECTED: [(DecisionPoint.MANDATE, Decision.Outcome.REJECTED)],
    State.CLOSED: [
        (DecisionPoint.MANDATE, Decision.Outcome.APPROVED),
        (DecisionPoint.LAUNCH, Decision.Outcome.APPROVED),
        (DecisionPoint.FINAL, Decision.Outcome.APPROVED),
    ],
}
for _state in (State.EXECUTION, State.COMPILATION, State.FEEDBACK, State.PROCESSING):
    DECISIONS[_state] = [
        (DecisionPoint.MANDATE, Decision.Outcome.APPROVED),
        (DecisionPoint.LAUNCH, Decision.Outcome.APPROVED),
    ]
DECISIONS[State.DECISION] = DECISIONS[State.EXECUTION]  # the final one is still to come

# ... the states whose dialogues have collected inputs, and those whose inputs are tagged.
COLLECTED = {
    State.EXECUTION,
    State.COMPILATION,
    State.FEEDBACK,
    State.PROCESSING,
    State.DECISION,
    State.CLOSED,
}
TAGGED = COLLECTED - {State.EXECUTION}
PLANNED = COLLECTED | {State.PLANNING, State.LAUNCH_DECISION}

THEME_NAMES = [
    "Trygghet",
    "Belysning",
    "Grönytor",
    "Lekplatser",
    "Kollektivtrafik",
    "Cykelvägar",
    "Mötesplatser",
    "Skolvägar",
    "Tillgänglighet",
    "Kultur",
    "Idrott",
    "Renhållning",
    "Parkering",
    "Bostäder",
    "Service",
]
OPINIONS = [
    "Det behövs bättre belysning längs gångvägen till skolan, särskilt på vintern.",
    "Parken används mycket av barnfamiljer och borde få fler bänkar och en ny lekplats.",
    "Bussarna går för sällan på kvällar och helger, vilket gör det svårt att ta sig hem.",
    "Jag vill ha fler mötesplatser för unga där det finns vuxna som lyssnar.",
    "Cykelvägen mot centrum är smal och delas med gående, det känns otryggt.",
    "Biblioteket är viktigt för många och öppettiderna borde vara längre.",
    "Det är svårt att hitta information om vad kommunen planerar i vårt område.",
    "Skräp i naturområdet vid sjön är ett problem efter varma helger.",
]
PARAGRAPHS = [
    "Kommunen ska arbeta för en hållbar samhällsutveckling där invånarnas erfarenheter tas "
    "tillvara i planering och beslut. Dokumentet anger mål, ansvar och uppföljning för området "
    "och gäller för samtliga nämnder, förvaltningar och helägda bolag.",
    "Medborgardialog används när frågan är påverkbar och beslutet ännu inte är fattat. "
    "Dialogen ska planeras utifrån delaktighetstrappan och dokumenteras så att resultatet kan "
    "återkopplas till dem som deltagit och ligga till grund för de förtroendevaldas beslut.",
    "Ansvarig nämnd följer upp dokumentet årligen och rapporterar till kommunstyrelsen. "
    "Revidering sker senast vid mandatperiodens början eller när förutsättningarna förändras.",
    "Barns rättigheter enligt barnkonventionen ska beaktas, och barnets bästa ska utredas i "
    "frågor som rör barn. Särskild hänsyn tas till grupper som sällan hörs i kommunens arbete.",
    "Arbetet ska bedrivas med god ekonomisk hushållning, och kostnader för åtgärder ska "
    "redovisas i budgetprocessen. Förvaltningarna samverkar där frågorna berör flera områden.",
    "Informationen ska vara lättillgänglig och skrivas på klarspråk. Digitala kanaler "
    "kompletteras med fysiska möten så att alla invånare har möjlighet att delta.",
]


def generate(
    *,
    dialogues: int,
    inputs: int,
    documents: int,
    big_dialogue_inputs: int = 50_000,
    log=lambda message: None,
) -> dict[str, int]:
    """Add the data set; returns what was made, by kind. One transaction: all or nothing.

    Deterministic: the same numbers give the same data (no randomness to reproduce).
    """
    big_dialogue_inputs = min(big_dialogue_inputs, inputs)
    started = time.perf_counter()
    log = _timed(log, started)
    with transaction.atomic():
        now = timezone.now()
        bodies, officials = _organisation(dialogues, now)
        log(f"organisation: {len(bodies)} bodies, {len(officials)} officials")
        made = _dialogues(dialogues, bodies, now, big_dialogue_inputs)
        log(f"dialogues: {made['dialogues']}")
        made["inputs"], made["tags"] = _inputs(made.pop("_plan"), inputs, officials)
        log(f"inputs: {made['inputs']}, tags: {made['tags']}")
        made["documents"] = _documents(documents, bodies, now)
        log(f"documents: {made['documents']}")
        made["published"] = publish(now=now)
        log(f"published: {made['published']}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics for what grew, or the planner guesses from near-empty tables.
            for model in (
                Dialogue,
                Decision,
                Meeting,
                Theme,
                InputItem,
                InputItem.themes.through,
                Activity,
                Mandate,
                SteeringDocument,
                Membership,
                *_public_models(),
            ):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        log("analyzed")
    return made


def _timed(log, started):
    return lambda message: log(f"{time.perf_counter() - started:7.1f} s  {message}")


# -- Writing -----------------------------------------------------------------------------------
@contextmanager
def _unchecked(*models):
    """On PostgreSQL, skip the foreign-key triggers while the millions of inputs and tags go in.

    The generator builds every reference from rows it has just read, so the checks (one trigger
    per row and key, queued until commit) would only cost minutes. Only when the tables have no
    trigger of their own (a search vector, say, must still run) and the role may do it
    (`session_replication_role` needs a superuser); otherwise the checks run as usual.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = ANY(%s) AND NOT t.tgisinternal",
            [tables],
        )
        own_triggers = cursor.fetchone()[0]
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if own_triggers or not superuser:
            yield
            return
        cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL session_replication_role = origin")


def _insert(model, fields: list[str], rows) -> int:
    """Insert tuples of database values (columns by attname) without any per-row save."""
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        # Columns left out get the model's default: COPY knows only the database's defaults.
        given = {model._meta.get_field(_field(model, f)).column for f in fields}
        rest = [
            f
            for f in model._meta.local_concrete_fields
            if not f.primary_key and not f.generated and f.column not in given
        ]
        defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        columns = ", ".join(
            connection.ops.quote_name(c)
            for c in [model._meta.get_field(_field(model, f)).column for f in fields]
            + [f.column for f in rest]
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3's own cursor, for COPY
            for chunk in _chunks(rows, COPY_CHUNK):
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row + defaults)
                count += len(chunk)
        return count
    for chunk in _chunks(rows, BATCH):
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in chunk])
        count += len(chunk)
    return count


def _field(model, attname: str) -> str:
    return attname[:-3] if attname.endswith("_id") and attname != "id" else attname


def _chunks(rows, size):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _max_pk(model) -> int:
    return model.objects.aggregate(top=Max("pk"))["top"] or 0


# -- The organisation --------------------------------------------------------------------------
def _organisation(dialogues: int, now):
    """Committees with an administration each, and their officials, politicians, committee
    secretary (keeps the meetings and the minutes) and registrar (registers the cases)."""
    count = max(3, dialogues // 400)
    existing = set(Body.objects.filter(code__startswith="SK").values_list("code", flat=True))
    council, _created = Body.objects.get_or_create(
        code="SKF", defaults={"name": "Skalfullmäktige", "kind": Body.Kind.COUNCIL}
    )
    new_bodies = []
    for n in range(count):
        for code, name, kind in (
            (f"SKN{n}", f"Skalnämnd {n}", Body.Kind.COMMITTEE),
            (f"SKA{n}", f"Skalförvaltning {n}", Body.Kind.ADMINISTRATION),
        ):
            if code not in existing:
                new_bodies.append(Body(code=code, name=name, kind=kind, parent=council))
    Body.objects.bulk_create(new_bodies, batch_size=BATCH)
    committees = list(Body.objects.filter(code__startswith="SKN").order_by("pk"))
    administrations = {b.code: b for b in Body.objects.filter(code__startswith="SKA")}

    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: the same password for everyone
    have = set(
        User.objects.filter(username__startswith="skala.").values_list("username", flat=True)
    )
    people: dict[str, list[tuple[str, Body, str]]] = defaultdict(list)
    for index, committee in enumerate(committees):
        administration = administrations[f"SKA{committee.code[3:]}"]
        for k in range(8):
            people["official"].append(
                (f"skala.tj{index}-{k}", administration, Membership.Role.OFFICIAL)
            )
        for k, role in enumerate(
            [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR]
            + [Membership.Role.MEMBER] * 5
            + [Membership.Role.DEPUTY] * 2
        ):
            people["politician"].append((f"skala.pol{index}-{k}", committee, role))
        people["secretary"].append((f"skala.sek{index}", committee, Membership.Role.SECRETARY))
        people["registrar"].append((f"skala.reg{index}", committee, Membership.Role.REGISTRAR))
    rows = [entry for group in people.values() for entry in group]
    User.objects.bulk_create(
        [
            User(
                username=name,
                first_name=name.split(".")[1].split("-")[0].capitalize(),
                last_name=f"Skalsson {name.rsplit('-', 1)[-1]}",
                email=f"{name}@skala.example",
                password=password,
            )
            for name, _body, _role in rows
            if name not in have
        ],
        batch_size=BATCH,
    )
    users = dict(User.objects.filter(username__startswith="skala.").values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(person_id=users[name], body=body, role=role, valid_from=date(2020, 1, 1))
            for name, body, role in rows
            if name not in have
        ],
        batch_size=BATCH,
    )
    # Per committee: (committee, its officials' ids, its politicians' ids, its secretary's id,
    # its registrar's id). Each committee keeps its own diarium (registered_in is empty).
    by_body = {
        committee.pk: (
            committee,
            [users[f"skala.tj{i}-{k}"] for k in range(8)],
            [users[f"skala.pol{i}-{k}"] for k in range(9)],
            users[f"skala.sek{i}"],
            users[f"skala.reg{i}"],
        )
        for i, committee in enumerate(committees)
    }
    return by_body, [users[n] for n, _b, _r in people["official"]]


# -- Dialogues and their steps ----------------------------------------------------------------
def _dialogues(count, bodies, now, big_inputs):
    states = list(State)
    profile = PolicyProfile.objects.filter(is_active=True).first()
    body_list = list(bodies.values())
    before = _max_pk(Dialogue)
    taken = {(s.body_id, s.year): s.last for s in CaseSequence.objects.filter(body_id__in=bodies)}
    specs = []  # (n, state, body entry, created_at, year, sequence or None)
    for n in range(count):
        # The big dialogue is the first one, in compilation: its inputs are tagged.
        state = State.COMPILATION if n == 0 else states[n % len(states)]
        entry = body_list[n % len(body_list)]
        created = now - timedelta(days=(count - n) * 3650 / max(count, 1), minutes=n % 997)
        sequence = None
        if state != State.INITIATIVE or n % 2:
            key = (entry[0].pk, created.year)
            taken[key] = sequence = taken.get(key, 0) + 1
        specs.append((n, state, entry, created, created.year, sequence))

    fields = [
        "title",
        "question",
        "background",
        "body_id",
        "responsible_official_id",
        "initiated_by_id",
        "state",
        "case_number",
        "case_year",
        "case_sequence",
        "diarium_body_id",
        "diarium",
        "registered_at",
        "registered_by_id",
        "cancel_reason",
        "policy_profile_id",
        "kind",
        "participation_level",
        "why_dialogue",
        "future_decision",
        "statutory_consultation",
        "created_at",
        "updated_at",
    ]

    def rows():
        for n, state, entry, created, year, sequence in specs:
            body, body_officials, _pols, _secretary, registrar = entry
            official = body_officials[n % len(body_officials)]
            yield (
                BIG_TITLE if n == 0 else DIALOGUE_TITLE.format(n=n),
                f"Vad tycker du om förslag {n} för {body.name.lower()}?",
                PARAGRAPHS[n % len(PARAGRAPHS)],
                body.pk,
                official,
                official,
                str(state),
                f"{body.code} {year}/{sequence}" if sequence else None,
                year if sequence else None,
                sequence,
                body.pk if sequence else None,  # numbered in the body's own series
                "Delaktig" if sequence else "",
                created + timedelta(days=1) if sequence else None,
                registrar if sequence else None,
                "Frågan avgjordes i annat sammanhang." if state == State.CANCELLED else "",
                profile.pk if profile else None,
                "medborgardialog" if n % 5 else "brukardialog",
                "dialog",
                "Vi behöver veta hur invånarna prioriterar.",
                "Nämndens beslut om verksamhetsplan.",
                False,
                created,
                created + timedelta(days=30),
            )

    _insert(Dialogue, fields, rows())
    ids = dict(Dialogue.objects.filter(pk__gt=before).values_list("title", "pk"))
    dialogue_ids = [ids[BIG_TITLE if n == 0 else DIALOGUE_TITLE.format(n=n)] for n, *_ in specs]

    # Move the case sequences on past what was taken, so that registering goes on from there.
    for (body_id, year), last in taken.items():
        CaseSequence.objects.update_or_create(body_id=body_id, year=year, defaults={"last": last})

    mandates, activities, themes, decisions = [], [], [], []
    plan = []  # (dialogue id, state, created) of the dialogues that collected inputs
    for (n, state, entry, created, *_), pk in zip(specs, dialogue_ids, strict=True):
        body, body_officials, _pols, secretary, _registrar = entry
        mandates.append(
            (
                pk,
                f"Att ta reda på invånarnas syn på förslag {n}.",
                PARAGRAPHS[(n + 1) % len(PARAGRAPHS)],
                "Resultatet vägs in i nämndens beslut.",
                created,
            )
        )
        if state in PLANNED:
            for k in range(2):
                start = created + timedelta(days=40 + 7 * k)
                activities.append(
                    (
                        pk,
                        f"Dialogmöte {k + 1}",
                        start,
                        start + timedelta(hours=2),
                        "Medborgarhuset",
                        body_officials[k % len(body_officials)],
                        "held" if state in COLLECTED else "planned",
                        created,
                        created,
                    )
                )
        if state in TAGGED:
            names = THEME_NAMES * 2 if n == 0 else THEME_NAMES[n % 7 : n % 7 + 3 + n % 3]
            for k, name in enumerate(names[:30] if n == 0 else names):
                themes.append((pk, f"{name} {k}" if n == 0 else name, "", created))
        # Decided at the body's meetings, in order, all of them in the past.
        points = DECISIONS[state]
        step = (now - created - timedelta(days=2)) / (len(points) + 1)
        step = max(timedelta(0), min(timedelta(days=60), step))
        for k, (point, outcome) in enumerate(points):
            held = _meeting_day((created + step * (k + 1)).date())
            decisions.append((pk, str(point), body.pk, held, str(outcome), secretary, k))
        if state in COLLECTED:
            plan.append((pk, state, created, n == 0))

    _insert(Mandate, ["dialogue_id", "purpose", "description", "influence", "updated_at"], mandates)
    _insert(
        Activity,
        [
            "dialogue_id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "responsible_id",
            "status",
            "created_at",
            "updated_at",
        ],
        activities,
    )
    _insert(Theme, ["dialogue_id", "name", "description", "updated_at"], themes)
    _meeting_decisions(decisions, now)
    return {
        "dialogues": len(dialogue_ids),
        "decisions": len(decisions),
        "themes": len(themes),
        "activities": len(activities),
        "_plan": (plan, big_inputs),
    }


def _meeting_day(day: date) -> date:
    """The body's meeting on or before `day`: every committee meets every other Wednesday."""
    return day - timedelta(days=(day.toordinal() - 3) % 14)


def _meeting_decisions(decisions, now) -> None:
    """Meeting decisions (Decision.Kind.MEETING) at the deciding bodies' meetings: one meeting per
    body and day, made here unless an earlier run made it, and each decision its own paragraph
    (§) of the meeting, above those the meeting already has."""
    wanted = {(body_id, held) for _pk, _point, body_id, held, *_ in decisions}
    bodies = {body_id for body_id, _held in wanted}
    meetings = {
        (body_id, held): pk
        for body_id, held, pk in Meeting.objects.filter(body_id__in=bodies).values_list(
            "body_id", "held_on", "pk"
        )
    }
    last = defaultdict(int)
    for meeting_id, paragraph in Decision.objects.filter(
        meeting__body_id__in=bodies, meeting__isnull=False
    ).values_list("meeting_id", "paragraph"):
        if paragraph.isdigit():
            last[meeting_id] = max(last[meeting_id], int(paragraph))
    today = timezone.localdate(now)

    def checked(day):  # justering and anslag a few days on, if that day has come
        return day if day <= today else None

    new = sorted(wanted - meetings.keys())
    before = _max_pk(Meeting)
    _insert(
        Meeting,
        ["body_id", "held_on", "starts_at", "place", "adjusted_on", "posted_on"],
        (
            (
                body_id,
                held,
                clock(18, 0),
                "Sessionssalen",
                checked(held + timedelta(days=5)),
                checked(held + timedelta(days=6)) if checked(held + timedelta(days=5)) else None,
            )
            for body_id, held in new
        ),
    )
    meetings.update(
        {
            (body_id, held): pk
            for body_id, held, pk in Meeting.objects.filter(pk__gt=before).values_list(
                "body_id", "held_on", "pk"
            )
        }
    )
    # Each point gets the next paragraph, in the order the points come (decided_on, dialogue).
    rows = []
    for pk, point, body_id, held, outcome, secretary, _k in sorted(
        decisions, key=lambda d: (d[3], d[2], d[0], d[6])
    ):
        meeting_id = meetings[(body_id, held)]
        last[meeting_id] = paragraph = (last[meeting_id] or 9) + 1
        recorded = timezone.make_aware(datetime.combine(held, clock(20, 0)))
        rows.append(
            (
                pk,
                point,
                body_id,
                held,
                str(paragraph),
                outcome,
                "Nämnden beslutar i enlighet med förslaget.",
                Decision.Kind.MEETING.value,
                meeting_id,
                secretary,
                min(recorded + timedelta(seconds=paragraph), now),
            )
        )
    decisions_before = _max_pk(Decision)
    _insert(
        Decision,
        [
            "dialogue_id",
            "point",
            "body_id",
            "decided_on",
            "paragraph",
            "outcome",
            "text",
            "kind",
            "meeting_id",
            "recorded_by_id",
            "recorded_at",
        ],
        rows,
    )
    _log_decisions(decisions_before)


def _log_decisions(after: int) -> None:
    """One timeline entry per generated decision, in one statement."""
    from dialog.models import TransitionLog

    log = TransitionLog._meta.db_table
    decision = Decision._meta.db_table
    transitions = {
        ("mandate", "approved"): ("approve_mandate", "mandate_decision", "planning"),
        ("launch", "approved"): ("approve_launch", "launch_decision", "execution"),
        ("final", "approved"): ("decide", "decision", "decision"),
        ("mandate", "rejected"): ("reject", "mandate_decision", "rejected"),
    }
    with connection.cursor() as cursor:
        for (point, outcome), (name, source, target) in transitions.items():
            cursor.execute(
                f"INSERT INTO {log} (dialogue_id, transition, source, target, by_id, at, "
                f"comment, decision_id) SELECT dialogue_id, %s, %s, %s, recorded_by_id, "
                f"recorded_at, '', id FROM {decision} WHERE id > %s AND point = %s "
                "AND outcome = %s",
                [name, source, target, after, point, outcome],
            )


# -- Inputs and their theme tags ---------------------------------------------------------------
def _inputs(plan_and_big, total: int, officials) -> tuple[int, int]:
    plan, big = plan_and_big
    if not plan or total <= 0:
        return 0, 0
    rest = [entry for entry in plan if not entry[3]]
    counts = {entry[0]: 0 for entry in plan}
    big_id = next((entry[0] for entry in plan if entry[3]), None)
    if big_id is not None:
        counts[big_id] = big
    remaining = total - sum(counts.values())
    if rest:
        share, extra = divmod(max(remaining, 0), len(rest))
        for index, entry in enumerate(rest):
            counts[entry[0]] = share + (1 if index < extra else 0)
    created_of = {entry[0]: entry[2] for entry in plan}
    before = _max_pk(InputItem)
    with _unchecked(InputItem, InputItem.themes.through):
        return _insert_inputs(counts, created_of, officials, before, plan)


def _insert_inputs(counts, created_of, officials, before, plan) -> tuple[int, int]:
    sources = ["activity", "web_form", "email", "survey"]
    sources = [s for s in sources if s in {c for c, _l in InputItem.Source.choices}] or [
        InputItem.Source.choices[0][0]
    ]
    ages = ["13-17", "18-24", "25-44", "45-64", "65-79", ""]
    genders = ["woman", "man", "other", "not_stated", ""]
    areas = ["Centrum", "Norr", "Söder", "Öster", "Väster", ""]

    def rows():
        i = 0
        for dialogue_id, count in counts.items():
            received = (created_of[dialogue_id] + timedelta(days=60)).date()
            created = created_of[dialogue_id] + timedelta(days=61)
            for k in range(count):
                i += 1
                yield (
                    dialogue_id,
                    f"{OPINIONS[i % len(OPINIONS)]} ({k + 1})",
                    sources[i % len(sources)],
                    received,
                    ages[i % len(ages)],
                    genders[i % len(genders)],
                    areas[i % len(areas)],
                    i % 17 != 0,
                    officials[i % len(officials)],
                    created,
                    created,
                )

    made = _insert(
        InputItem,
        [
            "dialogue_id",
            "text",
            "source",
            "received_on",
            "age_band",
            "gender",
            "area",
            "within_purpose",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        rows(),
    )
    return made, _tag(before, [entry[0] for entry in plan if entry[1] in TAGGED])


def _tag(after: int, dialogue_ids: list[int]) -> int:
    """Tag each new input of the compiled dialogues to one of its dialogue's themes (every
    tenth to a second one too), set-based so that millions of tags take one statement each."""
    if not dialogue_ids:
        return 0
    through = InputItem.themes.through
    table = through._meta.db_table
    item = InputItem._meta.db_table
    theme = Theme._meta.db_table
    from_column = through._meta.get_field("inputitem").column
    to_column = through._meta.get_field("theme").column
    total = 0
    with connection.cursor() as cursor:
        for offset, every in ((0, 1), (1, 10)):
            cursor.execute(
                f"INSERT INTO {table} ({from_column}, {to_column}) "
                f"SELECT i.id, t.id FROM {item} i JOIN ("
                f"  SELECT id, dialogue_id,"
                f"    ROW_NUMBER() OVER (PARTITION BY dialogue_id ORDER BY id) - 1 AS rn,"
                f"    COUNT(*) OVER (PARTITION BY dialogue_id) AS n FROM {theme}"
                f") t ON t.dialogue_id = i.dialogue_id AND t.rn = (i.id + %s) %% t.n "
                f"WHERE i.id > %s AND i.id %% %s = 0 AND t.n > %s",
                [offset, after, every, offset],
            )
            total += cursor.rowcount
    return total


# -- Steering documents ------------------------------------------------------------------------
def _documents(count: int, bodies, now) -> int:
    if count <= 0:
        return 0
    path = Path(apps.get_app_config("governance").path) / "fixtures" / "seed_titles.txt"
    titles = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line]
    types = list(DocumentType.objects.order_by("pk").values_list("pk", flat=True))
    body_ids = list(bodies)
    statuses = ["adopted"] * 6 + ["draft", "replaced", "revoked"]

    def rows():
        for n in range(count):
            title = titles[n % len(titles)]
            body_id = body_ids[n % len(body_ids)]
            # Real length: several thousand characters, each document a different mix.
            text = (
                "\n\n".join(PARAGRAPHS[(n + k) % len(PARAGRAPHS)] for k in range(12 + n % 12))
                + f"\n\n{title}, version {n}."
            )
            decided = date(2015, 1, 1) + timedelta(days=(n * 37) % 3650)
            yield (
                f"{title} – {bodies[body_id][0].name} {n // len(titles) + 1}",
                types[n % len(types)] if types else None,
                statuses[n % len(statuses)],
                body_id,
                decided,
                str(n % 300 + 1),
                f"{bodies[body_id][0].code} {decided.year}/{n}",
                decided,
                decided + timedelta(days=4 * 365),
                False,
                body_id,
                "Förvaltningschef",
                "",
                text,
                "",
                not types,
                "",
                now,
                now,
            )

    return _insert(
        SteeringDocument,
        [
            "title",
            "type_id",
            "status",
            "adopting_body_id",
            "decision_date",
            "paragraph",
            "case_number",
            "valid_from",
            "valid_until",
            "adopted_because_of_law",
            "owner_body_id",
            "owner_role",
            "follow_up_by",
            "text",
            "revoked_paragraph",
            "needs_review",
            "review_note",
            "created_at",
            "updated_at",
        ],
        rows(),
    )


# -- Public pages ------------------------------------------------------------------------------
# The states whose dialogues may be published (participation's PUBLISHABLE_STATES: the mandate
# decided, not rejected or cancelled). Named here: dialog never imports participation.
PUBLISHABLE = (
    State.PLANNING,
    State.LAUNCH_DECISION,
    State.EXECUTION,
    State.COMPILATION,
    State.FEEDBACK,
    State.PROCESSING,
    State.DECISION,
    State.CLOSED,
)
PUBLISH_EVERY = 10


def _public_models() -> tuple:
    """participation's PublicDialogue and PublicationEvent, if that app is installed (looked up
    by name: dialog never imports participation)."""
    if not apps.is_installed("participation"):
        return ()
    return (
        apps.get_model("participation", "PublicDialogue"),
        apps.get_model("participation", "PublicationEvent"),
    )


@transaction.atomic
def publish(*, now=None) -> int:
    """Publish the public pages of the big generated dialogue and of every tenth generated
    dialogue in a publishable state, as `participation.services.publish` leaves them (a
    published page with its summary and what cannot be influenced, and the publishing event by
    the responsible official), in bulk. Skips dialogues that already have a page, so that it
    also completes a set generated before public pages were: returns how many it published."""
    models = _public_models()
    if not models:
        return 0
    PublicDialogue, PublicationEvent = models
    now = now or timezone.now()
    wanted = (
        Dialogue.objects.filter(title__startswith=DIALOGUE_TITLE.split("{", 1)[0].strip())
        .filter(state__in=PUBLISHABLE)
        .exclude(pk__in=PublicDialogue.objects.values("dialogue_id"))
        .order_by("pk")
        .values_list("pk", "title", "responsible_official_id")
    )
    pages = [
        (pk, official)
        for pk, title, official in wanted.iterator(chunk_size=BATCH)
        if title == BIG_TITLE or int(title.rsplit(" ", 1)[-1]) % PUBLISH_EVERY == 0
    ]
    if not pages:
        return 0
    before = _max_pk(PublicDialogue)
    _insert(
        PublicDialogue,
        [
            "dialogue_id",
            "is_published",
            "published_at",
            "published_by_id",
            "summary",
            "cannot_influence",
            "updated_at",
        ],
        (
            (
                pk,
                True,
                now,
                official,
                "Kommunen vill veta vad du tycker innan nämnden bestämmer sig.",
                "Budgeten för året är redan beslutad.",
                now,
            )
            for pk, official in pages
        ),
    )
    _insert(
        PublicationEvent,
        ["public_dialogue_id", "action", "at", "by_id"],
        (
            (page_id, "published", now, official)
            for page_id, official in PublicDialogue.objects.filter(pk__gt=before).values_list(
                "pk", "published_by_id"
            )
        ),
    )
    return len(pages)


def summary() -> dict[str, int]:
    """What the database holds, for the command's report and the bench's 'already there'."""
    return {
        "dialogues": Dialogue.objects.count(),
        "inputs": InputItem.objects.count(),
        "documents": SteeringDocument.objects.count(),
    }
