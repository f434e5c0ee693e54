"""The rules that come from the dialogue policy (issue 3): one test per seed rule, named after it,
and each preset profile behaving as its municipality's policy says.

Reasons are compared with gettext under the active (Swedish) language, so the tests hold before
and after the catalogue has them.
"""

from datetime import date

import pytest
import rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dialog import policy, services
from dialog.models import (
    Decision,
    DecisionPoint,
    Dialogue,
    DialogueKind,
    InitiativeAnswer,
    ParticipationLevel,
    State,
    TargetGroup,
    TransitionLog,
)
from dialog.steps import initiative_mandate
from governance import services as governance_services
from governance.profiles import INITIATIVE_QUESTIONS, PARTICIPATION_LADDER
from roles.models import Body, Membership
from tests.factories import (
    INITIATIVE,
    answer_initiative,
    consider_groups,
    make_body,
    make_dialogue,
    make_member,
    make_profile,
    put_in_state,
    use_profile,
)
from tests.helpers import fresh, run


def preset(key):
    return governance_services.load_preset(key=key).profile


def submit_refusal(dialogue, user) -> list[str]:
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(dialogue, "submit_for_mandate", user)
    assert fresh(dialogue).state == State.INITIATIVE
    assert not TransitionLog.objects.filter(dialogue=dialogue).exists()
    return refused.value.reasons


def strict_profile(**values):
    """All the rules switched on: every question, the lowest level, every group."""
    defaults = {
        "initiative_questions": list(INITIATIVE_QUESTIONS),
        "lowest_participation_level": "konsultation",
        "always_consider_groups": ["disability_council", "pensioners_council", "children_young"],
    }
    return make_profile("strict", **{**defaults, **values})


@pytest.fixture
def council(cast):
    """Kommunfullmäktige with a politician and a clerk."""
    body = make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    return {
        "body": body,
        "politician": make_member(body, Membership.Role.MEMBER, first_name="Frida"),
        "clerk": make_member(body, Membership.Role.SECRETARY, first_name="Klara"),
    }


# -- The seeds' rules, one test each ---------------------------------------------------------


def test_vocabulary_matches_the_participation_levels():
    assert list(ParticipationLevel.values) == PARTICIPATION_LADDER


