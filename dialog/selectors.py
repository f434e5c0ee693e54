"""Reads of dialogues that pages share, each with the joins it needs."""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.models import Body, Membership
from roles.selectors import body_ids_with_roles

from . import selectors_counts
from .models import (
    ACTIVE_STATES,
    DECISION_POINT_STATES,
    ActionItem,
    Activity,
    Assignment,
    Decision,
    Dialogue,
    PlannedDecisionPoint,
    ProposalPoint,
    State,
    TransitionLog,
)


def dialogue_list() -> QuerySet[Dialogue]:
    """The list pages' rows: one query whatever the number of rows."""
    return Dialogue.objects.select_related("body", "responsible_official")


def dialogue_detail(pk: int) -> Dialogue:
    """The dialogue with everything its page shows, in the same number of queries whatever it
    holds: each step's one record comes in the join (None when missing), each list in one
    query, each nested list (extracts, politicians, points) in one query even when there is
    nothing to hang it on yet (issue 11)."""
    dialogue = (
        Dialogue.objects.select_related(
            "body",
            "responsible_official",
            "initiated_by",
            "registered_by",
            "mandate",
            "policy_profile",
            # The page names the profile by its dialogue policy (PolicyProfile.display_label).
            "policy_profile__policy_document__adopting_body",
            # The steps' one records (their panels read them by record_of).
            "compilation_summary",
            "results_presentation__body",
            "proposal",
            "resident_feedback",
            "evaluation",
        )
        .prefetch_related(
            # The compilation step's check and panel.
            "themes",
            "initiative_answers",
            "target_groups",
            "governing_documents",
            "changed_documents",
            Prefetch("assignments", queryset=Assignment.objects.select_related("person")),
            Prefetch("decisions", queryset=Decision.objects.select_related("body", "recorded_by")),
            # Each decision's uploaded justerat protokollsutdrag (reports.ProtocolExtract):
            # read below, with the activities' politicians and the proposal's points.
            Prefetch(
                "transitions",
                queryset=TransitionLog.objects.select_related("by", "decision"),
            ),
            # The step sections list these; one query each instead of one per row.
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("method", "responsible"),
            ),
            "communication_items",
            Prefetch(
                "planned_decision_points",
                queryset=PlannedDecisionPoint.objects.select_related("body"),
            ),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("responsible")),
        )
        .get(pk=pk)
    )
    # A nested list comes in one query of its own, which runs as well when there is nothing
    # to hang it on (no decision, activity or proposal yet: it finds nothing), so that the
    # first decision, activity or proposal adds no query to the page.
    extracts = Decision.protocol_extracts.rel.related_model  # reports' (not imported here)
    _nested(
        list(dialogue.decisions.all()),
        "protocol_extracts",
        extracts._default_manager.filter(decision__dialogue=dialogue),
    )
    _nested(
        list(dialogue.activities.all()),
        "politicians",
        Activity.politicians.through.objects.filter(activity__dialogue=dialogue),
    )
    proposal = getattr(dialogue, "proposal", None)
    _nested(
        [proposal] if proposal else [],
        "points",
        ProposalPoint._default_manager.filter(proposal__dialogue=dialogue),
    )
    # The stored input totals, which the execution panel and the compilation step's check read.
    dialogue._input_totals = selectors_counts.totals(dialogue)
    return dialogue


def _nested(parents: list, lookup: str, otherwise: QuerySet) -> None:
    """Prefetch `lookup` on `parents` in one query; with no parents, run `otherwise` (the same
    rows of the dialogue's, none) instead, so that the count does not depend on them."""
    if parents:
        prefetch_related_objects(parents, lookup)
    else:
        list(otherwise[:1])


def _any_of(*querysets) -> Q:
    """Rows whose id is among those of any of `querysets` (each `.values()` of one id column),
    as one UNION subquery. Each part is planned on its own index; an OR across tables (or a
    join with DISTINCT) scans every row of the larger table instead."""
    first, *rest = [qs.order_by() for qs in querysets]
    return Q(pk__in=first.union(*rest) if rest else first)


