"""The internal pages' frame (issue 14): the menu built from the same permissions as its views,
the footer, the favicon, the yearly follow-up on the dashboards, and "Välj …" for the empty
choice of every select."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from core.forms import EMPTY_LABEL, ChooseLabelMixin, choose_label
from tests.factories import make_superuser
from tests.helpers import element, links, login, parse

pytestmark = pytest.mark.django_db

DASHES = "---------"
OUR_APPS = ("core", "roles", "governance", "dialog", "reports", "participation")


# -- The menu ---------------------------------------------------------------------------------


@pytest.fixture
def people(cast):
    return {**cast.everyone(), "administrator": make_superuser(username="admin")}


@pytest.mark.parametrize("who", ["official", "politician", "clerk", "outsider", "administrator"])
def test_no_menu_link_answers_403(client, people, who):
    login(client, people[who])
    page = client.get(reverse("dialog:dashboard"))
    assert page.status_code == 200
    menu = links(page, ".site-nav a[href]")
    assert menu, who
    # Only items in the menu's list: no stray text from the template's tags.
    listed = element(page, ".site-nav ul")
    assert {child.name for child in listed.find_all(recursive=False)} == {"li"}
    assert not "".join(listed.find_all(string=True, recursive=False)).strip()
    for href in menu:
        assert client.get(href).status_code == 200, (who, href)


def test_the_menu_does_not_overwrite_a_page_s_own_permissions(client, cast):
    # The menu asks whether the person may add a dialogue; the meetings page whether they may
    # add a meeting. An official may do the first only, and sees no link to a meeting form.
    login(client, cast.official)
    page = client.get(reverse("dialog:meetings"))
    assert reverse("dialog:create") in links(page, ".site-nav a[href]")
    assert reverse("dialog:meeting_create") not in links(page)
    assert client.get(reverse("dialog:meeting_create")).status_code == 403


def test_the_administrator_without_a_role_sees_no_link_to_the_dialogue_list(client, people):
    # The list needs dialog.view_dialogue (a role in a body); the superuser has none.
    login(client, people["administrator"])
    assert client.get(reverse("dialog:list")).status_code == 403
    menu = links(client.get("/"), ".site-nav a[href]")
    assert reverse("dialog:list") not in menu
    assert reverse("admin:index") in menu


@override_settings(ADMIN_ALLOWED_NETWORKS=["192.0.2.0/24"])
def test_no_administration_link_from_outside_the_allowed_networks(client, people):
    login(client, people["administrator"])
    assert client.get(reverse("admin:index")).status_code == 403
    assert reverse("admin:index") not in links(client.get("/"), ".site-nav a[href]")


def test_staff_member_sees_the_administration_link_only_when_active_staff(client, cast):
    cast.official.is_staff = True
    cast.official.save()
    login(client, cast.official)
    assert reverse("admin:index") in links(client.get("/"), ".site-nav a[href]")
    cast.official.is_staff = False
    cast.official.save()
    assert reverse("admin:index") not in links(client.get("/"), ".site-nav a[href]")


# -- The footer, the help page and the favicon -----------------------------------------------------


@override_settings(PUBLIC_CONTACT_EMAIL="dialog@exempelby.se")
def test_the_footer_links_the_accessibility_statement_help_and_contact(client, cast):
    for page in (client.get(reverse("login")), login(client, cast.official).get("/")):
        footer = links(page, ".site-footer a[href]")
        assert reverse("public:accessibility") in footer
        assert reverse("help") in footer
        assert "mailto:dialog@exempelby.se" in footer


def test_the_help_page_answers_before_logging_in(client):
    page = client.get(reverse("help"))
    assert page.status_code == 200
    assert len(parse(page).select("h1")) == 1


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.svg")
    assert finders.find("favicon.svg")
    for page in (client.get(reverse("login")), client.get(reverse("public:start"))):
        icon = element(page, "link[rel=icon]")
        assert icon["href"] == static("favicon.svg")


# -- The yearly follow-up on the dashboards ----------------------------------------------------


@pytest.mark.parametrize("who", ["politician", "clerk"])
def test_the_dashboard_links_the_yearly_follow_up(client, cast, who):
    login(client, getattr(cast, who))
    page = client.get("/")
    assert reverse("reports:follow_up") in links(page, "#follow-up a[href]")
    assert client.get(reverse("reports:follow_up")).status_code == 200


def test_no_follow_up_link_for_a_person_without_a_role(client, cast):
    page = login(client, cast.outsider).get("/")
    assert reverse("reports:follow_up") not in links(page)


# -- "Välj …" ----------------------------------------------------------------------------------


def _our_classes(base):
    """Every class derived from `base` defined in our apps' modules (the admin's excluded)."""
    found = {}
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(part in module.name for part in (".migrations", ".management", ".admin")):
                continue
            loaded = importlib.import_module(module.name)
            for name, obj in vars(loaded).items():
                ours = inspect.isclass(obj) and obj.__module__ == loaded.__name__
                if ours and issubclass(obj, base):
                    found[f"{obj.__module__}.{name}"] = obj
    return found


def test_every_form_of_ours_says_choose_for_its_empty_choice():
    classes = _our_classes(forms.BaseForm)
    assert len(classes) > 30
    plain = [name for name, cls in classes.items() if not issubclass(cls, ChooseLabelMixin)]
    # The steering documents the decision changes: a multiple select, no empty choice.
    assert plain == ["dialog.forms.case.ChangedDocumentsForm"]


def test_every_filter_of_ours_has_no_dashes(dialogue):
    import django_filters

    from roles.models import Body

    filtersets = _our_classes(django_filters.FilterSet)
    assert len(filtersets) >= 4
    for name, cls in filtersets.items():
        extra = {"dialogue": dialogue} if "dialogue" in inspect.signature(cls).parameters else {}
        form = cls(None, Body.objects.none(), **extra).form
        assert DASHES not in str(form), name


def test_choose_label_on_each_kind_of_select():
    from dialog.models import Method
    from participation.online_forms import QuestionForm

    class Plain(ChooseLabelMixin, forms.Form):
        method = forms.ModelChoiceField(queryset=Method.objects.all(), required=False)
        kind = forms.ChoiceField(choices=[("", DASHES), ("a", "A")], required=False)
        own = forms.ModelChoiceField(queryset=Method.objects.all(), empty_label="Alla")

    with translation.override("en"):
        rendered = str(Plain())
        assert DASHES not in rendered
        assert rendered.count(str(EMPTY_LABEL)) == 2
        assert "Alla" in rendered
        # A model form's choices field without a default (a question's kind).
        question = str(QuestionForm())
        assert DASHES in str(forms.modelform_factory(QuestionForm._meta.model, fields=["kind"])())
        assert DASHES not in question and str(EMPTY_LABEL) in question


def test_a_field_a_form_adds_after_init_is_covered_when_rendered():
    from dialog.models import Method

    class Late(ChooseLabelMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["method"] = forms.ModelChoiceField(queryset=Method.objects.all())

    assert DASHES not in str(Late())
    field = forms.ModelChoiceField(queryset=Method.objects.all())
    choose_label(field)
    choose_label(field)  # twice changes nothing
    assert field.empty_label == EMPTY_LABEL
