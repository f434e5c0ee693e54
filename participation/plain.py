"""The case in plain words for residents: the participation level and where the dialogue stands
in the nine steps, said the way a resident would ask about it."""

from django.utils.translation import gettext_lazy as _

from dialog.models import STEPS, ParticipationLevel, State

LEVELS = {
    ParticipationLevel.INFORMATION: _(
        "We tell you about the question and what is planned. You can ask questions, but the "
        "decision is not open to your views."
    ),
    ParticipationLevel.CONSULTATION: _(
        "We ask what you think. The politicians weigh your views in before they decide."
    ),
    ParticipationLevel.DIALOGUE: _(
        "We talk together, and you and the politicians learn from each other's views before the "
        "question is decided."
    ),
    ParticipationLevel.INFLUENCE: _(
        "You take part in working out the proposal over a longer time, and what you say shapes "
        "what the politicians decide on."
    ),
    ParticipationLevel.CO_DECISION: _(
        "You decide together with the politicians, within the limits they have set."
    ),
}

# One sentence per step: where the case is now and what happens next.
STEPS_PLAIN = {
    State.INITIATIVE: _("Someone has proposed that residents should be asked."),
    State.MANDATE_DECISION: _("The politicians decide whether the dialogue is held, and how."),
    State.PLANNING: _("The politicians have decided on the dialogue. We are planning it now."),
    State.LAUNCH_DECISION: _("The plan is ready. The politicians decide when the dialogue starts."),
    State.EXECUTION: _("The dialogue is open now: take part and give your views."),
    State.COMPILATION: _("The dialogue is closed. We are going through everything we heard."),
    State.FEEDBACK: _("We are presenting what residents said to the politicians."),
    State.PROCESSING: _("We are working what residents said into a proposal for decision."),
    State.DECISION: _("The politicians decide, and we follow up what was decided."),
}

STEP_TITLES = {
    State.INITIATIVE: _("Proposal"),
    State.MANDATE_DECISION: _("Decision to hold the dialogue"),
    State.PLANNING: _("Planning"),
    State.LAUNCH_DECISION: _("Decision to start"),
    State.EXECUTION: _("Open for views"),
    State.COMPILATION: _("Going through the views"),
    State.FEEDBACK: _("Presented to the politicians"),
    State.PROCESSING: _("Proposal for decision"),
    State.DECISION: _("Decision and follow-up"),
}


def level_plain(level: str) -> str:
    return str(LEVELS.get(level, ""))


def stage(state: str) -> dict:
    """The dialogue's place in the nine steps, for the page's step list."""
    # A closed dialogue has passed all nine steps; it is never shown rejected or cancelled.
    current = len(STEPS) if state == State.CLOSED else STEPS.index(state) + 1
    if state == State.CLOSED:
        now = _("The dialogue is finished: decided, followed up and reported back.")
    else:
        now = STEPS_PLAIN[state]
    return {
        "number": current,
        "of": len(STEPS),
        "now": now,
        "steps": [
            {
                "number": i + 1,
                "title": STEP_TITLES[s],
                "done": i + 1 < current or state == State.CLOSED,
                "current": i + 1 == current and state != State.CLOSED,
            }
            for i, s in enumerate(STEPS)
        ],
    }
