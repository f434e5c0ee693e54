"""Reads of the views given online: the form with its questions, the moderation queue, and the
counts per question for the compilation (a fixed number of queries, whatever the answers)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch, QuerySet

from core.charts import bar_chart
from dialog.models import AgeBand

from .models import (
    ChoiceAnswer,
    OnlineForm,
    Option,
    PublicDialogue,
    Question,
    RespondentType,
    ScaleAnswer,
    Submission,
    TextAnswer,
)
from .online_services import form_refusal

# The submissions whose answers count: those accepted into the input register, on or off topic
# (the off-topic mark concerns the free text; the answers to the official's questions stand).
COUNTED = [Submission.Status.ACCEPTED, Submission.Status.OFF_TOPIC]
PAGE_SIZE = 25


def form_of(dialogue_id: int) -> OnlineForm | None:
    """The dialogue's online form with its questions and their options, or None."""
    return (
        OnlineForm.objects.filter(dialogue_id=dialogue_id)
        .select_related("dialogue")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
                ),
            )
        )
        .first()
    )


def public_form(dialogue) -> OnlineForm | None:
    """The form residents can answer today, for the public dialogue page (the page itself is
    only shown when the dialogue is published); None when there is none."""
    form = OnlineForm.objects.filter(dialogue_id=dialogue.pk).first()
    if form is None:
        return None
    form.dialogue = dialogue
    return form if not form_refusal(form, True) else None


def is_published(dialogue_id: int) -> bool:
    return PublicDialogue.objects.filter(dialogue_id=dialogue_id, is_published=True).exists()


def status_counts(dialogue_id: int) -> dict[str, int]:
    counts = dict.fromkeys(Submission.Status.values, 0)
    rows = (
        Submission.objects.filter(dialogue_id=dialogue_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    counts["all"] = sum(counts.values())
    return counts


def queue(dialogue_id: int, status: str, page: str | int | None = 1):
    """One page of the dialogue's submissions in `status`, oldest first, with their answers."""
    submissions = (
        Submission.objects.filter(dialogue_id=dialogue_id, status=status)
        .select_related("area", "moderated_by", "input_item")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ChoiceAnswer.objects.select_related("question", "option").order_by(
                    "question__position", "question_id", "option__position"
                ),
            ),
            Prefetch(
                "scales",
                queryset=ScaleAnswer.objects.select_related("question").order_by(
                    "question__position", "question_id"
                ),
            ),
            Prefetch(
                "texts",
                queryset=TextAnswer.objects.select_related("question").order_by(
                    "question__position", "question_id"
                ),
            ),
        )
        .order_by("submitted_at", "pk")
    )
    return Paginator(submissions, PAGE_SIZE).get_page(page)


@dataclass
class QuestionResult:
    question: Question
    rows: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    mean: float | None = None
    chart: dict | None = None


@dataclass
class Results:
    counted: int
    questions: list[QuestionResult]
    background: list[tuple[str, list[tuple[str, int]], dict]]


def _counted(queryset: QuerySet, form: OnlineForm) -> QuerySet:
    return queryset.filter(submission__form=form, submission__status__in=COUNTED)


def results(form: OnlineForm, *, titles: dict[str, str]) -> Results:
    """Counts per question of the accepted submissions' answers: each option's choices, each
    scale value with the mean, how many answered a free-text question (its texts are not
    shown here). `titles` names the background groups (age, area, respondent) for the page."""
    questions = list(form.questions.all())  # prefetched by form_of
    choice_counts = dict(
        _counted(ChoiceAnswer.objects, form)
        .values_list("option_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answered = dict(
        _counted(ChoiceAnswer.objects, form)
        .values_list("question_id")
        .annotate(n=Count("submission_id", distinct=True))
        .order_by()
    )
    scale_counts = {}
    for question_id, value, n in (
        _counted(ScaleAnswer.objects, form)
        .values_list("question_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        scale_counts[(question_id, value)] = n
    means = dict(
        _counted(ScaleAnswer.objects, form)
        .values_list("question_id")
        .annotate(mean=Avg("value"))
        .order_by()
    )
    text_counts = dict(
        _counted(TextAnswer.objects, form)
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = []
    for question in questions:
        result = QuestionResult(question=question)
        if question.is_choice:
            result.rows = [(o.text, choice_counts.get(o.pk, 0)) for o in question.options.all()]
            result.answered = answered.get(question.pk, 0)
        elif question.kind == Question.Kind.SCALE:
            result.rows = [(str(v), scale_counts.get((question.pk, v), 0)) for v in range(1, 6)]
            result.answered = sum(n for _label, n in result.rows)
            mean = means.get(question.pk)
            result.mean = round(mean, 1) if mean is not None else None
        else:
            result.answered = text_counts.get(question.pk, 0)
        if result.rows:
            result.chart = bar_chart(result.rows)
        found.append(result)
    counted = Submission.objects.filter(form=form, status__in=COUNTED)
    background = []
    groups = (
        ("age_band", titles["age"], dict(AgeBand.choices), form.ask_age),
        ("area__name", titles["area"], None, form.ask_area),
        (
            "respondent_type",
            titles["respondent"],
            dict(RespondentType.choices),
            form.ask_respondent_type,
        ),
    )
    for column, title, labels, asked in groups:
        if not asked:
            continue
        rows = counted.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
        counts = dict(rows.values_list(column).annotate(n=Count("pk")).order_by())
        if labels is not None:
            group_rows = [(str(label), counts.get(value, 0)) for value, label in labels.items()]
        else:
            group_rows = sorted(counts.items())
        background.append((title, group_rows, bar_chart(group_rows)))
    return Results(counted=counted.count(), questions=found, background=background)