def my_dialogues(user) -> QuerySet[Dialogue]:
    """Dialogues the user carries as responsible official or assigned official."""
    return dialogue_list().filter(
        _any_of(
            Dialogue.objects.filter(responsible_official=user).values("pk"),
            Assignment.objects.filter(person=user, role__in=Assignment.OFFICIAL_ROLES).values(
                "dialogue_id"
            ),
            Dialogue.objects.filter(initiated_by=user, state=State.INITIATIVE).values("pk"),
        )
    )


@dataclass(frozen=True)
class _Deciding:
    """What deciding needs to know about a set of bodies, read once so that the filters are on
    the dialogue's own columns (each with its index), not joins to the profile or EXISTS on
    the bodies for every dialogue: those made the dashboards scan all dialogues."""

    body_ids: frozenset = frozenset()
    kinds: frozenset = frozenset()
    # Bodies whose presidium is one of body_ids, and those of body_ids that have a presidium.
    presidium_parents: frozenset = frozenset()
    with_presidium: frozenset = frozenset()
    # Policy profiles by what they say: mandate decider -> ids; ids whose launch is presented to
    # the presidium.
    by_mandate: dict = field(default_factory=dict)
    launch_presidium: frozenset = frozenset()

    def mandate_profiles(self, modes) -> set[int]:
        return {pk for mode in modes for pk in self.by_mandate.get(mode, ())}


def _body_rows(body_ids) -> list[tuple[int, str, int | None]]:
    """(pk, kind, parent) of the bodies and of the presidia under them: one query."""
    if not body_ids:
        return []
    presidium = Body.Kind.PRESIDIUM
    return list(
        Body.objects.filter(Q(pk__in=body_ids) | Q(parent_id__in=body_ids, kind=presidium))
        .order_by()
        .values_list("pk", "kind", "parent_id")
    )


def _profile_modes() -> tuple[dict, frozenset]:
    """The policy profiles' ids by mandate decider, and those whose launch goes to the
    presidium: one query over the profiles (a handful per municipality)."""
    from governance.models import PolicyProfile

    by_mandate: dict[str, set[int]] = {}
    launch_presidium = set()
    rows = PolicyProfile.objects.order_by().values_list(
        "pk", "mandate_decided_by", "launch_decided_by"
    )
    for pk, mandate, launch in rows:
        by_mandate.setdefault(mandate, set()).add(pk)
        if launch == PolicyProfile.LaunchDecider.PRESIDIUM:
            launch_presidium.add(pk)
    return {m: frozenset(ids) for m, ids in by_mandate.items()}, frozenset(launch_presidium)


def _deciding(body_ids, *, rows=None, modes=None) -> _Deciding:
    """Two small queries (the bodies, the profiles), none without bodies. `rows` (_body_rows of
    these bodies or more) and `modes` (_profile_modes) when the caller has read them."""
    body_ids = frozenset(body_ids)
    if not body_ids:
        return _Deciding()
    rows = _body_rows(body_ids) if rows is None else rows
    by_mandate, launch_presidium = modes or _profile_modes()
    presidium = Body.Kind.PRESIDIUM
    return _Deciding(
        body_ids=body_ids,
        kinds=frozenset(kind for pk, kind, _parent in rows if pk in body_ids),
        presidium_parents=frozenset(
            parent for pk, kind, parent in rows if pk in body_ids and kind == presidium and parent
        ),
        with_presidium=frozenset(
            parent for _pk, kind, parent in rows if kind == presidium and parent in body_ids
        ),
        by_mandate=by_mandate,
        launch_presidium=launch_presidium,
    )


