"""The steering-document types per preset (issue 16): each preset's types as its seed says, with
the seed line each comes from, in Swedish; applying a preset is idempotent and deletes nothing;
activating a profile brings its types; the data migrations add the types that were missing and
put the English sources of earlier installs into Swedish; the register's type page and the admin
show the source line."""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import services
from governance.document_type_presets import CATALOGUE, OVERRIDES, apply_preset, preset_types
from governance.importers import guess_type
from governance.models import DocumentType, PolicyProfile, SteeringDocument
from governance.profiles import PRESETS
from roles.models import Body
from tests.factories import make_superuser
from tests.helpers import fresh, html, login, parse, text

pytestmark = pytest.mark.django_db

K = Body.Kind

# preset key -> (how its seed is cited, how a source names it when it does not name a type)
SEEDS = {
    "sandviken": ("Sandvikens kommun, Strategi för medborgardialog", "Sandvikens strategi"),
    "solna": ("Solna stad, Riktlinje för medborgardialog", "Solnas riktlinje"),
    "haninge": ("Haninge kommun, Policy för medborgar- och brukardialog", "Haninges policy"),
    "forshaga": ("Forshaga kommun, Policy för invånardialog", "Forshagas policy"),
    "hagfors": ("Hagfors kommun, Policy för medborgardialog", "Hagfors policy"),
}
# What the English sources of 0011 and the first presets had; none may be left.
ENGLISH = re.compile(r"\b(seed|lines?|not named|the|common catalogue)\b|'", re.IGNORECASE)
SOURCES_SV = "governance.migrations.0014_document_type_sources_sv"


def english_sources() -> dict[str, str]:
    return {t.name: t.source for t in DocumentType.objects.all() if ENGLISH.search(t.source)}


def types_now() -> dict[str, DocumentType]:
    return {t.name: t for t in DocumentType.objects.all()}


def document(type_name, body, title="Dokument") -> SteeringDocument:
    doc_type = DocumentType.objects.get(name=type_name)
    return SteeringDocument(title=title, type=doc_type, adopting_body=body)


def allowed(type_name, body) -> bool:
    try:
        document(type_name, body).full_clean()
    except ValidationError as exc:
        assert "adopting_body" in exc.message_dict
        return False
    return True


# -- Each preset's types ----------------------------------------------------------------------


def test_every_preset_has_its_types():
    assert set(OVERRIDES) == set(PRESETS)


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_a_preset_gives_the_seeds_types_each_with_its_source(key):
    apply_preset(key=key)
    found = types_now()
    citation, seed_name = SEEDS[key]
    catalogue = {spec.name: spec.source for spec in CATALOGUE}
    for spec in preset_types(key):
        row = found[spec.name]
        assert (row.rank, row.category, row.adopted_by_kinds) == (
            spec.rank,
            spec.category,
            list(spec.kinds),
        ), spec.name
        assert row.needs_political_decision == spec.political
        assert row.default_validity_months == spec.months
        assert row.source == spec.source
        # The preset's own lines quote its seed; the catalogue's lines from the same seed stay as
        # they are; the others say the seed does not name them.
        if spec.name in OVERRIDES[key]:
            assert row.source.startswith(citation), spec.name
        elif citation in catalogue[spec.name]:
            assert row.source == catalogue[spec.name], spec.name
        else:
            assert row.source.startswith(
                f"Nämns inte i {seed_name}: den gemensamma katalogens regel. "
            ), spec.name
        assert not ENGLISH.search(row.source), row.source
        row.full_clean()  # every preset's type is a valid configuration


