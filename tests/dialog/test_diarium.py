"""The diarium (issue 12): Delaktig's own series or an external diarium's numbers, which body's
diarium registers a case, the registration page, and the settings' start-up check.

Run on SQLite and on PostgreSQL (DATABASE_URL); the race for one external number needs real
concurrent transactions and runs on PostgreSQL only."""

import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dialog import diarium, services
from dialog.checks import check_diarium
from dialog.models import CaseSequence, Dialogue
from dialog.services import registration
from roles.models import Body
from tests.dialog.registrars import registrar_of, secretary_of
from tests.factories import Cast, make_body, make_dialogue
from tests.helpers import element, fresh, has, html, login, text

ROOT = Path(__file__).resolve().parents[2]

W3D3 = {
    "DIARIUM_MODE": "external",
    "DIARIUM_NAME": "W3D3",
    "DIARIUM_NUMBER_PATTERN": r"KS ?\d{4}/\d{1,5}",
    "DIARIUM_NUMBER_EXAMPLE": "KS 2017/429",
}
external = override_settings(**W3D3)


def _not_matching() -> str:
    return _(
        "This is not a case number from %(diarium)s: write it as the diarium gave it, "
        "e.g. %(example)s."
    ) % {"diarium": "W3D3", "example": "KS 2017/429"}


def _taken(number) -> str:
    return _("The case number %(number)s is already used by another dialogue.") % {"number": number}


def _field_errors(raised) -> list[str]:
    return raised.value.message_dict["number"]


# -- Delaktig's own series -------------------------------------------------------------------


def test_own_series_by_default(cast, dialogue):
    assert diarium.mode() == diarium.OWN
    registered = services.register_case(dialogue_id=dialogue.pk, user=registrar_of(cast.body))
    year = timezone.localdate().year
    assert registered.case_number == f"KS {year}/1"
    assert (registered.diarium, registered.diarium_body) == ("Delaktig", cast.body)


def test_the_councils_cases_in_the_executive_boards_series(cast):
    # KF's matters are registered in KS's diarium: KS's registrar registers them, the number
    # is KS's and comes from KS's series, shared with KS's own cases, gapless.
    council = make_body("KF", kind=Body.Kind.COUNCIL)
    council.registered_in = cast.body
    council.full_clean()
    council.save()
    councils = make_dialogue(cast, title="Fullmäktiges")
    Dialogue.objects.filter(pk=councils.pk).update(body=council)
    boards = make_dialogue(cast, title="Styrelsens")
    ks_registrar = registrar_of(cast.body)
    kf_registrar = registrar_of(council)
    year = timezone.localdate().year

    with pytest.raises(services.PermissionRefused) as refused:
        services.register_case(dialogue_id=councils.pk, user=kf_registrar)
    assert council.name not in refused.value.reasons[0]
    assert cast.body.name in refused.value.reasons[0]

    first = services.register_case(dialogue_id=councils.pk, user=ks_registrar)
    second = services.register_case(dialogue_id=boards.pk, user=ks_registrar)
    assert (first.case_number, second.case_number) == (f"KS {year}/1", f"KS {year}/2")
    assert first.diarium_body == cast.body
    assert first.body == council
    assert CaseSequence.objects.get(body=cast.body, year=year).last == 2
    assert not CaseSequence.objects.filter(body=council).exists()


def test_a_number_typed_in_the_own_series_is_refused(cast, dialogue):
    with pytest.raises(ValidationError) as raised:
        services.register_case(
            dialogue_id=dialogue.pk, user=registrar_of(cast.body), number="KS 2017/429"
        )
    assert "number" in raised.value.message_dict
    assert fresh(dialogue).case_number is None


