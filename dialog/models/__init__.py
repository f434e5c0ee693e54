"""The dialog app's models: the case core (`dialogue`, with the states, the steps and the
transitions' helpers in `states`), then one module per step's content.

Everything is re-exported here so that `from dialog.models import X` keeps working; the app
label stays `dialog`, so moving a model between these modules needs no migration.
"""

from .case_memo import *  # noqa: F403  (filled by the tjänsteskrivelse work)
from .checklists import ChecklistAnswer
from .compilation import CompilationSummary, Theme
from .counts import InputCount  # noqa: F401  (stored input counts, issue 11)
from .decision import Decision
from .decision_followup import ActionItem, Evaluation, ResidentFeedback
from .dialogue import Assignment, CaseSequence, Dialogue, TransitionLog
from .execution import AgeBand, Gender, ImportBatch, InputItem
from .feedback import Forwarding, ResultsPresentation
from .initiative_mandate import InitiativeAnswer, Mandate, TargetGroup
from .meetings import *  # noqa: F403  (filled by the meetings work)
from .planning import Activity, CommunicationItem, Method, PlannedDecisionPoint
from .processing import Proposal, ProposalPoint
from .reach import ActivityEvaluation, ActivityReach
from .states import (
    ACTIVE_STATES,
    DECISION_POINT_STATES,
    END_STATES,
    STEPS,
    DecisionPoint,
    DialogueKind,
    ParticipationLevel,
    State,
    may,
    requires,
    requires_step,
)

__all__ = [
    "ACTIVE_STATES",
    "DECISION_POINT_STATES",
    "END_STATES",
    "STEPS",
    "ActionItem",
    "Activity",
    "ActivityEvaluation",
    "ActivityReach",
    "AgeBand",
    "Assignment",
    "CaseSequence",
    "ChecklistAnswer",
    "CommunicationItem",
    "CompilationSummary",
    "Decision",
    "DecisionPoint",
    "Dialogue",
    "DialogueKind",
    "Evaluation",
    "Forwarding",
    "Gender",
    "ImportBatch",
    "InitiativeAnswer",
    "InputItem",
    "Mandate",
    "Method",
    "ParticipationLevel",
    "PlannedDecisionPoint",
    "Proposal",
    "ProposalPoint",
    "ResidentFeedback",
    "ResultsPresentation",
    "State",
    "TargetGroup",
    "Theme",
    "TransitionLog",
    "may",
    "requires",
    "requires_step",
]
