"""The dialogue page's "Next step" box and which actions a user is shown (issue 14).

Computed here, not in the template: who acts next, what the next transition still lacks, by when
(the plan's dates), the one main action the current user can take, and, at a decision point,
since when the dialogue has waited for the decision. The view passes the result; the service
still checks every transition on POST.

Everything is read from what `selectors.dialogue_detail` prefetched (the timeline, the planned
decision points, the activities, the decisions) and from the actions `available_actions`
already built, so the box adds no query per row.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from core.people import person_label
from core.permissions import can

from . import policy, steps
from .models import DECISION_POINT_STATES, STEPS, DecisionPoint, State

# Where each step's content is on the dialogue page (the panels' ids).
STEP_SECTIONS = {
    State.INITIATIVE: "initiative",
    State.MANDATE_DECISION: "mandate",
    State.PLANNING: "planning",
    State.LAUNCH_DECISION: "decisions",
    State.EXECUTION: "execution",
    State.COMPILATION: "compilation",
    State.FEEDBACK: "feedback",
    State.PROCESSING: "processing",
    State.DECISION: "followup",
}

# The panels of the page that belong to a step, by id: their look follows the step's status.
_SECTION_STEPS = {
    "initiative": State.INITIATIVE,
    "mandate": State.MANDATE_DECISION,
    "planning": State.PLANNING,
    "execution": State.EXECUTION,
    "compilation": State.COMPILATION,
    "feedback": State.FEEDBACK,
    "processing": State.PROCESSING,
    "followup": State.DECISION,
}

# A backward or ending action is never the "main" one.
_BACKWARD_OUTCOMES = ("rejected", "returned")

# The planned decision point whose date is the deadline of each state.
_DUE_POINTS = {
    State.MANDATE_DECISION: DecisionPoint.MANDATE,
    State.LAUNCH_DECISION: DecisionPoint.LAUNCH,
    State.PROCESSING: DecisionPoint.FINAL,
    State.DECISION: DecisionPoint.FINAL,
}


@dataclass
class NextStep:
    """What the box says. `kind` is one of: "act" (the user can take the main action now),
    "wait" (a decision point waits for its body), "others" (someone else acts), "blocked" (the
    user would act, but the conditions are not met), "closed" and "ended"."""

    kind: str
    who: str = ""
    missing: list[str] = field(default_factory=list)
    due: date | None = None
    due_label: str = ""
    overdue: bool = False
    action: object = None  # services.Action: the main action the user can take now
    waiting_body: str = ""
    waiting_since: date | None = None
    # The step's section the user can complete (an anchor on the page), with its label.
    section: str = ""
    section_label: str = ""
    notes: list[str] = field(default_factory=list)


def unique(items) -> list:
    """`items` without repeats, in their order."""
    seen: set = set()
    out = []
    for item in items:
        key = str(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def conditions_unmet(action) -> list[str]:
    """The action's reasons that are conditions of the transition (not the permission's)."""
    return unique(r for r in action.reasons if r != action.refused)


def shown_actions(actions) -> tuple[list, list[dict]]:
    """The actions the page lists: those the user can take now, and those not possible now
    because conditions are unmet, grouped by the same reasons so that each reason is said once.
    Actions the user has no permission for ("not yours") are not listed: the service refuses
    them on POST as before."""
    available = [a for a in actions if a.available]
    groups: dict[tuple, dict] = {}
    for action in actions:
        if action.available or action.refused:
            continue
        reasons = tuple(conditions_unmet(action))
        group = groups.setdefault(reasons, {"labels": [], "actions": [], "reasons": list(reasons)})
        group["labels"].append(action.label)
        group["actions"].append(action)
    return available, list(groups.values())


def step_status(dialogue, steps_bar: list[dict]) -> dict[str, str]:
    """Each step panel's id -> done / current / upcoming (or stopped / skipped), from the bar."""
    by_state = {str(state): row["status"] for state, row in zip(STEPS, steps_bar, strict=True)}
    status = {section: by_state[str(state)] for section, state in _SECTION_STEPS.items()}
    # The decisions are current while a decision point waits; done once any is recorded.
    if dialogue.state in DECISION_POINT_STATES:
        status["decisions"] = "current"
    elif dialogue.decisions.all():
        status["decisions"] = "done"
    return status


