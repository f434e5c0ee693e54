"""The cast and the dialogues the delegation walks share (issue 12): KS delegates the mandate to
its arbetsutskott (point 3.2) and the launch to the head of Kommunledningskontoret (3.3), and
lets its chair decide urgent matters. One dialogue in every state, put there directly (the rules
read who is who and the state: tests/helpers.py's docstring)."""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from dialog.models import Dialogue, State
from governance.models import DelegationPoint
from roles.models import Membership
from tests.delegation_support import DelegationCast, absent, make_order
from tests.factories import Cast, make_dialogue, put_in_state

Delegate = DelegationPoint.Delegate

# Who the walks ask. "vice_chair_acting" is the vice chair while the chair is marked absent.
ROLES = (
    "deputy",  # an ersättare of KS
    "member",  # an ordinary member of KS
    "chair",
    "vice_chair",
    "vice_chair_acting",
    "delegate",  # a member of KS's arbetsutskott, the mandate's delegate
    "secretary",  # KS's committee secretary
    "official",  # the responsible official
    "head",  # the head of the responsible official's administration (förvaltningschef)
    "other_politician",  # a member of another body
    "outsider",
    "anonymous",
)


class DelegationGrid:
    def __init__(self):
        cast = self.cast = Cast()
        people = self.team = DelegationCast(cast)
        make_order(
            cast.body,
            ("mandate", Delegate.SUBCOMMITTEE, people.utskott, "", "3.2"),
            (
                "launch",
                Delegate.ROLE,
                people.administration,
                Membership.Role.HEAD_OF_ADMINISTRATION,
                "3.3",
            ),
        )
        self.people = {
            "deputy": people.deputy,
            "member": people.member,
            "chair": people.chair,
            "vice_chair": people.vice_chair,
            "vice_chair_acting": people.vice_chair,
            "delegate": people.utskott_member,
            "secretary": people.secretary,
            "official": people.official,
            "head": people.head,
            "other_politician": cast.other_politician,
            "outsider": cast.outsider,
            "anonymous": AnonymousUser(),
        }
        self.dialogues = {}
        for state in State:
            dialogue = make_dialogue(cast, complete=False)
            self.dialogues[state] = put_in_state(dialogue, state)

    def dialogue(self, state) -> Dialogue:
        # A fresh instance: the predicates cache per dialogue instance.
        return Dialogue.objects.select_related("body", "policy_profile").get(
            pk=self.dialogues[State(state)].pk
        )

    def user(self, role):
        if role == "vice_chair_acting":
            absent(self.cast.body, self.people["secretary"])
        return self.people[role]

    def transitions(self, permission, state):
        """The machine's transitions out of `state` that ask for `permission`."""
        field = Dialogue._meta.get_field("state")
        return [
            t
            for t in field.get_all_transitions(Dialogue)
            if t.source == state and getattr(t.permission, "permission_name", None) == permission
        ]

    def has_perm(self, permission, role, state) -> bool:
        import rules

        return rules.has_perm(permission, self.user(role), self.dialogue(state))


def module_grid(django_db_blocker):
    """Build the grid in a transaction around the whole module (as tests/dialog/rules/conftest.py
    does for the main grid); a test file yields from it in its own module-scoped fixture."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = DelegationGrid()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
