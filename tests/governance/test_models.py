from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from governance import services
from governance.models import DocumentType, SteeringDocument, add_months
from roles.models import Body

pytestmark = pytest.mark.django_db


def errors_of(document) -> dict:
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    return info.value.message_dict


# --- the seeded type rules -------------------------------------------------------------------

# (type, body that may adopt it, body that may not)
TYPE_RULES = [
    ("Vision", "KF", "KS"),
    ("Policy", "KF", "KS"),
    ("Program", "KF", "BUN"),
    ("Strategi", "KS", "KF"),
    ("Plan", "BUN", "KLK"),
    ("Riktlinje", "KS", "KLK"),
    ("Reglemente", "KF", "KS"),
    ("Arbetsordning", "KF", "KS"),
    ("Delegationsordning", "BUN", "KLK"),
    ("Bolagsordning", "KF", "KS"),
    ("Ägardirektiv", "KF", "KS"),
    ("Taxa", "KF", "BUN"),
    ("Lokala föreskrifter", "KF", "KS"),
    ("Handlingsplan", "KLK", "KS"),
    ("Verksamhetsplan", "KLK", "KF"),
    ("Anvisning", "KLK", "KS"),
    ("Rutin", "KLK", "BUN"),
    # Issue 16: the types the seeds name that were missing.
    ("Principer", "KF", "KS"),
    ("Instruktion", "KS", "BUN"),
    ("Regler", "KLK", "KS"),
]


def test_every_seeded_type_has_a_rule_here(types):
    assert set(types) == {name for name, _, _ in TYPE_RULES}


@pytest.mark.parametrize(("type_name", "allowed", "refused"), TYPE_RULES)
def test_type_decides_which_level_adopts_it(types, bodies, type_name, allowed, refused):
    ok = SteeringDocument(title="Dokument", type=types[type_name], adopting_body=bodies[allowed])
    ok.full_clean()
    wrong = SteeringDocument(title="Dokument", type=types[type_name], adopting_body=bodies[refused])
    assert "adopting_body" in errors_of(wrong)


def test_officials_documents_need_no_political_decision(types):
    for name in ("Handlingsplan", "Anvisning", "Rutin", "Verksamhetsplan"):
        assert types[name].category == DocumentType.Category.OFFICIALS
        assert not types[name].needs_political_decision
    for name in ("Vision", "Policy", "Strategi", "Riktlinje", "Taxa"):
        assert types[name].category == DocumentType.Category.POLITICAL
        assert types[name].needs_political_decision


def test_hierarchy_order_follows_the_seeds(types):
    order = ["Vision", "Policy", "Program", "Strategi", "Plan", "Riktlinje", "Anvisning", "Rutin"]
    ranks = [types[name].rank for name in order]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == len(ranks)


def test_default_validity_policy_until_further_notice_strategy_a_term(types):
    assert types["Policy"].is_until_further_notice
    assert types["Riktlinje"].is_until_further_notice
    assert types["Strategi"].default_validity_months == 48


def test_the_rules_are_configuration_forshaga_lets_the_chief_executive_adopt_guidelines(
    types, bodies
):
    guideline = SteeringDocument(title="R", type=types["Riktlinje"], adopting_body=bodies["KLK"])
    assert "adopting_body" in errors_of(guideline)
    riktlinje = types["Riktlinje"]
    riktlinje.adopted_by_kinds = [Body.Kind.EXECUTIVE_BOARD, Body.Kind.ADMINISTRATION]
    riktlinje.needs_political_decision = False
    riktlinje.full_clean()
    riktlinje.save()
    guideline.type = DocumentType.objects.get(pk=riktlinje.pk)
    guideline.full_clean()


def test_type_needing_political_decision_cannot_be_adopted_by_administration(types):
    policy = types["Policy"]
    policy.adopted_by_kinds = [Body.Kind.ADMINISTRATION]
    with pytest.raises(ValidationError) as info:
        policy.full_clean()
    assert "adopted_by_kinds" in info.value.message_dict


def test_type_title_words_must_be_single_words(types):
    policy = types["Policy"]
    policy.title_words = "policy, lokal policy"
    with pytest.raises(ValidationError) as info:
        policy.full_clean()
    assert "title_words" in info.value.message_dict


def test_type_with_no_kinds_accepts_any_political_body(bodies):
    anything = DocumentType.objects.create(name="Övrigt", rank=40, adopted_by_kinds=[])
    assert anything.allows_body(bodies["BUN"])
    assert not anything.allows_body(bodies["KLK"])  # still needs a political decision