def test_where_a_body_registers_is_checked(cast):
    council = make_body("KF", kind=Body.Kind.COUNCIL)
    council.registered_in = council
    with pytest.raises(ValidationError) as raised:
        council.full_clean()
    assert "registered_in" in raised.value.message_dict

    # One step only: a body registered elsewhere keeps no diarium for others ...
    council.registered_in = cast.body
    council.save()
    committee = make_body("BUN", kind=Body.Kind.COMMITTEE)
    committee.registered_in = council
    with pytest.raises(ValidationError) as raised:
        committee.full_clean()
    assert "registered_in" in raised.value.message_dict
    # ... and a body others register in keeps its own.
    cast.body.registered_in = committee
    with pytest.raises(ValidationError) as raised:
        cast.body.full_clean()
    assert "registered_in" in raised.value.message_dict
    assert council.diarium_body == cast.body
    assert fresh(cast.body).diarium_body == fresh(cast.body)


# -- An external diarium ---------------------------------------------------------------------


@external
def test_the_registrar_types_the_diariums_number(cast, dialogue):
    registrar = registrar_of(cast.body)
    registered = services.register_case(
        dialogue_id=dialogue.pk, user=registrar, number="  KS 2017/429 "
    )
    assert registered.case_number == "KS 2017/429"
    assert registered.diarium == "W3D3"
    assert registered.diarium_body == cast.body
    assert registered.case_sequence is None
    assert registered.case_year == timezone.localdate().year
    assert registered.registered_by == registrar
    # Delaktig's own series is not used up.
    assert not CaseSequence.objects.exists()
    # Numbers without the space, as the seeds also show, when the pattern allows them.
    other = make_dialogue(cast)
    assert (
        services.register_case(dialogue_id=other.pk, user=registrar, number="KS2016/55")
    ).case_number == "KS2016/55"


@override_settings(
    **{
        **W3D3,
        "DIARIUM_NAME": "Public 360",
        "DIARIUM_NUMBER_PATTERN": r"\d{4}-\d{6}",
        "DIARIUM_NUMBER_EXAMPLE": "2016-000003",
    }
)
def test_a_diarium_with_numbers_of_another_form(cast, dialogue):
    registrar = registrar_of(cast.body)
    with pytest.raises(ValidationError) as raised:
        services.register_case(dialogue_id=dialogue.pk, user=registrar, number="KS 2017/429")
    assert "2016-000003" in _field_errors(raised)[0]
    registered = services.register_case(
        dialogue_id=dialogue.pk, user=registrar, number="2016-000003"
    )
    assert (registered.case_number, registered.diarium) == ("2016-000003", "Public 360")


@external
@pytest.mark.parametrize("number", ["", "   ", "KS 17/429", "BUN 2017/429", "KS 2017/429 x"])
def test_a_number_that_does_not_match_is_refused_on_the_field(cast, dialogue, number):
    with pytest.raises(ValidationError) as raised:
        services.register_case(dialogue_id=dialogue.pk, user=registrar_of(cast.body), number=number)
    [message] = _field_errors(raised)
    assert "KS 2017/429" in message
    dialogue = fresh(dialogue)
    assert (dialogue.case_number, dialogue.registered_at, dialogue.diarium) == (None, None, "")


@external
def test_a_taken_number_is_refused_on_the_field(cast, dialogue):
    registrar = registrar_of(cast.body)
    services.register_case(dialogue_id=dialogue.pk, user=registrar, number="KS 2017/429")
    second = make_dialogue(cast)
    with pytest.raises(ValidationError) as raised:
        services.register_case(dialogue_id=second.pk, user=registrar, number="KS 2017/429")
    assert _field_errors(raised) == [_taken("KS 2017/429")]
    assert fresh(second).case_number is None


@external
def test_the_unique_constraint_is_the_last_word(cast, dialogue, monkeypatch):
    # Two registrations that both passed the check (a race, simulated here by skipping the
    # check): the database refuses the second, and it becomes the same field error, not a 500.
    registrar = registrar_of(cast.body)
    services.register_case(dialogue_id=dialogue.pk, user=registrar, number="KS 2017/429")
    second = make_dialogue(cast)
    monkeypatch.setattr(registration, "_check_external_number", lambda number, dialogue: None)
    with pytest.raises(ValidationError) as raised:
        services.register_case(dialogue_id=second.pk, user=registrar, number="KS 2017/429")
    assert _field_errors(raised) == [_taken("KS 2017/429")]
    assert fresh(second).case_number is None
    # The database also refuses the same number written past the services.
    with pytest.raises(IntegrityError):
        Dialogue.objects.filter(pk=second.pk).update(case_number="KS 2017/429")


