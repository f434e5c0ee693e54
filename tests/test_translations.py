"""The Swedish catalogue (locale/sv) is complete, keeps every placeholder, and is compiled.

The msgids are English; the interface is Swedish. The compiled django.mo is committed so that a
machine without gettext still shows Swedish, which is why a .mo that lags behind the .po fails here.
Regenerate both with `make messages` after changing any UI string.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from dialog.models import ParticipationLevel, State
from roles.models import Body, Membership

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# %(name)s, %(count)d, %s, %d ... (printf style, as gettext and blocktranslate use) and {name}.
_PRINTF = re.compile(r"%(?:\(\w+\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACES = re.compile(r"\{\w*\}")


def placeholders(text: str) -> Counter:
    text = text.replace("%%", "")
    return Counter(_PRINTF.findall(text) + _BRACES.findall(text))


def entries():
    return [e for e in polib.pofile(str(PO_PATH)) if not e.obsolete]


def catalogue(pofile_or_mofile) -> dict:
    """(msgctxt, msgid, msgid_plural) -> msgstr, or the tuple of plural msgstrs, without header."""
    result = {}
    for e in pofile_or_mofile:
        if not e.msgid or e.obsolete:
            continue
        key = (e.msgctxt, e.msgid, e.msgid_plural or None)
        if e.msgid_plural:
            result[key] = tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural))
        else:
            result[key] = e.msgstr
    return result


def test_the_catalogue_exists_and_is_swedish():
    po = polib.pofile(str(PO_PATH))
    assert po.metadata["Language"] == "sv"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert not po.metadata_is_fuzzy
    assert len(entries()) > 100  # the whole UI, not a stub


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO_PATH))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    for e in entries():
        if e.msgid_plural:
            assert sorted(e.msgstr_plural) == [0, 1], e.msgid
            assert all(s.strip() for s in e.msgstr_plural.values()), e.msgid


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    wrong = []
    for e in entries():
        if e.msgid_plural:
            pairs = [(e.msgid, e.msgstr_plural[0]), (e.msgid_plural, e.msgstr_plural[1])]
        else:
            pairs = [(e.msgid, e.msgstr)]
        wrong += [
            (msgid, msgstr)
            for msgid, msgstr in pairs
            if placeholders(msgid) != placeholders(msgstr)
        ]
    assert wrong == []


def test_the_placeholder_check_itself_notices_a_lost_or_renamed_placeholder():
    assert placeholders("Only the clerk of %(body)s can register the case.") == Counter(
        ["%(body)s"]
    )
    assert placeholders("Registratorn kan diarieföra.") != placeholders("Clerk of %(body)s")
    assert placeholders("%(bodies)s") != placeholders("%(body)s")
    assert placeholders("100 %% klart, {name}, %s") == Counter(["{name}", "%s"])


def test_the_committed_mo_matches_the_po():
    assert MO_PATH.exists(), "compile the catalogue: make messages"
    po = catalogue(polib.pofile(str(PO_PATH)))
    mo = catalogue(polib.mofile(str(MO_PATH)))
    stale = sorted(str(key[1]) for key in po.keys() | mo.keys() if po.get(key) != mo.get(key))
    assert stale == [], "django.mo is out of date: run make messages"


@pytest.mark.parametrize(
    ("msgid", "swedish"),
    [
        ("Decision point: mandate", "Beslutspunkt: uppdrag"),
        ("Register the case", "Diarieför ärendet"),
        ("Steering documents", "Styrdokument"),
        ("until further notice", "tills vidare"),
    ],
)
def test_django_shows_swedish_for_real_msgids(msgid, swedish):
    with translation.override("sv"):
        assert gettext(msgid) == swedish
    with translation.override("en"):
        assert gettext(msgid) == msgid


def test_django_uses_both_swedish_plural_forms():
    with translation.override("sv"):
        one = ngettext("%(counter)s dialogue", "%(counter)s dialogues", 1) % {"counter": 1}
        many = ngettext("%(counter)s dialogue", "%(counter)s dialogues", 3) % {"counter": 3}
    assert (one, many) == ("1 dialog", "3 dialoger")


def test_django_reads_every_translation_from_the_catalogue():
    # Catches a .mo that Django does not load, or another catalogue that shadows ours.
    with translation.override("sv"):
        differing = [
            e.msgid
            for e in entries()
            if not e.msgid_plural and not e.msgctxt and gettext(e.msgid) != e.msgstr
        ]
    assert differing == []


def test_the_glossary_words_name_the_steps_rungs_bodies_and_roles():
    expected = [
        (State.INITIATIVE, "Initiativ"),
        (State.MANDATE_DECISION, "Beslutspunkt: uppdrag"),
        (State.PLANNING, "Planering"),
        (State.LAUNCH_DECISION, "Beslutspunkt: igångsättning"),
        (State.EXECUTION, "Genomförande"),
        (State.COMPILATION, "Sammanställning"),
        (State.FEEDBACK, "Återkoppling"),
        (State.PROCESSING, "Bearbetning"),
        (State.DECISION, "Beslut och åtgärdsplan"),
        (State.CLOSED, "Avslutad"),
        (State.REJECTED, "Avslagen"),
        (State.CANCELLED, "Avbruten"),
        (ParticipationLevel.INFORMATION, "Information"),
        (ParticipationLevel.CONSULTATION, "Konsultation"),
        (ParticipationLevel.DIALOGUE, "Dialog"),
        (ParticipationLevel.INFLUENCE, "Inflytande"),
        (ParticipationLevel.CO_DECISION, "Medbeslutande"),
        (Body.Kind.COUNCIL, "Kommunfullmäktige"),
        (Body.Kind.COMMITTEE, "Nämnd"),
        (Body.Kind.SUBCOMMITTEE, "Utskott"),
        (Body.Kind.PRESIDIUM, "Presidium"),
        (Membership.Role.HEAD_OF_ADMINISTRATION, "Förvaltningschef"),
        (Membership.Role.OFFICIAL, "Tjänsteperson"),
        (Membership.Role.SECRETARY, "Nämndsekreterare"),
        (Membership.Role.REGISTRAR, "Registrator"),
    ]
    with translation.override("sv"):
        assert [(choice, str(choice.label)) for choice, _ in expected] == expected
