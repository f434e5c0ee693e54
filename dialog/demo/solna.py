"""The demo's Solna part (issue 12), called by `load_demo`: one small dialogue that follows the
Solna preset, where no formal decision is needed on the mandate ('Inget formellt beslut behöver
fattas i nämnd eller styrelse'): the responsible official notes the politicians' stance, with
the occasion where they were informed and no paragraph, and the dialogue goes on to planning.

The demo municipality follows Sandviken's strategy, so the Solna profile is loaded without being
activated and this dialogue is put under it right after it is created, before anyone acts on it
(a dialogue keeps the profile it started under). Everything else goes through the services, by
the people who would act. Safe to run again.
"""

from datetime import timedelta

from django.utils import timezone

from governance.services import load_preset

from .. import services
from ..models import Dialogue, ParticipationLevel

PRESET = "solna"
TITLE = "Fritidsgården i Västerby – vad ska kvällarna rymma?"
# Where the official informed the politicians, and what they said (the stance).
STANCE = (
    "Nämndens presidium ställer sig bakom att dialogen genomförs med ungdomarna i Västerby; "
    "resultatet redovisas när nämnden beslutar om fritidsgårdens verksamhet."
)


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""


def load(*, bodies, people, command) -> None:
    """Called once after the demo dialogues are built, inside the same transaction."""
    profile = load_preset(key=PRESET, activate=False).profile
    if Dialogue.objects.filter(title=TITLE).exists():
        return
    _youth_centre(profile, bodies, people, command)


def _youth_centre(profile, bodies, people, command) -> None:
    """Built like load_demo's own dialogues, but under the Solna profile from its first day."""
    from dialog.management.commands.load_demo import DemoDialogue, Step, step_days

    official = people["jonas.lindgren"]
    spec = DemoDialogue(
        title=TITLE,
        body="KFN",
        official="jonas.lindgren",
        initiator="birgitta.lund",
        initiative={
            "question": (
                "Vad vill ungdomarna i Västerby att fritidsgården ska erbjuda på kvällarna?"
            ),
            "background": (
                "Fritidsgården i Västerby har färre besökare än förut och öppettiderna ses över "
                "inför nästa år."
            ),
            "why_dialogue": (
                "Vi vet inte vad ungdomarna saknar, och verksamheten kan ändras efter deras "
                "svar innan nämnden beslutar."
            ),
            "future_decision": (
                "Kultur- och fritidsnämndens beslut om fritidsgårdens verksamhet 2027."
            ),
            "participation_level": ParticipationLevel.DIALOGUE,
        },
        mandate={
            "purpose": "Få veta vilka aktiviteter och öppettider ungdomarna i Västerby vill ha.",
            "description": "Samtalskvällar på fritidsgården och en kort enkät i skolorna.",
            "influence": "Ungdomarnas önskemål styr verksamheten inom nämndens budget.",
            "target_groups": "Ungdomar 13–18 år i Västerby, fritidsledarna, skolornas elevråd.",
            "timeline": "Oktober–november; beslut i februari.",
            "budget_resources": "10 000 kr och fritidsgårdens personal.",
            "offtopic_handling": "Synpunkter utanför syftet lämnas till rätt förvaltning.",
            "feedback_plan": "Resultatet visas på fritidsgården och på webben i december.",
        },
        politicians=["oskar.wikstrom"],
        steps=[
            Step("submit_for_mandate", "jonas.lindgren"),
            Step("register", "hanna.ek"),
            Step("approve_mandate", "jonas.lindgren", comment=STANCE),
        ],
    )
    days = step_days(spec)
    # The stance noted about two weeks ago.
    today = timezone.localdate(command.real_now)
    command.start = today - timedelta(days=days[-1] + 13)
    with command._on_day(0):
        dialogue = services.create_dialogue(
            user=people[spec.initiator],
            data={
                "title": spec.title,
                "body": bodies[spec.body],
                "responsible_official": official,
                **spec.initiative,
            },
        )
        _under(dialogue, profile, people[spec.initiator])
        services.update_mandate(dialogue_id=dialogue.pk, user=official, data=spec.mandate)
        command._policy_content(dialogue, official, spec)
        services.set_responsibility(
            dialogue_id=dialogue.pk,
            user=official,
            responsible_official=official,
            politicians=[people[u] for u in spec.politicians],
            experts=[],
            communicators=[],
        )
    for step, day in zip(spec.steps, days, strict=True):
        with command._on_day(day):
            command._step(dialogue, spec, step, official, people)


def _under(dialogue, profile, user) -> None:
    """The new dialogue put under `profile` instead of the one in force (the demo's Sandviken);
    the policy that profile hangs on no longer governs it."""
    previous = dialogue.policy_profile
    dialogue.policy_profile = profile
    dialogue._history_user = user
    dialogue.full_clean()
    dialogue.save()
    if previous is not None and previous.policy_document_id:
        dialogue.governing_documents.remove(previous.policy_document_id)
    if profile.policy_document_id:
        dialogue.governing_documents.add(profile.policy_document_id)
