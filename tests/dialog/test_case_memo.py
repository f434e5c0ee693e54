"""The tjänsteskrivelse of each decision point (issue 12): what each submission needs, who
writes it and when, the version check, the freezing at the submission, and its pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import ConditionsUnmet, Conflict, PermissionRefused
from dialog import services
from dialog.models import CaseMemo, CaseMemoVersion, DecisionPoint, State
from dialog.services.case_memo import update_case_memo
from tests.factories import make_dialogue, put_in_state, register_directly
from tests.helpers import fresh, html, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue(cast):
    return register_directly(make_dialogue(cast))


def submit_for_mandate(dialogue, user):
    return services.run_transition(dialogue_id=dialogue.pk, name="submit_for_mandate", user=user)


def test_the_mandate_cannot_be_submitted_without_the_memos_required_parts(cast, dialogue):
    CaseMemo.objects.filter(dialogue=dialogue, point="mandate").update(
        assessment="", children_rights=""
    )
    with pytest.raises(ConditionsUnmet) as refused:
        submit_for_mandate(dialogue, cast.official)
    reasons = " ".join(refused.value.reasons)
    assert _("the administration's assessment") in reasons
    assert _("the child rights assessment: how children are affected and how they are heard") in (
        reasons
    )
    assert fresh(dialogue).state == State.INITIATIVE


def test_without_any_memo_the_submission_says_it_is_not_written(cast, dialogue):
    CaseMemo.objects.filter(dialogue=dialogue).delete()
    with pytest.raises(ConditionsUnmet) as refused:
        submit_for_mandate(dialogue, cast.official)
    not_written = _(
        "the decision memo (tjänsteskrivelse) for the %(point)s has not been written"
    ) % {"point": DecisionPoint.MANDATE.label.lower()}
    assert not_written in refused.value.reasons


def test_the_launch_and_the_final_submissions_need_their_memos_too(cast, dialogue):
    from dialog import steps

    CaseMemo.objects.filter(dialogue=dialogue, point="launch").update(summary="")
    CaseMemo.objects.filter(dialogue=dialogue, point="final").update(assessment="")
    launch = " ".join(steps.get("planning").missing(fresh(dialogue)))
    final = " ".join(steps.get("processing").missing(fresh(dialogue)))
    said = _("in the decision memo: %(what)s")
    assert said % {"what": _("a summary")} in launch
    assert said % {"what": _("the administration's assessment")} in final


def test_submitting_freezes_the_memo(cast, dialogue):
    submit_for_mandate(dialogue, cast.official)
    version = CaseMemoVersion.objects.get(dialogue=dialogue, point="mandate")
    assert version.number == 1 and version.frozen_by == cast.official
    assert version.content["memo"]["assessment"].startswith("Förvaltningen bedömer")
    # The reports app gave the builder: the printable sections are frozen with it.
    assert version.content["document"]["header"]["case_number"] == dialogue.case_number


def test_the_responsible_official_writes_it_with_history(cast, dialogue):
    memo = update_case_memo(
        dialogue_id=dialogue.pk,
        point="mandate",
        user=cast.official,
        data={"summary": "  Ny sammanfattning.  ", "minorities_concerned": None},
    )
    assert memo.summary == "Ny sammanfattning."
    assert memo.history.first().history_user == cast.official
    for someone in (cast.other_official, cast.politician, cast.clerk):
        with pytest.raises(PermissionRefused):
            update_case_memo(
                dialogue_id=dialogue.pk, point="mandate", user=someone, data={"summary": "x"}
            )


def test_a_save_on_an_older_version_is_refused(cast, dialogue):
    memo = CaseMemo.objects.get(dialogue=dialogue, point="mandate")
    opened = memo.updated_at
    update_case_memo(
        dialogue_id=dialogue.pk, point="mandate", user=cast.official, data={"summary": "A"}
    )
    with pytest.raises(Conflict):
        update_case_memo(
            dialogue_id=dialogue.pk,
            point="mandate",
            user=cast.official,
            data={"summary": "B"},
            expected_updated_at=opened,
        )
    assert CaseMemo.objects.get(pk=memo.pk).summary == "A"


def test_the_final_memo_does_not_take_the_proposals_fields(cast, dialogue):
    with pytest.raises(ValueError):
        update_case_memo(
            dialogue_id=dialogue.pk, point="final", user=cast.official, data={"economy": "x"}
        )


def test_minorities_concerned_needs_the_consultation_described(cast, dialogue):
    with pytest.raises(ValidationError) as invalid:
        update_case_memo(
            dialogue_id=dialogue.pk,
            point="mandate",
            user=cast.official,
            data={"minorities_concerned": True, "minorities": ""},
        )
    assert "minorities" in invalid.value.error_dict
    assert CaseMemo.objects.get(dialogue=dialogue, point="mandate").minorities_concerned is False


def test_a_submitted_memo_is_frozen_until_a_return(cast, dialogue):
    submit_for_mandate(dialogue, cast.official)
    with pytest.raises(ConditionsUnmet):
        update_case_memo(
            dialogue_id=dialogue.pk, point="mandate", user=cast.official, data={"summary": "x"}
        )
    # The launch's memo is still being written.
    update_case_memo(
        dialogue_id=dialogue.pk, point="launch", user=cast.official, data={"summary": "y"}
    )
    # Returned for revision (the state as the return leaves it): editable again, and the
    # next submission freezes version 2.
    returned = put_in_state(dialogue, State.INITIATIVE)
    update_case_memo(
        dialogue_id=returned.pk, point="mandate", user=cast.official, data={"summary": "Ny."}
    )
    submit_for_mandate(returned, cast.official)
    versions = CaseMemoVersion.objects.filter(dialogue=dialogue, point="mandate")
    assert list(versions.values_list("number", flat=True)) == [1, 2]
    assert versions.last().content["memo"]["summary"] == "Ny."


# -- The pages ---------------------------------------------------------------------------


def test_the_dialogue_page_links_to_each_memo(client, cast, dialogue):
    page = html(login(client, cast.official).get(dialogue.get_absolute_url()))
    assert 'id="case-memos"' in page
    for point in DecisionPoint.values:
        assert reverse("dialog:edit_case_memo", args=[dialogue.pk, point]) in page


def test_the_form_saves_and_keeps_the_text_on_a_conflict(client, cast, dialogue):
    url = reverse("dialog:edit_case_memo", args=[dialogue.pk, "mandate"])
    login(client, cast.official)
    form = client.get(url).context["form"]
    assert "proposed_decisions" in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    data["minorities_concerned"] = "no"
    data["summary"] = "Sammanfattning från formuläret."
    response = client.post(url, data)
    assert response.status_code == 302
    assert CaseMemo.objects.get(dialogue=dialogue, point="mandate").summary == data["summary"]
    # The same, stale version again: refused, the typed text kept.
    data["summary"] = "Min text."
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Min text." in html(response)


def test_the_final_form_leaves_the_proposals_fields_out(client, cast, dialogue):
    url = reverse("dialog:edit_case_memo", args=[dialogue.pk, "final"])
    form = login(client, cast.official).get(url).context["form"]
    assert "economy" not in form.fields and "proposed_decisions" not in form.fields
    assert "assessment" in form.fields


def test_the_pages_refuse_others_and_frozen_memos(client, cast, dialogue):
    url = reverse("dialog:edit_case_memo", args=[dialogue.pk, "mandate"])
    assert login(client, cast.politician).get(url).status_code == 403
    assert (
        login(client, cast.official)
        .get(reverse("dialog:edit_case_memo", args=[dialogue.pk, "other"]))
        .status_code
        == 404
    )
    submit_for_mandate(dialogue, cast.official)
    response = login(client, cast.official).get(url)
    assert response.status_code == 409
    assert 'id="frozen"' in html(response)


def test_every_demo_submission_has_its_frozen_memo(demo):
    from dialog.models import Dialogue, TransitionLog

    submissions = {
        "submit_for_mandate": "mandate",
        "submit_for_launch": "launch",
        "submit_for_decision": "final",
    }
    checked = 0
    for dialogue in Dialogue.objects.all():
        for name, point in submissions.items():
            if TransitionLog.objects.filter(dialogue=dialogue, transition=name).exists():
                version = CaseMemoVersion.objects.filter(dialogue=dialogue, point=point).last()
                assert version is not None, (dialogue.title, point)
                assert version.content["memo"]["assessment"], (dialogue.title, point)
                assert version.content["document"]["summary"], (dialogue.title, point)
                checked += 1
    assert checked >= 10
