"""The register of steering documents (styrdokument) and the configuration of their types.

Document types are configuration, not code: the municipalities' rules differ (Forshaga lets the
chief executive adopt guidelines, Solna has the executive board adopt them), so the hierarchy rank,
the adopting level and the default validity of each type live in `DocumentType` rows that the
administrator edits. The policy profile (issue 3) should later own or override them.

The steering documents and their types live in `documents`, the policy profile in
`policy_profile`; this module re-exports them so that `governance.models.X` keeps working.
"""

from .checklists import CHECKLIST_STEPS, Checklist, ChecklistItem
from .delegation import *  # noqa: F403  (filled by the delegation work)
from .documents import (
    DOCUMENT_HISTORY,
    MAX_PDF_BYTES,
    DocumentType,
    Keyword,
    ShownStatus,
    SteeringDocument,
    SteeringDocumentQuerySet,
    add_months,
    validate_pdf,
)
from .goals import Goal
from .policy_profile import PolicyProfile

__all__ = [
    "CHECKLIST_STEPS",
    "Checklist",
    "ChecklistItem",
    "DOCUMENT_HISTORY",
    "MAX_PDF_BYTES",
    "DocumentType",
    "Goal",
    "Keyword",
    "PolicyProfile",
    "ShownStatus",
    "SteeringDocument",
    "SteeringDocumentQuerySet",
    "add_months",
    "validate_pdf",
]
