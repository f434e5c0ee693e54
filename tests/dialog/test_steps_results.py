"""Steps 6-8: the compilation (themes, tagging, counts, summary), the feedback to the politicians
(presentation, off-topic input forwarded) and the proposal for decision (numbered points,
consequences), with what each forward transition needs [SAN][SOL][HAN][HAG]."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialog import selectors, services
from dialog.models import (
    Assignment,
    CompilationSummary,
    Forwarding,
    InputItem,
    Proposal,
    ProposalPoint,
    State,
    Theme,
)
from dialog.rules import denied_reason
from tests.factories import (
    PROPOSAL,
    add_inputs,
    complete_compilation,
    complete_feedback,
    complete_processing,
    make_dialogue,
    put_in_state,
)
from tests.helpers import fresh, login, run


def untagged_reason(count):
    return ngettext(
        "%(count)s input within the purpose is not tagged to a theme",
        "%(count)s inputs within the purpose are not tagged to a theme",
        count,
    ) % {"count": count}


def unrouted_reason(count):
    return ngettext(
        "%(count)s off-topic input has not been forwarded or marked as handled",
        "%(count)s off-topic inputs have not been forwarded or marked as handled",
        count,
    ) % {"count": count}


@pytest.fixture
def compilation(dialogue):
    dialogue = put_in_state(dialogue, State.COMPILATION)
    add_inputs(dialogue, 4)  # three within the purpose, one off-topic
    return dialogue


@pytest.fixture
def feedback(dialogue):
    dialogue = put_in_state(dialogue, State.FEEDBACK)
    add_inputs(dialogue, 3)  # two within the purpose, one off-topic
    return dialogue


@pytest.fixture
def processing(dialogue):
    return put_in_state(dialogue, State.PROCESSING)


# -- Who may edit each step, and when -------------------------------------------------------

STEP_PERMISSIONS = [
    ("dialog.edit_compilation", State.COMPILATION),
    ("dialog.edit_feedback", State.FEEDBACK),
    ("dialog.edit_processing", State.PROCESSING),
]


@pytest.mark.parametrize(("permission", "state"), STEP_PERMISSIONS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("official", True),
        ("expert", True),
        ("other_official", False),
        ("politician", False),
        ("clerk", False),
        ("outsider", False),
    ],
)
def test_step_content_is_edited_by_the_officials_working_on_it(
    cast, dialogue, permission, state, role, allowed
):
    import rules

    expert = cast.other_official
    if role == "expert":
        Assignment.objects.create(dialogue=dialogue, person=expert, role=Assignment.Role.EXPERT)
    dialogue = put_in_state(dialogue, state)
    user = expert if role == "expert" else getattr(cast, role)
    assert rules.has_perm(permission, user, dialogue) is allowed


@pytest.mark.parametrize(("permission", "state"), STEP_PERMISSIONS)
@pytest.mark.parametrize("other", [State.EXECUTION, State.DECISION, State.CLOSED])
def test_step_content_is_edited_only_at_its_step(cast, dialogue, permission, state, other):
    import rules

    assert rules.has_perm(permission, cast.official, put_in_state(dialogue, state))
    assert not rules.has_perm(permission, cast.official, put_in_state(dialogue, other))


@pytest.mark.parametrize(
    ("service", "kwargs", "permission", "state"),
    [
        (services.save_theme, {"data": {"name": "Trafik"}}, "dialog.edit_compilation",
         State.FEEDBACK),
        (services.update_compilation_summary, {"data": {"summary": "x"}},
         "dialog.edit_compilation", State.FEEDBACK),
        (services.update_presentation, {"data": {"notes": "x"}}, "dialog.edit_feedback",
         State.PROCESSING),
        (services.update_proposal, {"data": {"economy": "x"}}, "dialog.edit_processing",
         State.DECISION),
        (services.save_proposal_point, {"data": {"text": "x"}}, "dialog.edit_processing",
         State.COMPILATION),
    ],
)  # fmt: skip
def test_services_refuse_the_wrong_person_and_the_wrong_state(
    cast, dialogue, service, kwargs, permission, state
):
    right_state = {
        "dialog.edit_compilation": State.COMPILATION,
        "dialog.edit_feedback": State.FEEDBACK,
        "dialog.edit_processing": State.PROCESSING,
    }[permission]
    at_step = put_in_state(dialogue, right_state)
    with pytest.raises(services.PermissionRefused) as refused:
        service(dialogue_id=at_step.pk, user=cast.politician, **kwargs)
    assert refused.value.reasons == [denied_reason(permission, at_step)]
    elsewhere = put_in_state(dialogue, state)
    with pytest.raises(services.PermissionRefused):
        service(dialogue_id=elsewhere.pk, user=cast.official, **kwargs)
    assert not Theme.objects.exists() and not CompilationSummary.objects.exists()
    assert not Proposal.objects.exists()


# -- Compilation: themes, tagging and the summary ---------------------------------------------


def test_present_results_lists_what_the_compilation_lacks(cast, compilation):
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(compilation, "present_results", cast.official)
    assert refused.value.reasons == [
        _("a summary of the results"),
        _("at least one theme"),
        untagged_reason(3),
    ]
    assert fresh(compilation).state == State.COMPILATION


def test_present_results_counts_the_untagged_inputs_within_the_purpose_only(cast, compilation):
    theme = services.save_theme(
        dialogue_id=compilation.pk, user=cast.official, data={"name": "Belysning"}
    )
    within = list(compilation.inputs.filter(within_purpose=True))
    services.tag_inputs(
        dialogue_id=compilation.pk, user=cast.official, tags={within[0].pk: [theme.pk]}
    )
    services.update_compilation_summary(
        dialogue_id=compilation.pk, user=cast.official, data={"summary": "Belysning."}
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(compilation, "present_results", cast.official)
    # The off-topic input is forwarded at the next step, not tagged.
    assert refused.value.reasons == [untagged_reason(2)]


def test_present_results_passes_when_the_compilation_is_complete(cast, compilation):
    complete_compilation(compilation)
    assert run(compilation, "present_results", cast.official).state == State.FEEDBACK


def test_a_blank_summary_is_no_summary(cast, compilation):
    complete_compilation(compilation)
    services.update_compilation_summary(
        dialogue_id=compilation.pk, user=cast.official, data={"summary": "   "}
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(compilation, "present_results", cast.official)
    assert refused.value.reasons == [_("a summary of the results")]


def test_tagging_sets_each_inputs_themes_and_counts_the_changes(cast, compilation):
    a = services.save_theme(dialogue_id=compilation.pk, user=cast.official, data={"name": "A"})
    b = services.save_theme(dialogue_id=compilation.pk, user=cast.official, data={"name": "B"})
    first, second, third = compilation.inputs.filter(within_purpose=True)
    changed = services.tag_inputs(
        dialogue_id=compilation.pk,
        user=cast.official,
        tags={first.pk: [a.pk, b.pk], second.pk: [b.pk], third.pk: []},
    )
    assert changed == 2
    assert set(first.themes.values_list("name", flat=True)) == {"A", "B"}
    # Saving the same again changes nothing; unticking removes the tag.
    tags = {first.pk: [a.pk], second.pk: [b.pk]}
    assert services.tag_inputs(dialogue_id=compilation.pk, user=cast.official, tags=tags) == 1
    assert list(first.themes.values_list("name", flat=True)) == ["A"]
    assert first.history.count() >= 2


def test_tagging_refuses_off_topic_input_and_foreign_themes(cast, compilation):
    theme = services.save_theme(dialogue_id=compilation.pk, user=cast.official, data={"name": "A"})
    off_topic = compilation.inputs.get(within_purpose=False)
    with pytest.raises(ValidationError):
        services.tag_inputs(
            dialogue_id=compilation.pk, user=cast.official, tags={off_topic.pk: [theme.pk]}
        )
    other = put_in_state(make_dialogue(cast), State.COMPILATION)
    foreign = Theme.objects.create(dialogue=other, name="Annan")
    item = compilation.inputs.filter(within_purpose=True).first()
    with pytest.raises(services.Conflict):
        services.tag_inputs(
            dialogue_id=compilation.pk, user=cast.official, tags={item.pk: [foreign.pk]}
        )
    foreign_input = add_inputs(other, 1)[0]
    with pytest.raises(services.Conflict):
        services.tag_inputs(
            dialogue_id=compilation.pk, user=cast.official, tags={foreign_input.pk: [theme.pk]}
        )
    assert not item.themes.exists() and not off_topic.themes.exists()


def test_a_theme_name_is_unique_within_the_dialogue(cast, compilation):
    services.save_theme(dialogue_id=compilation.pk, user=cast.official, data={"name": "Trafik"})
    with pytest.raises(ValidationError):
        services.save_theme(dialogue_id=compilation.pk, user=cast.official, data={"name": "Trafik"})
    assert compilation.themes.count() == 1


def test_removing_a_theme_untags_its_inputs(cast, compilation):
    complete_compilation(compilation)
    theme = compilation.themes.get()
    services.delete_theme(
        dialogue_id=compilation.pk, user=cast.official, item_id=theme.pk, reason="Slås ihop"
    )
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert Theme.all_objects.filter(pk=theme.pk).exists()  # withdrawn, not deleted
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(compilation, "present_results", cast.official)
    assert refused.value.reasons == [_("at least one theme"), untagged_reason(3)]


# -- Counts per theme and per group -----------------------------------------------------------


def _input(dialogue, *, age="", gender="", area="", within=True, themes=()):
    item = InputItem.objects.create(
        dialogue=dialogue,
        text="Synpunkt",
        source=InputItem.Source.WEB_FORM,
        received_on=timezone.localdate(),
        age_band=age,
        gender=gender,
        area=area,
        within_purpose=within,
        created_by=dialogue.responsible_official,
    )
    item.themes.set(themes)
    return item


def test_counts_per_theme_and_per_group(cast, dialogue):
    light = Theme.objects.create(dialogue=dialogue, name="Belysning")
    people = Theme.objects.create(dialogue=dialogue, name="Människor")
    _input(dialogue, age="13-17", gender="woman", area="Centrum", themes=[light, people])
    _input(dialogue, age="13-17", gender="man", area="Norrby", themes=[light])
    _input(dialogue, age="65-79", gender="woman", area="Centrum", themes=[people])
    _input(dialogue, age="65-79", gender="", area="", themes=[])
    _input(dialogue, age="13-17", gender="man", area="Centrum", within=False, themes=[light])

    counts = selectors.compilation_counts(dialogue)
    assert [(t.name, n) for t, n in counts.themes] == [("Belysning", 2), ("Människor", 2)]
    assert (counts.within, counts.off_topic, counts.untagged) == (4, 1, 1)
    groups = {title: rows for title, rows in counts.groups}
    ages = [(r.value, r.total, r.by_theme) for r in groups[_("Age band")]]
    assert ages == [("13-17", 2, [2, 1]), ("65-79", 2, [0, 1])]
    genders = [(r.value, r.total, r.by_theme) for r in groups[_("Gender")]]
    assert genders == [("woman", 2, [1, 2]), ("man", 1, [1, 0]), ("", 1, [0, 0])]
    areas = [(r.label, r.total, r.by_theme) for r in groups[_("Area")]]
    assert areas == [("Centrum", 2, [1, 2]), ("Norrby", 1, [1, 0]), (_("Not stated"), 1, [0, 0])]


def test_counts_take_the_same_number_of_queries_whatever_the_size(cast, dialogue):
    themes = [Theme.objects.create(dialogue=dialogue, name=f"Tema {i}") for i in range(2)]
    _input(dialogue, age="18-24", gender="man", area="A", themes=themes[:1])
    with CaptureQueriesContext(connection) as small:
        selectors.compilation_counts(dialogue)
    themes += [Theme.objects.create(dialogue=dialogue, name=f"Tema {i}") for i in range(2, 8)]
    for i in range(40):
        _input(
            dialogue, age="25-44", gender="woman", area=f"Område {i % 7}", themes=themes[i % 8 :]
        )
    with CaptureQueriesContext(connection) as large:
        counts = selectors.compilation_counts(dialogue)
    assert len(small) == len(large) == 3
    assert counts.within == 41


# -- Feedback to the politicians: presentation and forwarding -----------------------------------


def test_start_processing_lists_what_the_feedback_lacks(cast, feedback):
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(feedback, "start_processing", cast.official)
    assert refused.value.reasons == [
        _("the date the results were presented to the politicians"),
        _("the body the results were presented to"),
        unrouted_reason(1),
    ]


def test_start_processing_passes_with_the_presentation_and_every_off_topic_input_routed(
    cast, feedback
):
    services.update_presentation(
        dialogue_id=feedback.pk,
        user=cast.official,
        data={"presented_on": timezone.localdate(), "body": cast.body, "notes": ""},
    )
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(feedback, "start_processing", cast.official)
    assert refused.value.reasons == [unrouted_reason(1)]
    off_topic = feedback.inputs.get(within_purpose=False)
    forwarding = services.forward_input(
        dialogue_id=feedback.pk,
        user=cast.official,
        input_id=off_topic.pk,
        data={"forwarded_to": Forwarding.Target.BODY, "body": cast.other_body, "note": "Dnr 12"},
    )
    assert (forwarding.by, forwarding.forwarded_on) == (cast.official, timezone.localdate())
    assert run(feedback, "start_processing", cast.official).state == State.PROCESSING


def test_an_off_topic_input_marked_as_handled_needs_a_note(cast, feedback):
    off_topic = feedback.inputs.get(within_purpose=False)
    forward = {"dialogue_id": feedback.pk, "user": cast.official, "input_id": off_topic.pk}
    with pytest.raises(ValidationError) as invalid:
        services.forward_input(**forward, data={"forwarded_to": Forwarding.Target.HANDLED})
    assert "note" in invalid.value.error_dict
    with pytest.raises(ValidationError) as invalid:
        services.forward_input(**forward, data={"forwarded_to": Forwarding.Target.BODY})
    assert "body" in invalid.value.error_dict
    services.forward_input(
        **forward, data={"forwarded_to": Forwarding.Target.HANDLED, "note": "Besvarad direkt."}
    )
    assert off_topic.forwardings.get().forwarded_to == Forwarding.Target.HANDLED


def test_only_off_topic_input_is_forwarded(cast, feedback):
    within = feedback.inputs.filter(within_purpose=True).first()
    with pytest.raises(ValidationError):
        services.forward_input(
            dialogue_id=feedback.pk,
            user=cast.official,
            input_id=within.pk,
            data={"forwarded_to": Forwarding.Target.COMPLAINTS},
        )
    assert not Forwarding.objects.exists()


def test_a_presentation_cannot_be_recorded_ahead_of_time(cast, feedback):
    from datetime import timedelta

    with pytest.raises(ValidationError) as invalid:
        services.update_presentation(
            dialogue_id=feedback.pk,
            user=cast.official,
            data={"presented_on": timezone.localdate() + timedelta(days=1), "body": cast.body},
        )
    assert "presented_on" in invalid.value.error_dict


# -- Processing: the proposal for decision ---------------------------------------------------


def test_submit_for_decision_lists_what_the_proposal_lacks(cast, processing):
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(processing, "submit_for_decision", cast.official)
    assert refused.value.reasons == [_("the proposal for decision has not been written")]
    services.update_proposal(dialogue_id=processing.pk, user=cast.official, data={})
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(processing, "submit_for_decision", cast.official)
    assert refused.value.reasons == [
        _("at least one point in the proposal for decision"),
        _("the economic consequences"),
        _("the consequences for children's rights"),
        _("the consequences for equality"),
        _("the environmental consequences"),
        _("an answer to “have children been heard?”"),
        _("how the dialogue changed the proposal"),
    ]


def test_children_not_heard_needs_a_comment(cast, processing):
    complete_processing(processing, children_heard=False, children_heard_comment="")
    with pytest.raises(services.ConditionsUnmet) as refused:
        run(processing, "submit_for_decision", cast.official)
    assert refused.value.reasons == [_("a comment on why children have not been heard")]
    Proposal.objects.filter(dialogue=processing).update(
        children_heard_comment="Frågan rör inte barn: den gäller parkering för företag."
    )
    assert run(processing, "submit_for_decision", cast.official).state == State.DECISION


def test_submit_for_decision_passes_with_a_complete_proposal(cast, processing):
    services.update_proposal(dialogue_id=processing.pk, user=cast.official, data=PROPOSAL)
    services.save_proposal_point(
        dialogue_id=processing.pk, user=cast.official, data={"text": "Förslaget antas."}
    )
    assert run(processing, "submit_for_decision", cast.official).state == State.DECISION


def _numbers(dialogue):
    return list(
        ProposalPoint.objects.filter(proposal__dialogue=dialogue)
        .order_by("number")
        .values_list("number", "text")
    )


def test_proposal_points_are_numbered_one_to_n_without_gaps(cast, processing):
    def add(text, **extra):
        return services.save_proposal_point(
            dialogue_id=processing.pk, user=cast.official, data={"text": text, **extra}
        )

    a, b, c = add("A"), add("B"), add("C")
    assert _numbers(processing) == [(1, "A"), (2, "B"), (3, "C")]
    services.move_proposal_point(
        dialogue_id=processing.pk, user=cast.official, item_id=c.pk, position=1
    )
    assert _numbers(processing) == [(1, "C"), (2, "A"), (3, "B")]
    services.move_proposal_point(
        dialogue_id=processing.pk, user=cast.official, item_id=c.pk, position=99
    )
    assert _numbers(processing) == [(1, "A"), (2, "B"), (3, "C")]
    add("D", number=2)  # a new point put in second place
    assert _numbers(processing) == [(1, "A"), (2, "D"), (3, "B"), (4, "C")]
    services.save_proposal_point(
        dialogue_id=processing.pk, user=cast.official, item_id=a.pk, data={"text": "A2"}
    )
    assert _numbers(processing)[0] == (1, "A2")
    services.delete_proposal_point(
        dialogue_id=processing.pk, user=cast.official, item_id=b.pk, reason="Utgår"
    )
    assert _numbers(processing) == [(1, "A2"), (2, "D"), (3, "C")]
    with pytest.raises(ValidationError):
        add("   ")
    with pytest.raises(services.Conflict):
        services.delete_proposal_point(
            dialogue_id=processing.pk, user=cast.official, item_id=b.pk, reason="Utgår"
        )


# -- The pages ------------------------------------------------------------------------------


def test_the_tagging_page_saves_every_row_without_javascript(client, cast, compilation):
    theme = Theme.objects.create(dialogue=compilation, name="Belysning")
    url = reverse("dialog:tag_inputs", args=[compilation.pk])
    login(client, cast.official)
    page = client.get(url)
    assert page.status_code == 200
    within = list(compilation.inputs.filter(within_purpose=True))
    assert all(f'name="themes_{i.pk}"' in page.content.decode() for i in within)
    off_topic = compilation.inputs.get(within_purpose=False)
    assert f'name="themes_{off_topic.pk}"' not in page.content.decode()
    data = {"inputs": [i.pk for i in within], **{f"themes_{i.pk}": [theme.pk] for i in within}}
    assert client.post(url, data).status_code == 302
    assert selectors.compilation_counts(compilation).untagged == 0
    assert client.post(url, {"inputs": ["x"]}).status_code == 400


def test_one_row_is_saved_by_htmx(client, cast, compilation):
    theme = Theme.objects.create(dialogue=compilation, name="Belysning")
    item = compilation.inputs.filter(within_purpose=True).first()
    url = reverse("dialog:tag_input_row", args=[compilation.pk, item.pk])
    login(client, cast.official)
    response = client.post(url, {f"themes_{item.pk}": [theme.pk]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="tag-row-{item.pk}"' in response.content.decode()
    assert list(item.themes.all()) == [theme]
    # Without htmx the same request goes back to the page.
    response = client.post(url, {})
    assert response.status_code == 302 and not item.themes.exists()


def test_the_step_pages_refuse_others_with_the_reason(client, cast, compilation):
    login(client, cast.politician)
    for name in ("tag_inputs", "add_theme", "edit_compilation"):
        response = client.get(reverse(f"dialog:{name}", args=[compilation.pk]))
        assert response.status_code == 403
        assert escape(denied_reason("dialog.edit_compilation", compilation)) in (
            response.content.decode()
        )


def test_forwarding_and_proposal_forms_reject_bad_input(client, cast, feedback):
    login(client, cast.official)
    off_topic = feedback.inputs.get(within_purpose=False)
    url = reverse("dialog:forward_input", args=[feedback.pk, off_topic.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"forwarded_to": "body", "note": ""}).status_code == 400
    assert client.post(url, {"forwarded_to": "nowhere"}).status_code == 400
    within = feedback.inputs.filter(within_purpose=True).first()
    assert (
        client.get(reverse("dialog:forward_input", args=[feedback.pk, within.pk])).status_code
        == 404
    )
    assert not Forwarding.objects.exists()

    processing = put_in_state(feedback, State.PROCESSING)
    assert client.post(reverse("dialog:add_point", args=[processing.pk]), {}).status_code == 400
    point = services.save_proposal_point(
        dialogue_id=processing.pk, user=cast.official, data={"text": "A"}
    )
    move = reverse("dialog:move_point", args=[processing.pk, point.pk])
    assert client.post(move, {"position": "x"}).status_code == 400
    assert client.post(move, {"position": "1"}).status_code == 302


def test_the_dialogue_page_shows_steps_6_to_8_and_escapes_residents_text(client, cast, dialogue):
    dialogue = put_in_state(dialogue, State.PROCESSING)
    add_inputs(dialogue, 3, text="<script>alert('x')</script> Mer ljus")
    complete_compilation(dialogue)
    CompilationSummary.objects.filter(dialogue=dialogue).update(summary="<b>Ljus</b> först")
    complete_feedback(dialogue)
    complete_processing(dialogue)
    login(client, cast.official)
    page = client.get(dialogue.get_absolute_url()).content.decode()
    assert "<b>Ljus</b>" not in page and escape("<b>Ljus</b> först") in page
    for section in ('id="compilation"', 'id="feedback"', 'id="processing"'):
        assert section in page
    assert "Belysningen förbättras." in page
    assert escape(PROPOSAL["children_heard_comment"]) in page
    # The off-topic input's page, and the tagging page, escape the residents' text too.
    forwardings = client.get(reverse("dialog:forwardings", args=[dialogue.pk])).content.decode()
    assert "<script>alert" not in forwardings and escape("<script>alert('x')</script>") in (
        forwardings
    )
