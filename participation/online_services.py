"""Views given online: the only place their data changes. Keyword-only, atomic, the dialogue's
row locked first (as dialog's services do: one lock order everywhere), then the form's or the
submission's row, and the permission checked on what is then current.

- the official sets up the form, its questions and options, and opens and closes it;
- a resident's submission is stored whole or not at all, once per form token;
- moderation accepts a submission into the input register (dialog.InputItem, source web_form,
  no staff author), accepts it as off-topic (an input outside the purpose), or hides it with a
  reason. Nothing is deleted; every change is in the history.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, PermissionRefused
from core.permissions import denied_reason
from dialog.models import Dialogue, InputItem
from dialog.services.case import access_dialogue

from . import signals
from .models import (
    ChoiceAnswer,
    OnlineForm,
    Option,
    PublicDialogue,
    Question,
    ScaleAnswer,
    Submission,
    TextAnswer,
)

MANAGE = "participation.manage_online_form"
MODERATE = "participation.moderate_online_views"
FORM_FIELDS = (
    "intro",
    "view_label",
    "opens_on",
    "closes_on",
    "ask_age",
    "ask_area",
    "ask_respondent_type",
)
QUESTION_FIELDS = ("kind", "text", "help_text", "required", "low_label", "high_label")


def _dialogue(dialogue_id: int, user, permission: str) -> Dialogue:
    """The dialogue's row locked, then `permission` checked, with participation's reason."""
    try:
        return access_dialogue(dialogue_id, user, permission)
    except PermissionRefused:
        dialogue = Dialogue.objects.select_related("body").get(pk=dialogue_id)
        raise PermissionRefused(denied_reason(permission, dialogue)) from None


def _form(dialogue: Dialogue) -> OnlineForm:
    form = OnlineForm.objects.select_for_update().filter(dialogue=dialogue).first()
    if form is None:
        raise Conflict(_("The dialogue has no online form yet."))
    form.dialogue = dialogue
    return form


def _check_dates(form: OnlineForm) -> None:
    if form.opens_on and form.closes_on and form.closes_on < form.opens_on:
        raise ValidationError({"closes_on": _("The form cannot close before it opens.")})


# -- The official's set-up -------------------------------------------------------------------


@transaction.atomic
def save_form(*, dialogue_id: int, user, **values) -> OnlineForm:
    """Create the dialogue's online form, or change its texts, dates and background questions."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    form = OnlineForm.objects.select_for_update().filter(dialogue=dialogue).first()
    if form is None:
        form = OnlineForm(dialogue=dialogue, created_by=user)
    for name in FORM_FIELDS:
        if name in values:
            value = values[name]
            setattr(form, name, value.strip() if isinstance(value, str) else value)
    _check_dates(form)
    if form.status == OnlineForm.Status.OPEN and form.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("An open form cannot close in the past; close the form instead.")}
        )
    form.full_clean(exclude=["dialogue", "created_by"])
    form._history_user = user
    form.save()
    return form


@transaction.atomic
def open_form(*, dialogue_id: int, user) -> OnlineForm:
    """Let residents answer (from the opening date, until the closing date)."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    form = _form(dialogue)
    if form.status == OnlineForm.Status.OPEN:
        raise Conflict(_("The online form is already open."))
    if form.closes_on < timezone.localdate():
        raise Conflict(_("The closing date has passed: set a later closing date first."))
    form.status = OnlineForm.Status.OPEN
    form.opened_at = timezone.now()
    form._history_user = user
    form.save()
    return form


@transaction.atomic
def close_form(*, dialogue_id: int, user) -> OnlineForm:
    """Stop taking answers now, whatever the closing date says."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    form = _form(dialogue)
    if form.status != OnlineForm.Status.OPEN:
        raise Conflict(_("The online form is not open."))
    form.status = OnlineForm.Status.CLOSED
    form.closed_at = timezone.now()
    form._history_user = user
    form.save()
    return form


def _question(form: OnlineForm, question_id: int) -> Question:
    question = Question.objects.select_for_update().filter(form=form, pk=question_id).first()
    if question is None:
        raise Conflict(_("The question is not in this form (any more)."))
    question.form = form
    return question


