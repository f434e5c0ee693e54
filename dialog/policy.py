"""The rules that come from a dialogue's policy profile (`governance.PolicyProfile`).

A dialogue keeps the profile that was in force when it started (`Dialogue.policy_profile`).
Without one the backbone's defaults apply: the dialogue's own body decides every decision point,
the launch is a decision, no initiative questions are asked, any participation level is allowed,
no target group must be considered, and the feedback plan is required in the mandate.

What the initiative step needs under the profile (`dialog.steps.initiative_mandate`), the
`dialog.decide` permission, the decision the
service records and the reasons on the page all ask this module, so they cannot disagree.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.models import PolicyProfile
from governance.profiles import INITIATIVE_QUESTIONS, TARGET_GROUPS
from roles.models import Body, Membership
from roles.selectors import body_ids_with_roles

MandateDecider = PolicyProfile.MandateDecider
LaunchDecider = PolicyProfile.LaunchDecider

# Decision points by value ("mandate", "launch", "final"), as in dialog.models.DecisionPoint.
MANDATE, LAUNCH, FINAL = "mandate", "launch", "final"

# A body decides at its meetings (kommunallagen 6 kap); its committee secretary records the
# decision from the minutes. No politician decides for the body by a click (issue 12).
_RECORDER_ROLES = (Membership.Role.SECRETARY,)


# -- What the profile says, with the backbone's defaults ------------------------------------------


def mandate_mode(dialogue) -> str:
    profile = dialogue.policy_profile
    return profile.mandate_decided_by if profile else MandateDecider.INITIATING_BODY


def launch_mode(dialogue) -> str:
    profile = dialogue.policy_profile
    return profile.launch_decided_by if profile else LaunchDecider.DECISION


def questions(dialogue) -> list[str]:
    profile = dialogue.policy_profile
    found = profile.initiative_questions if profile else []
    return [key for key in found if key in INITIATIVE_QUESTIONS]


def question_text(key: str) -> str:
    return str(INITIATIVE_QUESTIONS.get(key, key))


def group_label(key: str, name: str = "") -> str:
    if key == "other" and name:
        return name
    return str(TARGET_GROUPS.get(key, key))


def lowest_level(dialogue) -> str:
    profile = dialogue.policy_profile
    return profile.lowest_participation_level if profile else ""


def groups_to_consider(dialogue) -> list[str]:
    profile = dialogue.policy_profile
    return list(profile.always_consider_groups) if profile else []


def feedback_plan_required(dialogue) -> bool:
    profile = dialogue.policy_profile
    return profile.feedback_plan_required_at_mandate if profile else True


# -- Who decides ---------------------------------------------------------------------------------


def _cache(dialogue) -> dict:
    cache = getattr(dialogue, "_policy_cache", None)
    if cache is None:
        cache = {}
        dialogue._policy_cache = cache
    return cache


def deciding_bodies(dialogue, point: str | None = None) -> list[Body]:
    """The bodies that decide at `point` (the current one by default), at their meetings."""
    if dialogue.is_decided_within_administration:
        # A user dialogue owned by an administration is decided within it (dialog.delegation).
        return [dialogue.body]
    point = point or dialogue.decision_point
    if point == MANDATE:
        mode = mandate_mode(dialogue)
    elif point == LAUNCH:
        mode = launch_mode(dialogue)
    else:
        mode = None
    key = (point, mode, dialogue.body_id)
    cache = _cache(dialogue)
    if key in cache:
        return cache[key]
    if mode == MandateDecider.ANY_POLITICAL_BODY:
        bodies = list(Body.objects.filter(kind__in=Body.POLITICAL_KINDS))
    elif mode == MandateDecider.EXECUTIVE_BOARD:
        bodies = list(Body.objects.filter(kind=Body.Kind.EXECUTIVE_BOARD))
    elif mode == MandateDecider.COUNCIL:
        bodies = list(Body.objects.filter(kind=Body.Kind.COUNCIL))
    elif mode == LaunchDecider.PRESIDIUM:
        # The presidium of the dialogue's body; where none is registered, its own politicians.
        bodies = list(Body.objects.filter(kind=Body.Kind.PRESIDIUM, parent_id=dialogue.body_id))
        bodies = bodies or [dialogue.body]
    else:
        bodies = [dialogue.body]
    cache[key] = bodies
    return bodies


def bodies_user_records_for(dialogue, user, point: str | None = None) -> list[Body]:
    """The deciding bodies whose meeting decisions `user` records: their committee secretary."""
    mine = body_ids_with_roles(user, _RECORDER_ROLES)
    return [b for b in deciding_bodies(dialogue, point) if b.pk in mine]


def official_records(dialogue, user, point: str | None = None) -> bool:
    """The responsible official records for the politicians: their stance on the mandate where
    no formal decision is needed [SOL], or the plan's presentation to the presidium [SOL]."""
    if dialogue is None or dialogue.responsible_official_id != user.pk:
        return False
    point = point or dialogue.decision_point
    return (point == MANDATE and mandate_mode(dialogue) == MandateDecider.STANCE_ONLY) or (
        point == LAUNCH and launch_mode(dialogue) == LaunchDecider.PRESIDIUM
    )


