"""The demo's part: Goals linked to dialogues and steering documents, and Solna's checklists (issue
16). Called by `load_demo`.

Exempelby's goals come from its budget (mål och budget) for this year and the two after, adopted
by the council, and one of the executive board's own. Two are linked to running dialogues by
their responsible officials and one to the dialogue policy. The dialogue under Solna's profile
(`dialog.demo.solna`) answers Solna's checklists at the steps where Solna uses them: the
political stance's before it is submitted for the mandate, the dialogue process's and the
communication plan's at planning, where it stands. Everything goes through the services, by the
people who would act. Safe to run again.
"""

from datetime import date

from django.utils import timezone

from governance import goals as goal_services
from governance.models import Checklist, Goal, SteeringDocument

from ..models import ChecklistAnswer, Dialogue
from ..services.goals_checklists import answer_checklist, set_dialogue_goals
from .solna import PRESET
from .solna import TITLE as SOLNA_TITLE

# (code, title, owner, description)
GOALS = [
    (
        "1.1",
        "Exempelby är en trygg kommun att bo och vistas i",
        "KF",
        "Invånarna ska känna sig trygga i centrum, i bostadsområdena och på väg till och från "
        "skola och arbete.",
    ),
    (
        "2.1",
        "Barn och unga har en meningsfull fritid",
        "KF",
        "Barn och unga ska ha mötesplatser och fritidsaktiviteter nära där de bor, formade "
        "tillsammans med dem.",
    ),
    (
        "3.1",
        "Invånarna har inflytande över frågor som berör dem",
        "KF",
        "Kommunen för dialog med invånarna inför viktiga beslut och återkopplar vad dialogen "
        "ledde till.",
    ),
    (
        "KS 4",
        "Kommunens service är tillgänglig för alla",
        "KS",
        "Kommunens lokaler, webbplats och tjänster ska kunna användas av alla invånare.",
    ),
]
# Goal code -> the demo dialogue (by title) that serves it.
DIALOGUE_GOALS = {"2.1": "Mötesplatser för unga", "3.1": "Ett nytt bibliotek i Exempelby"}
# Goal code -> the steering document (by title) that serves it.
DOCUMENT_GOALS = {"3.1": "Policy för medborgardialog"}

# Solna's checklists answered by the official of its demo dialogue (checklist key -> answers
# of its "answer" items in order; "tick" items are ticked).
SOLNA_ANSWERS = {
    "styrprocessen": [
        "Besöken på fritidsgården har minskat och nämnden vet inte vad ungdomarna saknar.",
        "Att få veta vilka aktiviteter och öppettider ungdomarna i Västerby vill ha, inför "
        "nämndens beslut om verksamheten 2027.",
        "Dialog: ungdomarnas önskemål styr verksamheten inom nämndens budget. Alla synpunkter "
        "sammanställs och redovisas för nämnden.",
    ],
    "dialogprocessen": [
        "Ungdomar 13–18 år i Västerby; de vill helst prata på fritidsgården en vardagskväll och "
        "svara kort i mobilen.",
        "Samtalskvällar på fritidsgården och en kort enkät i skolorna: båda där ungdomarna redan "
        "finns.",
        "Oskar Wikström (KFN) deltar på båda samtalskvällarna och lyssnar.",
        "Jonas Lindgren ansvarar för genomförande och dokumentation; fritidsledarna deltar.",
    ],
    "kommunikationsplan": [
        "Affischer på fritidsgården och i skolorna, information via elevråden.",
        "Fritidsledarna bjuder in personligt; pizza på samtalskvällarna.",
        "Resultatet visas på fritidsgården och på webben i december.",
    ],
}


def load(*, bodies, people, command) -> None:
    """Idempotent: loading the demo again changes nothing."""
    clerk = people["ingrid.sjoberg"]  # KF's and KS's committee secretary
    goals = _goals(bodies, clerk)
    _link(goals, clerk)
    solna = Dialogue.objects.filter(title=SOLNA_TITLE, policy_profile__key=PRESET).first()
    if solna is not None and solna.state == "planning":
        for key in ("dialogprocessen", "kommunikationsplan"):
            _answer(solna, key, solna.responsible_official)


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
    if action != "submit_for_mandate":
        return
    dialogue = Dialogue.objects.select_related("policy_profile").get(pk=dialogue.pk)
    if dialogue.policy_profile is not None and dialogue.policy_profile.key == PRESET:
        # Solna's step 1: the questions of the political stance, before the mandate.
        _answer(dialogue, "styrprocessen", official)


def _goals(bodies, clerk) -> dict[str, Goal]:
    year = timezone.localdate().year
    source = f"Mål och budget {year}–{year + 2}"
    found = {}
    for code, title, owner, description in GOALS:
        goal = Goal.objects.filter(code=code, title=title).first()
        if goal is None:
            goal = goal_services.create_goal(
                data={
                    "code": code,
                    "title": title,
                    "description": description,
                    "owner_body": bodies[owner],
                    "period_start": date(year, 1, 1),
                    "period_end": date(year + 2, 12, 31),
                    "source": source,
                },
                user=clerk,
            )
        found[code] = goal
    return found


def _link(goals: dict[str, Goal], clerk) -> None:
    for code, title in DIALOGUE_GOALS.items():
        dialogue = Dialogue.objects.filter(title=title).first()
        if dialogue is None or dialogue.goals.filter(pk=goals[code].pk).exists():
            continue
        linked = [*dialogue.goals.all(), goals[code]]
        set_dialogue_goals(
            dialogue_id=dialogue.pk, user=dialogue.responsible_official, goals=linked
        )
    for code, title in DOCUMENT_GOALS.items():
        documents = SteeringDocument.objects.filter(title=title)
        # The dialogue policy the profile hangs on, where the register has the title twice.
        document = documents.filter(policy_profiles__isnull=False).first() or documents.first()
        if document is None or document.goals.filter(pk=goals[code].pk).exists():
            continue
        goal_services.set_document_goals(
            document_id=document.pk, goals=[*document.goals.all(), goals[code]], user=clerk
        )


def _answer(dialogue, key: str, user) -> None:
    checklist = (
        Checklist.objects.filter(profile_id=dialogue.policy_profile_id, key=key)
        .prefetch_related("items")
        .first()
    )
    if checklist is None:
        return
    if ChecklistAnswer.objects.filter(dialogue=dialogue, item__checklist=checklist).exists():
        return
    texts = iter(SOLNA_ANSWERS[key])
    answers = {}
    for item in checklist.items.all():
        if item.kind == item.Kind.TICK:
            answers[item.pk] = {"ticked": True}
        else:
            answers[item.pk] = {"answer": next(texts, "")}
    answer_checklist(dialogue_id=dialogue.pk, checklist_id=checklist.pk, user=user, answers=answers)