def _answered(question: Question) -> bool:
    return (
        ChoiceAnswer.objects.filter(question=question).exists()
        or ScaleAnswer.objects.filter(question=question).exists()
        or TextAnswer.objects.filter(question=question).exists()
    )


@transaction.atomic
def save_question(*, dialogue_id: int, user, question_id: int | None = None, **values) -> Question:
    """Add a question at the end of the form, or change one. A question residents have answered
    keeps its kind, so that its answers keep their meaning."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    form = _form(dialogue)
    if question_id is None:
        last = form.questions.aggregate(last=Max("position"))["last"]
        question = Question(form=form, position=0 if last is None else last + 1)
    else:
        question = _question(form, question_id)
        if "kind" in values and values["kind"] != question.kind and _answered(question):
            raise ValidationError(
                {"kind": _("Residents have answered this question: its kind cannot change.")}
            )
    for name in QUESTION_FIELDS:
        if name in values:
            value = values[name]
            setattr(question, name, value.strip() if isinstance(value, str) else value)
    question.full_clean(exclude=["form"])
    question._history_user = user
    question.save()
    return question


@transaction.atomic
def delete_question(*, dialogue_id: int, user, question_id: int) -> None:
    """Remove a question nobody has answered (an answered one stays with its answers)."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    question = _question(_form(dialogue), question_id)
    if _answered(question):
        raise Conflict(_("Residents have answered this question: it cannot be removed."))
    for option in question.options.all():
        option._history_user = user
        option.delete()
    question._history_user = user
    question.delete()


def _swap(items: list, index: int, direction: str, user) -> None:
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        raise Conflict(_("It cannot move further that way."))
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item._history_user = user
            item.save(update_fields=["position"])


@transaction.atomic
def move_question(*, dialogue_id: int, user, question_id: int, direction: str) -> None:
    """Move a question one place up or down."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    form = _form(dialogue)
    questions = list(form.questions.select_for_update())
    index = next((i for i, q in enumerate(questions) if q.pk == question_id), None)
    if index is None:
        raise Conflict(_("The question is not in this form (any more)."))
    _swap(questions, index, direction, user)


@transaction.atomic
def save_option(
    *, dialogue_id: int, user, question_id: int, text: str, option_id: int | None = None
) -> Option:
    """Add an option to a choice question, or change its text."""
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    question = _question(_form(dialogue), question_id)
    if not question.is_choice:
        raise Conflict(_("Only single- and multiple-choice questions have options."))
    if option_id is None:
        last = question.options.aggregate(last=Max("position"))["last"]
        option = Option(question=question, position=0 if last is None else last + 1)
    else:
        option = question.options.select_for_update().filter(pk=option_id).first()
        if option is None:
            raise Conflict(_("The option is not in this question (any more)."))
    option.question = question
    option.text = (text or "").strip()
    option.full_clean(exclude=["question"])
    option._history_user = user
    option.save()
    return option


@transaction.atomic
def delete_option(*, dialogue_id: int, user, question_id: int, option_id: int) -> None:
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    question = _question(_form(dialogue), question_id)
    option = question.options.select_for_update().filter(pk=option_id).first()
    if option is None:
        raise Conflict(_("The option is not in this question (any more)."))
    if option.answers.exists():
        raise Conflict(_("Residents have chosen this option: it cannot be removed."))
    option._history_user = user
    option.delete()


@transaction.atomic
def move_option(
    *, dialogue_id: int, user, question_id: int, option_id: int, direction: str
) -> None:
    dialogue = _dialogue(dialogue_id, user, MANAGE)
    question = _question(_form(dialogue), question_id)
    options = list(question.options.select_for_update())
    index = next((i for i, o in enumerate(options) if o.pk == option_id), None)
    if index is None:
        raise Conflict(_("The option is not in this question (any more)."))
    _swap(options, index, direction, user)


# -- A resident's submission --------------------------------------------------------------------


@dataclass
class Answers:
    """What the online form's fields hold, checked (participation.online_forms)."""

    text: str
    choices: dict  # question id -> list of option ids
    scales: dict  # question id -> 1..5
    texts: dict  # question id -> text
    age_band: str = ""
    area_id: int | None = None
    respondent_type: str = ""


