"""Solna's checklists (its bilaga 1) as data, per preset (issue 16) [SOL].

Solna's Riktlinje för medborgardialog (seed 001) names four checklists of its bilaga 1 and the
step of its process where each is used:

- Steg 1 "Varför?": "Se frågor i checklista för styrprocessen, politiskt ställningstagande,
  bilaga 1" -> our initiative (step 1, `initiative_mandate`);
- Steg 3 "Hur?": "Planering av medborgardialog. Se frågor i checklista för dialogprocessen" and
  "Framtagande av kommunikationsplan … Se frågor i checklista för kommunikationsplan" -> our
  planning (step 3, `planning`);
- Steg 6 "Återkoppling och utvärdering": "Resultatet av medborgardialogen sammanställs och
  utvärderas och är en del av beslutsunderlaget. Deltagare i dialogen får återkoppling. Se
  frågor i checklista för utvärderingsprocessen" -> our feedback to the politicians (step 7,
  `feedback`): after the compilation and before the proposal, so that the evaluation is part of
  the final decision's basis as Solna wants.

The seed holds the guideline but not the bilaga's own text. The items below are therefore the
questions the guideline itself asks at each of those steps, each with the seed line it comes
from (`source`); a municipality that has the bilaga's wording edits the items in the admin.
Items are ticked ("tick": done or not) or answered in words ("answer").

`apply_preset` is idempotent: it creates what is missing, changes an item's wording only while
no dialogue has answered it (an answer keeps the question it answered), and removes items the
preset no longer has only when nobody answered them.
"""

SOLNA_SEED = "Solna stad, Riktlinje för medborgardialog"

# key -> (step, title, source, [(item key, kind, text, source), ...])
PRESET_CHECKLISTS: dict[str, list[dict]] = {
    "solna": [
        {
            "key": "styrprocessen",
            "step": "initiative_mandate",
            "title": "Checklista för styrprocessen – politiskt ställningstagande",
            "source": f"{SOLNA_SEED}, Steg 1 – Varför? (bilaga 1)",
            "items": [
                (
                    "behov",
                    "answer",
                    "Vilket behov av mer kunskap eller större delaktighet i frågan har "
                    "identifierats?",
                    "Steg 1: Ett behov av mer kunskap eller större delaktighet i en viss fråga "
                    "identifieras.",
                ),
                (
                    "syfte-och-mal",
                    "answer",
                    "Vad är dialogens syfte och mål, enligt samtalet mellan förtroendevald och "
                    "tjänsteperson?",
                    "Steg 1: Samtal sker mellan förtroendevald … och tjänsteperson om dialogens "
                    "syfte och mål.",
                ),
                (
                    "inflytande",
                    "answer",
                    "Vilken grad av inflytande kan medborgarna förvänta sig, och hur kommer "
                    "åsikter och synpunkter att behandlas?",
                    "Steg 1: Det tydliggörs vilken grad av inflytande medborgarna kan förvänta "
                    "sig … samt hur åsikter och synpunkter kommer att behandlas.",
                ),
                (
                    "inte-fattat",
                    "tick",
                    "Beslutet är inte redan fattat: mötet med medborgarna handlar inte bara om "
                    "att informera om ett beslut.",
                    "Överväganden: Det är inte en medborgardialog när ett beslut redan är fattat.",
                ),
                (
                    "inte-pbl",
                    "tick",
                    "Dialogen blandas inte samman med plan- och bygglovsprocessens samråd och "
                    "granskning.",
                    "Överväganden: Medborgardialog ska inte blandas samman med den lagstadgade "
                    "plan- och bygglovsprocessen.",
                ),
            ],
        },
        {
            "key": "dialogprocessen",
            "step": "planning",
            "title": "Checklista för dialogprocessen",
            "source": f"{SOLNA_SEED}, Steg 3 – Hur? (bilaga 1)",
            "items": [
                (
                    "malgrupp",
                    "answer",
                    "Vilken är målgruppen, och hur vill den delta?",
                    "Bakgrund: Frågan och målgruppen ska vara tydligt definierad; Metoder: "
                    "utgångspunkten … hur målgrupperna vill delta.",
                ),
                (
                    "metoder",
                    "answer",
                    "Vilka metoder används, fysiska eller digitala, och varför passar de "
                    "målgruppen?",
                    "Metoder: Utmaningen är att välja rätt metod och det kan behövas flera "
                    "metoder.",
                ),
                (
                    "fortroendevalda",
                    "answer",
                    "Vilka förtroendevalda deltar, och hur?",
                    "Steg 5: Förtroendevalda deltar i medborgardialogen enligt genomförandeplanen.",
                ),
                (
                    "tjanstepersoner",
                    "answer",
                    "Vilka tjänstepersoner ansvarar för genomförande, dokumentation och "
                    "efterarbete, och behövs särskilt inbjudna experter?",
                    "Ansvar och roller: Tjänstepersoner ansvarar för det praktiska "
                    "genomförandet … även för dokumentationen.",
                ),
                (
                    "presidieberedning",
                    "tick",
                    "Genomförandeplanen är klar att informera presidieberedningen om.",
                    "Steg 4: Genomförandeplan … informeras om på presidieberedning.",
                ),
            ],
        },
        {
            "key": "kommunikationsplan",
            "step": "planning",
            "title": "Checklista för kommunikationsplan",
            "source": f"{SOLNA_SEED}, Steg 3 – Hur? (bilaga 1)",
            "items": [
                (
                    "kunskap",
                    "answer",
                    "Hur får medborgarna kunskap om frågan?",
                    "Steg 3: Främsta målet med kommunikationen är att ge medborgarna kunskap om "
                    "frågan …",
                ),
                (
                    "intresse",
                    "answer",
                    "Hur väcks medborgarnas intresse att delta i dialogen?",
                    "Steg 3: … och intresse att delta i en dialog.",
                ),
                (
                    "aterkoppling",
                    "answer",
                    "Hur och när får deltagarna återkoppling?",
                    "Steg 6: Deltagare i dialogen får återkoppling.",
                ),
            ],
        },
        {
            "key": "utvarderingsprocessen",
            "step": "feedback",
            "title": "Checklista för utvärderingsprocessen",
            "source": f"{SOLNA_SEED}, Steg 6 – Återkoppling och utvärdering (bilaga 1)",
            "items": [
                (
                    "sammanstallt",
                    "tick",
                    "Resultatet är sammanställt som en del av beslutsunderlaget.",
                    "Steg 6: Resultatet … sammanställs och utvärderas och är en del av "
                    "beslutsunderlaget.",
                ),
                (
                    "resultatet",
                    "answer",
                    "Vad visar utvärderingen av resultatet?",
                    "Steg 6: Utvärderingen bör omfatta både resultatet och processen.",
                ),
                (
                    "processen",
                    "answer",
                    "Vad visar utvärderingen av processen?",
                    "Steg 6: Utvärderingen bör omfatta både resultatet och processen.",
                ),
                (
                    "forbattringar",
                    "answer",
                    "Vilka förbättringar tar vi med till nästa medborgardialog?",
                    "Steg 6: Utifrån utvärderingen finns möjlighet att göra förbättringar inför "
                    "nästa medborgardialog.",
                ),
                (
                    "tillsammans",
                    "tick",
                    "Tjänstepersoner och förtroendevalda har utvärderat tillsammans.",
                    "Ansvar och roller: Tjänstepersoner och förtroendevalda utvärderar och lär "
                    "tillsammans.",
                ),
            ],
        },
    ],
}


