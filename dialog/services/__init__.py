"""Everything that changes a dialogue goes through here.

`run_transition` is the one place that moves a dialogue between states: it checks the
transition's permission itself (django-fsm does not), lists what is missing, records the decision
and the timeline entry, and saves in one transaction. A concurrent change is refused as a
conflict, never overwritten. Every other change loads the dialogue with `access_dialogue`: its
row locked first, then the permission checked, in one call.

`case` holds the case core; the other modules one step's content each (as `dialog.steps`).
Import from `dialog.services`: every public name is here. (The error classes are `core.errors`'.)
"""

from .case import (
    Action,
    ActionRefused,
    ConditionsUnmet,
    Conflict,
    PermissionRefused,
    ValidationError,
    access_dialogue,
    action_for,
    available_actions,
    create_dialogue,
    run_transition,
    set_changed_documents,
    set_responsibility,
    transition_label,
)
from .case_memo import freeze_for_submission, update_case_memo
from .compilation import (
    delete_theme,
    save_theme,
    tag_inputs,
    update_compilation_summary,
)
from .decision_followup import (
    delete_action_item,
    mark_evaluation_done,
    publish_resident_feedback,
    save_action_item,
    update_evaluation,
    update_resident_feedback,
)
from .execution import (
    delete_input,
    import_inputs,
    preview_import,
    save_input,
)
from .feedback import (
    delete_forwarding,
    forward_input,
    update_presentation,
)
from .initiative_mandate import (
    update_initiative,
    update_mandate,
)
from .meetings import decide_at_meeting, note_information
from .planning import (
    delete_activity,
    delete_communication_item,
    delete_planned_decision_point,
    save_activity,
    save_communication_item,
    save_planned_decision_point,
)
from .processing import (
    delete_proposal_point,
    move_proposal_point,
    save_proposal_point,
    update_proposal,
)
from .reach import (
    NOTHING_RECORDED,
    reach_version,
    record_reach,
    save_activity_evaluation,
)
from .registration import register_case

__all__ = [
    "NOTHING_RECORDED",
    "Action",
    "ActionRefused",
    "ConditionsUnmet",
    "Conflict",
    "PermissionRefused",
    "ValidationError",
    "access_dialogue",
    "action_for",
    "available_actions",
    "create_dialogue",
    "decide_at_meeting",
    "delete_action_item",
    "delete_activity",
    "delete_communication_item",
    "delete_forwarding",
    "delete_input",
    "delete_planned_decision_point",
    "delete_proposal_point",
    "delete_theme",
    "forward_input",
    "freeze_for_submission",
    "import_inputs",
    "mark_evaluation_done",
    "move_proposal_point",
    "note_information",
    "preview_import",
    "publish_resident_feedback",
    "reach_version",
    "record_reach",
    "register_case",
    "run_transition",
    "save_action_item",
    "save_activity_evaluation",
    "save_activity",
    "save_communication_item",
    "save_input",
    "save_planned_decision_point",
    "save_proposal_point",
    "save_theme",
    "set_changed_documents",
    "set_responsibility",
    "tag_inputs",
    "transition_label",
    "update_case_memo",
    "update_compilation_summary",
    "update_evaluation",
    "update_initiative",
    "update_mandate",
    "update_presentation",
    "update_proposal",
    "update_resident_feedback",
]
