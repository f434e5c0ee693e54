"""The five preset policy profiles, built from the seed policies, and the vocabulary they use.

Each preset says what its municipality's dialogue policy decides differently from the others.
Where a seed is silent the preset says so in a comment and keeps the backbone's behaviour. The
question texts and the target groups live here (not in `dialog`) because the profile names
them and `governance` must not import `dialog`; `dialog` reads them from here.

Seeds: 000 Sandviken (Strategi för medborgardialog, KS2016/55), 001 Solna (Riktlinje för
medborgardialog), 002 Haninge (Policy för medborgar- och brukardialog, KS 2017/429), 003 Forshaga
(Policy för invånardialog, KS 2017/261), 004 Hagfors (Policy för medborgardialog, KF 2017-09-25
§ 57).
"""

from django.utils.translation import gettext_lazy as _

# -- The questions the political body answers before a dialogue [SOL][FOR] ----------------------
INITIATIVE_QUESTIONS = {
    # Solna 1, Forshaga 3: "Behöver de förtroendevalda mer kunskap om medborgarnas värderingar,
    # åsikter och prioriteringar kring frågan för att fatta det bästa beslutet?"
    "knowledge_needed": _(
        "Do we need more knowledge of residents' values, opinions and priorities?"
    ),
    # Solna 2, Forshaga 1: "Är frågan i ett skede att den går att påverka?" / "Är vi påverkbara?"
    "open_to_influence": _("Is the question still open to influence?"),
    # Forshaga 2: "Är invånare engagerade i frågan och vill vara med och påverka?"
    "residents_engaged": _("Are residents engaged in the question?"),
    # Forshaga 4: "Kan invånardialogen ge invånare större kunskap om kommunens ansvar och
    # prioriteringar?"
    "teaches_residents": _(
        "Can the dialogue teach residents about the municipality's responsibilities and priorities?"
    ),
}

# -- Target groups the mandate names [SAN][HAG][HAN] ---------------------------------------------
TARGET_GROUPS = {
    "disability_council": _("The disability council"),
    "pensioners_council": _("The pensioners' council"),
    "children_young": _("Children and young people"),
    "rarely_heard": _("Groups that are rarely heard"),
    "national_minorities": _("National minorities"),
    "other": _("Other group"),
}
# The groups a profile may require to be considered ("other" has no fixed meaning).
CONSIDERABLE_GROUPS = [key for key in TARGET_GROUPS if key != "other"]

# -- The participation ladder (delaktighetstrappan), lowest rung first [SAN][FOR] ---------------
# The same values as `dialog.models.ParticipationLevel` (a test keeps them in step).
PARTICIPATION_LADDER = ["information", "konsultation", "dialog", "inflytande", "medbeslutande"]


def ladder_rank(level: str) -> int:
    """The rung's place on the ladder; an unknown or empty level ranks lowest."""
    return PARTICIPATION_LADDER.index(level) if level in PARTICIPATION_LADDER else -1


