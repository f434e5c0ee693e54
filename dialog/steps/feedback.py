"""Step 7, the feedback to the politicians: the results presented, and every off-topic input
routed as the mandate said (forwarded, or marked as handled) [SAN][HAG]."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dialog.forms import PresentationForm
from dialog.models import ResultsPresentation, State

from .base import Editing, RecordForm, StepContent, record_of


def unrouted_offtopic_count(dialogue) -> int:
    return dialogue.inputs.filter(within_purpose=False, forwardings__isnull=True).count()


def missing(dialogue) -> list[str]:
    """What starting the work on the proposal needs."""
    missing = []
    presentation = getattr(dialogue, "results_presentation", None)
    if presentation is None or not presentation.presented_on:
        missing.append(_("the date the results were presented to the politicians"))
    if presentation is None or not presentation.body_id:
        missing.append(_("the body the results were presented to"))
    unrouted = unrouted_offtopic_count(dialogue)
    if unrouted:
        missing.append(
            ngettext(
                "%(count)s off-topic input has not been forwarded or marked as handled",
                "%(count)s off-topic inputs have not been forwarded or marked as handled",
                unrouted,
            )
            % {"count": unrouted}
        )
    return missing


CONTENT = StepContent(
    name="feedback",
    editing=Editing(
        permission="dialog.edit_feedback",
        states=(State.FEEDBACK,),
        refused=gettext_lazy(
            "Only the responsible official or the officials working on the dialogue can record "
            "the presentation of the results and forward off-topic input, and only while the "
            "dialogue is at the feedback step."
        ),
    ),
    missing=missing,
    panel="dialog/steps/_feedback.html",
    # Forwarding an off-topic input has its own pages (dialog.step_views.feedback).
    records=(
        RecordForm(
            name="presentation",
            title=gettext_lazy("Record the presentation to the politicians"),
            form_class=PresentationForm,
            service="update_presentation",
            permission="dialog.edit_feedback",
            instance=record_of(ResultsPresentation),
        ),
    ),
)