def records_stance(dialogue, user) -> bool:
    """The user notes the politicians' stance on the mandate rather than a decision [SOL]: the
    responsible official under a profile where no formal decision is needed, who is not the
    secretary of the deciding body. The page asks where the politicians were informed and what
    they said; there is no paragraph and nothing to approve."""
    if dialogue is None or dialogue.decision_point != MANDATE:
        return False
    return official_records(dialogue, user) and not bodies_user_records_for(dialogue, user)


def records_information(dialogue, user) -> bool:
    """The user notes information rather than a decision: the politicians' stance [SOL] or the
    plan's presentation to the presidium [SOL], as the responsible official."""
    return official_records(dialogue, user) and not bodies_user_records_for(dialogue, user)


def information_kind(dialogue) -> str:
    """Which kind of information the official notes at the current point."""
    from .models import Decision

    if dialogue.decision_point == LAUNCH and launch_mode(dialogue) == LaunchDecider.PRESIDIUM:
        return Decision.Kind.PRESENTATION
    return Decision.Kind.STANCE


def may_decide(user, dialogue) -> bool:
    """Records the body's decision from the minutes (its secretary), or notes the politicians'
    stance or the presentation (the responsible official, where the profile says so)."""
    if dialogue is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(bodies_user_records_for(dialogue, user)) or official_records(dialogue, user)


def is_deciding_clerk(user, dialogue, body=None) -> bool:
    """The user records from the minutes: the secretary of the (chosen) deciding body."""
    clerk_of = body_ids_with_roles(user, [Membership.Role.SECRETARY])
    bodies = [body] if body is not None else bodies_user_records_for(dialogue, user)
    return any(b.pk in clerk_of for b in bodies)


def choosable_bodies(dialogue, user) -> list[Body]:
    """The bodies the user may record the current decision point for."""
    found = bodies_user_records_for(dialogue, user)
    if not found and official_records(dialogue, user):
        found = deciding_bodies(dialogue)[:1]
    return found


def decision_body(dialogue, user, body=None) -> Body:
    """The body a decision is recorded for: the chosen one (checked), or the only fit."""
    allowed = choosable_bodies(dialogue, user)
    if body is not None:
        if not any(b.pk == body.pk for b in allowed):
            raise ValidationError(
                {
                    "body": _(
                        "You cannot record a decision for %(body)s here; choose one of: %(bodies)s."
                    )
                    % {"body": body.name, "bodies": ", ".join(b.name for b in allowed) or "—"}
                }
            )
        return next(b for b in allowed if b.pk == body.pk)
    own = next((b for b in allowed if b.pk == dialogue.body_id), None)
    if own is not None:
        return own
    if len(allowed) == 1:
        return allowed[0]
    raise ValidationError({"body": _("Choose the body the decision is recorded for.")})


def _named_as_kind(bodies) -> bool:
    """Every body is called by its kind's word ("Kommunfullmäktige", "Kommunstyrelsen"), so the
    sentence naming the kind needs no name after it. The definite -n is ignored."""

    def word(text) -> str:
        return str(text).strip().casefold().removesuffix("n")

    return bool(bodies) and all(word(b.name) == word(b.get_kind_display()) for b in bodies)


def _names(bodies) -> str:
    return ", ".join(b.name for b in bodies) or "—"


