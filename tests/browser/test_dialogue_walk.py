"""The whole nine-step walk clicked through in Chromium by an official, a politician and the
body's committee secretary (who also registers, and records the decisions from the minutes)."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from dialog.models import Activity, Decision, Dialogue, Method, State, TransitionLog
from roles.models import Body, Membership
from tests.factories import (
    EVALUATION,
    INITIATIVE,
    MANDATE,
    PROPOSAL,
    RESIDENT_FEEDBACK,
    make_body,
    make_meeting,
    make_member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    ks = make_body("KS", name="Kommunstyrelsen", kind=Body.Kind.EXECUTIVE_BOARD)
    return {
        "body": ks,
        "official": make_member(ks, Membership.Role.OFFICIAL, "olga", first_name="Olga"),
        "politician": make_member(ks, Membership.Role.CHAIR, "per", first_name="Per"),
        "clerk": _secretary_and_registrar(ks),
    }


def _secretary_and_registrar(body):
    """As the role split left every former clerk: committee secretary and registrar both."""
    from datetime import date

    karin = make_member(body, Membership.Role.SECRETARY, "karin", first_name="Karin")
    Membership.objects.create(
        person=karin, body=body, role=Membership.Role.REGISTRAR, valid_from=date(2020, 1, 1)
    )
    return karin


def _state(dialogue_id) -> str:
    return Dialogue.objects.get(pk=dialogue_id).state


def _open(page, dialogue_id):
    page.goto(f"/dialoger/{dialogue_id}/")


def _click_action(page, dialogue_id, name):
    """Press the action's button (a POST form) or follow its link to the decision form."""
    _open(page, dialogue_id)
    target = f"/dialoger/{dialogue_id}/atgard/{name}/"
    link = page.locator(f"#available a[href='{target}']")
    if link.count():
        link.click()
        page.wait_for_url(f"**{target}")
    else:
        page.locator(f"#available form[action='{target}'] button").click()
        page.wait_for_load_state("load")


def _record_decision(page, dialogue_id, name, *, text, paragraph, meeting):
    """The committee secretary records the body's decision from its meeting's minutes."""
    _click_action(page, dialogue_id, name)
    page.select_option("select[name=meeting]", str(meeting.pk))
    page.fill("input[name=paragraph]", paragraph)
    page.fill("textarea[name=text]", text)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/dialoger/{dialogue_id}/")


def _no_serious_axe_violations(page):
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, results.generate_report()


def _submit_form(page, dialogue_id):
    form_url = page.url
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(lambda url: url != form_url and f"/dialoger/{dialogue_id}/" in url)
    assert not page.locator(".error-summary").count(), page.locator("main").inner_text()


def _write_memo(page, dialogue_id, point):
    """The point's tjänsteskrivelse, as each submission needs it (issue 12)."""
    page.goto(f"/dialoger/{dialogue_id}/tjansteskrivelse/{point}/")
    _no_serious_axe_violations(page)
    page.fill("[name=summary]", "Förvaltningen föreslår att nämnden beslutar enligt förslaget.")
    page.fill("[name=assessment]", "Förvaltningen bedömer att underlaget är tillräckligt.")
    if point != "final":  # the final point's are the proposal's
        page.fill("[name=children_rights]", "Barn hörs via skolornas elevråd.")
    page.check("input[name=minorities_concerned][value=no]")
    _submit_form(page, dialogue_id)