def form_refusal(form: OnlineForm | None, published: bool, today=None) -> str:
    """Why residents cannot answer now (empty when they can), in the resident's language."""
    if form is None or not published:
        return _("This dialogue does not take views online.")
    today = today or timezone.localdate()
    if form.status == OnlineForm.Status.DRAFT or (
        form.status == OnlineForm.Status.OPEN and today < form.opens_on
    ):
        return _("The form opens on %(date)s.") % {"date": form.opens_on.isoformat()}
    if not form.accepts_answers(today):
        return _("The form is closed: views are no longer taken online.")
    return ""


@transaction.atomic
def submit(
    *, dialogue_id: int, token, answers: Answers, email: str = ""
) -> tuple[Submission, bool]:
    """Store a resident's view with its answers, all or nothing; (submission, stored now).

    A token already used returns that submission and stores nothing (a form posted twice).
    Raises Conflict when the form does not take answers (closed, not yet open, the dialogue
    unpublished or past the execution step). The e-mail address, if any, goes to
    participation.subscriptions, apart from the answer; the answer never holds it.
    """
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
    form = OnlineForm.objects.select_for_update().filter(dialogue=dialogue).first()
    existing = _sent_with(token)
    if existing is not None:
        return _same_dialogue(existing, dialogue.pk), False
    published = PublicDialogue.objects.filter(dialogue=dialogue, is_published=True).exists()
    if form is not None:
        form.dialogue = dialogue
    refusal = form_refusal(form, published)
    if refusal:
        raise Conflict(refusal)
    questions = {q.pk: q for q in form.questions.prefetch_related("options")}
    _check_answers(questions, answers)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                form=form,
                dialogue=dialogue,
                token=token,
                text=answers.text.strip(),
                age_band=answers.age_band or "" if form.ask_age else "",
                area_id=answers.area_id if form.ask_area else None,
                respondent_type=answers.respondent_type if form.ask_respondent_type else "",
            )
    except IntegrityError:  # the same token stored meanwhile
        return _same_dialogue(_sent_with(token), dialogue.pk), False
    # Bulk inserts: one query a kind, and no save signal (the public pages' cache is not moved
    # by an answer nobody sees).
    ChoiceAnswer.objects.bulk_create(
        ChoiceAnswer(submission=submission, question_id=question_id, option_id=option_id)
        for question_id, option_ids in answers.choices.items()
        for option_id in option_ids
    )
    ScaleAnswer.objects.bulk_create(
        ScaleAnswer(submission=submission, question_id=question_id, value=value)
        for question_id, value in answers.scales.items()
    )
    TextAnswer.objects.bulk_create(
        TextAnswer(submission=submission, question_id=question_id, text=text.strip())
        for question_id, text in answers.texts.items()
        if text.strip()
    )
    if email:
        from .subscriptions import subscribe_for_feedback

        subscribe_for_feedback(dialogue_id=dialogue.pk, email=email)
    # After the commit, and robust: the view is stored whatever a listener does.
    transaction.on_commit(
        lambda: signals.online_view_received.send(
            sender=Submission, dialogue_id=dialogue.pk, submission_id=submission.pk
        ),
        robust=True,
    )
    return submission, True


def _sent_with(token) -> Submission | None:
    return Submission.objects.filter(token=token).only("pk", "dialogue_id").first()


def _same_dialogue(submission: Submission, dialogue_id: int) -> Submission:
    """A token is one form's: one used for another dialogue's form was not handed out by this
    form's page, so the post is refused (the resident reloads the page) rather than taken for a
    view this dialogue has received."""
    if submission.dialogue_id != dialogue_id:
        raise Conflict(_("The form has expired: reload the page and send your view again."))
    return submission


def already_received(*, dialogue_id: int, token) -> bool:
    """Whether a view sent with this form token is stored for this dialogue: the same form sent
    again (the browser's back button, a double click, a re-sent post), which stores nothing."""
    try:
        return Submission.objects.filter(token=token, dialogue_id=dialogue_id).exists()
    except ValidationError:  # not a UUID: the form's own check says so
        return False


