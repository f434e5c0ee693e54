"""What steps 6-9 need before the dialogue may move on: each function lists what is missing.

The transitions call these through `Dialogue.<step>_missing()` (see `dialog.models.requires`);
the page shows the same lists next to the action, so a refusal always names what to do.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# The evaluation's parts, all required before it is marked done [SAN][SOL].
EVALUATION_FIELDS = (
    ("purpose_met", gettext_lazy("whether the purpose was met")),
    ("purpose_comment", gettext_lazy("a comment on the purpose")),
    ("methods_comment", gettext_lazy("the methods")),
    ("reach_comment", gettext_lazy("reach and representativeness")),
    ("accessibility_comment", gettext_lazy("accessibility")),
    ("lessons_learned", gettext_lazy("lessons learned")),
)

# What residents are told, all three required before publishing [HAN][FOR][HAG].
FEEDBACK_TEXTS = (
    ("what_we_heard", gettext_lazy("what we heard")),
    ("what_we_decided", gettext_lazy("what we decided")),
    ("why", gettext_lazy("why")),
)

# The proposal's consequences, each to be described [SAN].
CONSEQUENCE_FIELDS = (
    ("economy", gettext_lazy("the economic consequences")),
    ("children_rights", gettext_lazy("the consequences for children's rights")),
    ("equality", gettext_lazy("the consequences for equality")),
    ("environment", gettext_lazy("the environmental consequences")),
)


def _one(dialogue, name):
    """The dialogue's one-to-one record `name`, or None."""
    return getattr(dialogue, name, None)


def _blank(value) -> bool:
    return not (value or "").strip()


def untagged_count(dialogue) -> int:
    return dialogue.inputs.filter(within_purpose=True, themes__isnull=True).count()


def compilation_missing(dialogue) -> list[str]:
    """A summary, at least one theme, and every input within the purpose tagged to a theme."""
    missing = []
    summary = _one(dialogue, "compilation_summary")
    if summary is None or _blank(summary.summary):
        missing.append(_("a summary of the results"))
    if not dialogue.themes.exists():
        missing.append(_("at least one theme"))
    untagged = untagged_count(dialogue)
    if untagged:
        missing.append(
            ngettext(
                "%(count)s input within the purpose is not tagged to a theme",
                "%(count)s inputs within the purpose are not tagged to a theme",
                untagged,
            )
            % {"count": untagged}
        )
    return missing


def unrouted_offtopic_count(dialogue) -> int:
    return dialogue.inputs.filter(within_purpose=False, forwardings__isnull=True).count()


def feedback_missing(dialogue) -> list[str]:
    """The presentation to the politicians recorded, and every off-topic input routed as the
    mandate said: forwarded, or marked as handled [SAN][HAG]."""
    missing = []
    presentation = _one(dialogue, "results_presentation")
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


def processing_missing(dialogue) -> list[str]:
    """The proposal in numbered points, its consequences, whether children have been heard,
    and how the dialogue changed the proposal."""
    proposal = _one(dialogue, "proposal")
    if proposal is None:
        return [_("the proposal for decision has not been written")]
    missing = []
    if not proposal.points.exists():
        missing.append(_("at least one point in the proposal for decision"))
    missing.extend(
        str(label) for name, label in CONSEQUENCE_FIELDS if _blank(getattr(proposal, name))
    )
    if proposal.children_heard is None:
        missing.append(_("an answer to “have children been heard?”"))
    elif proposal.children_heard is False and _blank(proposal.children_heard_comment):
        missing.append(_("a comment on why children have not been heard"))
    if _blank(proposal.dialogue_influence):
        missing.append(_("how the dialogue changed the proposal"))
    return missing


def publish_missing(dialogue, feedback) -> list[str]:
    """What publishing the feedback to residents needs: the final decision and all three texts."""
    missing = [str(m) for m in dialogue.final_decision_missing()]
    missing.extend(str(label) for name, label in FEEDBACK_TEXTS if _blank(getattr(feedback, name)))
    return missing


def evaluation_missing(evaluation) -> list[str]:
    return [str(label) for name, label in EVALUATION_FIELDS if _blank(getattr(evaluation, name))]


def followup_missing(dialogue) -> list[str]:
    """What closing needs besides the final decision: the action plan, the feedback to residents
    published and the evaluation done [SAN][SOL][HAN][FOR][HAG]."""
    missing = []
    if not dialogue.action_items.exists():
        missing.append(_("at least one action in the action plan"))
    feedback = _one(dialogue, "resident_feedback")
    if feedback is None or not feedback.is_published:
        missing.append(_("the feedback to residents, published"))
    evaluation = _one(dialogue, "evaluation")
    if evaluation is None or not evaluation.is_done:
        missing.append(_("the evaluation, marked as done"))
    return missing


def offtopic_summary(dialogue) -> dict:
    """How many off-topic inputs there are and how many are routed (one query)."""
    return dialogue.inputs.filter(within_purpose=False).aggregate(
        total=Count("pk", distinct=True),
        routed=Count("pk", distinct=True, filter=Q(forwardings__isnull=False)),
    )
