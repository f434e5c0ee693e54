"""The dialog app's forms: `base` (shared fields, the optimistic lock), `case` (responsibility,
actions, linked documents) and one module per step's content, as `dialog.steps`. They check the
input's shape only; the services own the rules. Import from `dialog.forms`: every name is here.
"""

from .base import (
    DATE_WIDGET,
    DATETIME_INPUT_FORMATS,
    PARTICIPATION_HELP,
    BodyChoiceField,
    DateTimeLocalInput,
    FilterForm,
    HelpRadioSelect,
    ItemForm,
    LockedModelForm,
    NoColonMixin,
    PersonChoiceField,
    PersonMultipleChoiceField,
    VersionField,
)
from .case import (
    ActionForm,
    ChangedDocumentsForm,
    DocumentChoiceField,
    ResponsibilityForm,
)
from .compilation import (
    CompilationSummaryForm,
    ThemeForm,
    parse_tags,
)
from .decision_followup import (
    ActionItemForm,
    EvaluationForm,
    ResidentFeedbackForm,
)
from .execution import (
    ImportUploadForm,
    InputItemForm,
)
from .feedback import (
    ForwardingForm,
    PresentationForm,
)
from .initiative_mandate import (
    INITIATIVE_FIELDS,
    KIND_HELP,
    CreateDialogueForm,
    InitiativeForm,
    InitiativeStepForm,
    MandateForm,
    MandateStepForm,
)
from .planning import (
    ActivityForm,
    CommunicationItemForm,
    MethodChoiceField,
    PlannedDecisionPointForm,
)
from .processing import (
    YES_NO,
    ProposalForm,
    ProposalPointForm,
)

__all__ = [
    "ActionForm",
    "ActionItemForm",
    "ActivityForm",
    "BodyChoiceField",
    "ChangedDocumentsForm",
    "CommunicationItemForm",
    "CompilationSummaryForm",
    "CreateDialogueForm",
    "DATETIME_INPUT_FORMATS",
    "DATE_WIDGET",
    "DateTimeLocalInput",
    "DocumentChoiceField",
    "EvaluationForm",
    "FilterForm",
    "ForwardingForm",
    "HelpRadioSelect",
    "INITIATIVE_FIELDS",
    "ImportUploadForm",
    "InitiativeForm",
    "InitiativeStepForm",
    "InputItemForm",
    "ItemForm",
    "KIND_HELP",
    "LockedModelForm",
    "MandateForm",
    "MandateStepForm",
    "MethodChoiceField",
    "NoColonMixin",
    "PARTICIPATION_HELP",
    "PersonChoiceField",
    "PersonMultipleChoiceField",
    "PlannedDecisionPointForm",
    "PresentationForm",
    "ProposalForm",
    "ProposalPointForm",
    "ResidentFeedbackForm",
    "ResponsibilityForm",
    "ThemeForm",
    "VersionField",
    "YES_NO",
    "parse_tags",
]
