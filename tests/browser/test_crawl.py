"""Every page a demo person of each role can reach, crawled in Chromium (issue 14).

One demo municipality for the whole module; for each role (official, editing official,
politician, clerk, anonymous, and the administrator for the menu's links) the crawl starts at the
root and follows the same-origin GET links the pages show. At most three pages per URL name are
rendered and checked, over all roles (the editing official crawls first: most pages are theirs);
past that, each role still fetches its first link to the URL name, so that a link one role is
shown but may not follow (a 403) is found, and the crawl goes on from it. Each checked page is
checked at 1366 px and again at 320 px:

- axe-core finds no WCAG 2.1 AA violation (tags wcag2a, wcag2aa, wcag21a, wcag21aa);
- the page is not wider than the screen (WCAG 1.4.10, reflow);
- the console shows no error (a Content-Security-Policy violation or a failed load included);
- no link the page showed answers 4xx (downloads such as PDFs are fetched, not rendered, and
  their status counts).

Everything found is collected and reported at once, so one run lists all that is wrong.
CRAWL_LOG=<file> writes each page and problem as they come (to follow a long run).

Measured (issue 14): about 125 pages checked; 448 s on SQLite and 466 s on PostgreSQL on the
shared two-core machine at a load average of about 14 (two crawls and other test runs at once),
so the time alone cannot be read off these numbers.

The second test measures the step bar at ten screen widths and zooms.
"""

import os
import re
import time
from collections import defaultdict, deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

from dialog.management.commands.load_demo import ADMIN_USERNAME, DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
WIDTHS = (1366, 320)
PAGES_PER_URL_NAME = int(os.environ.get("CRAWL_PAGES_PER_URL_NAME", "3"))
DASHES = "---------"

# One demo person of each role (dialog/management/commands/load_demo.py's PEOPLE).
# The editing official first: the most pages are theirs.
ROLES = {
    # The responsible official of several dialogues: edits them.
    "editing official": "mikael.eriksson",
    # An official responsible for no dialogue (the head of the executive board's
    # administration): reads.
    "official": "annika.strom",
    # The chair of the executive board (and its working committee).
    "politician": "maria.holm",
    # The executive board's and the council's committee secretary and registrar.
    "clerk": "ingrid.sjoberg",
    # Django's administrator (staff, superuser): the menu's link to the site administration.
    "administrator": ADMIN_USERNAME,
    "anonymous": None,
}

# Where a link leads somewhere the crawl must not go: logging out (a POST form anyway), the
# language switch (a POST), and Django's own site administration (not our pages; only its
# first page's status is checked).
NOT_FOLLOWED = ("/logga-ut/", "/i18n/")
STATUS_ONLY = ("/admin/",)

# Known exceptions: (problem kind or axe rule id, text in the place or the detail, reason).
# Keep this list short and give each a reason; an entry that no longer matches anything fails
# the test, so that it is removed once the page is fixed.
KNOWN: list[tuple[str, str, str]] = []

LOG = open(os.environ["CRAWL_LOG"], "a") if os.environ.get("CRAWL_LOG") else None  # noqa: SIM115

AXE_SOURCE = Axe().axe_script

