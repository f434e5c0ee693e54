"""Every page satisfies the Content-Security-Policy: Chromium reports no violation on the main
pages as each role sees them (issue 8).

The file's name sorts after test_dialogue_walk.py on purpose: a transactional test's flush
removes the catalogue the migrations seed, which the walk needs (serialized_rollback cannot help:
its restore collides with the content types the flush recreates).
"""

from datetime import date

import pytest

from dialog.models import DecisionPoint, State
from governance import services as governance_services
from governance.models import DocumentType
from tests.factories import (
    Cast,
    add_inputs,
    complete_planning,
    make_dialogue,
    make_superuser,
    put_in_state,
    record_decision,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script runs; init scripts are not themselves subject to the policy.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Violations:
    """CSP violations seen by the page, from the console and from the DOM event."""

    def __init__(self, page):
        self.page = page
        self.found = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def visit(self, path):
        response = self.page.goto(path, wait_until="load")
        assert response is not None and "default-src 'self'" in (
            response.headers.get("content-security-policy") or ""
        ), path
        self.collect()
        return response

    def collect(self):
        self.page.wait_for_load_state("load")
        for entry in self.page.evaluate("window.__csp || []"):
            self.found.append(f"{self.page.url}: {entry}")
        self.page.evaluate("window.__csp = []")


@pytest.fixture
def world(db):
    cast = Cast()
    initiative = make_dialogue(cast, title="Trygghet i centrum")
    planning = put_in_state(make_dialogue(cast, title="Nytt bibliotek"), State.PLANNING)
    complete_planning(planning)
    execution = put_in_state(make_dialogue(cast, title="Mötesplatser för unga"), State.EXECUTION)
    add_inputs(execution, 3)
    decided = put_in_state(make_dialogue(cast, title="Lekplatser"), State.DECISION)
    record_decision(decided, DecisionPoint.FINAL, by=cast.clerk, paragraph="§ 12")
    # Transactional tests flush the seeded types; the first test may still see them.
    policy, _ = DocumentType.objects.get_or_create(name="Policy", defaults={"rank": 2})
    document = governance_services.create_document(
        data={
            "title": "Policy för medborgardialog",
            "type": policy,
            "status": "adopted",
            "decision_date": date(2024, 3, 1),
            "valid_from": date(2024, 3, 15),
        },
        user=cast.official,
    )
    return {
        "cast": cast,
        "dialogues": [initiative, planning, execution, decided],
        "document": document,
        "admin": make_superuser(),
    }


def _pages_for_everyone(world):
    pages = ["/", "/dialoger/", "/styrdokument/", "/styrdokument/hierarki/"]
    pages += ["/styrdokument/att-se-over/", f"/styrdokument/{world['document'].pk}/"]
    pages += ["/rapporter/uppfoljning/", "/byt-losenord/", "/finns-inte/"]
    for dialogue in world["dialogues"]:
        pages += [f"/dialoger/{dialogue.pk}/", f"/rapporter/dialoger/{dialogue.pk}/"]
    return pages


def test_no_page_violates_the_content_security_policy(page, login, world, settings):
    cast = world["cast"]
    watch = Violations(page)
    execution = world["dialogues"][2]
    decided = world["dialogues"][3]

    # Anonymous: the log-in page, and the lock-out page after too many failures.
    watch.visit("/logga-in/")
    settings.AXES_FAILURE_LIMIT = 1
    page.fill("input[name=username]", cast.outsider.username)
    page.fill("input[name=password]", "wrong")
    page.click("main form[action='/logga-in/'] button[type=submit]")
    watch.collect()
    assert page.locator("h1").count() == 1
    settings.AXES_FAILURE_LIMIT = 20

    extra = {
        "official": [
            "/dialoger/ny/",
            f"/dialoger/{execution.pk}/synpunkter/",
            f"/dialoger/{execution.pk}/synpunkter/importera/",
        ],
        "politician": [f"/dialoger/{decided.pk}/atgard/return_proposal/"],
        "clerk": ["/styrdokument/nytt/", "/styrdokument/importera/"],
        "outsider": [f"/dialoger/{decided.pk}/"],  # the 403 page
    }
    for role, paths in extra.items():
        login(getattr(cast, role))
        watch.collect()
        for path in _pages_for_everyone(world) + paths:
            watch.visit(path)

    # htmx at work: the list filter swaps the results in without a page load.
    login(cast.official)
    watch.visit("/dialoger/")
    page.select_option("select[name=state]", State.EXECUTION.value)
    page.wait_for_function("() => document.body && !document.body.innerText.includes('Lekplatser')")
    watch.collect()

    # The administrator's site, from loopback (the allow-list's default).
    login(world["admin"])
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{cast.official.pk}/change/"):
        watch.visit(path)
        assert page.locator("#content").count() == 1, path

    assert not watch.found, "\n".join(watch.found)

    # And the watch does see a violation when there is one.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    watch.collect()
    assert watch.found
