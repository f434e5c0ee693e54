from django.urls import path

from . import (
    delegation_views,
    goal_checklist_views,
    history_views,
    meeting_views,
    registration_views,
    views,
)
from .case_memo_views import edit_case_memo
from .step_views import (
    compilation,
    content,
    decision_followup,
    execution,
    feedback,
    processing,
    reach,
)

app_name = "dialog"

# A step's one-record form (dialog.steps: `records`) and list items (`items`) are served by the
# generic views in step_views/content.py; `record` and `kind` name the entry in the registry.
D = "dialoger/<int:pk>"


def _record(name: str) -> dict:
    return {"record": name}


def _kind(name: str) -> dict:
    return {"kind": name}


urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dialoger/", views.dialogue_list, name="list"),
    path("dialoger/ny/", views.dialogue_create, name="create"),
    path(f"{D}/", views.dialogue_detail, name="detail"),
    # Who changed what, when (issue 15): the dialogue's history, and one record's.
    path(f"{D}/historik/", history_views.dialogue_history, name="history"),
    path(
        f"{D}/historik/<slug:source>/<int:object_id>/",
        history_views.record_history,
        name="record_history",
    ),
    path(f"{D}/ansvar/", views.edit_responsibility, name="edit_responsibility"),
    path(f"{D}/diariefor/", registration_views.register_case, name="register"),
    path(f"{D}/styrdokument/", views.link_documents, name="link_documents"),
    # Issue 16: the municipality's goals it serves; the profile's checklists (Solna's bilaga 1).
    path(f"{D}/mal/", goal_checklist_views.link_goals, name="link_goals"),
    path(
        f"{D}/checklista/<int:checklist_pk>/",
        goal_checklist_views.answer_checklist_view,
        name="checklist",
    ),
    path(f"{D}/atgard/<slug:name>/", views.dialogue_action, name="action"),
    # A body's meetings, their agendas, attendance and minutes (issue 12).
    path("sammantraden/", meeting_views.meeting_list, name="meetings"),
    path("sammantraden/nytt/", meeting_views.meeting_create, name="meeting_create"),
    path("sammantraden/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path(
        "sammantraden/<int:pk>/dagordning/",
        meeting_views.agenda_add,
        name="meeting_agenda_add",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/<int:item_pk>/ta-bort/",
        meeting_views.agenda_remove,
        name="meeting_agenda_remove",
    ),
    path("sammantraden/<int:pk>/narvaro/", meeting_views.attendance, name="meeting_attendance"),
    path("sammantraden/<int:pk>/protokoll/", meeting_views.minutes, name="meeting_minutes"),
    path("sammantraden/<int:pk>/justering/", meeting_views.adjustment, name="meeting_adjustment"),
    # Decisions on the body's behalf (issue 12): by delegation, urgently by the chair; reported.
    path(
        f"{D}/delegationsbeslut/<slug:name>/",
        delegation_views.decide_by_delegation,
        name="decide_by_delegation",
    ),
    path(
        f"{D}/ordforandebeslut/<slug:name>/",
        delegation_views.decide_urgently,
        name="decide_urgently",
    ),
    path("delegationsbeslut/", delegation_views.reports, name="delegation_reports"),
    path(
        "delegationsbeslut/<int:decision_pk>/anmalan/",
        delegation_views.record_report,
        name="record_report",
    ),
    path(
        "delegationsbeslut/ordforandes-franvaro/",
        delegation_views.note_chair_absence,
        name="note_chair_absence",
    ),
    # The tjänsteskrivelse of each decision point (mandate, launch, final).
    path(
        f"{D}/tjansteskrivelse/<slug:point>/",
        edit_case_memo,
        name="edit_case_memo",
    ),
    # Steps 1-2: the initiative and the mandate.
    path(f"{D}/initiativ/", content.edit_record, _record("initiative"), name="edit_initiative"),
    path(f"{D}/uppdrag/", content.edit_record, _record("mandate"), name="edit_mandate"),
    # Step 3: the plan.
    path(f"{D}/aktiviteter/ny/", content.item_form, _kind("activity"), name="add_activity"),
    path(
        f"{D}/aktiviteter/<int:item_pk>/",
        content.item_form,
        _kind("activity"),
        name="edit_activity",
    ),
    path(
        f"{D}/aktiviteter/<int:item_pk>/ta-bort/",
        content.item_delete,
        _kind("activity"),
        name="delete_activity",
    ),
    path(
        f"{D}/kommunikation/ny/",
        content.item_form,
        _kind("communication"),
        name="add_communication",
    ),
    path(
        f"{D}/kommunikation/<int:item_pk>/",
        content.item_form,
        _kind("communication"),
        name="edit_communication",
    ),
    path(
        f"{D}/kommunikation/<int:item_pk>/ta-bort/",
        content.item_delete,
        _kind("communication"),
        name="delete_communication",
    ),
    path(
        f"{D}/beslutspunkter/ny/",
        content.item_form,
        _kind("decision_point"),
        name="add_decision_point",
    ),
    path(
        f"{D}/beslutspunkter/<int:item_pk>/",
        content.item_form,
        _kind("decision_point"),
        name="edit_decision_point",
    ),
    path(
        f"{D}/beslutspunkter/<int:item_pk>/ta-bort/",
        content.item_delete,
        _kind("decision_point"),
        name="delete_decision_point",
    ),
    # Step 5: the execution.
    path(f"{D}/synpunkter/", execution.input_register, name="inputs"),
    path(f"{D}/synpunkter/importera/", execution.import_inputs, name="import_inputs"),
    path(f"{D}/synpunkter/ny/", content.item_form, _kind("input"), name="add_input"),
    path(f"{D}/synpunkter/<int:item_pk>/", content.item_form, _kind("input"), name="edit_input"),
    path(
        f"{D}/synpunkter/<int:item_pk>/ta-bort/",
        content.item_delete,
        _kind("input"),
        name="delete_input",
    ),
    # Issue 16: who came to a held activity, per target group, and its evaluation.
    path(f"{D}/aktiviteter/<int:item_pk>/deltagare/", reach.record_reach, name="record_reach"),
    path(
        f"{D}/aktiviteter/<int:item_pk>/utvardering/",
        reach.evaluate_activity,
        name="evaluate_activity",
    ),
    # Step 6: the compilation.
    path(
        f"{D}/sammanstallning/",
        content.edit_record,
        _record("compilation"),
        name="edit_compilation",
    ),
    path(f"{D}/teman/ny/", content.item_form, _kind("theme"), name="add_theme"),
    path(f"{D}/teman/<int:item_pk>/", content.item_form, _kind("theme"), name="edit_theme"),
    path(
        f"{D}/teman/<int:item_pk>/ta-bort/",
        content.item_delete,
        _kind("theme"),
        name="delete_theme",
    ),
    path(f"{D}/tematisering/", compilation.tag_inputs, name="tag_inputs"),
    path(f"{D}/tematisering/<int:input_pk>/", compilation.tag_input_row, name="tag_input_row"),
    # Step 7: the feedback to the politicians.
    path(
        f"{D}/presentation/",
        content.edit_record,
        _record("presentation"),
        name="edit_presentation",
    ),
    path(f"{D}/utanfor-syftet/", feedback.forwardings, name="forwardings"),
    path(
        f"{D}/utanfor-syftet/<int:input_pk>/vidarebefordra/",
        feedback.forward_input,
        name="forward_input",
    ),
    path(
        f"{D}/vidarebefordringar/<int:item_pk>/ta-bort/",
        feedback.delete_forwarding,
        name="delete_forwarding",
    ),
    # Step 8: the processing.
    path(f"{D}/forslag/", content.edit_record, _record("proposal"), name="edit_proposal"),
    path(f"{D}/forslagspunkter/ny/", processing.point_form, name="add_point"),
    path(f"{D}/forslagspunkter/<int:item_pk>/", processing.point_form, name="edit_point"),
    path(
        f"{D}/forslagspunkter/<int:item_pk>/ta-bort/",
        processing.point_delete,
        name="delete_point",
    ),
    path(
        f"{D}/forslagspunkter/<int:item_pk>/flytta/",
        processing.point_move,
        name="move_point",
    ),
    # Step 9: the follow-up of the decision.
    path(
        f"{D}/atgardsplan/ny/",
        content.item_form,
        _kind("action_item"),
        name="add_action_item",
    ),
    path(
        f"{D}/atgardsplan/<int:item_pk>/",
        content.item_form,
        _kind("action_item"),
        name="edit_action_item",
    ),
    path(
        f"{D}/atgardsplan/<int:item_pk>/ta-bort/",
        content.item_delete,
        _kind("action_item"),
        name="delete_action_item",
    ),
    path(
        f"{D}/aterkoppling/",
        content.edit_record,
        _record("resident_feedback"),
        name="edit_resident_feedback",
    ),
    path(
        f"{D}/aterkoppling/publicera/",
        decision_followup.publish_feedback,
        name="publish_feedback",
    ),
    path(
        f"{D}/utvardering/",
        content.edit_record,
        _record("evaluation"),
        name="edit_evaluation",
    ),
    path(f"{D}/utvardering/klar/", decision_followup.evaluation_done, name="evaluation_done"),
]