@external
def test_registration_stays_possible_from_the_first_step(cast, dialogue):
    assert dialogue.state == "initiative"
    registered = services.register_case(
        dialogue_id=dialogue.pk, user=registrar_of(cast.body), number="KS 2026/1"
    )
    assert registered.is_registered


@external
def test_only_a_registrar_types_the_number(cast, dialogue):
    with pytest.raises(services.PermissionRefused):
        services.register_case(
            dialogue_id=dialogue.pk, user=secretary_of(cast.body), number="KS 2017/429"
        )
    assert fresh(dialogue).case_number is None


# -- The pages ---------------------------------------------------------------------------------


@external
def test_the_registration_page_in_external_mode(client, cast, dialogue):
    registrar = registrar_of(cast.body)
    login(client, registrar)
    page = client.get(dialogue.get_absolute_url())
    link = element(page, "#register-case")
    assert link.name == "a"
    url = reverse("dialog:register", args=[dialogue.pk])
    assert link["href"] == url

    form_page = client.get(url)
    assert form_page.status_code == 200
    field = element(form_page, "input[name=number]")
    assert field["placeholder"] == "KS 2017/429"
    assert "W3D3" in text(form_page, "#register-lead")
    assert "KS 2017/429" in text(form_page, ".helptext")

    # A number the pattern refuses: the field says why in Swedish, the typed text is kept,
    # nothing is saved.
    refused = client.post(url, {"number": "KS 17/429"})
    assert refused.status_code == 400
    assert element(refused, "input[name=number]")["value"] == "KS 17/429"
    assert _not_matching() in text(refused, ".field--error")
    assert fresh(dialogue).case_number is None

    done = client.post(url, {"number": "KS 2017/429"})
    assert done.status_code == 302
    shown = client.get(done["Location"])
    assert text(shown, "#case-number") == "KS 2017/429 (W3D3)"
    assert not has(shown, "#register-case")


@external
def test_a_taken_number_on_the_page(client, cast, dialogue):
    registrar = registrar_of(cast.body)
    services.register_case(dialogue_id=dialogue.pk, user=registrar, number="KS 2017/429")
    second = make_dialogue(cast)
    login(client, registrar)
    response = client.post(reverse("dialog:register", args=[second.pk]), {"number": "KS 2017/429"})
    assert response.status_code == 400
    assert _taken("KS 2017/429") in text(response, ".field--error")
    assert element(response, "input[name=number]")["value"] == "KS 2017/429"


def test_the_registration_page_in_own_mode(client, cast, dialogue):
    registrar = registrar_of(cast.body)
    login(client, registrar)
    button = element(client.get(dialogue.get_absolute_url()), "#register-case")
    assert button.name == "button"
    page = client.get(reverse("dialog:register", args=[dialogue.pk]))
    assert page.status_code == 200
    assert not has(page, "input[name=number]")
    assert "Delaktig" in text(page, "#register-lead")


def test_the_registration_page_is_refused_to_others(client, cast, dialogue):
    login(client, secretary_of(cast.body))
    assert not has(client.get(dialogue.get_absolute_url()), "#register-case")
    response = client.get(reverse("dialog:register", args=[dialogue.pk]))
    assert response.status_code == 403
    assert cast.body.name in html(response)


def test_the_demo_keeps_the_own_series_and_registers_kf_in_kss_diarium(demo):
    # `make run` needs no configuration: the demo numbers its cases in Delaktig's own series.
    assert Body.objects.get(code="KF").registered_in.code == "KS"
    registered = list(
        Dialogue.objects.exclude(case_number=None).select_related("body", "diarium_body")
    )
    assert registered
    for case in registered:
        assert case.diarium == "Delaktig"
        assert case.diarium_body == case.body.diarium_body
        assert case.case_number.startswith(f"{case.diarium_body.code} ")


