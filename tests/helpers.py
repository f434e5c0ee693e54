"""What the tests share: log in, run a transition as a person would, read a page's HTML.

Building a dialogue in a given state
------------------------------------
Through the services, by default: `advance(dialogue, cast, State.EXECUTION)` walks the machine
as the people of `tests.factories.Cast` would (the official fills each step through the step's
services, the clerk registers the case, the politician approves), so the log, the decisions, the
history and the dates are the ones a real case has.

The fast path is `tests.factories.put_in_state`: it writes the state straight into the row (the
FSM field is protected against assignment), registers the case and can record the final
decision. It is allowed only where a test is about what a *state allows* and not about how the
case got there: the rules walks in `tests/dialog/rules/`, which actions, panels or forms a page
offers in a state, and refusals outside a step. A test that reads the timeline, the decisions,
the history or anything else a transition writes builds its state with `advance`.

Reading HTML
------------
Pages are parsed (BeautifulSoup with the standard library's parser), never sliced as strings:
`element(response, "#initiative-answers")` finds the part of the page an assertion is about and
`text(...)` gives its visible text with whitespace collapsed, entities decoded.
"""

from bs4 import BeautifulSoup
from bs4.element import Tag

from dialog import services
from dialog.models import Dialogue, State

# A transition's comment where the test does not care what it says.
COMMENT = "Motivering enligt tjänsteskrivelsen."


# -- Logging in -----------------------------------------------------------------------------


def login(client, user):
    """Log `user` in on the test client and return the client.

    `force_login` skips authentication, so django-axes (which needs the request in
    `authenticate`) stays out of the way; tests of the log-in itself post to the form."""
    client.force_login(user)
    return client


# -- Running transitions --------------------------------------------------------------------


def fresh(obj):
    """The row as the database has it now (a new instance, nothing cached)."""
    return type(obj).objects.get(pk=obj.pk)


def run(dialogue, name, user, **kwargs):
    """Run the transition `name` as `user` through the service, with a comment by default.

    A transition that records a decision goes through `decide` (decided_on, paragraph and body
    are its keywords)."""
    kwargs.setdefault("comment", COMMENT)
    if _records_decision(name) and "record" not in kwargs:
        return decide(dialogue, name, user, **kwargs)
    for key in ("decided_on", "paragraph", "body"):
        kwargs.pop(key, None)
    return services.run_transition(dialogue_id=dialogue.pk, name=name, user=user, **kwargs)


def _used(meeting, paragraph) -> bool:
    from dialog.models import Decision

    wanted = str(paragraph).strip().removeprefix("§").strip()
    return Decision.objects.filter(meeting=meeting, paragraph=wanted).exists()


def _records_decision(name: str) -> bool:
    field = Dialogue._meta.get_field("state")
    return any(
        t.name == name and t.custom.get("outcome") for t in field.get_all_transitions(Dialogue)
    )


def decide(
    dialogue, name, user, *, comment=COMMENT, decided_on=None, paragraph=None, body=None, **kwargs
):
    """Record a decision point's outcome the way the municipality does (issue 12):

    - the responsible official notes the stance or the presentation where the profile asks for
      no decision (`decided_on` is the day the politicians were informed);
    - otherwise the body decided at a meeting on `decided_on` (today by default; the meeting is
      made when there is none) and its committee secretary records it from the minutes with
      `paragraph` (or the next free §; the next free one, too, when the meeting has used it).
      A politician of the deciding body given as `user` stands for their body: its secretary
      records the decision. Anyone else records as themselves, and is refused as the service
      would refuse them.
    """
    from django.utils import timezone

    from dialog import policy
    from roles.models import Membership
    from roles.selectors import body_ids_with_roles
    from tests.factories import free_paragraph, meeting_of

    dialogue = fresh(dialogue)
    day = decided_on or timezone.localdate()
    if policy.records_information(dialogue, user):
        return services.note_information(
            dialogue_id=dialogue.pk,
            name=name,
            user=user,
            informed_occasion="Presidiets sammanträde",
            informed_on=day,
            text=comment,
            **kwargs,
        )
    deciding = policy.deciding_bodies(dialogue)
    if body is None:
        mine = body_ids_with_roles(user, (*Membership.POLITICIAN_ROLES, Membership.Role.SECRETARY))
        body = next((b for b in deciding if b.pk in mine), None) or next(
            (b for b in deciding if b.pk == dialogue.body_id), deciding[0]
        )
    recorder = user
    if body.pk in body_ids_with_roles(user, Membership.POLITICIAN_ROLES):
        secretary = (
            Membership.objects.active()
            .filter(body=body, role=Membership.Role.SECRETARY)
            .order_by("pk")
            .first()
        )
        recorder = secretary.person if secretary else user
    meeting = meeting_of(body, day)
    return services.decide_at_meeting(
        dialogue_id=dialogue.pk,
        name=name,
        user=recorder,
        meeting=meeting,
        # No § given: the next free one; a given one as given (blank is refused), or the next
        # free one when the meeting has used it (advance gives every decision the same).
        paragraph=(
            free_paragraph(meeting)
            if paragraph is None
            else paragraph
            if not str(paragraph).strip() or not _used(meeting, paragraph)
            else free_paragraph(meeting)
        ),
        text=comment,
        **kwargs,
    )