def test_forshaga_policy_plan_and_riktlinje_as_its_seed_says(bodies):
    """Seed 003, lines 39-45: policy and plan 'Beslutas av kommunfullmäktige, kommunstyrelsen
    eller nämnd'; riktlinjer, 'den mest konkreta formen', 'Beslutas av kommunchef,
    förvaltningschef eller ledningsgruppen'; anvisningar (not named) as the catalogue says."""
    apply_preset(key="forshaga")
    found = types_now()
    policy, riktlinje, anvisning = found["Policy"], found["Riktlinje"], found["Anvisning"]
    assert policy.adopted_by_kinds == [K.COUNCIL, K.EXECUTIVE_BOARD, K.COMMITTEE]
    assert policy.needs_political_decision and policy.is_until_further_notice
    assert policy.source.startswith("Forshaga kommun, Policy för invånardialog (KS 2017/261)")
    assert "rad 41" in policy.source
    assert "Beslutas av kommunfullmäktige, kommunstyrelsen eller nämnd" in policy.source
    assert (riktlinje.category, riktlinje.adopted_by_kinds) == ("officials", [K.ADMINISTRATION])
    assert not riktlinje.needs_political_decision
    assert "kommunchef, förvaltningschef eller ledningsgruppen" in riktlinje.source
    assert anvisning.adopted_by_kinds == [K.ADMINISTRATION]
    assert not anvisning.needs_political_decision
    assert "förvaltningschef" in anvisning.source
    # The hierarchy: plan and policy at one level, then handlingsplan, then riktlinje, then
    # anvisning and rutin.
    assert found["Plan"].rank == policy.rank
    assert policy.rank > found["Handlingsplan"].rank > riktlinje.rank > anvisning.rank
    # Who may adopt, in practice.
    assert allowed("Policy", bodies["KF"]) and allowed("Policy", bodies["BUN"])
    assert allowed("Riktlinje", bodies["KLK"]) and not allowed("Riktlinje", bodies["KS"])
    assert allowed("Anvisning", bodies["KLK"]) and not allowed("Anvisning", bodies["KS"])


def test_solna_policy_by_the_council_only_riktlinje_by_the_executive_board(bodies):
    """Seed 001, lines 11-25: POLICY – antas av kommunfullmäktige; STRATEGI and RIKTLINJE –
    antas av kommunstyrelsen; ANVISNING – godkänns av förvaltningschef/chef."""
    apply_preset(key="forshaga")  # from another municipality's rules
    apply_preset(key="solna")
    found = types_now()
    assert found["Policy"].adopted_by_kinds == [K.COUNCIL]
    assert allowed("Policy", bodies["KF"])
    assert not allowed("Policy", bodies["KS"]) and not allowed("Policy", bodies["BUN"])
    assert allowed("Riktlinje", bodies["KS"]) and not allowed("Riktlinje", bodies["KLK"])
    assert allowed("Anvisning", bodies["KLK"]) and not allowed("Anvisning", bodies["KS"])
    assert found["Strategi"].default_validity_months == 48
    assert found["Riktlinje"].source.startswith("Solna stad, Riktlinje för medborgardialog")
    assert "RIKTLINJE – antas av kommunstyrelsen" in found["Riktlinje"].source


def test_sandviken_lets_the_council_adopt_its_strategy(bodies):
    """Seed 000, line 205: Sandviken's own Strategi för medborgardialog, 'Beslutad av:
    Kommunfullmäktige … Tillsvidare'; its 'RUTINER & REGLER' are officials' documents."""
    apply_preset(key="sandviken")
    found = types_now()
    assert allowed("Strategi", bodies["KF"]) and allowed("Strategi", bodies["KS"])
    assert found["Strategi"].is_until_further_notice
    assert "rad 205" in found["Strategi"].source
    assert found["Regler"].category == "officials" and allowed("Regler", bodies["KLK"])
    # Sandviken's line 207 names the types it lists: their sources do not say it does not.
    for name in ("Vision", "Regler", "Delegationsordning"):
        assert found[name].source.startswith("Sandvikens kommun, Strategi för medborgardialog")
        assert "rad 207, ”Beskrivning av styrdokument”" in found[name].source
    assert found["Anvisning"].source.startswith("Nämns inte i Sandvikens strategi: ")


def test_the_missing_types_are_in_every_preset():
    for key in PRESETS:
        names = {spec.name for spec in preset_types(key)}
        assert {"Instruktion", "Regler", "Principer"} <= names
    catalogue = {spec.name: spec for spec in CATALOGUE}
    assert catalogue["Principer"].kinds == (K.COUNCIL,) and catalogue["Principer"].rank == 90
    assert catalogue["Instruktion"].kinds == (K.EXECUTIVE_BOARD,)
    assert catalogue["Regler"].kinds == (K.ADMINISTRATION,) and not catalogue["Regler"].political


# -- Applying a preset ------------------------------------------------------------------------


