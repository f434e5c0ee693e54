"""Policy profiles: the presets, `load_profile`, the admin, and the profile in force on a date
(issue 3's profiles; issue 4's 'the dialogue policy drives the dialogue rules')."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dialog import services as dialog_services
from dialog.models import State
from governance import services
from governance.models import PolicyProfile
from governance.profiles import PRESETS
from governance.selectors import profile_in_force
from tests.factories import INITIATIVE, make_dialogue, make_superuser, put_in_state
from tests.helpers import decide, element, links, text


def load(name, *args) -> str:
    out = StringIO()
    call_command("load_profile", name, *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_loads_and_is_valid(db, key):
    load(key)
    profile = PolicyProfile.objects.get(key=key)
    profile.full_clean()
    assert profile.source.startswith("Seed 00")
    assert not profile.is_active


def test_load_profile_is_idempotent_and_activates(db):
    assert "Created" in load("hagfors")
    assert "up to date" in load("hagfors")
    assert PolicyProfile.objects.filter(key="hagfors").count() == 1
    load("solna", "--activate")
    load("hagfors", "--activate")
    assert list(PolicyProfile.objects.filter(is_active=True).values_list("key", flat=True)) == [
        "hagfors"
    ]


def test_load_profile_restores_a_changed_preset(db):
    load("sandviken")
    PolicyProfile.objects.filter(key="sandviken").update(reminder_after_days=5)
    assert "reminder_after_days" in load("sandviken")
    assert PolicyProfile.objects.get(key="sandviken").reminder_after_days == 30


def test_unknown_preset_is_refused(db):
    with pytest.raises(CommandError):
        call_command("load_profile", "stockholm", stdout=StringIO())


def test_a_profile_in_use_keeps_its_rules(cast):
    profile = services.load_preset(key="sandviken", activate=True).profile
    dialogue = dialog_services.create_dialogue(
        user=cast.official,
        data={"body": cast.body, "responsible_official": cast.official, **INITIATIVE},
    )
    assert dialogue.policy_profile == profile
    PolicyProfile.objects.filter(pk=profile.pk).update(mandate_decided_by="council")
    with pytest.raises(CommandError) as refused:
        call_command("load_profile", "sandviken", stdout=StringIO())
    assert "sandviken" in str(refused.value)
    assert PolicyProfile.objects.get(pk=profile.pk).mandate_decided_by == "council"
    with pytest.raises(CommandError):  # --activate changes nothing about that
        load("sandviken", "--activate")
    assert PolicyProfile.objects.get(pk=profile.pk).mandate_decided_by == "council"


def test_profile_validation_refuses_unknown_keys(db):
    profile = PolicyProfile(
        key="x",
        name="X",
        initiative_questions=["is_it_sunny"],
        always_consider_groups=["dogs"],
        lowest_participation_level="shouting",
    )
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert {
        "initiative_questions",
        "always_consider_groups",
        "lowest_participation_level",
    } <= set(error.value.error_dict)


# -- The profile in force --------------------------------------------------------------------


def test_profile_in_force_falls_back_to_the_active_one_then_none(db):
    assert profile_in_force() is None
    hagfors = services.load_preset(key="hagfors", activate=True).profile
    assert profile_in_force() == hagfors


def test_profile_in_force_follows_the_adopted_dialogue_policy(cast, make_document):
    policy_2024 = make_document(valid_from=date(2024, 1, 1))
    sandviken = services.load_preset(key="sandviken", policy_document=policy_2024).profile
    services.load_preset(key="solna", activate=True)
    assert profile_in_force(date(2023, 12, 31)).key == "solna"  # before: the active one
    assert profile_in_force(date(2024, 6, 1)) == sandviken

    draft = make_document(title="Utkast", status="draft", valid_from=date(2024, 2, 1))
    services.load_preset(key="haninge", policy_document=draft)
    assert profile_in_force(date(2024, 6, 1)) == sandviken  # a draft is not in force


def test_new_dialogue_policy_changes_the_rules_for_dialogues_started_after_it(
    cast, make_document, bodies
):
    """Issue 4: adopting a new dialogue policy with a different profile changes the rules for
    dialogues started after its valid-from date; dialogues already running keep theirs."""
    today = timezone.localdate()
    old_policy = make_document(valid_from=today - timedelta(days=400))
    services.load_preset(key="sandviken", policy_document=old_policy)

    def start(title):
        return dialog_services.create_dialogue(
            user=cast.official,
            data={
                "body": cast.body,
                "responsible_official": cast.official,
                **INITIATIVE,
                "title": title,
            },
        )

    running = start("Pågående dialog")
    assert running.policy_profile.key == "sandviken"
    assert list(running.governing_documents.all()) == [old_policy]

    # A new policy adopted today, valid from next month, with Hagfors's rules.
    next_month = today + timedelta(days=30)
    new_policy = services.adopt_new_version(
        old=old_policy,
        data={
            "adopting_body": bodies["KF"],
            "decision_date": today,
            "valid_from": next_month,
            "paragraph": "57",
        },
        user=cast.clerk,  # the dialogue policy is KF's and KS's registrars' to change
    )
    services.load_preset(key="hagfors", policy_document=new_policy)

    before = start("Startad före giltighetsdagen")
    assert before.policy_profile.key == "sandviken"
    assert profile_in_force(next_month).key == "hagfors"
    assert profile_in_force(next_month - timedelta(days=1)).key == "sandviken"

    # From its valid-from date on, new dialogues follow the new policy ...
    new_policy.valid_from = today
    new_policy.save()
    after = start("Startad efter giltighetsdagen")
    assert after.policy_profile.key == "hagfors"
    assert list(after.governing_documents.all()) == [new_policy]
    # ... and the running ones keep the rules they started under.
    running.refresh_from_db()
    assert running.policy_profile.key == "sandviken"
    at_mandate = put_in_state(running, State.MANDATE_DECISION)
    # KS's politician stands for KS: its secretary records the meeting's decision.
    moved = decide(at_mandate, "approve_mandate", cast.politician, comment="Ja.")
    assert moved.state == State.PLANNING  # KS decides under Sandviken, not KF as under Hagfors


def test_document_page_lists_the_dialogues_it_governs_and_those_that_change_it(
    client, cast, make_document
):
    document = make_document()
    governed = make_dialogue(cast, title="Styrd dialog")
    changer = make_dialogue(cast, title="Ändrande dialog")
    governed.governing_documents.add(document)
    changer.changed_documents.add(document)
    client.force_login(cast.official)
    page = client.get(reverse("governance:detail", args=[document.pk]))
    governs = text(page, "#governed-dialogues")
    changes = element(page, "#changed-by-dialogues")
    assert "Styrd dialog" in governs and "Ändrande dialog" not in governs
    assert "Ändrande dialog" in text(changes)
    assert reverse("dialog:detail", args=[changer.pk]) in links(changes)


# -- Admin -------------------------------------------------------------------------------------


def test_admin_makes_one_profile_active(client, db):
    admin = make_superuser()
    client.force_login(admin)
    solna = services.load_preset(key="solna", activate=True).profile
    hagfors = services.load_preset(key="hagfors").profile
    response = client.post(
        reverse("admin:governance_policyprofile_changelist"),
        {"action": "make_active", "_selected_action": [hagfors.pk]},
    )
    assert response.status_code == 302
    solna.refresh_from_db()
    hagfors.refresh_from_db()
    assert hagfors.is_active and not solna.is_active


def test_admin_profile_used_by_dialogues_is_read_only(client, cast):
    admin = make_superuser()
    client.force_login(admin)
    profile = services.load_preset(key="hagfors", activate=True).profile
    dialog_services.create_dialogue(
        user=cast.official,
        data={"body": cast.body, "responsible_official": cast.official, **INITIATIVE},
    )
    url = reverse("admin:governance_policyprofile_change", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert set(form.fields) <= {"is_active"}
    assert any("new profile" in str(m) or "ny profil" in str(m) for m in page.context["messages"])
    client.post(url, {"is_active": "", "mandate_decided_by": "any_political_body", "name": "X"})
    profile.refresh_from_db()
    assert profile.mandate_decided_by == "council" and profile.name != "X"
    assert not profile.is_active  # the active choice stays open


def test_admin_unused_profile_is_editable(client, db):
    client.force_login(make_superuser())
    profile = services.load_preset(key="haninge").profile
    page = client.get(reverse("admin:governance_policyprofile_change", args=[profile.pk]))
    assert "mandate_decided_by" in page.context["adminform"].form.fields


# -- How the interface names the profile (issue 9, item 5) -------------------------------------


def test_the_profile_is_shown_as_the_municipalitys_policy(cast, make_document, settings):
    settings.MUNICIPALITY_NAME = "Exempelby kommun"
    policy = make_document(decision_date=date(2025, 2, 10), paragraph="12")
    profile = services.load_preset(key="sandviken", policy_document=policy).profile
    assert profile.display_label == (
        "Exempelby kommuns policy för medborgardialog, KF 2025-02-10 § 12, "
        "enligt Sandvikens modell"  # Swedish after the catalogue merge
    )
    assert "Seed" not in profile.display_label


def test_a_profile_without_a_policy_document_names_no_source_note(db, settings):
    settings.MUNICIPALITY_NAME = "Hagfors kommun"
    profile = services.load_preset(key="hagfors").profile
    assert "Seed" not in profile.display_label
    assert "Hagfors kommuns" in profile.display_label
    assert profile.source.startswith("Seed")  # kept for administrators


def test_the_dialogue_page_shows_the_policy_not_the_source_note(client, cast, make_document):
    from dialog import services as dialog_services
    from tests.factories import INITIATIVE

    policy = make_document(decision_date=date(2025, 2, 10), paragraph="12")
    services.load_preset(key="sandviken", policy_document=policy, activate=True)
    dialogue = dialog_services.create_dialogue(
        user=cast.official,
        data={"body": cast.body, "responsible_official": cast.official, **INITIATIVE},
    )
    client.force_login(cast.official)
    page = client.get(dialogue.get_absolute_url()).content.decode()
    shown = text(page, "#policy-profile")
    assert "Seed 000" not in page
    assert "policy för medborgardialog, KF 2025-02-10 § 12" in shown


def test_load_profile_activate_hangs_the_preset_on_the_dialogue_policy(make_document):
    policy = make_document(valid_from=date(2025, 3, 1))
    services.load_preset(key="sandviken", activate=True, policy_document=policy)
    out = load("solna", "--activate")
    solna = PolicyProfile.objects.get(key="solna")
    assert solna.is_active and solna.policy_document == policy
    assert str(policy) in out
    assert profile_in_force() == solna  # two presets on one policy: the one chosen last
    load("sandviken", "--activate")
    assert profile_in_force().key == "sandviken"


def test_a_profile_in_use_may_still_be_hung_on_the_policy(cast, make_document):
    profile = services.load_preset(key="sandviken", activate=True).profile
    dialog_services.create_dialogue(
        user=cast.official,
        data={"body": cast.body, "responsible_official": cast.official, **INITIATIVE},
    )
    policy = make_document()
    result = services.load_preset(key="sandviken", policy_document=policy)
    assert result.changed == ["policy_document"]
    profile.refresh_from_db()
    assert profile.policy_document == policy
