"""The whole nine-step walk clicked through in Chromium by an official, a politician and a clerk."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from dialog.models import Decision, Dialogue, State, TransitionLog
from roles.models import Body, Membership
from tests.factories import INITIATIVE, MANDATE, make_body, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    ks = make_body("KS", name="Kommunstyrelsen", kind=Body.Kind.EXECUTIVE_BOARD)
    return {
        "body": ks,
        "official": make_member(ks, Membership.Role.OFFICIAL, "olga", first_name="Olga"),
        "politician": make_member(ks, Membership.Role.CHAIR, "per", first_name="Per"),
        "clerk": make_member(ks, Membership.Role.CLERK, "karin", first_name="Karin"),
    }


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


def _record_decision(page, dialogue_id, name, *, text, paragraph=None):
    _click_action(page, dialogue_id, name)
    if paragraph is not None:
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

    _click_action(page, dialogue_id, "submit_for_mandate")
    assert _state(dialogue_id) == State.MANDATE_DECISION

    # 2. The clerk registers the case; the number appears on the page.
    login(clerk)
    _open(page, dialogue_id)
    page.click("#register-case")
    page.wait_for_load_state("load")
    case_number = Dialogue.objects.get(pk=dialogue_id).case_number
    assert re.fullmatch(r"KS \d{4}/1", case_number)
    assert case_number in page.content()

    # The politician approves the mandate in the app.
    login(politician)
    _record_decision(
        page, dialogue_id, "approve_mandate", text="Uppdraget godkänns enligt förslaget."
    )
    assert _state(dialogue_id) == State.PLANNING

    # 3-4. The official submits the plan; the clerk records the launch from the minutes.
    login(official)
    _click_action(page, dialogue_id, "submit_for_launch")
    assert _state(dialogue_id) == State.LAUNCH_DECISION

    login(clerk)
    _record_decision(
        page, dialogue_id, "approve_launch", text="Dialogen får genomföras.", paragraph="113"
    )
    assert _state(dialogue_id) == State.EXECUTION

    # 5-8. The official carries the dialogue through execution to the proposal.
    login(official)
    for name, state in [
        ("start_compilation", State.COMPILATION),
        ("present_results", State.FEEDBACK),
        ("start_processing", State.PROCESSING),
        ("submit_for_decision", State.DECISION),
    ]:
        _click_action(page, dialogue_id, name)
        assert _state(dialogue_id) == state, name

    # 9. The politician records the final decision; the official closes the dialogue.
    login(politician)
    _record_decision(page, dialogue_id, "decide", text="Åtgärderna i förslaget genomförs.")
    assert _state(dialogue_id) == State.DECISION

    login(official)
    _click_action(page, dialogue_id, "close")
    assert _state(dialogue_id) == State.CLOSED

    decisions = Decision.objects.filter(dialogue_id=dialogue_id)
    assert sorted(decisions.values_list("point", flat=True)) == ["final", "launch", "mandate"]
    assert decisions.get(point="launch").paragraph == "113"
    assert decisions.get(point="launch").source == Decision.Source.MINUTES
    assert decisions.get(point="mandate").source == Decision.Source.APPROVAL
    assert TransitionLog.objects.filter(dialogue_id=dialogue_id).count() == 10

    # The timeline shows every step, and the decisions table the paragraph.
    _open(page, dialogue_id)
    assert "§ 113" in page.content()
    _no_serious_axe_violations(page)


def test_unavailable_action_shows_its_reason(page, login, people):
    """A politician looking at a dialogue still at the initiative sees why they cannot act."""
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
    reason = denied_reason("dialog.submit_for_mandate", dialogue)
    assert reason in page.locator("#actions").inner_text()


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
        page.wait_for_function(
            "() => !document.body.innerText.includes('Nytt bibliotek i Centrum')"
        )
        assert "Mötesplatser för unga" in page.content()
        assert "state=planning" in page.url
        context.close()
