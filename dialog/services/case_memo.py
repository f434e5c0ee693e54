"""The tjänsteskrivelse of each decision point: written by the responsible official until the
point is submitted (`update_case_memo`), frozen and dated as it is submitted
(`freeze_for_submission`, called by `run_transition`).

Frozen means: the memo's texts and the sections built from the case (the dialogue with
residents, the documents the decision rests on) are stored as they stood at the submission,
with the date and the person; the decision basis PDF prints that version and its date. After a
return for revision the memo is edited again, and the next submission freezes a new version.

The printable sections are built by the reports app, which sits above this one: it gives its
builder with `set_content_builder` when it starts (reports.apps).
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ConditionsUnmet, Conflict

from ..models import CaseMemo, CaseMemoVersion, DecisionPoint, Dialogue
from ..models.case_memo import memo_editable
from .case import _check_version, access_dialogue

__all__ = [
    "freeze_for_submission",
    "latest_frozen",
    "set_content_builder",
    "update_case_memo",
]

# (dialogue_id, point) -> the printable sections, JSON-serialisable; given by the reports app.
_content_builder: Callable[[int, str], dict] | None = None


def set_content_builder(builder: Callable[[int, str], dict] | None) -> None:
    global _content_builder
    _content_builder = builder


def _point(point: str) -> str:
    if point not in DecisionPoint.values:
        raise ConditionsUnmet(_("There is no such decision point."))
    return point


def update_case_memo(
    *, dialogue_id: int, point: str, user, data: dict, expected_updated_at=None
) -> CaseMemo:
    """Create or change the memo of `point`. A draft may be incomplete; submitting the point
    needs what `CaseMemo.missing` lists."""
    point = _point(point)
    try:
        with transaction.atomic():
            dialogue = access_dialogue(dialogue_id, user, "dialog.edit_case_memo")
            if not memo_editable(dialogue, point):
                raise ConditionsUnmet(
                    _(
                        "The decision memo for the %(point)s has been submitted and is frozen. It "
                        "can be changed again only if the point is returned for revision."
                    )
                    % {"point": DecisionPoint(point).label.lower()}
                )
            memo = CaseMemo.objects.filter(dialogue=dialogue, point=point).first()
            memo = memo or CaseMemo(dialogue=dialogue, point=point)
            _check_version(memo, expected_updated_at)
            allowed = set(CaseMemo.editable_fields(point))
            unknown = [name for name in data if name not in allowed]
            if unknown:
                raise ValueError(f"Not part of the {point} memo: {', '.join(unknown)}")
            for name, value in data.items():
                setattr(memo, name, value.strip() if isinstance(value, str) else value)
            memo._history_user = user
            memo.full_clean(exclude=["dialogue"])
            memo.save()
    except IntegrityError as exc:
        raise Conflict(
            _(
                "Someone else saved this at the same time and got there first. Nothing of yours "
                "was saved; reload the page and try again."
            )
        ) from exc
    return memo


def memo_texts(memo: CaseMemo | None) -> dict:
    """The memo's own texts, as stored."""
    if memo is None:
        return {}
    return {name: getattr(memo, name) for name in CaseMemo.editable_fields(memo.point)}


def _normalised(content: dict) -> dict:
    """As the JSON column gives it back (tuples become lists, dates strings), so that a version
    is compared with what is stored."""
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def latest_frozen(dialogue: Dialogue, point: str) -> CaseMemoVersion | None:
    return (
        CaseMemoVersion.objects.filter(dialogue=dialogue, point=point)
        .select_related("frozen_by")
        .order_by("-number")
        .first()
    )


def freeze_for_submission(*, dialogue, point: str, user) -> CaseMemoVersion:
    """Freeze (and date) the decision point's tjänsteskrivelse as it is submitted.

    Called inside the submitting transition's transaction, the dialogue's row locked. A
    submission after a return for revision makes a new version when anything differs from the
    last one; the same content submitted again keeps its version and date."""
    point = _point(point)
    with transaction.atomic():
        memo = CaseMemo.objects.filter(dialogue_id=dialogue.pk, point=point).first()
        # The stored document is Swedish like the PDFs, whoever submits.
        with translation.override(settings.LANGUAGE_CODE):
            document = _content_builder(dialogue.pk, point) if _content_builder else None
        content = _normalised({"memo": memo_texts(memo), "document": document})
        latest = latest_frozen(dialogue, point)
        if latest is not None and latest.content == content:
            return latest
        now = timezone.now()
        return CaseMemoVersion.objects.create(
            dialogue_id=dialogue.pk,
            point=point,
            number=(latest.number if latest else 0) + 1,
            frozen_at=now,
            frozen_on=timezone.localdate(now),
            frozen_by=user,
            content=content,
        )
