"""The demo's part for records and personal data (issue 15), called by `load_demo`:

- the retention rules of Exempelby's information management plan, with KS's gallring decision;
- a gallring dry run (as `apply_retention --dry-run` makes it): the gallring log shows what
  is due.

Idempotent: a rule is added only when its kind has none, and the dry run only when the log has
none. (No demo input carries an address: the dialogue report quotes inputs, and a signed one
would put an address in a demo PDF.)
"""

from datetime import date

from core.gallring import run_retention
from core.models import GallringLog, RetentionRule

PLAN = "Informationshanteringsplan för kommunstyrelsen, KS 2025/31"
DECISION = {"decision_body": "Kommunstyrelsen", "decision_date": date(2025, 11, 12)}
RULES = [
    # (kind, retention days, the plan's minimum, the plan's item, §)
    ("participation.feedback_address", 30, 30, "4.3.2 Adresser för återkoppling", "187"),
    ("participation.online_text", 1095, 365, "4.3.3 Synpunkter lämnade på webben", "187"),
    ("dialog.input_text", 1095, 365, "4.3.4 Inkomna synpunkter i medborgardialog", "187"),
]


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step: nothing to do (the demo's inputs carry no addresses)."""


def load(*, bodies, people, command) -> None:
    """The plan's rules and one dry run; loading the demo again changes nothing."""
    for kind, days, minimum, item, paragraph in RULES:
        if RetentionRule.objects.filter(kind=kind).exists():
            continue
        rule = RetentionRule(
            kind=kind,
            retention_days=days,
            minimum_days=minimum,
            plan_reference=f"{PLAN}, {item}",
            decision_paragraph=paragraph,
            **DECISION,
        )
        rule.full_clean()
        rule.save()
    if not GallringLog.objects.filter(dry_run=True).exists():
        run_retention(dry_run=True, started_by="load_demo")
