"""Step 5, the execution: the input collected (registered one by one or imported from a survey),
and every activity held or cancelled before the compilation starts. At each held activity the
official records how many came from each target group and evaluates it (issue 16, `dialog.reach`);
the evaluation is required before the compilation where the profile asks for it [HAG]."""

from django.utils.translation import gettext_lazy as _

from dialog import reach
from dialog.forms import InputItemForm
from dialog.models import Activity, InputItem, State

from .base import Editing, ItemKind, StepContent


def missing(dialogue) -> list[str]:
    """What finishing the execution (starting the compilation) needs."""
    missing = []
    if not dialogue.inputs.exists():
        missing.append(str(_("at least one registered input")))
    # The compilation starts once every activity is held or cancelled (issue 9).
    still_planned = [
        a.title for a in dialogue.activities.all() if a.status == Activity.Status.PLANNED
    ]
    if still_planned:
        missing.append(
            str(
                _(
                    "activities still marked as planned; mark each one held, or cancelled "
                    "with a reason: %(titles)s"
                )
                % {"titles": ", ".join(still_planned)}
            )
        )
    # Each held activity evaluated, where the policy asks for it [HAG] (issue 16).
    if reach.evaluation_required(dialogue):
        unevaluated = [a.title for a in reach.unevaluated_activities(dialogue)]
        if unevaluated:
            missing.append(
                str(
                    _(
                        "an evaluation of each held activity (what worked, who came, what to "
                        "change), as the dialogue policy asks; not yet evaluated: %(titles)s"
                    )
                    % {"titles": ", ".join(unevaluated)}
                )
            )
    return missing


CONTENT = StepContent(
    name="execution",
    editing=Editing(
        permission="dialog.edit_execution",
        states=(State.EXECUTION,),
        refused=_(
            "Only the responsible official or the officials working on the dialogue can register "
            "input and update activities, and only while the dialogue is at the execution step."
        ),
    ),
    extra_editing=(
        # Who came to each held activity, per target group, and its evaluation (issue 16):
        # during the execution, and corrected while the results are compiled.
        Editing(
            permission="dialog.evaluate_activities",
            states=(State.EXECUTION, State.COMPILATION),
            refused=_(
                "Only the responsible official or the officials working on the dialogue can "
                "record who came to a held activity and evaluate it, and only while the "
                "dialogue is at the execution or compilation step."
            ),
        ),
    ),
    missing=missing,
    panel="dialog/steps/_execution.html",
    items=(
        ItemKind(
            name="input",
            model=InputItem,
            form_class=InputItemForm,
            save="save_input",
            delete="delete_input",
            permission="dialog.edit_execution",
            add_title=_("Register an input"),
            edit_title=_("Edit the input"),
            anchor="execution",
            back="dialog:inputs",
        ),
    ),
)