CONSOLE_LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def _url_name(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return f"<unresolved {path}>"
    return match.view_name


class Crawl:
    def __init__(self, browser, base_url, role, username):
        self.role = role
        self.base = base_url.rstrip("/")
        self.origin = urlsplit(self.base).netloc
        self.context = browser.new_context(
            base_url=self.base, locale="sv-SE", viewport={"width": WIDTHS[0], "height": 900}
        )
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
        self.page.add_init_script(CONSOLE_LISTEN)
        self.console = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))
        self.username = username
        self.problems = []
        self.visited = []  # (path, url name)
        self.seen = set()

    def _console(self, message):
        if message.type == "error":
            self.console.append(f"{message.text} ({message.location.get('url', '')})")

    def problem(self, where, kind, detail):
        self.problems.append((self.role, where, kind, detail))
        if LOG:
            LOG.write(f"PROBLEM {self.role} | {where} | {kind} | {detail}\n")
            LOG.flush()

    def log_in(self):
        if not self.username:
            return
        self.page.goto("/logga-in/")
        self.page.fill("input[name=username]", self.username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("main form[action='/logga-in/'] button[type=submit]")
        self.page.wait_for_load_state("load")
        assert "/logga-in/" not in self.page.url, f"{self.role} could not log in"

    def _same_origin_path(self, href):
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or parts.netloc != self.origin:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def links(self):
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        found = []
        for href in hrefs:
            path = self._same_origin_path(href)
            if path is not None and not path.startswith(NOT_FOLLOWED):
                found.append(path)
        return found

    def check_status(self, path, source):
        response = self.context.request.get(path, max_redirects=5)
        if response.status >= 400:
            self.problem(source, f"link answers {response.status}", path)
        return response

    def check_page(self, path, name):
        self.page.evaluate(AXE_SOURCE)  # once a page; run at each width
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            results = self.page.evaluate("options => axe.run(document, options)", WCAG_21_AA)
            for violation in results["violations"]:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
                self.problem(f"{path} [{name}] @{width}", violation["id"], "; ".join(targets))
            wide = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if wide[0] > wide[1]:
                widest = self.page.evaluate(WIDEST)
                where = f"{path} [{name}] @{width}"
                self.problem(where, "wider than the screen", f"{wide} {widest}")
        self.page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    def run(self, start, visits):
        """Crawl from `start`. `visits` counts the pages checked per URL name over all roles:
        past PAGES_PER_URL_NAME, a role's first link to that URL name is still fetched (its
        answer counts, and the links on it are followed), but not rendered and checked again."""
        self.log_in()
        queue = deque((path, "(start)") for path in start)
        names = set()
        while queue:
            path, source = queue.popleft()
            if path in self.seen:
                continue
            self.seen.add(path)
            name = _url_name(urlsplit(path).path)
            if path.startswith(STATUS_ONLY):
                self.check_status(path, source)
            elif source == "(start)" or visits[name] < PAGES_PER_URL_NAME:
                visits[name] += 1
                names.add(name)
                self.visit(path, name, source, queue)
            elif name not in names:
                names.add(name)
                response = self.check_status(path, source)
                if response.ok and response.headers.get("content-type", "").startswith("text/html"):
                    queue.extend((link, path) for link in self.links_in(response.text()))
        self.context.close()

    def visit(self, path, name, source, queue):
        self.console.clear()
        try:
            response = self.page.goto(path, wait_until="load")
        except Exception as error:  # noqa: BLE001 - a download is not a page
            if "Download is starting" not in str(error):
                raise
            self.check_status(path, source)
            return
        if response is None:
            return
        if response.status >= 400:
            self.problem(source, f"link answers {response.status}", path)
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        final = self._same_origin_path(self.page.url) or path
        self.visited.append((final, name))
        loaded = time.monotonic()
        self.check_page(final, name)
        if LOG:
            LOG.write(f"{self.role} {name} {final} checked in {time.monotonic() - loaded:.1f}s\n")
            LOG.flush()
        for entry in self.page.evaluate("window.__csp || []"):
            self.problem(final, "CSP violation", entry)
        for entry in self.console:
            self.problem(final, "console error", entry)
        for option in self.page.eval_on_selector_all(
            "select option", "options => options.map(o => o.textContent.trim())"
        ):
            if option == DASHES:
                self.problem(final, "empty choice reads ---------", "select option")
                break
        queue.extend((link, final) for link in self.links())

    def links_in(self, html):
        hrefs = re.findall(r'<a\b[^>]*?\bhref="([^"]*)"', html)
        found = []
        for href in hrefs:
            path = self._same_origin_path(urljoin(self.base + "/", unescape(href)))
            if path is not None and not path.startswith(NOT_FOLLOWED):
                found.append(path)
        return found


# The element that sticks out furthest to the right, for the report.
WIDEST = """
(() => {
  let widest = null, right = window.innerWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right + 1) { right = r; widest = el; }
  }
  if (!widest) return null;
  const id = widest.id ? '#' + widest.id : '';
  const cls = widest.className && widest.className.baseVal === undefined
    ? '.' + String(widest.className).trim().split(/\\s+/).join('.') : '';
  return `${widest.tagName.toLowerCase()}${id}${cls} right=${Math.round(right)}`;
})()
"""


def test_every_role_crawls_without_violations(browser, live_server, demo):
    usernames = [username for username in ROLES.values() if username]
    assert get_user_model().objects.filter(username__in=usernames).count() == len(usernames)
    started = time.monotonic()
    problems, counts, visits = [], {}, defaultdict(int)
    for role, username in ROLES.items():
        crawl = Crawl(browser, live_server.url, role, username)
        crawl.run(["/"] if username else ["/", "/medborgare/", "/logga-in/"], visits)
        problems += crawl.problems
        counts[role] = len(crawl.visited)
    elapsed = time.monotonic() - started
    print(f"crawl: {counts} pages in {elapsed:.0f} s")
    unused = [known for known in KNOWN if not any(_matches(known, problem) for problem in problems)]
    problems = [p for p in problems if not any(_matches(known, p) for known in KNOWN)]
    report = "\n".join(" | ".join(problem) for problem in problems)
    assert not problems, f"{len(problems)} problems:\n{report}"
    assert not unused, f"known exceptions no longer seen (remove them): {unused}"


def _matches(known, problem) -> bool:
    kind, text, _reason = known
    _role, where, found, detail = problem
    return kind == found and (text in where or text in detail)


# -- The step bar at every width and at 200% zoom ------------------------------------------------

# Each label inside its box, no word broken across lines (a word of one text node drawn in more
# than one box), measured with every step drawn as the current one (bold: the widest).
STEP_LABELS = """
(() => {
  const found = [];
  for (const step of document.querySelectorAll('.stepper__step')) {
    step.classList.add('stepper__step--current');
    const box = step.getBoundingClientRect();
    const label = step.querySelector('.stepper__label');
    const r = label.getBoundingClientRect();
    const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5
      && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5
      && label.scrollWidth <= label.clientWidth + 1;
    const text = label.firstChild;
    let broken = [];
    const re = /\\S+/g; let m;
    while (text && (m = re.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
    found.push({label: label.textContent.trim(), inside, broken, width: Math.round(box.width)});
  }
  return found;
})()
"""

# (viewport width, zoom): 200% zoom halves the CSS pixels a screen has.
SCREENS = [(320, 1), (375, 1), (768, 1), (1024, 1), (1280, 1), (1366, 1), (1920, 1)] + [
    (1280, 2),
    (1366, 2),
    (1920, 2),
]


def test_the_step_bar_fits_its_labels_at_every_width_and_zoom(page, login):
    from dialog.models import State
    from tests.factories import Cast, make_dialogue, put_in_state

    cast = Cast()
    dialogue = put_in_state(make_dialogue(cast), State.COMPILATION)
    login(cast.official)
    misfits = []
    for width, zoom in SCREENS:
        page.set_viewport_size({"width": width // zoom, "height": 900 // zoom})
        page.goto(dialogue.get_absolute_url())
        steps = page.evaluate(STEP_LABELS)
        assert len(steps) == 9
        misfits += [(width, zoom, step) for step in steps if not step["inside"] or step["broken"]]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not misfits, misfits
