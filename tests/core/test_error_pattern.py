"""The GOV.UK error pattern on the form pages (issue 14): the title says "Error: " first, the
summary takes the focus and links each message to its field's input, every required message
names its field, and optional fields are marked instead of required ones."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.forms import ChooseLabelMixin, RequiredMessagesMixin, required_message
from tests.helpers import element, has, html, login, parse

pytestmark = pytest.mark.django_db


class Example(RequiredMessagesMixin, forms.Form):
    title = forms.CharField(label="Title")
    body = forms.ChoiceField(label="Deciding body", choices=[("", "-"), ("ks", "KS")])
    kinds = forms.MultipleChoiceField(
        label="Kinds", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="Note", required=False)
    agreed = forms.BooleanField(label="I agree", required=False)
    reason = forms.CharField(label="Reason", error_messages={"required": "Give one."})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def test_required_messages_name_the_field_and_what_to_do():
    with translation.override("en"):
        form = Example(data={})
        assert not form.is_valid()
        assert form.errors["title"] == ["Fill in title"]
        assert form.errors["body"] == ["Choose deciding body"]
        assert form.errors["kinds"] == ["Choose kinds"]
        assert form.errors["reason"] == ["Give one."]  # a form's own message is kept
        assert "note" not in form.errors


def test_a_field_made_required_after_init_gets_the_message_too():
    class Late(ChooseLabelMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["place"] = forms.CharField(label="Place")

    with translation.override("en"):
        assert Late(data={}).errors["place"] == ["Fill in place"]


def test_an_abbreviation_keeps_its_capitals():
    with translation.override("en"):
        assert str(required_message(forms.CharField(label="KPR"), "kpr")) == "Fill in KPR"


def test_swedish_messages_once_merged():
    # The lead merges the PO fragments at the end: accept either language until then.
    with translation.override("sv"):
        message = str(required_message(forms.CharField(label="Titel"), "title"))
    assert message in ("Fyll i titel", "Fill in titel")


def _render(form, title_source="{% load form_tags %}{% error_prefix %}Page"):
    fields = Template("{% include 'partials/form_fields.html' %}").render(Context({"form": form}))
    title = Template(title_source).render(Context({"form": form}))
    return title, fields


def test_the_summary_links_each_message_to_its_input_and_takes_the_focus():
    with translation.override("en"):
        title, page = _render(Example(data={"title": ""}))
    assert title == "Error: Page"
    summary = element(page, "[data-error-summary]")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    links = {a["href"]: a.get_text() for a in summary.select("a")}
    assert links["#id_title"] == "Fill in title"
    assert links["#id_body"] == "Choose deciding body"
    # A group of check boxes: the link leads to its first box.
    assert links["#id_kinds_0"] == "Choose kinds"
    soup = parse(page)
    for target in links:
        assert soup.select_one(target) is not None, target
    # The message that does not name its field is prefixed with the label.
    assert links["#id_reason"] == "Reason: Give one."
    assert summary.find_next("script")["src"].endswith("js/error-summary.js")


def test_no_summary_and_no_prefix_without_errors():
    with translation.override("en"):
        title, page = _render(Example())
        unbound_title, _ = _render(
            Example(data={"title": "x", "body": "ks", "kinds": ["a"], "reason": "y"})
        )
    assert title == "Page" and unbound_title == "Page"
    assert not has(page, "[data-error-summary]")


def test_optional_fields_are_marked_required_ones_are_not():
    with translation.override("en"):
        _, page = _render(Example())
    soup = parse(page)
    assert soup.select_one("label[for=id_note]").get_text(strip=True) == "Note (optional)"
    assert soup.select_one("label[for=id_title]").get_text(strip=True) == "Title"
    # A single check box is a choice in itself: not marked.
    assert "(optional)" not in soup.select_one("label[for=id_agreed]").get_text()


def test_a_failed_create_says_error_in_the_title_and_names_the_fields(client, cast):
    login(client, cast.official)
    with translation.override("en"):
        # A browser always sends something (the CSRF token at least): an empty POST is unbound.
        response = client.post(reverse("dialog:create"), {"title": ""})
    assert response.status_code == 400
    page = html(response)
    title = parse(page).title.get_text()
    assert title.startswith(("Fel: ", "Error: "))
    entries = [a.get_text() for a in element(page, "[data-error-summary]").select("a")]
    assert entries
    generic = ("This field is required.", "Detta fält måste fyllas i.")
    assert not any(e.endswith(generic) for e in entries)