# -- The presets -------------------------------------------------------------------------------
# Each value is a PolicyProfile's fields. `reminder_after_days` is not in any seed: 30 days is a
# product default, the same for all.
PRESETS: dict[str, dict] = {
    "sandviken": {
        "name": "Sandviken – Strategi för medborgardialog",
        "source": "Seed 000: Sandvikens kommun, Strategi för medborgardialog (KS2016/55), "
        "KF 2017-06-12 § 113",
        "description": (
            "Nine steps with three decision points. 'De förtroendevalda tar beslut' on the "
            "mandate; the seed names no particular body, and the dialogue is carried by the "
            "administration 'som beslutat om medborgardialogen', so the politicians of the body "
            "responsible for the dialogue decide (initiating_body). The launch is a decision "
            "('Beslutspunkt: Igångsättning'). 'Endast information är inte en medborgardialog': "
            "the lowest level is consultation. 'Kommunala handikapprådet och Kommunala "
            "pensionärsrådet' must always be considered, and children and young people must "
            "always be able to give their view. The result must be able to influence coming "
            "decisions ('viktigt att resultatet från dialogen kan påverka kommande beslut'), so "
            "that question is asked. The feedback to residents is decided at the final decision "
            "(step 9), not in the mandate. The seed sets no follow-up interval: yearly is kept."
        ),
        "mandate_decided_by": "initiating_body",
        "launch_decided_by": "decision",
        "initiative_questions": ["open_to_influence"],
        "lowest_participation_level": "konsultation",
        "always_consider_groups": ["disability_council", "pensioners_council", "children_young"],
        # Seed 000 sets no rhythm for the dialogue work: yearly is kept.
        "follow_up_rhythm_months": 12,
        # Seed 000: 'Giltighetstid: Tillsvidare'; no review interval is set.
        "policy_review_interval_months": None,
        "activity_evaluation_required": False,
        "feedback_plan_required_at_mandate": False,
        "reminder_after_days": 30,
        # Delegation and user dialogues: see DELEGATION_STATEMENTS["sandviken"].
        "delegable_points": ["mandate", "launch"],
        "delegation_to_officials": False,
        "user_dialogue_decided_by": "administration",
    },
    "solna": {
        "name": "Solna – Riktlinje för medborgardialog",
        "source": "Seed 001: Solna stad, Riktlinje för medborgardialog (KS, tills vidare)",
        "description": (
            "'Samtliga politiska nämnder i staden kan initiera till medborgardialog', and 'Inget "
            "formellt beslut behöver fattas i nämnd eller styrelse': the responsible official "
            "records the politicians' stance, which is reported with the final case "
            "(stance_only); the body's politicians may also approve. 'Genomförandeplan med "
            "tillhörande kommunikationsplan informeras om på presidieberedning': the launch is a "
            "presentation to the presidium. Both questions must be answered YES 'av berört "
            "politiskt organ'. 'Det är inte en medborgardialog när ett beslut redan är fattat "
            "utan mötet handlar om att informera': the lowest level is consultation. Samråd and "
            "granskning under the planning act are not dialogues. The communication plan is made "
            "at planning (step 3), not in the mandate. Dialogue work 'följs upp och utvärderas "
            "årligen'. The seed names no groups that must always be considered."
        ),
        "mandate_decided_by": "stance_only",
        "launch_decided_by": "presidium",
        "initiative_questions": ["knowledge_needed", "open_to_influence"],
        "lowest_participation_level": "konsultation",
        "always_consider_groups": [],
        # Seed 001: 'följs upp och utvärderas årligen … i respektive nämnds delårsrapport och i
        # kommunstyrelsens årsredovisning': yearly.
        "follow_up_rhythm_months": 12,
        # Seed 001: 'tills vidare'; no review interval is set.
        "policy_review_interval_months": None,
        "activity_evaluation_required": False,
        "feedback_plan_required_at_mandate": False,
        "reminder_after_days": 30,
        # Delegation and user dialogues: see DELEGATION_STATEMENTS["solna"].
        "delegable_points": [],
        "delegation_to_officials": True,
        "user_dialogue_decided_by": "administration",
    },
    "haninge": {
        "name": "Haninge – Policy för medborgar- och brukardialog",
        "source": "Seed 002: Haninge kommun, Policy för medborgar- och brukardialog "
        "(KS 2017/429), KF 2018-05-07",
        "description": (
            "'Principiellt ansvarar förtroendevalda för att fatta beslut om att initiera en "
            "medborgardialog', and 'Samtliga nämnder har ansvar att budgetera medel': the "
            "politicians of the body responsible for the dialogue decide (initiating_body). The "
            "seed says nothing about the launch: a decision, as in the backbone. It asks no "
            "initiative questions and sets no lowest level. 'Samtliga dialoger strävar efter "
            "bred representation … inkluderande deltagande': groups rarely heard must be "
            "considered. Feedback is part of every dialogue but no plan is required in the "
            "mandate. KS follows the policy up 'en gång per mandatperiod' (48 months)."
        ),
        "mandate_decided_by": "initiating_body",
        "launch_decided_by": "decision",
        "initiative_questions": [],
        "lowest_participation_level": "",
        "always_consider_groups": ["rarely_heard"],
        # Seed 002 sets no rhythm for the dialogue work (its 48 months are the policy's review):
        # yearly is kept.
        "follow_up_rhythm_months": 12,
        # Seed 002: 'Kommunstyrelsen ska vid behov eller en gång per mandatperiod följa upp
        # policyn': the policy is reviewed per term (48 months).
        "policy_review_interval_months": 48,
        "activity_evaluation_required": False,
        "feedback_plan_required_at_mandate": False,
        "reminder_after_days": 30,
        # Delegation and user dialogues: see DELEGATION_STATEMENTS["haninge"].
        "delegable_points": ["mandate", "launch"],
        "delegation_to_officials": False,
        "user_dialogue_decided_by": "administration",
    },
    "forshaga": {
        "name": "Forshaga – Policy för invånardialog",
        "source": "Seed 003: Forshaga kommun, Policy för invånardialog (KS 2017/261), "
        "KF 2017-11-07",
        "description": (
            "'Det är förtroendevalda som bestämmer vilka frågor de vill föra dialog om och det är "
            "alltid förtroendevalda som fattar beslut'; the policy 'gäller för alla nämnder', so "
            "the politicians of the body responsible for the dialogue decide (initiating_body). "
            "The launch is a decision. The four questions ('Är vi påverkbara? Är invånare "
            "engagerade? Behöver vi mer kunskap? Kan invånardialogen ge invånare större kunskap "
            "om kommunens ansvar och prioriteringar?') are asked. 'I vissa frågor kan ett "
            "enstaka informationsmöte vara tillräckligt': no lowest level. The seed names no "
            "group (it asks politicians to reach all resident groups). Feedback is required but "
            "not planned in the mandate. No follow-up interval is stated: yearly is kept."
        ),
        "mandate_decided_by": "initiating_body",
        "launch_decided_by": "decision",
        "initiative_questions": [
            "open_to_influence",
            "residents_engaged",
            "knowledge_needed",
            "teaches_residents",
        ],
        "lowest_participation_level": "",
        "always_consider_groups": [],
        # Seed 003 sets no rhythm: yearly is kept.
        "follow_up_rhythm_months": 12,
        # Seed 003 sets no review interval.
        "policy_review_interval_months": None,
        "activity_evaluation_required": False,
        "feedback_plan_required_at_mandate": False,
        "reminder_after_days": 30,
        # Delegation and user dialogues: see DELEGATION_STATEMENTS["forshaga"].
        "delegable_points": ["mandate", "launch"],
        "delegation_to_officials": False,
        "user_dialogue_decided_by": "administration",
    },
    "hagfors": {
        "name": "Hagfors – Policy för medborgardialog",
        "source": "Seed 004: Hagfors kommun, Policy för medborgardialog, KF 2017-09-25 § 57",
        "description": (
            "'Beslutet om genomförandet ligger alltid hos kommunfullmäktige': only the municipal "
            "council decides the mandate (council). The launch is a decision. 'Medborgardialog "
            "ska genomföras när vi har ett behov av att få reda på vad kommuninvånarna tycker' "
            "and 'Att bjuda in till medborgardialog innebär en skyldighet att göra någonting av "
            "det som kommer fram': the knowledge and influence questions are asked. A dialogue "
            "gives 'ett bredare underlag inför beslut', so information alone is not enough: the "
            "lowest level is consultation. 'Bjuda in de målgrupper som inte får höras lika "
            "ofta': groups rarely heard must be considered. 'Redan när det tas beslut om att "
            "genomföra en strukturerad medborgardialog ska det finnas en plan för hur "
            "återkoppling … kommer att ske': the feedback plan is required in the mandate. KF "
            "follows the work up 'årligen i samband med bokslutsprocessen'."
        ),
        "mandate_decided_by": "council",
        "launch_decided_by": "decision",
        "initiative_questions": ["knowledge_needed", "open_to_influence"],
        "lowest_participation_level": "konsultation",
        "always_consider_groups": ["rarely_heard"],
        # Seed 004: 'Uppföljningen ska göras årligen i samband med bokslutsprocessen'.
        "follow_up_rhythm_months": 12,
        # Seed 004: 'Initiativ tas av kommunstyrelsen för en uppföljning av policyn varje ny
        # mandatperiod'.
        "policy_review_interval_months": 48,
        # Seed 004: "När en dialogaktivitet genomförs ska den också följas upp och utvärderas
        # löpande."
        "activity_evaluation_required": True,
        "feedback_plan_required_at_mandate": True,
        "reminder_after_days": 30,
        # Delegation and user dialogues: see DELEGATION_STATEMENTS["hagfors"].
        "delegable_points": [],
        "delegation_to_officials": False,
        "user_dialogue_decided_by": "administration",
    },
}

