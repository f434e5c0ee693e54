"""The demo's part: reach per target group and activity evaluations on the closed demo dialogue
(issue 16). Called by `load_demo`.

On 'Trygghet i centrum', once its activities are held (just before the results are presented,
while the compilation is under way), the responsible official records how many came from each
target group of the mandate to each held activity, and the officials evaluate two of them,
through the services as they would. The disability council came to none: on the dialogue page
it shows as not reached, beside the groups that were.

Runs only while the dialogue is being built, so loading the demo again changes nothing.
"""

from .. import services
from ..models import Activity, ActivityReach

TITLE = "Trygghet i centrum"
OFFICIAL, EXPERT = "mikael.eriksson", "sofia.andersson"
# The step before which the activities are held and their reach recorded.
ACTION = "present_results"

# Participants per activity (by title) and target group (by its key in the mandate).
REACH = {
    "Trygghetsvandring kring busstationen": {
        "children_young": 6,
        "pensioners_council": 3,
        "disability_council": 0,
    },
    "Dialogcafé på biblioteket": {
        "children_young": 2,
        "pensioners_council": 5,
        "disability_council": 0,
    },
    "Webbenkät om trygghet": {
        "children_young": 14,
        "pensioners_council": 0,
        "disability_council": 0,
    },
}

# (activity title, who writes it, what worked, who came, what to change)
EVALUATIONS = [
    (
        "Trygghetsvandring kring busstationen",
        OFFICIAL,
        "Att gå tillsammans på kvällen gjorde det lätt att peka ut mörka platser; polisen och "
        "fastighetsägarna var med och kunde svara direkt.",
        "Mest boende över 50 och några gymnasieelever. Funktionshinderrådet var inbjudet men "
        "kom inte.",
        "Bjud in funktionshinderrådet personligen och välj en tid då fler unga kan komma.",
    ),
    (
        "Dialogcafé på biblioteket",
        EXPERT,
        "Små bord med en fråga vid varje gav samtal i stället för frågor till politikerna.",
        "Pensionärsrådets ledamöter och några unga från fritidsgården.",
        "Ha en tolk på plats och annonsera också på lättläst svenska.",
    ),
]


def load(*, bodies, people, command) -> None:
    """Idempotent: everything is done while the dialogue is built (`before_step`)."""


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
    if dialogue.title != TITLE or action != ACTION:
        return
    held = {
        a.title: a for a in Activity.objects.filter(dialogue=dialogue, status=Activity.Status.HELD)
    }
    if ActivityReach.objects.filter(activity__in=held.values()).exists():
        return
    groups = {g.group: g.pk for g in dialogue.target_groups.filter(included=True)}
    for title, counts in REACH.items():
        activity = held.get(title)
        if activity is None:
            continue
        services.record_reach(
            dialogue_id=dialogue.pk,
            user=people[OFFICIAL],
            activity_id=activity.pk,
            counts={groups[key]: n for key, n in counts.items() if key in groups},
        )
    for title, writer, worked, came, change in EVALUATIONS:
        activity = held.get(title)
        if activity is None:
            continue
        services.save_activity_evaluation(
            dialogue_id=dialogue.pk,
            user=people[writer],
            activity_id=activity.pk,
            data={"what_worked": worked, "who_came": came, "what_to_change": change},
        )