def _fill_plan(page, dialogue_id, official):
    """An activity, the communication plan's feedback item and the final decision's date."""
    starts = timezone.localtime() + timedelta(days=14)
    _open(page, dialogue_id)
    page.click("#add-activity")
    _no_serious_axe_violations(page)
    page.fill("[name=title]", "Dialogcafé i stadshuset")
    page.select_option("select[name=method]", str(Method.objects.get(name="Dialogcafé").pk))
    page.fill("[name=starts_at]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=ends_at]", (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=place]", "Stadshuset, sal 2")
    page.fill("[name=target_groups]", "Unga 13-19 år och äldre")
    page.select_option("select[name=responsible]", str(official.pk))
    _submit_form(page, dialogue_id)

    page.click("#add-communication")
    page.fill("[name=channel]", "Kommunens webbplats")
    page.fill("[name=message]", "Vi berättar på webben vad vi hörde och vad som beslutades.")
    page.fill("[name=date]", (timezone.localdate() + timedelta(days=90)).isoformat())
    page.check("[name=tells_feedback]")
    _submit_form(page, dialogue_id)

    page.click("#add-decision-point")
    page.select_option("select[name=point]", "final")
    page.fill("[name=planned_on]", (timezone.localdate() + timedelta(days=180)).isoformat())
    _submit_form(page, dialogue_id)

    _open(page, dialogue_id)
    plan = page.locator("#planning").inner_text()
    assert "Dialogcafé i stadshuset" in plan and "Kommunens webbplats" in plan
    _no_serious_axe_violations(page)


def _fill_execution(page, dialogue_id):
    # The activity took place (now: after the launch decision, not in the future); the
    # compilation waits until every activity is held or cancelled (issue 9).
    activity = Activity.objects.get(dialogue_id=dialogue_id)
    _open(page, dialogue_id)
    page.locator(
        f"a[href='{reverse('dialog:edit_activity', args=[dialogue_id, activity.pk])}']"
    ).click()
    now = timezone.localtime()
    page.fill("[name=starts_at]", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=ends_at]", "")
    page.select_option("select[name=status]", "held")
    _submit_form(page, dialogue_id)
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.HELD

    _open(page, dialogue_id)
    page.click("#add-input")
    page.fill("[name=text]", "Bättre belysning vid busstationen.")
    page.select_option("select[name=source]", "activity")
    page.select_option("select[name=activity]", label="Dialogcafé i stadshuset")
    page.select_option("select[name=age_band]", "18-24")
    page.select_option("select[name=gender]", "woman")
    page.fill("[name=area]", "Centrum")
    _submit_form(page, dialogue_id)

    page.click("#import-inputs")
    today = timezone.localdate().isoformat()
    csv = (
        "Synpunkt;Datum;Ålder;Kön;Område;Inom syftet;Källa\n"
        f"Fler bänkar på torget;{today};65-79;kvinna;Centrum;ja;enkät\n"
        f"Snöröjningen är dålig;{today};25-44;man;Norrby;nej;enkät\n"
    )
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "enkat.csv", "mimeType": "text/csv", "buffer": csv.encode()}],
    )
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_selector("#import-preview")
    _no_serious_axe_violations(page)
    page.locator("#confirm-import button[type=submit]").click()
    page.wait_for_url(f"**/dialoger/{dialogue_id}/synpunkter/")
    assert "Snöröjningen är dålig" in page.locator("#inputs").inner_text()
    assert Dialogue.objects.get(pk=dialogue_id).inputs.count() == 3