def who_decides(dialogue, point: str | None = None) -> str:
    """Who decides at `point` under the dialogue's profile, as the refusal's reason. A body
    decides at its meeting and its committee secretary records the decision from the minutes;
    delegation and the chair's urgent decisions are named where the delegation order allows
    them (dialog.delegation)."""
    point = point or dialogue.decision_point
    profile = dialogue.policy_profile
    body = dialogue.body.name
    if dialogue.is_decided_within_administration:
        return _(
            "A user dialogue owned by %(body)s is decided within the administration or "
            "municipal company: by its head of administration, or the delegate its order names."
        ) % {"body": body}
    if point == MANDATE and profile is not None:
        mode = mandate_mode(dialogue)
        values = {"profile": profile.display_label, "body": body}
        if mode == MandateDecider.ANY_POLITICAL_BODY:
            return (
                _(
                    "Under the dialogue policy (%(profile)s), a political body decides the "
                    "mandate at a meeting: its committee secretary records the decision from the "
                    "minutes."
                )
                % values
            )
        bodies = deciding_bodies(dialogue, point)
        # Name the body once: "kommunfullmäktige (Kommunfullmäktige)" says nothing twice.
        if mode == MandateDecider.EXECUTIVE_BOARD and _named_as_kind(bodies):
            return _(
                "Under the dialogue policy (%(profile)s), the executive board decides the "
                "mandate at a meeting: only its committee secretary can record the decision "
                "from the minutes."
            ) % {**values}
        if mode == MandateDecider.COUNCIL and _named_as_kind(bodies):
            return _(
                "Under the dialogue policy (%(profile)s), only the municipal council decides "
                "whether a dialogue is held, at a meeting: only its committee secretary can "
                "record the decision from the minutes."
            ) % {**values}
        if mode == MandateDecider.EXECUTIVE_BOARD:
            return _(
                "Under the dialogue policy (%(profile)s), the executive board (%(bodies)s) "
                "decides the mandate at a meeting: only its committee secretary can record the "
                "decision from the minutes."
            ) % {**values, "bodies": _names(deciding_bodies(dialogue, point))}
        if mode == MandateDecider.COUNCIL:
            return _(
                "Under the dialogue policy (%(profile)s), only the municipal council "
                "(%(bodies)s) decides whether a dialogue is held, at a meeting: only its "
                "committee secretary can record the decision from the minutes."
            ) % {**values, "bodies": _names(deciding_bodies(dialogue, point))}
        if mode == MandateDecider.STANCE_ONLY:
            return (
                _(
                    "Under the dialogue policy (%(profile)s), no formal decision is needed: the "
                    "responsible official notes the politicians' stance, or %(body)s decides at "
                    "a meeting and its committee secretary records it from the minutes."
                )
                % values
            )
        return (
            _(
                "Under the dialogue policy (%(profile)s), %(body)s decides the mandate at a "
                "meeting: only its committee secretary can record the decision from the minutes."
            )
            % values
        )
    if point == LAUNCH and launch_mode(dialogue) == LaunchDecider.PRESIDIUM:
        return _(
            "Under the dialogue policy (%(profile)s), the plan is presented to the presidium: "
            "only the responsible official can note the presentation, or the secretary of "
            "%(bodies)s record it from the minutes."
        ) % {"profile": profile.display_label, "bodies": _names(deciding_bodies(dialogue, point))}
    return _(
        "%(body)s decides at its meetings: only its committee secretary can record its "
        "decisions from the minutes."
    ) % {"body": body}


# -- For the dialogue page -------------------------------------------------------------------


def page_context(dialogue) -> dict:
    """What the dialogue page shows of the rules: the profile, the answers, the groups."""
    from .models import ParticipationLevel

    answers = {a.question: a for a in dialogue.initiative_answers.all()}
    asked = questions(dialogue)
    extra = [key for key in answers if key not in asked]  # asked under an earlier edit
    rows = list(dialogue.target_groups.all())
    by_key = {r.group: r for r in rows if r.group != "other"}
    required = groups_to_consider(dialogue)
    groups = [
        {"label": group_label(key), "row": by_key.get(key), "required": True} for key in required
    ]
    groups += [
        {"label": r.label, "row": r, "required": False}
        for r in rows
        if r.group == "other" or r.group not in required
    ]
    lowest = lowest_level(dialogue)
    return {
        "profile": dialogue.policy_profile,
        "questions": [
            {"key": key, "text": question_text(key), "answer": answers.get(key)}
            for key in [*asked, *extra]
        ],
        "groups": groups,
        "lowest_level": ParticipationLevel(lowest).label if lowest else "",
        "mandate_decider": who_decides(dialogue, MANDATE),
        "launch_decider": who_decides(dialogue, LAUNCH),
    }