# From each state on the main path, the transition forward and the member of the cast who runs
# it. The official fills the step's content first (tests.factories.STEP_SERVICES).
_FORWARD = {
    State.INITIATIVE: ("submit_for_mandate", "official"),
    State.MANDATE_DECISION: ("approve_mandate", "politician"),
    State.PLANNING: ("submit_for_launch", "official"),
    State.LAUNCH_DECISION: ("approve_launch", "politician"),
    State.EXECUTION: ("start_compilation", "official"),
    State.COMPILATION: ("present_results", "official"),
    State.FEEDBACK: ("start_processing", "official"),
    State.PROCESSING: ("submit_for_decision", "official"),
}
_ORDER = [*_FORWARD, State.DECISION, State.CLOSED]


def advance(dialogue, cast, to, *, decided=False) -> Dialogue:
    """Walk `dialogue` (at the initiative, complete as `make_dialogue` builds it) through the
    services to the state `to`. At the decision step the final decision is recorded only when
    `decided`; rejected is reached at the mandate decision, cancelled from the initiative. The
    case is registered when it reaches the mandate decision."""
    from dialog.models import DecisionPoint
    from tests.factories import complete_step_with_services

    to = State(to)
    if to == State.REJECTED:
        dialogue = advance(dialogue, cast, State.MANDATE_DECISION)
        run(dialogue, "reject", cast.politician, paragraph="7")
        return fresh(dialogue)
    if to == State.CANCELLED:
        run(dialogue, "cancel", cast.clerk)  # the body's decision, from the minutes
        return fresh(dialogue)
    dialogue = fresh(dialogue)
    decided = decided or to == State.CLOSED
    while True:
        if dialogue.state == State.MANDATE_DECISION and not dialogue.is_registered:
            # The clerk registers a case once it is submitted; the decision needs the number.
            services.register_case(dialogue_id=dialogue.pk, user=cast.clerk)
            dialogue = fresh(dialogue)
        final = dialogue.approved_decision(DecisionPoint.FINAL) is not None
        if dialogue.state == to and (to != State.DECISION or final == decided):
            return dialogue
        assert _ORDER.index(dialogue.state) <= _ORDER.index(to), (dialogue.state, to)
        if dialogue.state == State.DECISION:
            name, who = ("close", "official") if final else ("decide", "politician")
        else:
            name, who = _FORWARD[dialogue.state]
        if who == "official":
            complete_step_with_services(dialogue, cast.official, dialogue.state)
        run(dialogue, name, getattr(cast, who), paragraph="7")
        dialogue = fresh(dialogue)


# -- Reading HTML ---------------------------------------------------------------------------


def html(response) -> str:
    """The response's body as text."""
    return response.content.decode()


def parse(page) -> BeautifulSoup:
    """A response, or HTML as a string, parsed."""
    if not isinstance(page, str | bytes):
        page = page.content
    return BeautifulSoup(page, "html.parser")


def element(page, selector: str) -> Tag:
    """The one element `selector` (CSS) picks in `page` (a response, HTML or a parsed tree).
    Fails when there is none, so an assertion never passes on a missing part."""
    tree = page if isinstance(page, Tag) else parse(page)
    found = tree.select(selector)
    assert len(found) == 1, f"{len(found)} elements match {selector!r}"
    return found[0]


def has(page, selector: str) -> bool:
    """Whether anything matches `selector` in `page`."""
    tree = page if isinstance(page, Tag) else parse(page)
    return tree.select_one(selector) is not None


