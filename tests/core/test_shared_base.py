"""The shared base: refusals() maps a service's refusals, require() asks the rules only."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from core.errors import ActionRefused, ConditionsUnmet, Conflict, PermissionRefused
from core.people import person_label
from core.permissions import can, denied_reason, require
from core.views import permission_denied, refusals


class NoteForm(forms.Form):
    text = forms.CharField()


def bound_form():
    form = NoteForm({"text": "what the user typed"})
    assert form.is_valid()
    return form


def test_validation_error_goes_on_the_fields_and_keeps_the_text():
    form = bound_form()
    with refusals(form, aliases={"comment": "text"}) as attempt:
        raise ValidationError({"comment": "Too short.", "other": "On top."})
    assert attempt.failed and attempt.status == 400
    assert form.errors["text"] == ["Too short."]
    assert form.non_field_errors() == ["On top."]
    assert form["text"].value() == "what the user typed"


@pytest.mark.parametrize(
    ("error", "attribute", "status"),
    [
        (Conflict, "conflict", 409),
        (ConditionsUnmet, "missing", 409),
        (ActionRefused, "refused", 400),
    ],
)
def test_refusals_are_kept_with_their_status(error, attribute, status):
    with refusals(bound_form()) as attempt:
        raise error(["First.", "Second."])
    assert getattr(attempt, attribute) == ["First.", "Second."]
    assert attempt.reasons == ["First.", "Second."]
    assert attempt.status == status


def test_a_permission_refusal_passes_through_as_a_403():
    with pytest.raises(PermissionDenied), refusals(bound_form()):
        raise PermissionRefused("No.")


def test_the_block_runs_to_its_end_when_nothing_is_refused():
    form = NoteForm({})
    with refusals(form) as attempt:
        pass
    assert not attempt.failed
    assert attempt.status == 400  # the bound form has errors of its own


def test_other_errors_are_not_swallowed():
    with pytest.raises(KeyError), refusals(bound_form()):
        raise KeyError("x")


def test_the_403_page_shows_every_reason(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionRefused(["One reason.", "Another."]))
    assert response.status_code == 403
    assert b"One reason." in response.content and b"Another." in response.content


@pytest.mark.django_db
def test_require_asks_the_rules_only_and_names_the_apps_reason():
    superuser = get_user_model().objects.create_superuser("root", password="x")
    assert superuser.has_perm("governance.view_document")  # Django's pass ...
    assert not can(superuser, "governance.view_document")  # ... is not ours
    with pytest.raises(PermissionRefused) as refusal:
        require(superuser, "governance.view_document")
    assert str(refusal.value) == denied_reason("governance.view_document")
    assert "registret" in denied_reason("governance.view_document")  # governance.rules


def test_person_label():
    user = get_user_model()(username="anna", first_name="Anna", last_name="Berg")
    assert person_label(user) == "Anna Berg"
    assert person_label(get_user_model()(username="anna")) == "anna"
    assert person_label(None, nobody="Someone else") == "Someone else"
