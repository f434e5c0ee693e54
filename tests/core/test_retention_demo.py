"""The demo's records part (issue 15): the plan's retention rules and a gallring dry run."""

from io import StringIO

from django.core.management import call_command

from core.models import GallringLog, RetentionRule


def test_the_demo_has_rules_with_the_plan_and_a_dry_run_in_the_log(demo):
    rules = list(RetentionRule.objects.filter(active=True))
    assert {r.kind for r in rules} == {
        "dialog.input_text",
        "participation.feedback_address",
        "participation.online_text",
    }
    for rule in rules:
        assert rule.plan_reference.startswith("Informationshanteringsplan")
        assert rule.decision == "Kommunstyrelsen 2025-11-12 § 187"
    logs = GallringLog.objects.all()
    assert {log.kind for log in logs} == {r.kind for r in rules}
    assert all(log.dry_run and log.rule is not None for log in logs)


def test_loading_the_demo_again_adds_no_rule_and_no_run(demo):
    before = (RetentionRule.objects.count(), GallringLog.objects.count())
    call_command("load_demo", force=True, stdout=StringIO())
    assert (RetentionRule.objects.count(), GallringLog.objects.count()) == before
