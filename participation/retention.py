"""What participation registers with the shared records base (core.retention).

- "participation.feedback_address": the e-mail addresses residents leave for a dialogue's
  feedback (FeedbackSubscription) are deleted a period after the feedback was sent to them, or
  FEEDBACK_ADDRESS_MAX_DAYS after they were left when no feedback ever comes. Without an active
  rule, the privacy notice's period (FEEDBACK_ADDRESS_RETENTION_DAYS) applies: the notice
  promises it to every resident. `delete_expired_addresses` (the scheduler's) runs this kind
  alone; `apply_retention` runs it with the others; both write the gallring log.
- "participation.online_text": views given online (Submission: the view and the reason it was
  hidden; TextAnswer: answers to free-text questions) are anonymised like inputs
  (core.anonymise) a period after the dialogue ended, and so are the submissions' history rows.

For a register extract, the addresses are found and can be erased (deleted at once: the
resident may also do it with the link in the e-mail); a view given online that names the
address is found and kept, as part of the case file.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.anonymise import CANDIDATE_REGEX, excerpt, scrub_rows
from core.retention import (
    Finding,
    Outcome,
    PersonalDataPlace,
    RetentionKind,
    register_place,
    register_retention,
)
from dialog.retention import ended_before

from .models import FeedbackSubscription, Submission, TextAnswer

FEEDBACK_ADDRESS = "participation.feedback_address"
ONLINE_TEXT = "participation.online_text"


# -- The addresses for the feedback --------------------------------------------------------------


def _expired_addresses(*, cutoff, now):
    never_sent_before = now - timedelta(days=settings.FEEDBACK_ADDRESS_MAX_DAYS)
    return FeedbackSubscription.objects.filter(
        Q(sent_at__lte=cutoff) | Q(created_at__lte=never_sent_before)
    )


def addresses_due(*, cutoff, now) -> Outcome:
    return Outcome(rows=_expired_addresses(cutoff=cutoff, now=now).count())


def delete_addresses(*, cutoff, now) -> Outcome:
    deleted, _by_model = _expired_addresses(cutoff=cutoff, now=now).delete()
    return Outcome(rows=deleted)


register_retention(
    RetentionKind(
        key=FEEDBACK_ADDRESS,
        label=_("Residents' e-mail addresses for the feedback"),
        personal_data=_("The e-mail address a resident left to get a dialogue's feedback."),
        action="delete",
        counted_from=_(
            "the day the feedback was sent to the address (at most FEEDBACK_ADDRESS_MAX_DAYS "
            "after it was left when no feedback comes)"
        ),
        minimum_days=0,
        due=addresses_due,
        apply=delete_addresses,
        default_days=lambda: settings.FEEDBACK_ADDRESS_RETENTION_DAYS,
        default_basis=_("The privacy notice (FEEDBACK_ADDRESS_RETENTION_DAYS)"),
    )
)


def find_addresses(email: str) -> list[Finding]:
    subscriptions = (
        FeedbackSubscription.objects.filter(email__iexact=email)
        .select_related("dialogue")
        .only("id", "email", "created_at", "sent_at", "dialogue__title", "dialogue__state")
        .order_by("pk")
    )
    return [
        Finding(
            place=FEEDBACK_ADDRESS,
            place_label=str(_("Addresses for a dialogue's feedback")),
            record=str(_("Feedback of “%(dialogue)s”")) % {"dialogue": s.dialogue.title},
            value=s.email,
            stored_at=s.created_at,
            erasable=True,
        )
        for s in subscriptions
    ]


def erase_addresses(email: str) -> int:
    rows = FeedbackSubscription.objects.select_for_update().filter(email__iexact=email)
    pks = list(rows.values_list("pk", flat=True))
    deleted, _by_model = FeedbackSubscription.objects.filter(pk__in=pks).delete()
    return deleted


register_place(
    PersonalDataPlace(
        key=FEEDBACK_ADDRESS,
        label=_("Addresses for a dialogue's feedback"),
        find=find_addresses,
        erase=erase_addresses,
    )
)


# -- Views given online --------------------------------------------------------------------------

SUBMISSION_FIELDS = ["text", "hidden_reason"]
KEPT = _(
    "A view given online is part of the dialogue's case file (an allmän handling): kept under "
    "the archive rules until the gallring rule for views given online anonymises it."
)


def _online(cutoff, *, apply: bool) -> Outcome:
    ended = ended_before(cutoff)
    rows = scrub_rows(
        Submission.objects.filter(dialogue_id__in=ended, text__regex=CANDIDATE_REGEX)
        | Submission.objects.filter(dialogue_id__in=ended, hidden_reason__regex=CANDIDATE_REGEX),
        SUBMISSION_FIELDS,
        apply=apply,
    )
    rows += scrub_rows(
        TextAnswer.objects.filter(submission__dialogue_id__in=ended, text__regex=CANDIDATE_REGEX),
        ["text"],
        apply=apply,
    )
    history = Submission.history.model._base_manager
    history_rows = scrub_rows(
        history.filter(dialogue_id__in=ended, text__regex=CANDIDATE_REGEX)
        | history.filter(dialogue_id__in=ended, hidden_reason__regex=CANDIDATE_REGEX),
        SUBMISSION_FIELDS,
        apply=apply,
    )
    return Outcome(rows=rows, history_rows=history_rows)


def online_due(*, cutoff, now) -> Outcome:
    return _online(cutoff, apply=False)


def online_apply(*, cutoff, now) -> Outcome:
    return _online(cutoff, apply=True)


register_retention(
    RetentionKind(
        key=ONLINE_TEXT,
        label=_("Views given online: personal details in the free text"),
        personal_data=_(
            "E-mail addresses, phone numbers and personal identity numbers written in a view "
            "given online, an answer to a free-text question or the reason it was hidden (and "
            "in the history)."
        ),
        action="anonymise",
        counted_from=_("the day the dialogue ended (closed, rejected or cancelled)"),
        minimum_days=365,
        due=online_due,
        apply=online_apply,
    )
)


def find_online(email: str) -> list[Finding]:
    label = str(_("Views given online"))
    found = []
    submissions = (
        Submission.objects.filter(Q(text__icontains=email) | Q(hidden_reason__icontains=email))
        .select_related("dialogue")
        .only("id", "text", "hidden_reason", "submitted_at", "dialogue__title", "dialogue__state")
        .order_by("pk")
    )
    for s in submissions:
        text = s.text if email in s.text.lower() else s.hidden_reason
        found.append(
            _online_finding(ONLINE_TEXT, label, s.pk, s.dialogue, text, email, s.submitted_at)
        )
    answers = (
        TextAnswer.objects.filter(text__icontains=email)
        .select_related("submission__dialogue")
        .only(
            "id",
            "text",
            "submission__id",
            "submission__submitted_at",
            "submission__dialogue__title",
            "submission__dialogue__state",
        )
        .order_by("pk")
    )
    for a in answers:
        s = a.submission
        found.append(
            _online_finding(ONLINE_TEXT, label, s.pk, s.dialogue, a.text, email, s.submitted_at)
        )
    history = (
        Submission.history.model._base_manager.filter(
            Q(text__icontains=email) | Q(hidden_reason__icontains=email)
        )
        .select_related("dialogue")
        .only(
            "history_id",
            "id",
            "text",
            "hidden_reason",
            "history_date",
            "dialogue__title",
            "dialogue__state",
        )
        .order_by("history_id")
    )
    history_label = str(_("Views given online: history (earlier versions)"))
    for row in history:
        text = row.text if email in row.text.lower() else row.hidden_reason
        found.append(
            _online_finding(
                f"{ONLINE_TEXT}.history",
                history_label,
                row.id,
                row.dialogue,
                text,
                email,
                row.history_date,
            )
        )
    return found


def _online_finding(place, label, submission_id, dialogue, text, email, at) -> Finding:
    return Finding(
        place=place,
        place_label=label,
        record=str(_("View %(id)s given online in “%(dialogue)s”"))
        % {"id": submission_id, "dialogue": dialogue.title},
        value=excerpt(text, email),
        stored_at=at,
        kept_because=str(KEPT),
    )


register_place(
    PersonalDataPlace(
        key=ONLINE_TEXT, label=_("Views given online"), find=find_online, kept_because=KEPT
    )
)
