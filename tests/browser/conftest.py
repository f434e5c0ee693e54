"""Real Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import os
import shutil
import tempfile

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make to
# set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _seed_catalogue(sender, app_config=None, using="default", apps=None, **kwargs):
    """Put back the catalogue the data migrations seed (methods, document types) after a flush.

    A transactional test's teardown flushes every table and then sends post_migrate, which is how
    Django puts the content types and permissions back; the seeded rows would stay gone, and a
    later test that needs them (the walk chooses a method) would fail depending on the order.
    The migrations' own functions are run, with update_or_create, so this is idempotent."""
    from importlib import import_module

    from django.apps import apps as global_apps

    label = getattr(app_config, "label", None)
    if using != "default" or label not in {"dialog", "governance"}:
        return
    apps = apps or global_apps  # migrate passes its state's apps, flush none
    if label == "dialog":
        import_module("dialog.migrations.0004_method_catalogue").add_methods(apps, None)
    else:
        import_module("governance.migrations.0002_seed_document_types").seed(apps, None)
        import_module("governance.migrations.0011_document_types").add_missing_types(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _catalogue_after_flush():
    """Every flush during the browser tests is followed by the migrations' seed data."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(_seed_catalogue, dispatch_uid="tests.browser.seed_catalogue")
    yield
    post_migrate.disconnect(dispatch_uid="tests.browser.seed_catalogue")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs it.")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="delaktig-chromium-")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real form; returns a function so a test can switch users."""

    def _login(user, password="test-password-123"):
        # Leave the page first: a request it still has in flight could otherwise set a new CSRF
        # cookie after the clearing, and the login form's token would then be refused.
        page.goto("about:blank")
        page.context.clear_cookies()
        page.goto("/logga-in/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("main form[action='/logga-in/'] button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login
