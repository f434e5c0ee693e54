"""Publish three of the demo's dialogues (one open, one finished with its feedback, one coming)
with the demo's areas and topics, through participation.services as their responsible officials.
Run after `load_demo`; safe to run again (a published page is left as it is)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dialog.models import Dialogue

from ... import online_demo, services
from ...models import Area, PublicDialogue, Topic

AREAS = ["Centrum", "Norra Exempelby", "Södra Exempelby", "Landsbygden"]
TOPICS = ["Trygghet", "Barn och unga", "Kultur och fritid", "Skola", "Trafik", "Parker och natur"]

# title: (areas, topics, summary, what cannot be influenced, English summary, lättläst)
PAGES = {
    "Mötesplatser för unga": (
        ["Norra Exempelby", "Södra Exempelby"],
        ["Barn och unga", "Kultur och fritid"],
        "Var vill du som är ung träffa kompisar efter skolan, och vad ska finnas där? "
        "Svaren hjälper barn- och utbildningsnämnden att bestämma var nya mötesplatser ska "
        "ligga och hur de ska fungera.",
        "Budgeten för 2027 är redan beslutad, och fritidsgårdarnas öppettider i år ändras inte.",
        "Where would you, as a young person, like to meet friends after school, and what should "
        "be there? Your answers help the committee decide where new meeting places go.",
        "Kommunen vill bygga nya platser för unga. Säg vad du tycker. Var ska de ligga? "
        "Vad ska finnas där?",
    ),
    "Trygghet i centrum": (
        ["Centrum"],
        ["Trygghet"],
        "Hur kan centrum kännas tryggare på kvällen? Vi frågade invånare, och "
        "kommunstyrelsen har nu beslutat om åtgärder. Här ser du vad som hände sen.",
        "Polisens arbete och butikernas öppettider beslutar inte kommunen om.",
        "How can the town centre feel safer in the evening? We asked residents, and the "
        "executive board has decided on measures.",
        "",
    ),
    "Kulturskolans utbud": (
        ["Centrum", "Landsbygden"],
        ["Kultur och fritid", "Barn och unga"],
        "Vilka kurser ska kulturskolan erbjuda? Snart kan du tycka till om utbudet, "
        "avgifterna och var kurserna hålls.",
        "Kulturskolans lokaler i centrum är beslutade och byts inte ut.",
        "",
        "",
    ),
}


class Command(BaseCommand):
    help = "Publish three demo dialogues (open, finished, coming) with areas and topics."

    def handle(self, *args, **options):
        areas = {
            name: Area.objects.get_or_create(name=name, defaults={"position": i})[0]
            for i, name in enumerate(AREAS)
        }
        topics = {
            name: Topic.objects.get_or_create(name=name, defaults={"position": i})[0]
            for i, name in enumerate(TOPICS)
        }
        published = []
        for title, (area_names, topic_names, summary, cannot, english, easy) in PAGES.items():
            dialogue = Dialogue.objects.filter(title=title).first()
            if dialogue is None:
                raise CommandError(f"The demo dialogue {title!r} is missing: run load_demo first.")
            if PublicDialogue.objects.filter(dialogue=dialogue, is_published=True).exists():
                continue
            official = dialogue.responsible_official
            with transaction.atomic():
                services.update_details(
                    dialogue_id=dialogue.pk,
                    user=official,
                    summary=summary,
                    cannot_influence=cannot,
                    summary_en=english,
                    summary_easy=easy,
                    areas=[areas[n] for n in area_names],
                    topics=[topics[n] for n in topic_names],
                )
                services.publish(dialogue_id=dialogue.pk, user=official)
            published.append(title)
        for title in published:
            self.stdout.write(f"Published: {title}")
        # The open dialogue takes views online, with answers moderated and waiting.
        if online_demo.build() is not None:
            self.stdout.write(f"Online form with answers: {online_demo.TITLE}")
        self.stdout.write(self.style.SUCCESS(f"{len(published)} demo dialogues published."))