def text(page, selector: str | None = None) -> str:
    """The visible text of `page` (or of the element `selector` picks), whitespace collapsed."""
    if selector is not None:
        node = element(page, selector)
    else:
        node = page if isinstance(page, Tag) else parse(page)
    return " ".join(node.get_text(" ").split())


def texts(page, selector: str) -> list[str]:
    """The text of every element `selector` picks, in page order."""
    tree = page if isinstance(page, Tag) else parse(page)
    return [" ".join(node.get_text(" ").split()) for node in tree.select(selector)]


def links(page, selector: str = "a[href]") -> list[str]:
    """The targets of the links in `page` (or of those `selector` picks), in page order."""
    tree = page if isinstance(page, Tag) else parse(page)
    return [a["href"] for a in tree.select(selector)]


# -- Walking the rules ----------------------------------------------------------------------

# The people a rules walk asks, by what they are to the dialogue.
ROLES = (
    "responsible",  # the responsible official
    "assigned_official",  # an official of the body assigned to the dialogue (an expert)
    "other_official",  # an official of the same body, not working on the dialogue
    "body_politician",  # the chair of the dialogue's body, its assigned politician
    "other_politician",  # a politician of another body
    "clerk",  # the clerk of the dialogue's body
    "initiator",  # proposed the dialogue; a politician of another body, nothing more
    "outsider",  # an account without any role
    "superuser",  # an administrator without any role: passes Django, never our rules
    "anonymous",  # not logged in
)
WORKS_ON_DIALOGUE = frozenset({"responsible", "assigned_official"})
HAS_A_ROLE = frozenset(ROLES) - {"outsider", "superuser", "anonymous"}


class Grid:
    """One cast and a dialogue in every state, for the rules walks (the fast path: states put
    straight into the rows, see the module's docstring).

    `dialogue(state)` is registered and, at the decision step, has its final decision;
    `dialogue(state, registered=False)` is not registered; `dialogue(State.DECISION,
    decided=False)` waits for its final decision."""

    def __init__(self):
        from django.contrib.auth.models import AnonymousUser

        from dialog.models import Assignment
        from roles.models import Membership
        from tests.factories import Cast, make_member, make_superuser

        cast = self.cast = Cast()
        self.people = {
            "responsible": cast.official,
            "assigned_official": make_member(cast.body, Membership.Role.OFFICIAL),
            "other_official": cast.other_official,
            "body_politician": cast.politician,
            "other_politician": cast.other_politician,
            "clerk": cast.clerk,
            "initiator": make_member(cast.other_body, Membership.Role.MEMBER),
            "outsider": cast.outsider,
            "superuser": make_superuser(),
            "anonymous": AnonymousUser(),
        }
        self._dialogues = {}
        variants = [(state, True, True) for state in State]
        variants += [(state, False, True) for state in State]
        variants += [(State.DECISION, True, False)]
        for state, registered, decided in variants:
            self._dialogues[state, registered, decided] = self._build(
                state, registered, decided, Assignment
            )

    def _build(self, state, registered, decided, Assignment):
        from tests.factories import make_dialogue, put_in_state

        # Rules read who is who and the state, not the step's content: a bare dialogue will do.
        dialogue = make_dialogue(self.cast, complete=False)
        Dialogue.objects.filter(pk=dialogue.pk).update(initiated_by=self.people["initiator"])
        Assignment.objects.create(
            dialogue=dialogue, person=self.people["assigned_official"], role=Assignment.Role.EXPERT
        )
        Assignment.objects.create(
            dialogue=dialogue, person=self.cast.politician, role=Assignment.Role.POLITICIAN
        )
        return put_in_state(
            dialogue,
            state,
            registered=registered,
            final_decision=decided and state == State.DECISION,
            by=self.cast.politician,
        )

    def dialogue(self, state, *, registered=True, decided=True):
        return self._dialogues[State(state), registered, decided or state != State.DECISION]

    def has_perm(self, permission, role, state, **variant) -> bool:
        import rules

        return rules.has_perm(permission, self.people[role], self.dialogue(state, **variant))

    def transitions(self, permission, state):
        """The machine's transitions out of `state` that ask for `permission`."""
        field = Dialogue._meta.get_field("state")
        return [
            t
            for t in field.get_all_transitions(Dialogue)
            if t.source == state and getattr(t.permission, "permission_name", None) == permission
        ]