# -- Who decides, by delegation and for user dialogues (issue 12) --------------------------------
# Each preset's statement, and the seed line it comes from. What kommunallagen reserves (the
# council's matters, 5 kap 1 §; a body's goals and direction, 6 kap 38 §: the final decision) is
# never delegable, whatever a seed says; `PolicyProfile.clean` refuses it. Where a seed is
# silent, the statement says so and the backbone is kept (a body's order may delegate the
# mandate and the launch, to politicians or officials; a user dialogue is decided within its
# administration).
DELEGATION_STATEMENTS: dict[str, dict[str, str]] = {
    "sandviken": {
        "statement": (
            "The responsible nämnd decides; its delegation order may hand the mandate and the "
            "launch to its arbetsutskott, presidium or chair, never to an official: 'De "
            "förtroendevalda tar beslut'. The seed does not name the arbetsutskott: a delegate "
            "of the body's own politicians is the preset's reading of 'de förtroendevalda'. The "
            "final decision is the body's (6 kap 38 §). A brukar-/kunddialog is carried by the "
            "administration."
        ),
        "seed": (
            "Seed 000, KS2016/55 3(6): 'Steg 2 - Beslutspunkt: Uppdrag De förtroendevalda tar "
            "beslut som på ett tydligt sätt beskriver syfte'; 1(6): 'Dessa dialoger [brukar-/"
            "kunddialoger] ... förs företrädesvis mellan nyttjare och tjänstepersoner.'"
        ),
    },
    "solna": {
        "statement": (
            "Nothing is delegated: the mandate is a stance, not a formal decision, and the launch "
            "a presentation to the presidium, so there is no decision to delegate; the final "
            "decision is the body's. The seed is silent on delegation to officials and on user "
            "dialogues: the backbone is kept."
        ),
        "seed": (
            "Seed 001, Steg 2: 'Inget formellt beslut behöver fattas i nämnd eller styrelse om "
            "att genomföra medborgardialog.' Steg 4: 'Genomförandeplan med tillhörande "
            "kommunikationsplan informeras om på presidieberedning.'"
        ),
    },
    "haninge": {
        "statement": (
            "The responsible body's politicians decide to initiate a dialogue; its order may "
            "delegate the mandate and the launch to its politicians (presidium, chair, utskott), "
            "not to officials. The seed is silent on the launch: the backbone is kept. A user "
            "dialogue is the officials' to initiate and act on: decided within the "
            "administration."
        ),
        "seed": (
            "Seed 002: 'Principiellt ansvarar förtroendevalda för att fatta beslut om att "
            "initiera en medborgardialog, samt att tillvarata den kunskap som samlas in. Ansvaret "
            "för att initiera och tillämpa kunskapen inom ramen för brukardialog vilar primärt "
            "hos tjänstemannanivån.'"
        ),
    },
    "forshaga": {
        "statement": (
            "'Det är alltid förtroendevalda som fattar beslut': the body's order may delegate "
            "the mandate and the launch only to its politicians. A user dialogue is held between "
            "officials and users: decided within the administration."
        ),
        "seed": (
            "Seed 003: 'Beslut att föra invånardialog och beslut om åtgärder fattas av "
            "förtroendevalda.' 'Brukardialog förs mellan tjänsteman och brukare/kund.'"
        ),
    },
    "hagfors": {
        "statement": (
            "The municipal council decides the mandate at its meeting; nothing is delegated (the "
            "council's matters cannot be, kommunallagen 5 kap 1 §, and the seed keeps citizen "
            "participation in the elected forums). A user dialogue is the officials' initiative: "
            "decided within the administration."
        ),
        "seed": (
            "Seed 004: 'beslutet om genomförandet ligger alltid hos kommunfullmäktige.' 'Den "
            "medborgerliga delaktigheten ska hanteras inom ramen för de folkvaldas forum.' 'En "
            "brukardialog sker vanligtvis mellan tjänstepersoner och medborgare ... initiativ "
            "tas av tjänstepersoner som bjuder in till dialog.'"
        ),
    },
}

# The fields a preset sets (everything but key, policy_document and is_active).
PRESET_FIELDS = list(PRESETS["sandviken"])

# The municipality whose policy each preset follows, for the interface ("enligt Sandvikens
# modell"); the presets' `source` notes are for administrators, not for the dialogue pages.
PRESET_MODELS = {
    "sandviken": "Sandviken",
    "solna": "Solna",
    "haninge": "Haninge",
    "forshaga": "Forshaga",
    "hagfors": "Hagfors",
}


def swedish_genitive(name: str) -> str:
    """'Exempelby kommun' -> 'Exempelby kommuns', 'Hagfors' -> 'Hagfors' (Swedish rule: no
    extra s after s, x or z). The names are Swedish proper nouns whatever the UI language."""
    name = name.strip()
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"