def _answered(item) -> bool:
    """Whether a dialogue answered the item (the reverse relation from dialog, when present)."""
    answers = getattr(item, "answers", None)
    return answers is not None and answers.exists()


def fill(profile, checklist_model, item_model) -> bool:
    """Create or update the checklists of the preset `profile.key` with the given model classes
    (the real ones, or a migration's); True when anything was written."""
    wanted = PRESET_CHECKLISTS.get(profile.key, [])
    changed = False
    for position, spec in enumerate(wanted):
        values = {
            "step": spec["step"],
            "title": spec["title"],
            "source": spec["source"],
            "position": position,
        }
        checklist = checklist_model.objects.filter(profile=profile, key=spec["key"]).first()
        if checklist is None:
            checklist = checklist_model.objects.create(profile=profile, key=spec["key"], **values)
            changed = True
        elif any(getattr(checklist, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(checklist, name, value)
            checklist.save()
            changed = True
        keys = []
        for item_position, (key, kind, text, source) in enumerate(spec["items"]):
            keys.append(key)
            item_values = {"kind": kind, "text": text, "source": source, "position": item_position}
            item = item_model.objects.filter(checklist=checklist, key=key).first()
            if item is None:
                item_model.objects.create(checklist=checklist, key=key, **item_values)
                changed = True
            elif any(getattr(item, n) != v for n, v in item_values.items()) and not _answered(item):
                for name, value in item_values.items():
                    setattr(item, name, value)
                item.save()
                changed = True
        for stale in item_model.objects.filter(checklist=checklist).exclude(key__in=keys):
            if not _answered(stale):
                stale.delete()
                changed = True
    return changed


def apply_preset(*, profile, user=None) -> None:
    """Create or update the checklists of the preset `profile.key` (idempotent)."""
    from .models import Checklist, ChecklistItem

    fill(profile, Checklist, ChecklistItem)