def _check_answers(questions: dict, answers: Answers) -> None:
    """The answers belong to this form's questions, with options of their own question: a
    post made against another form (or changed by hand) is refused whole."""
    problems = {}
    for question_id, option_ids in answers.choices.items():
        question = questions.get(question_id)
        valid = {o.pk for o in question.options.all()} if question and question.is_choice else set()
        many = question is not None and question.kind == Question.Kind.MULTIPLE
        if not set(option_ids) <= valid or (len(option_ids) > 1 and not many):
            problems[f"q{question_id}"] = _("Choose among the options given.")
    for question_id, value in answers.scales.items():
        question = questions.get(question_id)
        if question is None or question.kind != Question.Kind.SCALE or value not in range(1, 6):
            problems[f"q{question_id}"] = _("Choose a value from 1 to 5.")
    for question_id in answers.texts:
        question = questions.get(question_id)
        if question is None or question.kind != Question.Kind.TEXT:
            problems[f"q{question_id}"] = _("This question does not take a text.")
    if problems:
        raise ValidationError(problems)


# -- Moderation -----------------------------------------------------------------------------------


def _submission(dialogue: Dialogue, submission_id: int) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("area")
        .filter(dialogue=dialogue, pk=submission_id)
        .first()
    )
    if submission is None:
        raise Conflict(_("The view is not one of this dialogue's."))
    return submission


def _moderated_already(submission: Submission) -> Conflict:
    return Conflict(
        _("The view has already been moderated (%(status)s, %(when)s).")
        % {
            "status": submission.get_status_display().lower(),
            "when": timezone.localtime(submission.moderated_at).strftime("%Y-%m-%d %H:%M"),
        }
    )


def input_text(submission: Submission) -> str:
    """The input register's text: the view, then each free-text answer under its question."""
    parts = [submission.text.strip()]
    for answer in submission.texts.select_related("question").order_by("question__position"):
        parts.append(f"{answer.question.text}\n{answer.text}")
    return "\n\n".join(p for p in parts if p)


@transaction.atomic
def accept(*, dialogue_id: int, submission_id: int, user, off_topic: bool = False) -> Submission:
    """Accept a waiting view into the input register: an InputItem from the web form, received
    on the day it was sent, with its age group and area, registered by no one on staff (the
    history says who accepted it). Off-topic: an input outside the dialogue's purpose, handled as
    the mandate says. Accepting twice is refused: one submission, one input."""
    dialogue = _dialogue(dialogue_id, user, MODERATE)
    submission = _submission(dialogue, submission_id)
    if submission.status != Submission.Status.PENDING:
        raise _moderated_already(submission)
    item = InputItem(
        dialogue=dialogue,
        text=input_text(submission),
        source=InputItem.Source.WEB_FORM,
        received_on=timezone.localdate(submission.submitted_at),
        age_band=submission.age_band,
        area=submission.area.name[:120] if submission.area_id else "",
        within_purpose=not off_topic,
        created_by=None,
    )
    item._history_user = user
    item.save()
    now = timezone.now()
    submission.status = Submission.Status.OFF_TOPIC if off_topic else Submission.Status.ACCEPTED
    submission.input_item = item
    submission.moderated_at = now
    submission.moderated_by = user
    submission._history_user = user
    submission.save()
    return submission


@transaction.atomic
def hide(*, dialogue_id: int, submission_id: int, user, reason: str) -> Submission:
    """Hide a waiting view (spam, abuse, personal data about others) with a reason; it stays
    stored with its history and never reaches the input register."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the view is hidden.")})
    limit = Submission._meta.get_field("hidden_reason").max_length
    if len(reason) > limit:
        raise ValidationError(
            {
                "reason": _("Write at most %(n)s characters (now %(length)s).")
                % {"n": limit, "length": len(reason)}
            }
        )
    dialogue = _dialogue(dialogue_id, user, MODERATE)
    submission = _submission(dialogue, submission_id)
    if submission.status != Submission.Status.PENDING:
        raise _moderated_already(submission)
    submission.status = Submission.Status.HIDDEN
    submission.hidden_reason = reason
    submission.moderated_at = timezone.now()
    submission.moderated_by = user
    submission._history_user = user
    submission.save()
    return submission
