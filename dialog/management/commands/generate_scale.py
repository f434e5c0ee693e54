"""Fill the database with a large, realistic data set for the scale benchmark (issue 11).

The work is `dialog.scale.generate`: COPY on PostgreSQL, bulk inserts elsewhere, no history rows.
"""

from django.core.management.base import BaseCommand, CommandError

from dialog import scale


class Command(BaseCommand):
    help = (
        "Add N dialogues in every state, M inputs (one dialogue with B of them), K steering "
        "documents and the bodies and people they need, in bulk (no history rows). For a "
        "scratch database: it only adds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dialogues", type=int)
        parser.add_argument("--inputs", type=int)
        parser.add_argument("--documents", type=int)
        parser.add_argument("--big-dialogue-inputs", type=int, default=50_000)
        parser.add_argument(
            "--publish-only",
            action="store_true",
            help="Add nothing but the public pages that the generated dialogues lack (a set "
            "made before the generator published them).",
        )

    def handle(self, *args, **options):
        if options["publish_only"]:
            self.stdout.write(f"published: {scale.publish()}")
            return
        if any(options[k] is None for k in ("dialogues", "inputs", "documents")):
            raise CommandError("--dialogues, --inputs and --documents are required.")
        numbers = [options[k] for k in ("dialogues", "inputs", "documents", "big_dialogue_inputs")]
        if min(numbers) < 0 or options["dialogues"] < 1:
            raise CommandError("The numbers must not be negative, and one dialogue is the least.")
        made = scale.generate(
            dialogues=options["dialogues"],
            inputs=options["inputs"],
            documents=options["documents"],
            big_dialogue_inputs=options["big_dialogue_inputs"],
            log=lambda message: self.stdout.write(message) if options["verbosity"] > 1 else None,
        )
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in made.items()))