def _decided_by(deciding: _Deciding, *, prefix: str = "", point: str | None = None) -> Q:
    """Dialogues at a decision point that these bodies decide, as each dialogue's policy
    profile says (dialog.policy.deciding_bodies, as a filter): the mandate may go to the
    council, the executive board or any political body; the launch to the body's presidium.

    With `point`, that decision point whatever the state (a planned decision point's rows,
    reached through `prefix`, e.g. "dialogue__")."""
    from governance.models import PolicyProfile

    M = PolicyProfile.MandateDecider
    kinds, body_ids = deciding.kinds, deciding.body_ids

    def at(**lookups) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    own = at(body_id__in=body_ids)
    open_modes = [M.ANY_POLITICAL_BODY] if kinds & set(Body.POLITICAL_KINDS) else []
    if Body.Kind.EXECUTIVE_BOARD in kinds:
        open_modes.append(M.EXECUTIVE_BOARD)
    if Body.Kind.COUNCIL in kinds:
        open_modes.append(M.COUNCIL)
    own_body_modes = at(policy_profile__isnull=True) | at(
        policy_profile_id__in=deciding.mandate_profiles([M.INITIATING_BODY, M.STANCE_ONLY])
    )
    mandate = (own_body_modes & own) | at(
        policy_profile_id__in=deciding.mandate_profiles(open_modes)
    )
    presidium = at(policy_profile_id__in=deciding.launch_presidium)
    launch = (
        (~presidium & own)
        # Presented to the presidium: the one among the user's bodies, or where the dialogue's
        # body has none, to its own politicians.
        | (presidium & at(body_id__in=deciding.presidium_parents))
        | (presidium & at(body_id__in=body_ids - deciding.with_presidium))
    )
    if point is not None:
        return {"mandate": mandate, "launch": launch}.get(point, own)
    return (
        (at(state=State.MANDATE_DECISION) & mandate)
        | (at(state=State.LAUNCH_DECISION) & launch)
        | (at(state=State.DECISION) & own)
    )


def awaiting_decision(user, *, deciding: _Deciding | None = None) -> QuerySet[Dialogue]:
    """Dialogues at a decision point that a body where the user is a politician decides."""
    deciding = deciding or _deciding(body_ids_with_roles(user, Membership.POLITICIAN_ROLES))
    return dialogue_list().filter(_decided_by(deciding))


def clerk_queue(user, *, deciding: _Deciding | None = None) -> QuerySet[Dialogue]:
    """For a clerk: cases to register, and decision points to record from the minutes."""
    deciding = deciding or _deciding(body_ids_with_roles(user, [Membership.Role.SECRETARY]))
    return dialogue_list().filter(
        Q(
            body_id__in=deciding.body_ids,
            case_number__isnull=True,
            state__in=[s for s in State if s not in _ENDS],
        )
        | _decided_by(deciding)
    )


_ENDS = {State.CLOSED, State.REJECTED, State.CANCELLED}


def state_totals() -> dict[str, int]:
    """How many dialogues there are in each state (states without any left out). On
    PostgreSQL from `dialog_statecount`, which triggers keep exact (migration 0018): twelve
    rows read instead of every dialogue counted. Elsewhere counted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT state, n FROM dialog_statecount WHERE n > 0")
            return dict(cursor.fetchall())
    return _counted_by_state(Dialogue.objects.all())


def _counted_by_state(queryset) -> dict[str, int]:
    return dict(
        queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )


def state_counts(queryset: QuerySet[Dialogue] | None = None) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, in process order, zeros included; of all
    dialogues (state_totals) unless a queryset is given."""
    counts = state_totals() if queryset is None else _counted_by_state(queryset)
    return [(s.value, s.label, counts.get(s.value, 0)) for s in State]


def dialogue_total(*, state: str = "") -> int:
    """How many dialogues there are, or in one state, without counting them (state_totals)."""
    totals = state_totals()
    return totals.get(state, 0) if state else sum(totals.values())


