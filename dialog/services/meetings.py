"""A body's decisions at its meetings (kommunallagen 5 kap, 6 kap): one decision point recorded
from the minutes, and the information the responsible official notes instead of a decision
(the politicians' stance, the presentation to the presidium).

Each form checks its own permission inside `record`, after `run_transition` has locked the row.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import PermissionRefused
from roles.models import Meeting, Membership
from roles.selectors import body_ids_with_roles

from .. import policy
from ..models import Decision
from .case import run_transition


def clean_paragraph(paragraph) -> str:
    return str(paragraph or "").strip().removeprefix("§").strip()


def check_paragraph_free(meeting, paragraph: str, *, field: str = "paragraph", exclude=None):
    """Each point decided at a meeting has its own paragraph in the minutes."""
    taken = Decision.objects.filter(meeting=meeting, paragraph=paragraph)
    if exclude is not None:
        taken = taken.exclude(pk__in=exclude)
    if taken.exists():
        raise ValidationError(
            {
                field: _("§ %(paragraph)s is already used at the meeting of %(date)s.")
                % {"paragraph": paragraph, "date": meeting.held_on.isoformat()}
            }
        )


def meeting_decision(*, dialogue, user, meeting: Meeting, paragraph: str, text: str) -> Decision:
    """An unsaved meeting decision of `meeting`'s body at the dialogue's current point, recorded
    by the body's committee secretary. The date is the meeting's."""
    if meeting.body_id not in body_ids_with_roles(user, [Membership.Role.SECRETARY]):
        raise PermissionRefused(
            _("Only the committee secretary of %(body)s can record its meeting decisions.")
            % {"body": meeting.body.name}
        )
    if not any(b.pk == meeting.body_id for b in policy.deciding_bodies(dialogue)):
        raise ValidationError(
            {
                "meeting": _(
                    "%(body)s does not decide this point under the dialogue policy: choose a "
                    "meeting of %(bodies)s."
                )
                % {
                    "body": meeting.body.name,
                    "bodies": ", ".join(b.name for b in policy.deciding_bodies(dialogue)),
                }
            }
        )
    paragraph = clean_paragraph(paragraph)
    if not paragraph:
        raise ValidationError(
            {"paragraph": _("A decision registered from the minutes needs its paragraph (§).")}
        )
    check_paragraph_free(meeting, paragraph)
    return Decision(
        kind=Decision.Kind.MEETING,
        body=meeting.body,
        meeting=meeting,
        decided_on=meeting.held_on,
        paragraph=paragraph,
        text=(text or "").strip(),
    )


def decide_at_meeting(
    *,
    dialogue_id: int,
    name: str,
    user,
    meeting,
    paragraph: str,
    text: str,
    expected_state: str | None = None,
):
    """Record the current decision point's outcome (the transition `name`) as the decision of
    the body at `meeting`, from the minutes. `meeting` is a Meeting or its pk."""

    def record(dialogue):
        found = Meeting.objects.select_related("body").filter(
            pk=getattr(meeting, "pk", meeting)
        )
        if not found:
            raise ValidationError({"meeting": _("Choose the meeting where the body decided.")})
        return meeting_decision(
            dialogue=dialogue, user=user, meeting=found[0], paragraph=paragraph, text=text
        )

    return run_transition(
        dialogue_id=dialogue_id,
        name=name,
        user=user,
        expected_state=expected_state,
        comment=text,
        record=record,
    )


def note_information(
    *,
    dialogue_id: int,
    name: str,
    user,
    informed_occasion: str,
    informed_on,
    text: str,
    expected_state: str | None = None,
):
    """The responsible official notes the politicians' stance [SOL] or the plan's presentation
    to the presidium [SOL]: information, not a decision, so no paragraph; `informed_occasion`
    is the meeting or occasion where the politicians were informed, `informed_on` its date."""

    def record(dialogue):
        if not policy.official_records(dialogue, user):
            raise PermissionRefused(policy.who_decides(dialogue))
        occasion = (informed_occasion or "").strip()
        if not occasion:
            raise ValidationError(
                {"informed_occasion": _("Say where the politicians were informed.")}
            )
        return Decision(
            kind=policy.information_kind(dialogue),
            body=policy.deciding_bodies(dialogue)[0],
            decided_on=informed_on,
            informed_occasion=occasion,
            text=(text or "").strip(),
        )

    return run_transition(
        dialogue_id=dialogue_id,
        name=name,
        user=user,
        expected_state=expected_state,
        comment=text,
        record=record,
    )
