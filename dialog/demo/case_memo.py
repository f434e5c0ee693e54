"""The demo's tjänsteskrivelser (issue 12): before each submission the responsible official
writes the point's decision memo, so every demo dialogue reaches its state as a real one would.
Called by `load_demo`."""

from ..models import DecisionPoint, Dialogue
from ..models.case_memo import administration_of, head_of
from ..services.case_memo import update_case_memo

# The submission each memo goes with.
POINT_BY_ACTION = {
    "submit_for_mandate": DecisionPoint.MANDATE,
    "submit_for_launch": DecisionPoint.LAUNCH,
    "submit_for_decision": DecisionPoint.FINAL,
}


def _common(dialogue: Dialogue) -> dict:
    administration = administration_of(dialogue)
    recipients = [dialogue.body.name]
    if administration is not None:
        recipients.append(administration.name)
    recipients.append("Kommunikationsenheten")
    return {
        "minorities_concerned": False,
        "minorities": (
            "Förvaltningen har gått igenom frågan och bedömer att den inte särskilt berör "
            "någon av de nationella minoriteterna. Information om dialogen ges även på "
            "finska och meänkieli på kommunens webbplats."
        ),
        "distribution": "\n".join(recipients),
        "head_of_administration": head_of(administration),
    }


def _mandate(dialogue: Dialogue) -> dict:
    mandate = getattr(dialogue, "mandate", None)
    purpose = (mandate.purpose if mandate else "").strip() or dialogue.question
    return {
        "summary": (
            f"Förvaltningen föreslår att {dialogue.body.name} ger uppdrag att genomföra en "
            f"medborgardialog om {dialogue.title.lower()}. {purpose}"
        ),
        "proposed_decisions": "\n".join(
            [
                f"att ge förvaltningen i uppdrag att genomföra medborgardialogen "
                f"”{dialogue.title}” enligt uppdragsbeskrivningen i denna tjänsteskrivelse",
                "att dialogens resultat ska redovisas för nämnden innan beslut fattas i frågan",
            ]
        ),
        "matter": (
            f"{dialogue.background.strip()} Frågan är fortfarande öppen för påverkan och "
            "invånarnas synpunkter behövs som underlag för kommande beslut."
        ).strip(),
        "assessment": (
            "Förvaltningen bedömer att en medborgardialog ger ett bättre underlag för beslutet "
            "än enbart en intern utredning. Uppdraget är avgränsat, tidplanen realistisk och "
            "det finns resurser att återkoppla till dem som deltar."
        ),
        "economy": (
            "Dialogen genomförs inom förvaltningens befintliga budget; kostnaderna gäller "
            "främst lokaler, material och arbetstid."
        ),
        "children_rights": (
            "Barn och unga berörs av frågan. De hörs genom skolornas elevråd och särskilda "
            "aktiviteter för unga, i enlighet med barnkonventionens artikel 12 om barns rätt "
            "att uttrycka sina åsikter."
        ),
        "equality": (
            "Deltagandet följs upp per kön och ålder så att både kvinnors och mäns "
            "erfarenheter kommer fram."
        ),
        "environment": "Beslutet om uppdraget har inga direkta miljökonsekvenser.",
        **_common(dialogue),
    }


def _launch(dialogue: Dialogue) -> dict:
    return {
        "summary": (
            f"Planen för medborgardialogen ”{dialogue.title}” är klar: aktiviteter, "
            "kommunikation och tidpunkter för återkoppling och beslut. Förvaltningen föreslår "
            "att dialogen startar."
        ),
        "proposed_decisions": "\n".join(
            [
                "att godkänna planen för medborgardialogen enligt denna tjänsteskrivelse",
                "att dialogen startar enligt tidplanen",
            ]
        ),
        "matter": (
            "Nämnden gav uppdraget att genomföra dialogen. Förvaltningen har därefter tagit "
            "fram en plan med aktiviteter, kommunikationsinsatser och senare beslutspunkter."
        ),
        "assessment": (
            "Förvaltningen bedömer att de valda metoderna når de målgrupper uppdraget pekar ut, "
            "och att planen ger invånarna tid att delta."
        ),
        "economy": "Aktiviteterna ryms inom den budget som anges i uppdraget.",
        "children_rights": (
            "Aktiviteter förläggs till tider och platser där barn och unga kan delta, och "
            "materialet finns i en version anpassad för unga."
        ),
        "equality": "Aktiviteterna sprids över dagtid och kvällstid för att fler ska kunna delta.",
        "environment": "Aktiviteterna hålls i lokaler som nås med kollektivtrafik.",
        **_common(dialogue),
    }


def _final(dialogue: Dialogue) -> dict:
    return {
        "summary": (
            f"Medborgardialogen ”{dialogue.title}” är genomförd och resultatet har "
            "sammanställts och presenterats. Förvaltningen lämnar nu förslag till beslut "
            "utifrån dialogens resultat."
        ),
        "matter": (
            "Dialogen genomfördes enligt den plan nämnden godkände. Synpunkterna har "
            "tematiserats och redovisats för de förtroendevalda innan förslaget skrevs."
        ),
        "assessment": (
            "Förvaltningen bedömer att förslaget speglar det som flest deltagare lyfte och att "
            "åtgärderna är genomförbara inom given budget. Synpunkter som inte kan "
            "tillgodoses redovisas i återkopplingen till invånarna."
        ),
        **_common(dialogue),
    }


BUILDERS = {
    DecisionPoint.MANDATE: _mandate,
    DecisionPoint.LAUNCH: _launch,
    DecisionPoint.FINAL: _final,
}


def before_step(*, dialogue, action: str, people, official) -> None:
    """Called before each demo step (`action` is a transition name or "register")."""
    point = POINT_BY_ACTION.get(action)
    if point is None:
        return
    dialogue = Dialogue.objects.select_related("body", "mandate").get(pk=dialogue.pk)
    update_case_memo(
        dialogue_id=dialogue.pk,
        point=point,
        user=dialogue.responsible_official,
        data=BUILDERS[point](dialogue),
    )


def load(*, bodies, people, command) -> None:
    """Called once after the demo dialogues are built, inside the same transaction."""
