"""The shape of a step's content, as adhocracy4 declares a phase's content.

A step module declares one `StepContent`: where its content can be edited and who may, what the
step's next transition needs (`missing`), its one-record forms and its list items, and its panel
on the dialogue page. The registry in `dialog.steps` orders them; the model's transitions, the
`rules` permissions and the pages are built from it.

Services are named, not imported: `dialog.services` imports the rules built from this registry,
so a step module importing the services would go round in a circle.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Editing:
    """A permission to change some of a step's content: in which states, and why it is refused."""

    permission: str  # e.g. "dialog.edit_compilation"
    states: tuple[str, ...]
    refused: str  # the reason given when the permission is refused (lazy, translated)
    # Besides the officials working on the dialogue, the initiator may edit (step 1 only).
    initiator_too: bool = False
    # A further condition on the dialogue, e.g. the final decision recorded (step 9).
    when: Callable | None = None


@dataclass(frozen=True)
class ItemKind:
    """A list-type content of a step (an activity, a theme, ...): added, changed and removed
    one item at a time through the generic item views."""

    # The URL names' suffix: add_<name>, edit_<name>, delete_<name> (written out in urls.py).
    name: str
    model: type
    form_class: type
    save: str  # the name of the save service in dialog.services
    delete: str  # the name of the delete service in dialog.services
    permission: str
    add_title: str
    edit_title: str
    anchor: str  # where on the dialogue page the list is shown
    back: str = ""  # a URL name to return to instead of the dialogue page's anchor

    def back_url(self, dialogue) -> str:
        if self.back:
            return reverse(self.back, args=[dialogue.pk])
        return f"{dialogue.get_absolute_url()}#{self.anchor}"

    def save_service(self):
        from dialog import services

        return getattr(services, self.save)

    def delete_service(self):
        from dialog import services

        return getattr(services, self.delete)


@dataclass(frozen=True)
class RecordForm:
    """A step's one-record form (the initiative, the mandate, the summary, ...), edited on one
    page by the generic step form view."""

    name: str  # the URL name's suffix: edit_<name> (written out in urls.py)
    title: str
    form_class: type
    service: str  # the name of the update service in dialog.services
    permission: str
    instance: Callable  # dialogue -> the record the form edits (unsaved when new)
    template: str = "dialog/step_form.html"

    def update_service(self):
        from dialog import services

        return getattr(services, self.service)


@dataclass(frozen=True)
class StepContent:
    name: str  # e.g. "compilation"; the transitions' conditions name it
    editing: Editing
    # What the step's next transition needs from this content: a list of what is missing,
    # in the user's language; empty when the transition may run.
    missing: Callable
    panel: str  # the template of the step's panel on the dialogue page
    records: tuple[RecordForm, ...] = ()
    items: tuple[ItemKind, ...] = ()
    # Further permissions on parts of the content (activities: planning and execution).
    extra_editing: tuple[Editing, ...] = field(default=())

    @property
    def permissions(self) -> tuple[Editing, ...]:
        return (self.editing, *self.extra_editing)


def record_of(model):
    """The dialogue's one record of `model`, or a new unsaved one."""

    def instance(dialogue):
        return model.objects.filter(dialogue=dialogue).first() or model(dialogue=dialogue)

    return instance


def blank(value) -> bool:
    return not (value or "").strip()
