"""Every change leaves a history row naming who made it (django-simple-history)."""

from dialog import services
from dialog.models import Assignment, Decision, Dialogue, Mandate, State
from roles.models import Body, Membership
from tests.factories import (
    INITIATIVE,
    MANDATE,
    complete_planning,
    make_body,
    make_person,
    write_case_memos,
)


def _rows(model, **filters):
    return list(model.history.filter(**filters).order_by("history_date", "history_id"))


def _create(cast):
    data = dict(INITIATIVE, body=cast.body, responsible_official=cast.official)
    return services.create_dialogue(user=cast.official, data=data)


def test_creating_a_dialogue(cast):
    dialogue = _create(cast)
    [created] = _rows(Dialogue, id=dialogue.pk)
    assert (created.history_type, created.history_user, created.title) == (
        "+",
        cast.official,
        INITIATIVE["title"],
    )
    [mandate] = _rows(Mandate, dialogue_id=dialogue.pk)
    assert (mandate.history_type, mandate.history_user) == ("+", cast.official)


def test_content_edits(cast):
    dialogue = _create(cast)
    services.update_initiative(
        dialogue_id=dialogue.pk, user=cast.official, data={"question": "Första frågan?"}
    )
    services.update_initiative(
        dialogue_id=dialogue.pk, user=cast.official, data={"question": "Andra frågan?"}
    )
    services.update_mandate(dialogue_id=dialogue.pk, user=cast.official, data=MANDATE)

    rows = _rows(Dialogue, id=dialogue.pk)
    assert [(r.history_type, r.history_user, r.question) for r in rows] == [
        ("+", cast.official, INITIATIVE["question"]),
        ("~", cast.official, "Första frågan?"),
        ("~", cast.official, "Andra frågan?"),
        ("~", cast.official, "Andra frågan?"),  # the mandate edit touches the dialogue
    ]
    mandate_rows = _rows(Mandate, dialogue_id=dialogue.pk)
    assert [(r.history_type, r.history_user, r.purpose) for r in mandate_rows] == [
        ("+", cast.official, ""),
        ("~", cast.official, MANDATE["purpose"]),
    ]
    diff = mandate_rows[1].diff_against(mandate_rows[0])
    assert {c.field for c in diff.changes} == set(MANDATE)


def test_assignments_added_and_removed(cast):
    dialogue = _create(cast)
    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=cast.official,
        responsible_official=cast.official,
        politicians=[cast.politician],
        experts=[cast.other_official],
        communicators=[],
    )
    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=cast.clerk,
        responsible_official=cast.other_official,
        politicians=[cast.politician],
        experts=[],
        communicators=[],
    )
    rows = _rows(Assignment, dialogue_id=dialogue.pk)
    assert sorted((r.history_type, r.person_id, r.role, r.history_user.pk) for r in rows) == sorted(
        [
            ("+", cast.politician.pk, "politician", cast.official.pk),
            ("+", cast.other_official.pk, "expert", cast.official.pk),
            ("-", cast.other_official.pk, "expert", cast.clerk.pk),
        ]
    )
    last = _rows(Dialogue, id=dialogue.pk)[-1]
    assert (last.history_user, last.responsible_official_id) == (cast.clerk, cast.other_official.pk)


def test_transitions_registration_and_decisions(cast):
    dialogue = _create(cast)
    services.update_mandate(dialogue_id=dialogue.pk, user=cast.official, data=MANDATE)
    services.set_responsibility(
        dialogue_id=dialogue.pk,
        user=cast.official,
        responsible_official=cast.official,
        politicians=[cast.politician],
        experts=[],
        communicators=[],
    )
    write_case_memos(dialogue)  # each submission's tjänsteskrivelse (issue 12)
    before = len(_rows(Dialogue, id=dialogue.pk))

    def run(name, user, comment=""):
        from tests.helpers import run as run_as

        run_as(dialogue, name, user, comment=comment, paragraph="4")

    run("submit_for_mandate", cast.official)
    services.register_case(dialogue_id=dialogue.pk, user=cast.clerk)
    run("approve_mandate", cast.politician, "Uppdraget godkänns.")
    complete_planning(dialogue)
    run("submit_for_launch", cast.official)
    run("return_launch", cast.clerk, "Komplettera tidsplanen.")

    rows = _rows(Dialogue, id=dialogue.pk)[before:]
    assert [(r.state, r.history_user, bool(r.case_number)) for r in rows] == [
        (State.MANDATE_DECISION, cast.official, False),
        (State.MANDATE_DECISION, cast.clerk, True),  # registration
        (State.PLANNING, cast.clerk, True),  # the meeting's decision, from the minutes
        (State.LAUNCH_DECISION, cast.official, True),
        (State.PLANNING, cast.clerk, True),
    ]
    assert all(r.history_type == "~" for r in rows)
    decisions = _rows(Decision, dialogue_id=dialogue.pk)
    assert [(r.history_type, r.outcome, r.kind, r.history_user) for r in decisions] == [
        ("+", "approved", "meeting", cast.clerk),
        ("+", "returned", "meeting", cast.clerk),
    ]


