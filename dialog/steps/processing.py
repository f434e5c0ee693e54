"""Step 8, the processing: the proposal for decision in numbered points, its consequences,
whether children have been heard, and how the dialogue changed the proposal [SAN]."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialog.forms import ProposalForm
from dialog.models import DecisionPoint, Proposal, State
from dialog.models.case_memo import memo_missing

from .base import Editing, RecordForm, StepContent, blank, record_of

# The proposal's consequences, each to be described [SAN].
CONSEQUENCE_FIELDS = (
    ("economy", gettext_lazy("the economic consequences")),
    ("children_rights", gettext_lazy("the consequences for children's rights")),
    ("equality", gettext_lazy("the consequences for equality")),
    ("environment", gettext_lazy("the environmental consequences")),
)


def missing(dialogue) -> list[str]:
    """What submitting the proposal for decision needs."""
    proposal = getattr(dialogue, "proposal", None)
    # The tjänsteskrivelse submitted with the proposal (issue 12): what the proposal lacks.
    memo = memo_missing(dialogue, DecisionPoint.FINAL)
    if proposal is None:
        return [_("the proposal for decision has not been written"), *memo]
    missing = []
    if not proposal.points.exists():
        missing.append(_("at least one point in the proposal for decision"))
    missing.extend(
        str(label) for name, label in CONSEQUENCE_FIELDS if blank(getattr(proposal, name))
    )
    if proposal.children_heard is None:
        missing.append(_("an answer to “have children been heard?”"))
    elif proposal.children_heard is False and blank(proposal.children_heard_comment):
        missing.append(_("a comment on why children have not been heard"))
    if blank(proposal.dialogue_influence):
        missing.append(_("how the dialogue changed the proposal"))
    missing.extend(memo)
    return missing


CONTENT = StepContent(
    name="processing",
    editing=Editing(
        permission="dialog.edit_processing",
        states=(State.PROCESSING,),
        refused=gettext_lazy(
            "Only the responsible official or the officials working on the dialogue can write "
            "the proposal for decision, and only while the dialogue is at the processing step."
        ),
    ),
    missing=missing,
    panel="dialog/steps/_processing.html",
    # The numbered points are ordered, so they have their own pages (add, edit, move, remove).
    records=(
        RecordForm(
            name="proposal",
            title=gettext_lazy("Edit the proposal's consequences"),
            form_class=ProposalForm,
            service="update_proposal",
            permission="dialog.edit_processing",
            instance=record_of(Proposal),
        ),
    ),
)