def registration_years() -> list[int]:
    """The years with registered dialogues, newest first. A skip scan of the case_year index:
    one probe a year (the greatest below the last one found), where DISTINCT reads the year of
    every registered dialogue (PostgreSQL has no skip scan of its own)."""
    table = connection.ops.quote_name(Dialogue._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE years (year) AS (
                SELECT MAX(case_year) FROM {table}
                UNION ALL
                SELECT (SELECT MAX(case_year) FROM {table} WHERE case_year < years.year)
                FROM years WHERE years.year IS NOT NULL
            )
            SELECT year FROM years WHERE year IS NOT NULL
            """
        )
        return [year for (year,) in cursor.fetchall()]


# -- Reminders (issue 3) -------------------------------------------------------------------------


@dataclass
class Reminder:
    """Something overdue in a dialogue, and who should hear about it."""

    dialogue: Dialogue
    text: str
    since: date
    recipient_ids: set = field(default_factory=set)


DEFAULT_REMINDER_AFTER_DAYS = 30


class _PlusDays(Func):
    """date + n days, n from a column (PostgreSQL: date + integer; SQLite: date(d, '+n days'))."""

    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra,
        )


def _waiting_too_long(today: date) -> QuerySet[Dialogue]:
    """Decision points waiting longer than the profile's `reminder_after_days`, counted from
    entering the decision point (`since`: the day of the latest entry into the state)."""
    from .models import DecisionPoint

    entered = (
        TransitionLog.objects.filter(dialogue=OuterRef("pk"), target=OuterRef("state"))
        .order_by("-at")
        .values("at")[:1]
    )
    final_taken = Decision.objects.filter(
        dialogue=OuterRef("pk"), point=DecisionPoint.FINAL, outcome=Decision.Outcome.APPROVED
    )
    limit = Coalesce("policy_profile__reminder_after_days", Value(DEFAULT_REMINDER_AFTER_DAYS))
    return (
        Dialogue.objects.filter(state__in=DECISION_POINT_STATES)
        .exclude(Q(state=State.DECISION) & Exists(final_taken))
        .annotate(since=TruncDate(Coalesce(Subquery(entered), "updated_at")))
        .alias(reminder_due=_PlusDays("since", limit))
        # More days than the limit have passed: since + limit < today.
        .filter(reminder_due__lt=today)
    )


def _planned_passed(today: date) -> QuerySet:
    """Planned decision points whose date has passed without the decision taken."""
    return (
        PlannedDecisionPoint.objects.filter(planned_on__lt=today, dialogue__state__in=ACTIVE_STATES)
        .exclude(point="")
        .exclude(
            Exists(
                Decision.objects.filter(
                    dialogue=OuterRef("dialogue"),
                    point=OuterRef("point"),
                    outcome=Decision.Outcome.APPROVED,
                )
            )
        )
    )


def _activities_late() -> QuerySet:
    """Activities still marked planned after their start."""
    return Activity.objects.filter(
        status=Activity.Status.PLANNED,
        starts_at__lt=timezone.now(),
        dialogue__state__in=ACTIVE_STATES,
    )


def _waiting_reminder(dialogue, today: date) -> Reminder:
    since = dialogue.since
    text = _("“%(point)s” has waited for a decision for %(days)s days (since %(since)s).") % {
        "point": dialogue.get_state_display(),
        "days": (today - since).days,
        "since": since,
    }
    return Reminder(dialogue, text, since)


def _planned_reminder(point) -> Reminder:
    text = _("The decision “%(point)s” was planned for %(date)s and has not been taken.") % {
        "point": point.display_name,
        "date": point.planned_on,
    }
    return Reminder(point.dialogue, text, point.planned_on)


def _activity_reminder(activity) -> Reminder:
    since = timezone.localdate(activity.starts_at)
    text = _(
        "The activity “%(title)s” was planned for %(date)s and is still marked as planned: "
        "mark it held or cancelled."
    ) % {"title": activity.title, "date": since}
    return Reminder(activity.dialogue, text, since)


def _deciders_by_body(body_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    rows = (
        Membership.objects.active()
        .filter(body_id__in=body_ids)
        .filter(Q(role__in=Membership.POLITICIAN_ROLES) | Q(role=Membership.Role.SECRETARY))
        .values_list("body_id", "person_id")
    )
    for body_id, person_id in rows:
        found.setdefault(body_id, set()).add(person_id)
    return found


def reminders(*, on: date | None = None) -> list[Reminder]:
    """Every overdue thing in the ongoing dialogues: decision points waiting longer than the
    profile's `reminder_after_days` (counted from entering the decision point), planned decision
    dates passed, and activities still marked planned after their start. Each goes to the
    responsible official, and the decision points also to the politicians and the clerk of the
    deciding bodies (as the dialogue's policy profile says). For the e-mails (send_reminders);
    the dashboard asks `overdue`, which reads only the user's own."""
    from . import policy

    today = on or timezone.localdate()
    found: list[tuple[Reminder, str | None]] = []  # (reminder, decision point for the deciders)
    waiting = _waiting_too_long(today).select_related(
        "body", "policy_profile", "responsible_official"
    )
    for dialogue in waiting:
        found.append((_waiting_reminder(dialogue, today), dialogue.decision_point))
    planned = _planned_passed(today).select_related("dialogue__body", "dialogue__policy_profile")
    for point in planned:
        found.append((_planned_reminder(point), point.point))
    for activity in _activities_late().select_related("dialogue__body"):
        reminder = _activity_reminder(activity)
        if activity.responsible_id:
            reminder.recipient_ids.add(activity.responsible_id)
        found.append((reminder, None))

    # The deciding bodies depend only on (point, mode, body): one shared cache asks once per
    # combination, not once per dialogue.
    shared: dict = {}
    for reminder, _point in found:
        reminder.dialogue._policy_cache = shared
    body_lists = [
        policy.deciding_bodies(reminder.dialogue, point) if point else []
        for reminder, point in found
    ]
    deciders = _deciders_by_body({b.pk for bodies in body_lists for b in bodies})
    result = []
    for (reminder, _point), deciding in zip(found, body_lists, strict=True):
        reminder.recipient_ids.add(reminder.dialogue.responsible_official_id)
        for body in deciding:
            reminder.recipient_ids |= deciders.get(body.pk, set())
        result.append(reminder)
    result.sort(key=lambda r: (r.since, r.dialogue.pk))
    return result


_DECIDER_ROLES = (*Membership.POLITICIAN_ROLES, Membership.Role.SECRETARY)


def _overdue_of(user, today: date, deciding: _Deciding | None = None):
    """The three kinds of reminder, each as a query of what concerns `user` only: as the
    responsible official, as the activity's responsible, or as a politician or clerk of a body
    that decides the decision point (the same recipients as `reminders`)."""
    deciding = deciding or _deciding(body_ids_with_roles(user, _DECIDER_ROLES))
    # Each "who" is a part of a UNION (see _any_of), on its own index.
    waiting = _waiting_too_long(today).filter(
        _any_of(
            Dialogue.objects.filter(responsible_official=user).values("pk"),
            Dialogue.objects.filter(_decided_by(deciding)).values("pk"),
        )
    )
    points = [
        PlannedDecisionPoint.objects.filter(
            Q(point=point) & _decided_by(deciding, prefix="dialogue__", point=point)
        ).values("pk")
        for point in ("mandate", "launch", "final")
    ]
    planned = _planned_passed(today).filter(
        _any_of(
            PlannedDecisionPoint.objects.filter(dialogue__responsible_official=user).values("pk"),
            *points,
        )
    )
    activities = _activities_late().filter(
        _any_of(
            Activity.objects.filter(responsible=user).values("pk"),
            Activity.objects.filter(dialogue__responsible_official=user).values("pk"),
        )
    )
    return waiting, planned, activities


@dataclass
class Capped:
    """The first rows of a dashboard list and how many there are in all."""

    rows: list
    total: int
    dialogues: int | None = None  # for the reminders: the dialogues they are in

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def capped(queryset, limit: int) -> Capped:
    """Two queries whatever the number of rows: the first `limit` and the count."""
    return Capped(rows=list(queryset[:limit]), total=queryset.count())


def _overdue_rows(parts, today: date, limit: int | None) -> list[Reminder]:
    waiting, planned, activities = parts
    waiting = waiting.select_related("body", "responsible_official").order_by("since", "pk")
    planned = planned.select_related("dialogue__body").order_by("planned_on", "dialogue_id")
    activities = activities.select_related("dialogue__body").order_by("starts_at", "dialogue_id")
    if limit is not None:
        waiting, planned, activities = waiting[:limit], planned[:limit], activities[:limit]
    found = [_waiting_reminder(d, today) for d in waiting]
    found += [_planned_reminder(p) for p in planned]
    found += [_activity_reminder(a) for a in activities]
    found.sort(key=lambda r: (r.since, r.dialogue.pk))
    return found[:limit] if limit is not None else found


def _dialogues_of(parts) -> QuerySet[Dialogue]:
    waiting, planned, activities = parts
    return Dialogue.objects.filter(
        _any_of(
            waiting.values("pk"), planned.values("dialogue_id"), activities.values("dialogue_id")
        )
    )


def overdue(user, *, on: date | None = None, limit: int | None = None) -> list[Reminder]:
    """The reminders that concern `user`, most overdue first (at most `limit`). Four queries
    whatever the number of dialogues."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = on or timezone.localdate()
    return _overdue_rows(_overdue_of(user, today), today, limit)


def overdue_dialogues(user, *, on: date | None = None) -> QuerySet[Dialogue]:
    """The dialogues with something overdue that concerns `user` (the list's "overdue")."""
    if not getattr(user, "is_authenticated", False):
        return Dialogue.objects.none()
    return _dialogues_of(_overdue_of(user, on or timezone.localdate()))


def overdue_capped(
    user, *, limit: int, on: date | None = None, deciding: _Deciding | None = None
) -> Capped:
    """The dashboard's reminders: the first `limit`, how many in all and in how many
    dialogues. Eight queries whatever the number of dialogues."""
    if not getattr(user, "is_authenticated", False):
        return Capped(rows=[], total=0, dialogues=0)
    today = on or timezone.localdate()
    parts = _overdue_of(user, today, deciding)
    return Capped(
        rows=_overdue_rows(parts, today, limit),
        total=sum(part.count() for part in parts),
        dialogues=_dialogues_of(parts).count(),
    )


def due_documents_of(user, *, on: date | None = None):
    """Steering documents due for revision or follow-up that the user owns: those of the
    administrations where the user is an official."""
    from governance.selectors import due_for_review

    owned = body_ids_with_roles(user, Membership.OFFICIAL_ROLES)
    documents = due_for_review(on=on or timezone.localdate())
    return documents.filter(owner_body_id__in=owned) if owned else documents.none()


# The dashboard's lists by the name the dialogue list's `show` filter gives them.
def to_register(user, *, deciding: _Deciding | None = None) -> QuerySet[Dialogue]:
    return clerk_queue(user, deciding=deciding).filter(
        Q(case_number__isnull=True) | Q(case_number="")
    )


def to_record(user, *, deciding: _Deciding | None = None) -> QuerySet[Dialogue]:
    return clerk_queue(user, deciding=deciding).filter(state__in=DECISION_POINT_STATES)


DASHBOARD_LISTS = {
    "mine": my_dialogues,
    "awaiting": awaiting_decision,
    "to_register": to_register,
    "to_record": to_record,
    "overdue": overdue_dialogues,
}


def dashboard(user, *, limit: int, official: bool, politician: bool, clerk: bool, counts: bool):
    """The dashboard's panels: each list's first `limit` rows (newest change first) with how
    many there are, the reminders, the steering documents due and, with `counts`, the
    dialogues by state. The user's bodies and the policy profiles are read once for all the
    panels; the number of queries does not depend on the number of dialogues."""
    politician_ids = body_ids_with_roles(user, Membership.POLITICIAN_ROLES)
    clerk_ids = body_ids_with_roles(user, [Membership.Role.SECRETARY])
    decider_ids = body_ids_with_roles(user, _DECIDER_ROLES)  # both of the above
    rows = _body_rows(decider_ids)
    modes = _profile_modes() if decider_ids else None

    def deciding(ids):
        return _deciding(ids, rows=rows, modes=modes)

    newest = ("-updated_at", "-pk")
    found = {}
    if official:
        found["mine"] = capped(my_dialogues(user).order_by(*newest), limit)
    if politician:
        awaiting = awaiting_decision(user, deciding=deciding(politician_ids))
        found["awaiting"] = capped(awaiting.order_by(*newest), limit)
    if clerk:
        queue = deciding(clerk_ids)
        found["to_register"] = capped(to_register(user, deciding=queue).order_by(*newest), limit)
        found["to_record"] = capped(to_record(user, deciding=queue).order_by(*newest), limit)
    if counts:
        found["counts"] = state_counts()
    found["overdue"] = overdue_capped(user, limit=limit, deciding=deciding(decider_ids))
    found["due_documents"] = capped(due_documents_of(user), limit)
    return found


# -- Compilation (step 6): counts per theme and per group ------------------------------------


@dataclass
class GroupRow:
    """One value of a group (an age band, a gender, an area): its inputs in all and per theme."""

    value: str
    label: str
    total: int
    by_theme: list[int]


@dataclass
class CompilationCounts:
    themes: list[tuple]  # (theme, inputs tagged to it)
    within: int = 0
    off_topic: int = 0
    untagged: int = 0
    groups: list[tuple[str, list[GroupRow]]] = field(default_factory=list)


def compilation_counts(dialogue) -> CompilationCounts:
    """The inputs within the purpose counted per theme, and per age band, gender and area in
    all and per theme. Three queries whatever the number of inputs and themes."""
    from .models import AgeBand, Gender, InputItem, Theme

    themes = list(Theme.objects.filter(dialogue=dialogue))
    dimensions = ("age_band", "gender", "area")
    Tag = InputItem.themes.through
    # The tags are reached through the dialogue's own themes (the tag table's theme index), not
    # by joining every tag to its input and filtering on the dialogue afterwards.
    tagged = (
        Tag.objects.filter(theme_id__in=[t.pk for t in themes], inputitem__within_purpose=True)
        .values("theme_id", *(f"inputitem__{d}" for d in dimensions))
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Untagged by NOT EXISTS (the tag table's input index), so the inputs are not multiplied by
    # their tags and counted DISTINCT afterwards.
    has_tag = Exists(Tag.objects.filter(inputitem_id=OuterRef("pk")))
    inputs = (
        InputItem.objects.filter(dialogue=dialogue)
        .values("within_purpose", *dimensions)
        .annotate(n=Count("pk"), untagged=Count("pk", filter=~Q(has_tag)))
        .order_by()
    )
    position = {theme.pk: index for index, theme in enumerate(themes)}
    per_theme = [0] * len(themes)
    totals: dict[str, dict[str, int]] = {d: {} for d in dimensions}
    by_theme: dict[str, dict[str, list[int]]] = {d: {} for d in dimensions}
    counts = CompilationCounts(themes=[])
    for row in inputs:
        if not row["within_purpose"]:
            counts.off_topic += row["n"]
            continue
        counts.within += row["n"]
        counts.untagged += row["untagged"]
        for d in dimensions:
            totals[d][row[d]] = totals[d].get(row[d], 0) + row["n"]
    for row in tagged:
        index = position.get(row["theme_id"])
        if index is None:
            continue
        per_theme[index] += row["n"]
        for d in dimensions:
            value = row[f"inputitem__{d}"]
            by_theme[d].setdefault(value, [0] * len(themes))[index] += row["n"]
    counts.themes = list(zip(themes, per_theme, strict=True))
    labels = {"age_band": dict(AgeBand.choices), "gender": dict(Gender.choices), "area": {}}
    orders = {"age_band": AgeBand.values, "gender": Gender.values, "area": []}
    titles = {"age_band": _("Age band"), "gender": _("Gender"), "area": _("Area")}
    for d in dimensions:
        order = orders[d]

        def sort_key(value, order=order):
            # Known choices in their order, other values alphabetically, "not stated" last.
            return (value == "", order.index(value) if value in order else len(order), value)

        rows = [
            GroupRow(
                value=value,
                label=str(labels[d].get(value, value)) if value else _("Not stated"),
                total=total,
                by_theme=by_theme[d].get(value, [0] * len(themes)),
            )
            for value, total in sorted(totals[d].items(), key=lambda item: sort_key(item[0]))
        ]
        counts.groups.append((titles[d], rows))
    return counts


def offtopic_summary(dialogue) -> dict:
    """How many off-topic inputs there are and how many are routed (one query)."""
    return dialogue.inputs.filter(within_purpose=False).aggregate(
        total=Count("pk", distinct=True),
        routed=Count("pk", distinct=True, filter=Q(forwardings__isnull=False)),
    )


def input_counts(dialogue) -> dict:
    """How many of the dialogue's inputs are within its purpose (`on`) and off-topic (`off`)."""
    return dialogue.inputs.aggregate(
        on=Count("pk", filter=Q(within_purpose=True)),
        off=Count("pk", filter=Q(within_purpose=False)),
    )