def test_the_final_decision_and_cancelling(cast):
    from tests.factories import make_dialogue
    from tests.helpers import advance, run

    # The history is what is tested: the states are reached through the services.
    decided = advance(make_dialogue(cast), cast, State.DECISION)
    run(decided, "decide", cast.clerk, comment="Beslut.")
    [decide] = _rows(Dialogue, id=decided.pk)[-1:]
    assert (decide.state, decide.history_user) == (State.DECISION, cast.clerk)
    [decision] = _rows(Decision, dialogue_id=decided.pk, point="final")
    assert (decision.point, decision.history_user) == ("final", cast.clerk)

    cancelled = advance(make_dialogue(cast), cast, State.DECISION)
    services.run_transition(
        dialogue_id=cancelled.pk, name="cancel", user=cast.clerk, comment="Avbryts."
    )
    [cancel] = _rows(Dialogue, id=cancelled.pk)[-1:]
    assert (cancel.state, cancel.cancel_reason, cancel.history_user) == (
        State.CANCELLED,
        "Avbryts.",
        cast.clerk,
    )


def test_bodies_and_memberships_have_history(db):
    admin = make_person(first_name="Admin")
    council = make_body("KF", kind=Body.Kind.COUNCIL)
    board = Body(name="Kommunstyrelsen", code="KS", kind=Body.Kind.EXECUTIVE_BOARD)
    board._history_user = admin
    board.save()
    board.parent = council
    board._history_user = admin
    board.save()
    rows = _rows(Body, id=board.pk)
    assert [(r.history_type, r.parent_id, r.history_user) for r in rows] == [
        ("+", None, admin),
        ("~", council.pk, admin),
    ]

    person = make_person()
    membership = Membership(person=person, body=board, role=Membership.Role.MEMBER)
    membership._history_user = admin
    membership.save()
    membership.role = Membership.Role.CHAIR
    membership._history_user = admin
    membership.save()
    membership_id = membership.pk
    membership._history_user = admin
    membership.delete()
    rows = _rows(Membership, id=membership_id)
    assert [(r.history_type, r.role, r.history_user) for r in rows] == [
        ("+", "ledamot", admin),
        ("~", "ordforande", admin),
        ("-", "ordforande", admin),
    ]


# -- Linked steering documents (issue 8, item 8) ----------------------------------------------


def _adopted_document(title):
    from datetime import date

    from governance.models import SteeringDocument

    return SteeringDocument.objects.create(
        title=title, status=SteeringDocument.Status.ADOPTED, decision_date=date(2024, 1, 10)
    )


def test_linking_the_documents_a_decision_changes_is_in_the_history(cast):
    from tests.factories import make_dialogue
    from tests.helpers import advance

    first = _adopted_document("Riktlinje för lekplatser")
    second = _adopted_document("Policy för parker")
    dialogue = advance(make_dialogue(cast), cast, State.PROCESSING)
    before = Dialogue.history.filter(id=dialogue.pk).count()

    services.set_changed_documents(dialogue_id=dialogue.pk, user=cast.official, documents=[first])
    services.set_changed_documents(dialogue_id=dialogue.pk, user=cast.official, documents=[second])

    rows = _rows(Dialogue, id=dialogue.pk)[before:]
    assert rows and {r.history_user for r in rows} == {cast.official}
    # Each row keeps the set of documents linked at that moment.
    snapshots = [sorted(d.steeringdocument_id for d in r.changed_documents.all()) for r in rows]
    assert [first.pk] in snapshots
    assert snapshots[-1] == [second.pk]
    assert snapshots.index([first.pk]) < len(snapshots) - 1


def test_the_governing_policy_linked_at_the_start_is_in_the_history(cast):
    from tests.factories import make_profile

    policy = _adopted_document("Policy för medborgardialog")
    make_profile(key="hist", policy_document=policy, is_active=True)
    dialogue = _create(cast)
    latest = Dialogue.history.filter(id=dialogue.pk).latest("history_date", "history_id")
    assert [d.steeringdocument_id for d in latest.governing_documents.all()] == [policy.pk]
    assert latest.history_user == cast.official
