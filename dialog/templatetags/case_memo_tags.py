"""The dialogue page's panel of decision memos: one row per decision point."""

from dataclasses import dataclass, field

import rules
from django import template

from ..models import CaseMemo, CaseMemoVersion, DecisionPoint
from ..models.case_memo import memo_editable

register = template.Library()


@dataclass
class MemoRow:
    point: str
    label: str
    memo: CaseMemo | None
    frozen: CaseMemoVersion | None
    editable: bool
    can_edit: bool
    missing: list[str] = field(default_factory=list)


@register.simple_tag
def case_memo_rows(dialogue, user) -> list[MemoRow]:
    memos = {m.point: m for m in CaseMemo.objects.filter(dialogue=dialogue)}
    frozen: dict[str, CaseMemoVersion] = {}
    versions = CaseMemoVersion.objects.filter(dialogue=dialogue).select_related("frozen_by")
    for version in versions.order_by("number"):
        frozen[version.point] = version
    may_edit = rules.has_perm("dialog.edit_case_memo", user, dialogue)
    rows = []
    for point, label in DecisionPoint.choices:
        memo = memos.get(point)
        editable = memo_editable(dialogue, point)
        rows.append(
            MemoRow(
                point=point,
                label=str(label),
                memo=memo,
                frozen=frozen.get(point),
                editable=editable,
                can_edit=may_edit and editable,
                missing=memo.missing() if memo is not None and editable else [],
            )
        )
    return rows