def test_applying_a_preset_twice_changes_nothing_the_second_time():
    first = apply_preset(key="forshaga")
    assert first.updated  # the migrations' catalogue differs from Forshaga's rules
    before = {t.pk: (t.rank, t.adopted_by_kinds, t.source) for t in DocumentType.objects.all()}
    second = apply_preset(key="forshaga")
    assert (second.created, second.updated) == ([], [])
    after = {t.pk: (t.rank, t.adopted_by_kinds, t.source) for t in DocumentType.objects.all()}
    assert after == before


def test_a_preset_creates_a_missing_type_and_keeps_the_administrators_words():
    DocumentType.objects.filter(name="Instruktion").delete()
    DocumentType.objects.filter(name="Policy").update(title_words="policy, policyn, policydokument")
    result = apply_preset(key="solna")
    assert result.created == ["Instruktion"]
    instruktion = DocumentType.objects.get(name="Instruktion")
    assert instruktion.words == ["instruktion", "instruktionen", "instruktioner", "instruktionerna"]
    assert DocumentType.objects.get(name="Policy").title_words == "policy, policyn, policydokument"


def test_a_preset_never_deletes_a_type_and_documents_keep_theirs(make_document, bodies, cast):
    own = DocumentType.objects.create(
        name="Handbok",
        rank=15,
        category="officials",
        adopted_by_kinds=[K.ADMINISTRATION],
        needs_political_decision=False,
    )
    handbook = SteeringDocument.objects.create(
        title="Handbok för medborgardialog", type=own, adopting_body=bodies["KLK"]
    )
    guideline = make_document("Riktlinje för medborgardialog", "Riktlinje", "KS")
    count = DocumentType.objects.count()
    apply_preset(key="forshaga")
    assert DocumentType.objects.count() == count
    assert fresh(own).rank == 15 and fresh(handbook).type == own
    guideline = fresh(guideline)
    assert guideline.type.name == "Riktlinje" and guideline.adopting_body == bodies["KS"]
    # Adopted by the executive board under the earlier rules, it can still be edited ...
    services.update_document(
        document_id=guideline.pk, data={"title": "Riktlinje för invånardialog"}, user=cast.clerk
    )
    assert fresh(guideline).title == "Riktlinje för invånardialog"
    # ... but a new riktlinje follows Forshaga's rules, and so does a change of adopting body.
    assert not allowed("Riktlinje", bodies["KS"])
    with pytest.raises(ValidationError) as refused:
        services.update_document(
            document_id=guideline.pk, data={"adopting_body": bodies["BUN"]}, user=cast.clerk
        )
    assert "adopting_body" in refused.value.message_dict


def test_a_link_recorded_under_earlier_ranks_stays_editable(make_document, cast):
    """Under the catalogue a plan ranks below a policy and may concretise it; Forshaga puts
    them on one level. The recorded link stays; a new one follows the new ranks."""
    policy = make_document("Policy för invånardialog", "Policy", "KF")
    plan = make_document("Plan för invånardialog", "Plan", "KS", concretises=policy)
    apply_preset(key="forshaga")
    services.update_document(
        document_id=plan.pk, data={"case_number": "KS 2026/3"}, user=cast.clerk
    )
    assert fresh(plan).concretises == policy
    other = make_document("Bostadsförsörjningsplan", "Plan", "KS")
    with pytest.raises(ValidationError) as refused:
        services.update_document(
            document_id=other.pk, data={"concretises": policy}, user=cast.clerk
        )
    assert "concretises" in refused.value.message_dict


def test_an_unknown_preset_is_refused():
    with pytest.raises(KeyError):
        apply_preset(key="exempelby")


# -- Activating a profile brings its types ----------------------------------------------------


def test_load_profile_forshaga_activate_leaves_forshagas_types():
    call_command("load_profile", "forshaga", activate=True, stdout=_null())
    assert PolicyProfile.objects.get(is_active=True).key == "forshaga"
    found = types_now()
    for spec in preset_types("forshaga"):
        assert (found[spec.name].rank, found[spec.name].adopted_by_kinds) == (
            spec.rank,
            list(spec.kinds),
        )
        assert found[spec.name].source == spec.source
    assert found["Riktlinje"].adopted_by_kinds == [K.ADMINISTRATION]
    # And back: Sandviken's rules again.
    call_command("load_profile", "sandviken", activate=True, stdout=_null())
    found = types_now()
    assert found["Riktlinje"].adopted_by_kinds == [K.EXECUTIVE_BOARD]
    assert found["Policy"].adopted_by_kinds == [K.COUNCIL]