def test_every_initiative_question_must_be_answered_yes(cast):
    """[SOL][FOR] The political body must answer YES to each question before a dialogue."""
    dialogue = use_profile(make_dialogue(cast), strict_profile())
    InitiativeAnswer.objects.filter(dialogue=dialogue, question="residents_engaged").delete()
    InitiativeAnswer.objects.filter(dialogue=dialogue, question="open_to_influence").update(
        answer=False
    )
    reasons = submit_refusal(dialogue, cast.official)
    engaged = str(INITIATIVE_QUESTIONS["residents_engaged"])
    influence = str(INITIATIVE_QUESTIONS["open_to_influence"])
    assert _("an answer to the initiative question “%(question)s”") % {"question": engaged} in (
        reasons
    )
    assert (
        _(
            "the initiative question “%(question)s” is answered no. The political body must be "
            "able to answer yes to it before a dialogue; otherwise a dialogue is not the right "
            "tool."
        )
        % {"question": influence}
        in reasons
    )
    assert len(reasons) == 2

    answer_initiative(dialogue)
    assert run(dialogue, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


def test_information_only_is_not_a_dialogue(cast):
    """[SAN][SOL] Only informing about a decision already taken is not a citizen dialogue."""
    dialogue = use_profile(
        make_dialogue(cast, participation_level=ParticipationLevel.INFORMATION), strict_profile()
    )
    reasons = submit_refusal(dialogue, cast.official)
    assert reasons == [
        _(
            "the participation level: information only is not a dialogue. Informing residents "
            "about a decision already taken is not a citizen dialogue; choose at least "
            "“%(lowest)s”."
        )
        % {"lowest": ParticipationLevel.CONSULTATION.label}
    ]
    Dialogue.objects.filter(pk=dialogue.pk).update(
        participation_level=ParticipationLevel.CONSULTATION
    )
    assert run(dialogue, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


def test_a_level_below_the_lowest_is_refused_with_the_lowest_named(cast):
    dialogue = use_profile(
        make_dialogue(cast, participation_level=ParticipationLevel.CONSULTATION),
        strict_profile(lowest_participation_level="dialog"),
    )
    reasons = submit_refusal(dialogue, cast.official)
    assert reasons == [
        _("the participation level: the dialogue policy asks for at least “%(lowest)s”.")
        % {"lowest": ParticipationLevel.DIALOGUE.label}
    ]


def test_disability_and_pensioners_councils_and_children_must_be_considered(cast):
    """[SAN] KHR and KPR are always considered; children and young people can always speak."""
    dialogue = use_profile(make_dialogue(cast), preset("sandviken"))
    TargetGroup.objects.filter(dialogue=dialogue).delete()
    consider_groups(dialogue, groups=["disability_council"])
    reasons = submit_refusal(dialogue, cast.official)
    assert len(reasons) == 2
    assert any(str(_("The pensioners' council")) in r for r in reasons)
    assert any(str(_("Children and young people")) in r for r in reasons)

    # Left out with a written reason is enough; left out without one is not.
    consider_groups(dialogue, groups=["children_young"])
    TargetGroup.objects.create(dialogue=dialogue, group="pensioners_council", included=False)
    reasons = submit_refusal(dialogue, cast.official)
    assert reasons == [
        _("a reason why the target group “%(group)s” is not included")
        % {"group": _("The pensioners' council")}
    ]
    consider_groups(dialogue, groups=["pensioners_council"], pensioners_council="Berörs inte.")
    assert run(dialogue, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


def test_a_group_left_out_needs_a_reason_in_the_model(cast):
    row = TargetGroup(dialogue=make_dialogue(cast), group="children_young", included=False)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "reason" in error.value.error_dict
    other = TargetGroup(dialogue=row.dialogue, group="other", included=True)
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "name" in error.value.error_dict


def test_groups_rarely_heard_must_be_considered(cast):
    """[HAG][HAN] Reach those who are rarely heard."""
    for key in ("hagfors", "haninge"):
        dialogue = use_profile(make_dialogue(cast, title=key), preset(key))
        TargetGroup.objects.filter(dialogue=dialogue, group="rarely_heard").delete()
        assert initiative_mandate.target_groups_missing(fresh(dialogue)) == [
            _(
                "the target group “%(group)s” must always be considered: include it in the "
                "mandate or give a reason why not"
            )
            % {"group": _("Groups that are rarely heard")}
        ]


def test_statutory_consultation_is_pointed_elsewhere(cast):
    """[SOL][FOR][HAG] Samråd and granskning (PBL 2010:900 and the others) are not dialogues."""
    dialogue = make_dialogue(cast, statutory_consultation=True)
    reasons = submit_refusal(dialogue, cast.official)
    assert len(reasons) == 1
    assert "2010:900" in reasons[0] and "2009:724" in reasons[0]
    Dialogue.objects.filter(pk=dialogue.pk).update(statutory_consultation=False)
    assert run(dialogue, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


def test_user_dialogue_is_allowed_but_marked(cast):
    """[SAN][HAN][FOR][HAG] Brukardialog is distinct from medborgardialog, and allowed."""
    dialogue = use_profile(make_dialogue(cast, kind=DialogueKind.USER), preset("hagfors"))
    assert dialogue.is_user_dialogue
    assert not make_dialogue(cast, title="Medborgare").is_user_dialogue
    Dialogue.objects.filter(pk=dialogue.pk).update()
    assert run(dialogue, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


def test_feedback_plan_must_exist_when_the_dialogue_is_decided(cast):
    """[HAG] The feedback plan exists when the dialogue is decided; others decide it later."""
    hagfors = use_profile(make_dialogue(cast, title="H"), preset("hagfors"))
    hagfors.mandate.feedback_plan = ""
    hagfors.mandate.save()
    assert submit_refusal(hagfors, cast.official) == [str(_("the feedback plan"))]

    sandviken = use_profile(make_dialogue(cast, title="S"), preset("sandviken"))
    sandviken.mandate.feedback_plan = ""
    sandviken.mandate.save()
    assert run(sandviken, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


def test_without_a_profile_the_backbone_rules_apply(cast):
    dialogue = make_dialogue(cast, participation_level=ParticipationLevel.INFORMATION)
    InitiativeAnswer.objects.filter(dialogue=dialogue).delete()
    TargetGroup.objects.filter(dialogue=dialogue).delete()
    assert dialogue.policy_profile is None
    assert run(dialogue, "submit_for_mandate", cast.official).state == State.MANDATE_DECISION


# -- Who decides -------------------------------------------------------------------------------


def in_body(dialogue, body):
    Dialogue.objects.filter(pk=dialogue.pk).update(body=body)
    return fresh(dialogue)


def at_mandate(cast, profile, **overrides):
    dialogue = use_profile(make_dialogue(cast, **overrides), profile)
    return put_in_state(dialogue, State.MANDATE_DECISION)


def test_hagfors_only_the_council_approves_the_mandate(cast, council):
    """[HAG] 'beslutet om genomförandet ligger alltid hos kommunfullmäktige'."""
    dialogue = at_mandate(cast, preset("hagfors"))
    with pytest.raises(services.PermissionRefused) as refused:
        run(dialogue, "approve_mandate", cast.politician)  # the chair of KS
    assert refused.value.reasons == [policy.who_decides(dialogue, "mandate")]
    assert "kommunfullmäktige" in refused.value.reasons[0].casefold()
    assert fresh(dialogue).state == State.MANDATE_DECISION

    # The council decides at its meeting; its secretary records it (the helper stands the
    # council's member for the council).
    assert not rules.has_perm("dialog.decide", council["politician"], dialogue)
    moved = run(dialogue, "approve_mandate", council["politician"])
    assert moved.state == State.PLANNING
    decision = moved.decisions.get()
    assert (decision.body, decision.kind, decision.recorded_by) == (
        council["body"],
        Decision.Kind.MEETING,
        council["clerk"],
    )


def test_the_council_is_named_once_in_who_decides(cast, council):
    """Issue 9: not "kommunfullmäktige (Kommunfullmäktige)"; a name of its own is kept."""
    dialogue = at_mandate(cast, preset("hagfors"))
    reason = policy.who_decides(dialogue, "mandate")
    assert "(Kommunfullmäktige)" not in reason
    assert reason.casefold().count("kommunfullmäktige") == 1
    Body.objects.filter(pk=council["body"].pk).update(name="Fullmäktige i Exempelby")
    assert "(Fullmäktige i Exempelby)" in policy.who_decides(fresh(dialogue), "mandate")


def test_the_executive_board_is_named_once_in_who_decides(cast):
    Body.objects.filter(pk=cast.body.pk).update(name="Kommunstyrelsen")
    dialogue = at_mandate(cast, preset("haninge"))
    profile = dialogue.policy_profile
    profile.mandate_decided_by = "executive_board"
    profile.save()
    reason = policy.who_decides(fresh(dialogue), "mandate")
    assert "(Kommunstyrelsen)" not in reason
    assert "(KS)" not in reason


def test_hagfors_council_clerk_records_from_the_minutes(cast, council):
    dialogue = at_mandate(cast, preset("hagfors"))
    with pytest.raises(ValidationError) as error:
        run(dialogue, "approve_mandate", council["clerk"], paragraph=" ")
    assert "paragraph" in error.value.error_dict
    moved = run(dialogue, "approve_mandate", council["clerk"], paragraph="57")
    decision = moved.decisions.get()
    assert (decision.body, decision.kind, decision.paragraph, decision.meeting.body) == (
        council["body"],
        Decision.Kind.MEETING,
        "57",
        council["body"],
    )


def test_hagfors_launch_and_final_decision_stay_with_the_dialogues_body(cast, council):
    dialogue = use_profile(make_dialogue(cast), preset("hagfors"))
    dialogue = put_in_state(dialogue, State.LAUNCH_DECISION)
    assert not rules.has_perm("dialog.decide", council["clerk"], dialogue)
    assert rules.has_perm("dialog.decide", cast.clerk, dialogue)


def test_solna_the_official_records_the_stance_without_a_formal_decision(cast):
    """[SOL] 'Inget formellt beslut behöver fattas': the stance is recorded, no § needed."""
    dialogue = at_mandate(cast, preset("solna"))
    moved = run(
        dialogue, "approve_mandate", cast.official, comment="Presidiet står bakom dialogen."
    )
    assert moved.state == State.PLANNING
    decision = moved.decisions.get()
    assert decision.kind == Decision.Kind.STANCE and decision.is_information
    assert decision.paragraph == "" and decision.body == cast.body and decision.meeting is None
    assert decision.informed_occasion == "Presidiets sammanträde"
    assert decision.recorded_by == cast.official


def test_solna_the_body_may_also_decide_at_a_meeting(cast):
    dialogue = at_mandate(cast, preset("solna"))
    assert not rules.has_perm("dialog.decide", cast.other_official, dialogue)
    assert not rules.has_perm("dialog.decide", cast.other_politician, dialogue)
    assert not rules.has_perm("dialog.decide", cast.politician, dialogue)
    assert rules.has_perm("dialog.decide", cast.clerk, dialogue)
    decision = run(dialogue, "approve_mandate", cast.clerk).decisions.get()
    assert decision.kind == Decision.Kind.MEETING


def test_solna_launch_is_a_presentation_to_the_presidium(cast):
    """[SOL] 'Genomförandeplan … informeras om på presidieberedning'."""
    presidium = make_body("KSPR", "Kommunstyrelsens presidium", kind=Body.Kind.PRESIDIUM)
    presidium.parent = cast.body
    presidium.save()
    member = make_member(presidium, Membership.Role.CHAIR, first_name="Pia")
    dialogue = put_in_state(
        use_profile(make_dialogue(cast), preset("solna")), State.LAUNCH_DECISION
    )

    # A politician decides nothing by a click, the presidium's chair included; the official
    # notes the presentation.
    for politician in (cast.politician, member):
        assert not rules.has_perm("dialog.decide", politician, dialogue)
    with pytest.raises(services.PermissionRefused) as refused:
        run(dialogue, "approve_launch", cast.politician)
    assert presidium.name in refused.value.reasons[0]
    assert rules.has_perm("dialog.decide", cast.official, dialogue)

    decision = run(dialogue, "approve_launch", cast.official).decisions.get()
    assert (decision.kind, decision.body) == (Decision.Kind.PRESENTATION, presidium)


def test_solna_official_records_the_presentation_without_a_paragraph(cast):
    dialogue = put_in_state(
        use_profile(make_dialogue(cast), preset("solna")), State.LAUNCH_DECISION
    )
    decision = run(dialogue, "approve_launch", cast.official).decisions.get()
    assert decision.kind == Decision.Kind.PRESENTATION and decision.paragraph == ""
    assert decision.body == cast.body  # no presidium registered: the body itself


@pytest.mark.parametrize("key", ["sandviken", "haninge", "forshaga"])
def test_the_responsible_body_decides(cast, council, key):
    """[SAN][HAN][FOR] The politicians' body decides; the seeds name no other body than the
    dialogue's. It decides at a meeting: one politician decides nothing by a click."""
    dialogue = at_mandate(cast, preset(key))
    for outsider in (council["politician"], cast.other_politician, cast.official, cast.politician):
        assert not rules.has_perm("dialog.decide", outsider, dialogue)
    assert rules.has_perm("dialog.decide", cast.clerk, dialogue)
    assert run(dialogue, "approve_mandate", cast.politician).decisions.get().body == cast.body


def test_executive_board_profile_lets_the_board_decide_for_a_committee(cast):
    committee_dialogue = in_body(make_dialogue(cast), cast.other_body)
    dialogue = put_in_state(
        use_profile(committee_dialogue, make_profile("ks", mandate_decided_by="executive_board")),
        State.MANDATE_DECISION,
    )
    assert not rules.has_perm("dialog.decide", cast.other_politician, dialogue)
    decision = run(dialogue, "approve_mandate", cast.politician).decisions.get()
    assert decision.body == cast.body


def test_any_political_body_the_meeting_says_which_body_decided(cast):
    """Under "any political body", a secretary of several bodies records the decision at the
    meeting of the body that took it; a meeting of a body that does not decide is refused."""
    both = cast.clerk
    Membership.objects.create(
        person=both,
        body=cast.other_body,
        role=Membership.Role.SECRETARY,
        valid_from=date(2020, 1, 1),
    )
    outside = make_body("EXT", "Annan förvaltning", kind=Body.Kind.ADMINISTRATION)
    Membership.objects.create(
        person=both, body=outside, role=Membership.Role.SECRETARY, valid_from=date(2020, 1, 1)
    )
    profile = make_profile("any", mandate_decided_by="any_political_body")
    dialogue = in_body(at_mandate(cast, profile), cast.other_body)
    both = type(both).objects.get(pk=both.pk)
    assert {b.pk for b in policy.choosable_bodies(dialogue, both)} == {
        cast.body.pk,
        cast.other_body.pk,
    }
    with pytest.raises(ValidationError) as error:
        run(dialogue, "approve_mandate", both, body=outside)
    assert "meeting" in error.value.error_dict
    assert fresh(dialogue).state == State.MANDATE_DECISION
    decision = run(dialogue, "approve_mandate", both, body=cast.body).decisions.get()
    assert (decision.body, decision.meeting.body) == (cast.body, cast.body)


def test_denied_reason_names_who_decides_under_each_profile(cast):
    for key in ("hagfors", "solna", "sandviken"):
        dialogue = at_mandate(cast, preset(key), title=key)
        reason = policy.who_decides(dialogue)
        assert str(dialogue.policy_profile.display_label) in reason
        actions = services.available_actions(dialogue=dialogue, user=cast.other_politician)
        approve = next(a for a in actions if a.name == "approve_mandate")
        assert approve.reasons[0] == reason


# -- Each preset as its policy says --------------------------------------------------------------


def test_sandviken_preset(cast):
    profile = preset("sandviken")
    dialogue = use_profile(make_dialogue(cast), profile)
    assert policy.questions(dialogue) == ["open_to_influence"]
    assert policy.lowest_level(dialogue) == "konsultation"
    assert policy.groups_to_consider(dialogue) == [
        "disability_council",
        "pensioners_council",
        "children_young",
    ]
    assert profile.mandate_decided_by == "initiating_body"
    assert "000" in profile.source


def test_solna_preset(cast):
    profile = preset("solna")
    assert (profile.mandate_decided_by, profile.launch_decided_by) == ("stance_only", "presidium")
    assert profile.initiative_questions == ["knowledge_needed", "open_to_influence"]
    assert profile.follow_up_rhythm_months == 12 and "001" in profile.source
    dialogue = use_profile(make_dialogue(cast), profile)
    InitiativeAnswer.objects.filter(dialogue=dialogue, question="knowledge_needed").update(
        answer=False
    )
    assert len(submit_refusal(dialogue, cast.official)) == 1


def test_haninge_preset(cast):
    profile = preset("haninge")
    assert profile.initiative_questions == [] and profile.lowest_participation_level == ""
    assert profile.always_consider_groups == ["rarely_heard"]
    assert profile.follow_up_rhythm_months == 12 and "002" in profile.source
    assert profile.policy_review_interval_months == 48


def test_forshaga_preset(cast):
    """[FOR] Four questions; 'ett enstaka informationsmöte' can be enough: no lowest level."""
    profile = preset("forshaga")
    assert set(profile.initiative_questions) == set(INITIATIVE_QUESTIONS)
    assert "003" in profile.source
    dialogue = use_profile(
        make_dialogue(cast, participation_level=ParticipationLevel.INFORMATION), profile
    )
    InitiativeAnswer.objects.filter(dialogue=dialogue, question="teaches_residents").delete()
    reasons = submit_refusal(dialogue, cast.official)
    assert reasons == [
        _("an answer to the initiative question “%(question)s”")
        % {"question": INITIATIVE_QUESTIONS["teaches_residents"]}
    ]


def test_hagfors_preset(cast):
    profile = preset("hagfors")
    assert profile.mandate_decided_by == "council"
    assert profile.feedback_plan_required_at_mandate
    assert profile.follow_up_rhythm_months == 12 and "004" in profile.source


def test_initiative_answers_come_from_the_form_data_through_the_service(cast):
    dialogue = use_profile(make_dialogue(cast, complete=False, **INITIATIVE), preset("solna"))
    services.update_initiative(
        dialogue_id=dialogue.pk,
        user=cast.official,
        data={
            "initiative_answers": {
                "knowledge_needed": (True, "Vi vet för lite."),
                "open_to_influence": (False, "Redan beslutat."),
            }
        },
    )
    answers = {a.question: (a.answer, a.comment) for a in fresh(dialogue).initiative_answers.all()}
    assert answers == {
        "knowledge_needed": (True, "Vi vet för lite."),
        "open_to_influence": (False, "Redan beslutat."),
    }
    services.update_initiative(
        dialogue_id=dialogue.pk,
        user=cast.official,
        data={"initiative_answers": {"open_to_influence": (None, "")}},
    )
    assert [a.question for a in fresh(dialogue).initiative_answers.all()] == ["knowledge_needed"]


def test_target_groups_through_the_service_refuse_a_missing_reason_and_keep_nothing(cast):
    dialogue = make_dialogue(cast, complete=False, **INITIATIVE)
    with pytest.raises(ValidationError) as error:
        services.update_mandate(
            dialogue_id=dialogue.pk,
            user=cast.official,
            data={
                "purpose": "Nytt syfte",
                "target_group_rows": [{"group": "children_young", "included": False, "reason": ""}],
            },
        )
    assert "target_group_rows" in error.value.error_dict
    assert fresh(dialogue).mandate.purpose == ""
    services.update_mandate(
        dialogue_id=dialogue.pk,
        user=cast.official,
        data={
            "target_group_rows": [
                {"group": "children_young", "included": True, "reason": ""},
                {"group": "other", "name": "Näringsidkare", "included": True, "reason": ""},
            ]
        },
    )
    assert sorted(g.label for g in fresh(dialogue).target_groups.all()) == [
        str(_("Children and young people")),
        "Näringsidkare",
    ]


def test_decision_points_outside_the_mandate_keep_the_backbone(cast):
    dialogue = put_in_state(use_profile(make_dialogue(cast), preset("hagfors")), State.DECISION)
    assert policy.deciding_bodies(dialogue) == [cast.body]
    assert DecisionPoint.for_state(dialogue.state) == "final"