def _fill_compilation(page, dialogue_id):
    """A theme, every input within the purpose tagged (row by row with htmx, then the whole
    page saved), and the summary."""
    _open(page, dialogue_id)
    page.click("#add-theme")
    page.fill("[name=name]", "Belysning och trygghet")
    _submit_form(page, dialogue_id)
    page.click("#tag-inputs")
    page.wait_for_selector("#tagging")
    _no_serious_axe_violations(page)
    boxes = page.locator("#tagging input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
        page.wait_for_load_state("networkidle")
    page.locator("#tagging-form button[type=submit]").click()
    page.wait_for_load_state("load")
    dialogue = Dialogue.objects.get(pk=dialogue_id)
    assert not dialogue.inputs.filter(within_purpose=True, themes__isnull=True).exists()
    _open(page, dialogue_id)
    page.click("#edit-summary")
    page.fill("[name=summary]", "Belysning och fler vuxna i rörelse var det viktigaste.")
    _submit_form(page, dialogue_id)
    assert "Belysning och trygghet" in page.locator("#compilation").inner_text()


def _fill_feedback(page, dialogue_id):
    """The presentation to the politicians and the off-topic input forwarded."""
    _open(page, dialogue_id)
    page.click("#edit-presentation")
    page.fill("[name=presented_on]", timezone.localdate().isoformat())
    page.fill("[name=notes]", "Ledamöterna frågade om kostnaden.")
    _submit_form(page, dialogue_id)
    page.click("#forwardings-link")
    page.locator(".forward-link").first.click()
    page.check("input[name=forwarded_to][value=complaints]")
    page.fill("[name=note]", "Till synpunktshanteringen, dnr 2026/88.")
    _submit_form(page, dialogue_id)
    _no_serious_axe_violations(page)


def _fill_proposal(page, dialogue_id):
    """Two numbered points (the second moved up), and the consequences."""
    _open(page, dialogue_id)
    for text in ("Fler nattvandringar stöds.", "Belysningen vid busstationen förbättras."):
        page.click("#add-point")
        page.fill("[name=text]", text)
        _submit_form(page, dialogue_id)
    page.locator("#proposal-points li").nth(1).locator("form button").click()
    page.wait_for_load_state("load")
    points = page.locator("#proposal-points li")
    assert "Belysningen" in points.nth(0).inner_text()
    page.click("#edit-proposal")
    for field, value in PROPOSAL.items():
        if field != "children_heard":
            page.fill(f"[name={field}]", value)
    page.check("input[name=children_heard][value=yes]")
    _submit_form(page, dialogue_id)


def _fill_follow_up(page, dialogue_id, official):
    """The action plan, the feedback to residents published, the evaluation done."""
    _open(page, dialogue_id)
    page.click("#add-action")
    page.fill("[name=action]", "Byt belysning vid busstationen.")
    page.select_option("select[name=responsible]", str(official.pk))
    page.fill("[name=due_on]", (timezone.localdate() + timedelta(days=120)).isoformat())
    _submit_form(page, dialogue_id)
    page.click("#edit-resident-feedback")
    for field, value in RESIDENT_FEEDBACK.items():
        page.fill(f"[name={field}]", value)
    _submit_form(page, dialogue_id)
    page.click("#publish-feedback")
    page.wait_for_load_state("load")
    page.click("#edit-evaluation")
    page.check(f"input[name=purpose_met][value={EVALUATION['purpose_met']}]")
    for field, value in EVALUATION.items():
        if field != "purpose_met":
            page.fill(f"[name={field}]", value)
    _submit_form(page, dialogue_id)
    page.click("#evaluation-done")
    page.wait_for_load_state("load")
    followup = page.locator("#followup").inner_text()
    assert "Byt belysning" in followup and RESIDENT_FEEDBACK["why"] in followup


def test_nine_steps_in_chromium(page, login, people):
    official, politician, clerk = people["official"], people["politician"], people["clerk"]

    # 1. The official proposes the dialogue.
    login(official)
    page.goto("/dialoger/ny/")
    _no_serious_axe_violations(page)
    for field in ("title", "question", "background", "why_dialogue", "future_decision"):
        page.fill(f"[name={field}]", INITIATIVE[field])
    page.check(f"input[name=participation_level][value={INITIATIVE['participation_level']}]")
    page.select_option("select[name=body]", str(people["body"].pk))
    page.select_option("select[name=responsible_official]", str(official.pk))
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/dialoger/\d+/$"))
    dialogue_id = int(re.search(r"/dialoger/(\d+)/$", page.url).group(1))
    assert page.locator("h1").inner_text().strip().endswith(INITIATIVE["title"])
    # At the initiative step the stepper marks step 1 as the current one.
    assert page.locator("[aria-current=step]").count() == 1
    _no_serious_axe_violations(page)

    # The mandate draft and the responsible politician.
    page.goto(f"/dialoger/{dialogue_id}/uppdrag/")
    for field, value in MANDATE.items():
        page.fill(f"[name={field}]", value)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/dialoger/{dialogue_id}/")
    page.goto(f"/dialoger/{dialogue_id}/ansvar/")
    page.check(f"input[name=politicians][value='{politician.pk}']")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/dialoger/{dialogue_id}/")

    _write_memo(page, dialogue_id, "mandate")
    _click_action(page, dialogue_id, "submit_for_mandate")
    assert _state(dialogue_id) == State.MANDATE_DECISION
    # The tjänsteskrivelse is frozen, dated, with the submission.
    assert "version 1" in page.locator("#case-memo-mandate").inner_text().casefold()

    # 2. The clerk registers the case; the number appears on the page.
    login(clerk)
    _open(page, dialogue_id)
    page.click("#register-case")
    page.wait_for_load_state("load")
    case_number = Dialogue.objects.get(pk=dialogue_id).case_number
    assert re.fullmatch(r"KS \d{4}/1", case_number)
    assert case_number in page.content()

    # The body decides at today's meeting; its secretary records the mandate from the minutes.
    meeting = make_meeting(Dialogue.objects.get(pk=dialogue_id).body)
    _record_decision(
        page,
        dialogue_id,
        "approve_mandate",
        text="Uppdraget godkänns enligt förslaget.",
        paragraph="112",
        meeting=meeting,
    )
    assert _state(dialogue_id) == State.PLANNING

    # 3-4. The official fills in the plan and submits it; the clerk records the launch.
    login(official)
    _fill_plan(page, dialogue_id, official)
    _write_memo(page, dialogue_id, "launch")
    _click_action(page, dialogue_id, "submit_for_launch")
    assert _state(dialogue_id) == State.LAUNCH_DECISION

    login(clerk)
    _record_decision(
        page,
        dialogue_id,
        "approve_launch",
        text="Dialogen får genomföras.",
        paragraph="113",
        meeting=meeting,
    )
    assert _state(dialogue_id) == State.EXECUTION

    # 5-8. The official registers inputs (one by hand, two by a survey import), compiles them,
    # presents them, forwards the off-topic input and writes the proposal for decision.
    login(official)
    _fill_execution(page, dialogue_id)
    for name, state, fill in [
        ("start_compilation", State.COMPILATION, _fill_compilation),
        ("present_results", State.FEEDBACK, _fill_feedback),
        ("start_processing", State.PROCESSING, _fill_proposal),
        ("submit_for_decision", State.DECISION, None),
    ]:
        if name == "submit_for_decision":
            _write_memo(page, dialogue_id, "final")
        _click_action(page, dialogue_id, name)
        assert _state(dialogue_id) == state, name
        if fill is not None:
            fill(page, dialogue_id)

    # 9. The secretary records the body's final decision; the official closes the dialogue.
    login(clerk)
    _record_decision(
        page,
        dialogue_id,
        "decide",
        text="Åtgärderna i förslaget genomförs.",
        paragraph="114",
        meeting=meeting,
    )
    assert _state(dialogue_id) == State.DECISION

    login(official)
    _fill_follow_up(page, dialogue_id, official)
    _click_action(page, dialogue_id, "close")
    assert _state(dialogue_id) == State.CLOSED

    decisions = Decision.objects.filter(dialogue_id=dialogue_id)
    assert sorted(decisions.values_list("point", flat=True)) == ["final", "launch", "mandate"]
    assert decisions.get(point="launch").paragraph == "113"
    assert {d.kind for d in decisions} == {Decision.Kind.MEETING}
    assert {d.meeting_id for d in decisions} == {meeting.pk}
    assert TransitionLog.objects.filter(dialogue_id=dialogue_id).count() == 10

    # The timeline shows every step, and the decisions table the paragraph.
    _open(page, dialogue_id)
    assert "§ 113" in page.content()
    _no_serious_axe_violations(page)


def test_actions_that_are_not_yours_are_not_listed(page, login, people):
    """A politician looking at a dialogue still at the initiative is not shown the submit action
    nor the policy sentence refusing it (issue 14); the next-step box says who acts."""
    from tests.factories import make_dialogue

    class _Cast:
        body = people["body"]
        official = people["official"]
        politician = people["politician"]

    dialogue = make_dialogue(_Cast)
    login(people["politician"])
    _open(page, dialogue.pk)
    from dialog.rules import denied_reason

    submit = f"/dialoger/{dialogue.pk}/atgard/submit_for_mandate/"
    assert page.locator(f"#available form[action='{submit}']").count() == 0
    assert page.locator(f"form[action='{submit}']").count() == 0
    reason = denied_reason("dialog.submit_for_mandate", dialogue)
    assert reason not in page.locator("main").inner_text()
    assert people["official"].get_full_name() in page.locator("#next-step-who").inner_text()


def test_list_filters_with_and_without_javascript(browser, live_server, people):
    """The state filter narrows the list in a browser with JavaScript (htmx) and without."""
    from tests.factories import make_dialogue

    class _Cast:
        body = people["body"]
        official = people["official"]
        politician = people["politician"]

    make_dialogue(_Cast, title="Nytt bibliotek i Centrum")
    other = make_dialogue(_Cast, title="Mötesplatser för unga")
    Dialogue.objects.filter(pk=other.pk).update(state=State.PLANNING)

    for js in (True, False):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=js)
        page = context.new_page()
        page.goto("/logga-in/")
        page.fill("input[name=username]", people["official"].username)
        page.fill("input[name=password]", "test-password-123")
        page.click("main form[action='/logga-in/'] button[type=submit]")
        page.wait_for_load_state("load")
        page.goto("/dialoger/")
        assert "Nytt bibliotek i Centrum" in page.content()
        page.select_option("select[name=state]", State.PLANNING.value)
        if not js:
            page.locator("form.filters button[type=submit]").click()
        # Without JavaScript the click navigates, and the new document has no body for a
        # moment: wait for the filtered page itself, not only for the old row to go.
        page.wait_for_function(
            "() => document.body && location.search.includes('state=planning')"
            " && document.body.innerText.includes('Mötesplatser för unga')"
            " && !document.body.innerText.includes('Nytt bibliotek i Centrum')"
        )
        assert "Mötesplatser för unga" in page.content()
        assert "state=planning" in page.url
        context.close()
