"""Generation in the background, immutable versions, failures and retries, refusals."""

import hashlib

import pytest
from django.db import IntegrityError

from dialog.models import DecisionPoint, ProposalPoint
from reports import services
from reports.models import ImmutableReport, Report
from tests.factories import make_dialogue, register_directly

BASIS = Report.Kind.DECISION_BASIS


def request(user, dialogue, kind=BASIS, **extra):
    return services.request_report(user=user, kind=kind, dialogue_id=dialogue.pk, **extra)


def test_generation_runs_as_a_task_and_stores_the_file_with_its_checksum(cast, full, fake_render):
    dialogue, _ = full
    report = request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    assert report.status == Report.Status.DONE
    assert report.task_id  # went through django-tasks (the immediate backend in tests)
    data = report.file.read()
    assert data.startswith(b"%PDF")
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.size == len(data)
    assert report.version == 1
    assert report.dialogue_id == dialogue.pk and report.point == DecisionPoint.FINAL
    assert "/v001/" in report.file.name


def test_generating_again_makes_a_new_version_and_keeps_the_old(cast, full, fake_render):
    dialogue, _ = full
    first = request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    first_bytes = first.file.read()
    second = request(cast.official, dialogue, point=DecisionPoint.FINAL)
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    with first.file.open("rb") as handle:
        assert handle.read() == first_bytes
    assert first.sha256 == hashlib.sha256(first_bytes).hexdigest()
    assert second.sha256 != first.sha256
    # Another point of the same dialogue counts its own versions.
    other = request(cast.clerk, dialogue, point=DecisionPoint.MANDATE)
    assert other.version == 1


def test_a_version_number_is_unique_per_kind_and_subject(cast, full, fake_render):
    dialogue, _ = full
    report = request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    with pytest.raises(IntegrityError):
        Report.objects.create(
            kind=report.kind,
            subject=report.subject,
            version=report.version,
            title="dup",
            created_by=cast.clerk,
        )


def test_a_finished_report_cannot_be_changed_or_deleted(cast, full, fake_render):
    dialogue, _ = full
    report = request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    report.sha256 = "0" * 64
    with pytest.raises(ImmutableReport):
        report.save()
    with pytest.raises(ImmutableReport):
        Report.objects.get(pk=report.pk).delete()


def test_a_failed_render_keeps_its_reason_and_can_be_retried(cast, full, monkeypatch):
    dialogue, _ = full

    def broken(document):
        raise RuntimeError("the font cache exploded")

    monkeypatch.setattr("reports.services.render_pdf", broken)
    report = request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    assert report.status == Report.Status.FAILED
    assert "the font cache exploded" in report.error
    assert not report.file

    monkeypatch.setattr("reports.services.render_pdf", lambda document: b"%PDF-1.7 ok")
    retried = services.retry_report(report_id=report.pk, user=cast.clerk)
    assert retried.pk == report.pk and retried.version == 1
    assert retried.status == Report.Status.DONE
    assert retried.attempts == 2
    assert retried.error == ""


def test_only_a_failed_report_is_retried(cast, full, fake_render):
    dialogue, _ = full
    report = request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    with pytest.raises(services.Conflict):
        services.retry_report(report_id=report.pk, user=cast.clerk)


def test_data_removed_before_the_task_runs_fails_with_what_is_missing(cast, full, fake_render):
    dialogue, _ = full
    report = Report.objects.create(
        kind=BASIS,
        subject=f"dialogue:{dialogue.pk}:point:final",
        dialogue=dialogue,
        point=DecisionPoint.FINAL,
        version=1,
        title="t",
        created_by=cast.clerk,
    )
    ProposalPoint.objects.filter(proposal__dialogue=dialogue).delete()
    assert services.render_stored(report.pk) == Report.Status.FAILED
    report.refresh_from_db()
    assert "numbered point" in report.error or "numrerad" in report.error
    assert fake_render == []


def test_a_dialogue_missing_data_is_refused_with_the_list(cast, fake_render):
    dialogue = register_directly(make_dialogue(cast))
    with pytest.raises(services.MissingData) as refused:
        request(cast.clerk, dialogue, point=DecisionPoint.FINAL)
    assert len(refused.value.reasons) >= 4  # proposal, influence, economy, children, views
    assert not Report.objects.exists()
    assert fake_render == []


def test_an_unregistered_dialogue_has_no_decision_basis(cast, fake_render):
    dialogue = make_dialogue(cast)
    with pytest.raises(services.MissingData) as refused:
        request(cast.clerk, dialogue, point=DecisionPoint.MANDATE)
    assert len(refused.value.reasons) == 1


def test_mandate_basis_of_a_complete_initiative_is_ready(cast, fake_render):
    dialogue = register_directly(make_dialogue(cast))
    report = request(cast.official, dialogue, point=DecisionPoint.MANDATE)
    assert report.status == Report.Status.DONE


def test_an_extract_needs_the_paragraph(cast, full, fake_render):
    dialogue, extra = full
    final = extra["final"]
    final.paragraph = ""
    final.save()
    with pytest.raises(services.MissingData):
        request(cast.clerk, dialogue, kind=Report.Kind.EXTRACT, decision_id=final.pk)
    report = request(
        cast.clerk, dialogue, kind=Report.Kind.EXTRACT, decision_id=extra["mandate"].pk
    )
    assert report.status == Report.Status.DONE and report.decision_id == extra["mandate"].pk


def test_a_decision_of_another_dialogue_is_refused(cast, full, fake_render):
    dialogue, extra = full
    other = register_directly(make_dialogue(cast))
    with pytest.raises(services.ActionRefused):
        request(cast.clerk, other, kind=Report.Kind.EXTRACT, decision_id=extra["final"].pk)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("official", True),
        ("clerk", True),
        ("politician", False),
        ("other_official", False),
        ("other_clerk", False),
        ("outsider", False),
    ],
)
def test_who_may_generate_a_dialogues_documents(cast, full, fake_render, who, allowed):
    dialogue, _ = full
    user = cast.everyone()[who]
    if allowed:
        assert request(user, dialogue, kind=Report.Kind.DIALOGUE_REPORT).is_done
    else:
        with pytest.raises(services.PermissionRefused):
            request(user, dialogue, kind=Report.Kind.DIALOGUE_REPORT)


def test_follow_up_by_the_bodys_clerk_only(cast, full, fake_render):
    report = services.request_report(
        user=cast.clerk, kind=Report.Kind.FOLLOW_UP, body_id=cast.body.pk, year=2025
    )
    assert report.is_done and report.subject == f"body:{cast.body.pk}:year:2025"
    with pytest.raises(services.PermissionRefused):
        services.request_report(
            user=cast.other_clerk, kind=Report.Kind.FOLLOW_UP, body_id=cast.body.pk, year=2025
        )
    with pytest.raises(services.MissingData):
        services.request_report(
            user=cast.clerk, kind=Report.Kind.FOLLOW_UP, body_id=cast.body.pk, year=2019
        )
