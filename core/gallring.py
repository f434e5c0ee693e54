"""Gallring: thinning out personal data under the active retention rules, with a log.

`run_retention` goes through every registered kind (core.retention) that has an active rule (or
a default period, see RetentionKind.default_days), counts what is due and, unless it is a dry
run, applies it; each kind in its own transaction, its rule's row locked so that two runs of
the same kind (the scheduler and a hand-run command) take turns. It is idempotent: what has
been thinned out is never due again, so running it daily is safe.

A dry run writes a log entry for every kind it looked at, also when nothing is due; a real run
writes one for every kind where it changed something.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GallringLog, RetentionRule
from .retention import Outcome, RetentionKind, retention_kinds


@dataclass
class Planned:
    """One kind as a run sees it: the rule (or default) it runs under."""

    kind: RetentionKind
    rule: RetentionRule | None
    days: int
    plan_reference: str
    decision: str


@dataclass
class Done:
    planned: Planned
    outcome: Outcome
    log: GallringLog | None


def planned(kinds: list[str] | None = None) -> tuple[list[Planned], list[RetentionKind]]:
    """The kinds a run covers, with their rules, and the registered kinds left out because
    no rule is active for them (nothing of those is thinned out). Two queries at most."""
    rules = {r.kind: r for r in RetentionRule.objects.filter(active=True)}
    covered, uncovered = [], []
    for kind in retention_kinds():
        if kinds and kind.key not in kinds:
            continue
        rule = rules.get(kind.key)
        if rule is not None:
            covered.append(
                Planned(kind, rule, rule.retention_days, rule.plan_reference, rule.decision)
            )
        elif kind.default_days is not None:
            covered.append(Planned(kind, None, kind.default_days(), "", str(kind.default_basis)))
        else:
            uncovered.append(kind)
    return covered, uncovered


def run_retention(
    *, dry_run: bool, started_by: str, by=None, now=None, kinds: list[str] | None = None
) -> tuple[list[Done], list[RetentionKind]]:
    """Count (dry run) or thin out what is due under every active rule; log it."""
    now = now or timezone.now()
    covered, uncovered = planned(kinds)
    done = [_run_one(p, dry_run=dry_run, started_by=started_by, by=by, now=now) for p in covered]
    return done, uncovered


@transaction.atomic
def _run_one(plan: Planned, *, dry_run: bool, started_by: str, by, now) -> Done:
    if plan.rule is not None:
        # Lock the rule: runs of the same kind take turns, and the rule cannot be switched off
        # half-way; re-read its period in case it changed since the run was planned.
        rule = RetentionRule.objects.select_for_update().get(pk=plan.rule.pk)
        if not rule.active:
            return Done(plan, Outcome(), None)
        plan.days, plan.decision = rule.retention_days, rule.decision
        plan.plan_reference = rule.plan_reference
    cutoff = now - timedelta(days=plan.days)
    if dry_run:
        outcome = plan.kind.due(cutoff=cutoff, now=now)
    else:
        outcome = plan.kind.apply(cutoff=cutoff, now=now)
    log = None
    if dry_run or outcome.total:
        log = GallringLog.objects.create(
            kind=plan.kind.key,
            rule=plan.rule,
            retention_days=plan.days,
            plan_reference=plan.plan_reference,
            decision=plan.decision or _("No gallring decision"),
            action=plan.kind.action,
            count=outcome.rows,
            history_count=outcome.history_rows,
            dry_run=dry_run,
            run_at=now,
            run_by=by,
            started_by=started_by,
        )
    return Done(plan, outcome, log)
