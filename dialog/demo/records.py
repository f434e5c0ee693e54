"""The demo's part for records and personal data (issue 15), called by `load_demo`:

- on 'Trygghet i centrum', before the compilation starts, a resident's e-mail with their
  signature (name, address, phone) is registered as an input, so that the register extract
  (reports:personal_data) finds "anna.svensson@exempel.se" and the gallring rule for inputs
  has something to anonymise once the dialogue has been closed long enough;
- the retention rules of Exempelby's information management plan, with KS's gallring decision;
- a gallring dry run (as `apply_retention --dry-run` makes it): the gallring log shows what
  is due.

Idempotent: the input is added only while the dialogue is being built, a rule only when its kind
has none, and the dry run only when the log has none.
"""

from datetime import date

from django.utils import timezone

from core.gallring import run_retention
from core.models import GallringLog, RetentionRule

from .. import services
from ..models import InputItem

TITLE = "Trygghet i centrum"
OFFICIAL = "mikael.eriksson"
SIGNED_EMAIL = (
    "Hej! Jag går hem från bussen varje kväll och gångvägen vid Storgatan är mörk. Snälla "
    "sätt upp fler lampor.\n\nMvh Anna Svensson, anna.svensson@exempel.se, 070-123 45 67"
)
PLAN = "Informationshanteringsplan för kommunstyrelsen, KS 2025/31"
DECISION = {"decision_body": "Kommunstyrelsen", "decision_date": date(2025, 11, 12)}
RULES = [
    # (kind, retention days, the plan's minimum, the plan's item, §)
    ("participation.feedback_address", 30, 30, "4.3.2 Adresser för återkoppling", "187"),
    ("participation.online_text", 1095, 365, "4.3.3 Synpunkter lämnade på webben", "187"),
    ("dialog.input_text", 1095, 365, "4.3.4 Inkomna synpunkter i medborgardialog", "187"),
]


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
    if dialogue.title != TITLE or action != "start_compilation":
        return
    services.save_input(
        dialogue_id=dialogue.pk,
        user=people[OFFICIAL],
        data={
            "text": SIGNED_EMAIL,
            "source": InputItem.Source.EMAIL,
            "received_on": timezone.localdate(),
            "area": "Centrum",
            "within_purpose": True,
        },
    )


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