def _main_action(dialogue, actions):
    """The transition that moves the dialogue on from where it stands (None at an end)."""
    if dialogue.state == State.DECISION:
        name = "decide" if dialogue.approved_decision(DecisionPoint.FINAL) is None else "close"
        return next((a for a in actions if a.name == name), None)
    return next(
        (a for a in actions if not a.danger and a.outcome not in _BACKWARD_OUTCOMES),
        None,
    )


def waiting_since(dialogue) -> date | None:
    """The day the dialogue entered its current state (the timeline entry that moved it
    there), read from the prefetched timeline."""
    entries = [
        t for t in dialogue.transitions.all() if t.target == dialogue.state and t.source != t.target
    ]
    if not entries:
        return None
    latest = max(entries, key=lambda t: (t.at, t.pk))
    return timezone.localtime(latest.at).date()


def _bodies_text(dialogue) -> str:
    bodies = policy.deciding_bodies(dialogue)
    if len(bodies) > 3:
        return _("a political body")
    return " / ".join(b.name for b in bodies) or dialogue.body.name


def _due(dialogue) -> tuple[date | None, str]:
    """The plan's date for the current state, with what it is the date of."""
    point = _DUE_POINTS.get(dialogue.state)
    if dialogue.state == State.DECISION and dialogue.approved_decision(DecisionPoint.FINAL):
        point = None
    if point:
        planned = [p for p in dialogue.planned_decision_points.all() if p.point == point]
        if planned:
            found = min(planned, key=lambda p: p.planned_on)
            return found.planned_on, _("Planned date of the decision: %(point)s") % {
                "point": found.display_name
            }
        return None, ""
    if dialogue.state == State.EXECUTION:
        days = [
            timezone.localtime(a.ends_at or a.starts_at).date()
            for a in dialogue.activities.all()
            if (a.ends_at or a.starts_at) and a.status != "cancelled"
        ]
        if days:
            return max(days), _("The last planned activity")
    return None, ""


def _who(dialogue) -> str:
    official = person_label(dialogue.responsible_official, nobody=_("not chosen yet"))
    if dialogue.state == State.INITIATIVE:
        return _("The responsible official (%(name)s) or the initiator submits the initiative.") % {
            "name": official
        }
    return _("The responsible official, %(name)s.") % {"name": official}


def _section(dialogue, user) -> tuple[str, str]:
    """The current step's section, when the user can edit its content there."""
    for content in steps.STEP_CONTENTS:
        for editing in content.permissions:
            if dialogue.state in editing.states and can(user, editing.permission, dialogue):
                anchor = STEP_SECTIONS.get(dialogue.state, "")
                label = State(dialogue.state).label
                return anchor, str(label)
    return "", ""


def next_step(dialogue, user, actions) -> NextStep:
    """The "Next step" box for `user` on `dialogue`, given the actions `available_actions` built
    for them."""
    if dialogue.state == State.CLOSED:
        return NextStep(kind="closed")
    if dialogue.state in (State.REJECTED, State.CANCELLED):
        return NextStep(kind="ended")
    main = _main_action(dialogue, actions)
    due, due_label = _due(dialogue)
    box = NextStep(
        kind="others",
        due=due,
        due_label=due_label,
        overdue=bool(due and due < timezone.localdate()),
        missing=conditions_unmet(main) if main else [],
    )
    deciding = dialogue.state in DECISION_POINT_STATES and main is not None and main.outcome
    if deciding:
        box.kind = "wait"
        box.waiting_body = _bodies_text(dialogue)
        box.waiting_since = waiting_since(dialogue)
        box.who = str(policy.who_decides(dialogue))
    else:
        box.who = _who(dialogue)
    if main is not None and main.available:
        box.action = main
        box.kind = "act"
    elif main is not None and not main.refused and box.missing and not deciding:
        # The user's own action, once what is missing is there.
        box.kind = "blocked"
    if box.missing and box.kind in ("blocked", "others"):
        box.section, box.section_label = _section(dialogue, user)
    return box