# -- The settings, checked at start-up --------------------------------------------------------


def _ids(**settings) -> list[str]:
    with override_settings(**settings):
        return [error.id for error in check_diarium()]


def test_the_default_settings_pass_the_check():
    assert _ids() == []
    assert _ids(**W3D3) == []


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ({"DIARIUM_MODE": "w3d3"}, "dialog.E101"),
        ({"DIARIUM_NUMBER_PATTERN": r"KS (\d{4}/\d+"}, "dialog.E102"),
        ({**W3D3, "DIARIUM_NUMBER_PATTERN": "[A-Z"}, "dialog.E102"),
        ({**W3D3, "DIARIUM_NAME": ""}, "dialog.E103"),
        ({**W3D3, "DIARIUM_NUMBER_EXAMPLE": "2017-000429"}, "dialog.E104"),
    ],
)
def test_wrong_settings_are_errors(settings, error):
    assert _ids(**settings) == [error]


def test_the_default_pattern_takes_the_seeds_numbers():
    with override_settings(DIARIUM_MODE="external", DIARIUM_NAME="Ciceron"):
        for number in ("KS2016/55", "KS 2017/429", "2016-000003", "BUN 2026/14"):
            assert diarium.matches(number), number
        for number in ("KS", "2016/55", "KS 2017-429", "ks 2017/429", "KS 2017/429 "):
            assert not diarium.matches(number), number


def _manage_check(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_server_does_not_start_with_a_broken_diarium_setting():
    # The settings come from the environment; `manage.py check` (run before the server and
    # migrations start) refuses an unknown mode and a pattern that is not a regular expression.
    result = _manage_check(DIARIUM_MODE="extern", DIARIUM_NUMBER_PATTERN="KS (")
    assert result.returncode != 0
    assert "dialog.E101" in result.stderr
    assert "dialog.E102" in result.stderr
    assert _manage_check(**{k: v for k, v in W3D3.items()}).returncode == 0


# -- Two registrations racing for one external number (PostgreSQL) ----------------------------

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL for real concurrent transactions (set DATABASE_URL)",
)


@pytest.mark.postgres
@on_postgres
@external
@pytest.mark.django_db(transaction=True)
def test_two_registrations_race_for_one_number(monkeypatch):
    cast = Cast()
    registrars = [registrar_of(cast.body), registrar_of(cast.body)]
    dialogues = [make_dialogue(cast, title=f"Dialog {n}") for n in range(2)]
    start = threading.Barrier(2, timeout=20)
    checked = threading.Barrier(2)
    real_check = registration._check_external_number

    def check_then_wait(number, dialogue):
        # Both have checked the number is free before either writes it.
        real_check(number, dialogue)
        with suppress(threading.BrokenBarrierError):
            checked.wait(timeout=2)

    monkeypatch.setattr(registration, "_check_external_number", check_then_wait)
    outcomes = []
    lock = threading.Lock()

    def register(index):
        user = get_user_model().objects.get(pk=registrars[index].pk)
        start.wait()
        try:
            result = services.register_case(
                dialogue_id=dialogues[index].pk, user=user, number="KS 2017/429"
            )
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=register, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(40)
    assert not any(t.is_alive() for t in threads)

    won = [r for r in outcomes if isinstance(r, Dialogue)]
    lost = [r for r in outcomes if not isinstance(r, Dialogue)]
    assert len(won) == 1, lost
    assert isinstance(lost[0], ValidationError), repr(lost[0])
    assert lost[0].message_dict["number"] == [_taken("KS 2017/429")]
    assert Dialogue.objects.get(case_number="KS 2017/429").pk == won[0].pk
    assert Dialogue.objects.filter(pk__in=[d.pk for d in dialogues], case_number=None).count() == 1
