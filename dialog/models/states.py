"""The dialogue's states and the nine steps, its decision points, and the helpers its transitions
are declared with: `requires` / `requires_step` (conditions that list what is missing) and `may`
(the `rules` permission that runs the transition)."""

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    MANDATE_DECISION = "mandate_decision", _("Decision point: mandate")
    PLANNING = "planning", _("Planning")
    LAUNCH_DECISION = "launch_decision", _("Decision point: launch")
    EXECUTION = "execution", _("Execution")
    COMPILATION = "compilation", _("Compilation")
    FEEDBACK = "feedback", _("Feedback")
    PROCESSING = "processing", _("Processing")
    DECISION = "decision", _("Decision and action plan")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# The nine steps of the source policies, in order [SAN]. Closed, rejected and cancelled are ends.
STEPS = [
    State.INITIATIVE,
    State.MANDATE_DECISION,
    State.PLANNING,
    State.LAUNCH_DECISION,
    State.EXECUTION,
    State.COMPILATION,
    State.FEEDBACK,
    State.PROCESSING,
    State.DECISION,
]


ACTIVE_STATES = [str(s) for s in STEPS]


END_STATES = [State.CLOSED, State.REJECTED, State.CANCELLED]


DECISION_POINT_STATES = [State.MANDATE_DECISION, State.LAUNCH_DECISION, State.DECISION]


class DialogueKind(models.TextChoices):
    """Medborgardialog is distinct from brukardialog [SAN][HAN][FOR][HAG]."""

    CITIZEN = "medborgardialog", _("Citizen dialogue")
    USER = "brukardialog", _("User dialogue")


class ParticipationLevel(models.TextChoices):
    """Delaktighetstrappan, lowest rung first [SAN][FOR]."""

    INFORMATION = "information", _("Information")
    CONSULTATION = "konsultation", _("Consultation")
    DIALOGUE = "dialog", _("Dialogue")
    INFLUENCE = "inflytande", _("Influence")
    CO_DECISION = "medbeslutande", _("Co-decision")


def requires(check_name: str):
    """A django-fsm condition built from a `<check_name>()` method that lists what is missing.

    The condition passes when the list is empty; `missing()` gives the list for the page.
    """

    def condition(instance) -> bool:
        return not getattr(instance, check_name)()

    condition.missing = lambda instance: getattr(instance, check_name)()
    condition.__name__ = check_name
    return condition


def requires_step(step: str):
    """A django-fsm condition: what the step's content needs (`dialog.steps.<step>.missing`).

    The registry is read when the condition runs, not here: the step modules import the forms,
    which import these models.
    """

    def check(instance) -> list[str]:
        from dialog import steps

        return steps.get(step).missing(instance)

    def condition(instance) -> bool:
        return not check(instance)

    condition.missing = check
    condition.__name__ = f"{step}_missing"
    return condition


def may(permission: str):
    """A transition permission checked against our `rules` only.

    Going through `user.has_perm` would let Django's ModelBackend wave every superuser through;
    an administrator must not approve a mandate on the politicians' behalf.
    """

    def check(instance, user) -> bool:
        return rules.has_perm(permission, user, instance)

    check.permission_name = permission
    return check


class DecisionPoint(models.TextChoices):
    MANDATE = "mandate", _("Mandate")
    LAUNCH = "launch", _("Launch")
    FINAL = "final", _("Final decision")

    @classmethod
    def for_state(cls, state: str) -> str | None:
        return {
            State.MANDATE_DECISION: cls.MANDATE,
            State.LAUNCH_DECISION: cls.LAUNCH,
            State.DECISION: cls.FINAL,
        }.get(state)