# --- document validation ---------------------------------------------------------------------


def test_type_is_required_unless_flagged_for_review():
    assert "type" in errors_of(SteeringDocument(title="Okänt"))
    SteeringDocument(title="Okänt", needs_review=True, review_note="?").full_clean()


def test_valid_until_before_valid_from_is_refused(types, bodies):
    document = SteeringDocument(
        title="Policy",
        type=types["Policy"],
        adopting_body=bodies["KF"],
        valid_from=date(2025, 1, 1),
        valid_until=date(2024, 12, 31),
    )
    assert "valid_until" in errors_of(document)
    document.valid_until = date(2025, 1, 1)
    document.full_clean()


def test_higher_type_concretising_lower_is_refused(make_document, types):
    guideline = make_document("Riktlinje för medborgardialog", "Riktlinje", "KS")
    policy = SteeringDocument(title="Policy", type=types["Policy"], concretises=guideline)
    assert "concretises" in errors_of(policy)


def test_equal_type_concretising_is_refused(make_document, types):
    guideline = make_document("Riktlinje A", "Riktlinje", "KS")
    other = SteeringDocument(title="Riktlinje B", type=types["Riktlinje"], concretises=guideline)
    assert "concretises" in errors_of(other)


def test_lower_type_concretises_higher(make_document, types):
    policy = make_document()
    guideline = SteeringDocument(title="Riktlinje", type=types["Riktlinje"], concretises=policy)
    guideline.full_clean()


def test_cycle_in_the_hierarchy_is_refused(make_document):
    # Without types (flagged imports) only the cycle check can stop it.
    a = make_document("A", None, None, needs_review=True)
    b = make_document("B", None, None, needs_review=True, concretises=a)
    c = make_document("C", None, None, needs_review=True, concretises=b)
    a.concretises = c
    errors = errors_of(a)
    assert "concretises" in errors
    assert any("cycle" in m or "cykel" in m for m in errors["concretises"])


def test_document_cannot_concretise_itself(make_document):
    a = make_document("A", None, None, needs_review=True)
    a.concretises = a
    assert "concretises" in errors_of(a)


def test_document_replacing_itself_is_refused(make_document):
    policy = make_document()
    with pytest.raises(ValidationError) as info:
        services.update_document(document_id=policy.pk, data={}, user=None, replaces=[policy])
    assert "replaces" in info.value.message_dict
    assert not policy.replaces.exists()


def test_owner_must_be_an_administration(types, bodies):
    document = SteeringDocument(
        title="P", type=types["Policy"], adopting_body=bodies["KF"], owner_body=bodies["KS"]
    )
    assert "owner_body" in errors_of(document)
    document.owner_body = bodies["KLK"]
    document.full_clean()


def test_file_must_be_a_pdf(types, bodies):
    document = SteeringDocument(title="P", type=types["Policy"], adopting_body=bodies["KF"])
    document.file = SimpleUploadedFile("policy.pdf", b"MZ not really a pdf")
    assert "file" in errors_of(document)
    document.file = SimpleUploadedFile("policy.exe", b"%PDF-1.4 ...")
    assert "file" in errors_of(document)
    document.file = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%...")
    document.full_clean()


# --- dates -----------------------------------------------------------------------------------


def test_add_months_clamps_to_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 15), 14) == date(2025, 1, 15)


def test_next_follow_up_is_computed_from_the_last_one(make_document):
    document = make_document(follow_up_interval_months=12)
    assert document.next_follow_up_on == date(2025, 3, 15)
    document.followed_up_on = date(2025, 4, 1)
    document.save()
    assert document.next_follow_up_on == date(2026, 4, 1)


def test_due_for_review(make_document):
    late_revision = make_document("Policy A", revision_date=date(2025, 1, 1))
    follow_up = make_document("Policy B", follow_up_interval_months=6)  # due 2024-09-15
    make_document("Policy C", revision_date=date(2030, 1, 1))
    replaced = make_document("Policy D", revision_date=date(2025, 1, 1))
    replaced.status = SteeringDocument.Status.REPLACED
    replaced.save()
    due = set(SteeringDocument.objects.due_for_review(date(2025, 6, 1)))
    assert due == {late_revision, follow_up}
    assert set(SteeringDocument.objects.due_for_review(date(2024, 6, 1))) == set()
    assert late_revision.due_reasons(date(2025, 6, 1))