def test_loading_a_profile_without_activating_it_leaves_the_types():
    before = {t.pk: (t.rank, t.adopted_by_kinds, t.source) for t in DocumentType.objects.all()}
    call_command("load_profile", "forshaga", stdout=_null())
    after = {t.pk: (t.rank, t.adopted_by_kinds, t.source) for t in DocumentType.objects.all()}
    assert after == before


def _null():
    from io import StringIO

    return StringIO()


# -- The data migration -----------------------------------------------------------------------


def test_the_migration_adds_the_missing_types_and_fills_empty_sources(make_document):
    migration = import_module("governance.migrations.0011_document_types")
    guideline = make_document("Riktlinje för medborgardialog", "Riktlinje", "KS")
    # An install from before: without the three types, without sources; an administrator has
    # already added a "Regler" type of their own, and written one source.
    DocumentType.objects.filter(name__in=["Instruktion", "Principer", "Regler"]).delete()
    DocumentType.objects.update(source="")
    DocumentType.objects.filter(name="Policy").update(source="Vår egen riktlinje för styrdokument")
    DocumentType.objects.create(name="Regler", rank=85, adopted_by_kinds=[K.COUNCIL])
    migration.add_missing_types(django_apps, None)
    found = types_now()
    assert {"Instruktion", "Principer", "Regler"} <= set(found)
    assert found["Instruktion"].adopted_by_kinds == [K.EXECUTIVE_BOARD]
    assert found["Principer"].words == ["princip", "principen", "principer", "principerna"]
    assert found["Regler"].rank == 85  # the administrator's own type is kept
    assert found["Policy"].source == "Vår egen riktlinje för styrdokument"
    assert found["Riktlinje"].source.startswith("Seed 001")
    assert fresh(guideline).type == found["Riktlinje"]
    # Run again: nothing more.
    count = DocumentType.objects.count()
    migration.add_missing_types(django_apps, None)
    assert DocumentType.objects.count() == count


def test_the_migrations_new_types_are_the_catalogues():
    migration = import_module("governance.migrations.0011_document_types")
    swedish = import_module(SOURCES_SV).translations()
    catalogue = {spec.name: spec for spec in CATALOGUE}
    for row in migration.NEW_TYPES:
        spec = catalogue[row["name"]]
        assert row["rank"] == spec.rank and row["adopted_by_kinds"] == list(spec.kinds)
        # 0011's source is English; 0014 makes it the catalogue's.
        assert row["title_words"] == spec.words and swedish[row["source"]] == spec.source
    for name, source in migration.SOURCES.items():
        assert swedish[source] == catalogue[name].source


def test_a_fresh_install_has_no_english_source():
    """The migrations (0011 writes English sources, 0014 puts them into Swedish)."""
    assert DocumentType.objects.exclude(source="").exists()
    assert english_sources() == {}


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_no_preset_writes_an_english_source(key):
    apply_preset(key=key)
    assert english_sources() == {}


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_the_sources_migration_gives_each_presets_english_text_its_swedish(key):
    """What each preset wrote before 0014 becomes what the preset writes now. (Pins the presets'
    text as of 0014: a later change to a source needs a migration of its own.)"""
    migration = import_module(SOURCES_SV)
    swedish = migration.translations()
    seed = migration.SEEDS[key][0]
    for spec in preset_types(key):
        if spec.name in OVERRIDES[key]:
            english = migration.OWN[key][spec.name][0]
        else:
            english = (
                f"Not named in seed {seed}: the common catalogue's rule. "
                f"{migration.CATALOGUE[spec.name][0]}"
            )
        assert swedish[english] == spec.source, spec.name


