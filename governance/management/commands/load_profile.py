"""`python manage.py load_profile NAME [--activate]`: create or update a preset policy profile."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from governance import selectors, services
from governance.profiles import PRESETS


class Command(BaseCommand):
    help = (
        "Create or update one of the preset policy profiles built from the seed policies "
        f"({', '.join(PRESETS)}). Safe to run again. --activate makes it the active profile."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(PRESETS), help="The preset's key.")
        parser.add_argument(
            "--activate",
            action="store_true",
            help=(
                "Make it the active profile, and hang it on the dialogue policy in the register "
                "(the document the profile in force hangs on), if there is one."
            ),
        )

    def handle(self, *args, name, activate, **options):
        # The chosen preset is hung on the municipality's dialogue policy in the register (the
        # document the profile in force hangs on), so that the register and the profile agree.
        policy = selectors.current_dialogue_policy() if activate else None
        try:
            result = services.load_preset(key=name, activate=activate, policy_document=policy)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        profile = result.profile
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Created the policy profile {profile.key}."))
        elif result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Updated the policy profile {profile.key}: {', '.join(result.changed)}."
                )
            )
        else:
            self.stdout.write(f"The policy profile {profile.key} is up to date.")
        if activate:
            self.stdout.write(f"{profile.key} is now the active profile.")
            if policy is not None:
                self.stdout.write(
                    f"It puts the dialogue policy in the register into practice: {policy}."
                )