def test_the_sources_migration_rewrites_the_english_sources_of_an_install():
    migration = import_module(SOURCES_SV)
    forshaga = {spec.name: spec.source for spec in preset_types("forshaga")}
    # An install from before 0014 with Forshaga active: its own lines, the catalogue's lines
    # with the English note, 0011's lines; and a source an administrator wrote.
    english = {
        "Policy": migration.OWN["forshaga"]["Policy"][0],
        "Anvisning": "Not named in seed 003: the common catalogue's rule. "
        + migration.CATALOGUE["Anvisning"][0],
        "Vision": migration.CATALOGUE["Vision"][0],
        "Regler": "Seed 003 does not name it; our own rule (line 12 of our list)",
    }
    for name, source in english.items():
        DocumentType.objects.filter(name=name).update(source=source)
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("governance", "0014_document_type_sources_sv"))
    migration.to_swedish(state.apps, None)  # with the models as they are at 0014
    found = types_now()
    assert found["Policy"].source == forshaga["Policy"]
    assert found["Anvisning"].source == forshaga["Anvisning"]
    assert found["Anvisning"].source.startswith("Nämns inte i Forshagas policy: ")
    assert found["Vision"].source == CATALOGUE[0].source  # the catalogue's, as 0011 left it
    assert found["Regler"].source == english["Regler"]  # the administrator's text is kept
    # Run again: nothing changes.
    migration.to_swedish(state.apps, None)
    assert types_now()["Anvisning"].source == forshaga["Anvisning"]


# -- Title matching of the new types when importing ---------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Instruktion för kommundirektören i Tyresö kommun", "Instruktion"),
        ("Instruktionen för kommunchefen", "Instruktion"),
        ("Arbetsmiljöinstruktioner", "Instruktion"),
        ("Regler för styrdokument i Nässjö kommun", "Regler"),
        ("Reglerna för attest", "Regler"),
        ("Attestregler", "Regler"),
        ("Principer för medborgardialog", "Principer"),
        ("Principerna för medborgardialog", "Principer"),
        ("Reglemente för valnämnden", "Reglemente"),  # not Regler
    ],
)
def test_the_new_types_are_found_in_titles(title, expected):
    guess = guess_type(title, DocumentType.objects.all())
    assert guess.type is not None and guess.type.name == expected, guess.note


def test_a_title_naming_a_new_type_and_another_is_flagged():
    guess = guess_type("Riktlinjer och principer för medborgardialog", DocumentType.objects.all())
    assert guess.needs_review


# -- Where the types are explained ----------------------------------------------------------------


def test_the_type_page_lists_each_type_with_its_source(client, cast):
    call_command("load_profile", "forshaga", activate=True, stdout=_null())
    page = client_page(client, cast)
    rows = parse(page).select("#document-types tbody tr")
    assert len(rows) == DocumentType.objects.count()
    riktlinje = DocumentType.objects.get(name="Riktlinje")
    row = text(page, f"#type-{riktlinje.pk}")
    assert "Riktlinje" in row and "kommunchef, förvaltningschef eller ledningsgruppen" in row
    assert PRESETS["forshaga"]["name"] in text(page, "#types-profile")


def test_the_type_page_costs_the_same_queries_with_more_types(client, cast):
    login(client, cast.official)
    url = reverse("governance:types")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        DocumentType.objects.create(name=f"Extra {n}", rank=5, adopted_by_kinds=[K.COUNCIL])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_the_register_links_to_the_type_page(client, cast):
    login(client, cast.official)
    page = client.get(reverse("governance:list")).content.decode()
    assert reverse("governance:types") in page


def test_the_type_page_needs_a_role(client):
    from tests.factories import make_person

    login(client, make_person())
    assert client.get(reverse("governance:types")).status_code == 403


def test_the_admin_shows_and_edits_the_source(client):
    apply_preset(key="solna")
    login(client, make_superuser())
    listing = client.get(reverse("admin:governance_documenttype_changelist"))
    assert "Solna stad, Riktlinje för medborgardialog, rad 19–21" in html(listing)
    riktlinje = DocumentType.objects.get(name="Riktlinje")
    change = client.get(reverse("admin:governance_documenttype_change", args=[riktlinje.pk]))
    assert 'name="source"' in change.content.decode()


def client_page(client, cast) -> bytes:
    login(client, cast.official)
    response = client.get(reverse("governance:types"))
    assert response.status_code == 200
    return response.content


def test_the_type_page_shows_the_words_each_type_is_found_by(client, cast):
    page = client_page(client, cast)
    instruktion = DocumentType.objects.get(name="Instruktion")
    assert "instruktionerna" in text(page, f"#type-{instruktion.pk} .type-words")


def test_a_documents_type_and_the_import_page_link_to_the_type_page(client, cast, make_document):
    policy = make_document()
    login(client, cast.official)
    detail = html(client.get(policy.get_absolute_url()))
    assert f"{reverse('governance:types')}#type-{policy.type_id}" in detail
    assert reverse("governance:types") in html(client.get(reverse("governance:import")))
