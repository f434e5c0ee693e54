"""Pieces more than one document uses: the header, the lists of documents and decisions, and
the counts of residents' input (aggregates only)."""

from collections import Counter
from collections.abc import Mapping
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.lookups import Exact, IsNull
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialog import selectors_counts
from dialog.models import Activity, AgeBand, Decision, DecisionPoint, Dialogue, Gender, InputItem
from dialog.models.counts import AGE_BAND, AREA, GENDER, TOTAL
from governance.models import SteeringDocument

from .reads import person_name


def _header(dialogue: Dialogue, kind_label: str) -> dict:
    return {
        "kind_label": kind_label,
        "facts": [
            (_("Body"), dialogue.body.name),
            (_("Case number"), dialogue.case_number or "—"),
            (_("Date"), timezone.localdate().isoformat()),
            (_("Responsible official"), person_name(dialogue.responsible_official)),
        ],
    }


def _fields(instance, names) -> list[tuple[str, str]]:
    """(label, value) for the non-empty text fields of a model instance."""
    if instance is None:
        return []
    pairs = []
    for name in names:
        value = getattr(instance, name, "")
        if isinstance(value, str) and value.strip():
            label = str(type(instance)._meta.get_field(name).verbose_name)
            pairs.append((label[:1].upper() + label[1:], value))
    return pairs


def _document_line(document: SteeringDocument) -> dict:
    reference = " ".join(
        part
        for part in (
            document.adopting_body.code if document.adopting_body_id else "",
            document.decision_date.isoformat() if document.decision_date else "",
            f"§ {document.paragraph}" if document.paragraph else "",
        )
        if part
    )
    kind = document.type.name if document.type_id else _("Steering document")
    text = f"{kind}: {document.title}"
    if reference:
        text += f" ({reference})"
    if document.case_number:
        text += f", {_('case number')} {document.case_number}"
    return {"date": document.decision_date, "text": text}


def _decision_line(decision: Decision) -> dict:
    text = _("%(body)s, %(point)s: %(outcome)s") % {
        "body": decision.body.name,
        "point": decision.get_point_display(),
        "outcome": decision.get_outcome_display(),
    }
    if decision.paragraph:
        text += f" ({decision.paragraph_display})"
    return {"date": decision.decided_on, "text": text}


def _documents_it_rests_on(dialogue: Dialogue, *, before_point: str | None = None) -> list[dict]:
    """The dated list of documents a decision basis rests on: governing documents and the
    decisions taken in the case so far."""
    lines = [_document_line(d) for d in dialogue.governing_documents.all()]
    order = [DecisionPoint.MANDATE, DecisionPoint.LAUNCH, DecisionPoint.FINAL]
    for decision in dialogue.decisions.all():
        if before_point and order.index(decision.point) >= order.index(before_point):
            continue
        lines.append(_decision_line(decision))
    presentation = getattr(dialogue, "results_presentation", None)
    if before_point == DecisionPoint.FINAL and presentation and presentation.presented_on:
        lines.append(
            {
                "date": presentation.presented_on,
                "text": _("Results of the dialogue presented to %(body)s")
                % {"body": presentation.body.name if presentation.body_id else dialogue.body.name},
            }
        )
    return sorted(lines, key=lambda line: (line["date"] or date.min, line["text"]))


def _counts(counter: Mapping[str, int], choices, not_stated_label) -> list[tuple[str, int]]:
    """(label, count) in the choices' order; blanks counted as "not stated"; zeros left out.

    `counter` maps a stored value to its count, as a grouped query gives it.
    """
    rows = [(str(label), counter.get(value, 0)) for value, label in choices]
    rows.append((str(not_stated_label), counter.get("", 0)))
    return [(label, n) for label, n in rows if n]


def grouped_counts(inputs: QuerySet[InputItem], field: str) -> dict:
    """{value: count} of one column, counted by the database (one query, no rows fetched)."""
    return dict(
        inputs.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    )


def choice_counts(field: str, values) -> dict:
    """Aggregates counting each value of a column, for one `aggregate()` call: a single pass over
    the rows however many values are counted."""
    return {f"{field}:{value}": Count("pk", filter=Q(**{field: value})) for value in values}


def counts_of(row: dict, field: str) -> dict:
    """{value: count} of one column back out of a row aggregated with `choice_counts`."""
    prefix = f"{field}:"
    return {key[len(prefix) :]: n for key, n in row.items() if key.startswith(prefix)}


def dialogue_of(inputs) -> int | None:
    """The dialogue id when `inputs` is exactly one dialogue's live inputs
    (`InputItem.objects.filter(dialogue=...)`, nothing else: the default manager's
    `withdrawn_at IS NULL` and the dialogue): what the stored counts hold. Withdrawn inputs are
    not in the stored counts, so `InputItem.all_objects` querysets are counted on the rows."""
    query = inputs.query
    where = query.where
    if (
        inputs.model is not InputItem
        or query.combinator
        or query.distinct
        or query.is_sliced
        or where.negated
        or where.connector != "AND"
        or len(where.children) != 2
    ):
        return None
    live = dialogue = None
    for lookup in where.children:
        target = getattr(getattr(lookup, "lhs", None), "target", None)
        if (
            isinstance(lookup, IsNull)
            and target is InputItem._meta.get_field("withdrawn_at")
            and lookup.rhs is True
        ):
            live = True
        elif (
            isinstance(lookup, Exact)
            and target is InputItem._meta.get_field("dialogue")
            and isinstance(lookup.rhs, int)
        ):
            dialogue = lookup.rhs
    return dialogue if live else None


def participation_aggregates(inputs) -> dict:
    """Counts only: by age band, gender and area. Never a text with its demographics.

    `inputs` is a dialogue, its `Counts`, or a queryset of inputs. One dialogue's inputs (also as
    a queryset of exactly those) are read from its stored counts (`dialog.selectors_counts`): one
    query of a few rows whatever the number of inputs. Other querysets (several dialogues) are
    counted by the database in two queries: the age bands and genders (known choices) in one
    pass, the areas (free text) grouped; the rows fetched are counts, never the inputs.
    """
    counts = inputs if isinstance(inputs, selectors_counts.Counts) else None
    if counts is None:
        dialogue = inputs.pk if isinstance(inputs, Dialogue) else dialogue_of(inputs)
        counts = selectors_counts.Counts(dialogue) if dialogue is not None else None
    if counts is not None:
        total = counts.n(TOTAL)
        by_age, by_gender = counts.by_value(AGE_BAND), counts.by_value(GENDER)
        by_area = counts.by_value(AREA)
    else:
        genders = [v for v in Gender.values if v != Gender.NOT_STATED]
        row = inputs.order_by().aggregate(
            total=Count("pk"),
            **choice_counts("age_band", [*AgeBand.values, ""]),
            **choice_counts("gender", [*genders, ""]),
        )
        total = row["total"]
        by_age, by_gender = counts_of(row, "age_band"), counts_of(row, "gender")
        by_area = grouped_counts(inputs, "area")
    areas: Counter = Counter()
    # Grouped on the stored value; names differing only in surrounding blanks are merged here.
    for area, n in by_area.items():
        areas[area.strip()] += n
    not_stated = _("Not stated")
    area_rows = sorted(
        ((name, n) for name, n in areas.items() if name), key=lambda row: (-row[1], row[0])
    )
    if areas.get(""):
        area_rows.append((str(not_stated), areas[""]))
    return {
        "total": total,
        "by_age": _counts(by_age, AgeBand.choices, not_stated),
        "by_gender": _counts(
            by_gender,
            [(v, label) for v, label in Gender.choices if v != Gender.NOT_STATED],
            not_stated,
        )
        if total
        else [],
        "by_area": area_rows,
    }


def _held_activities(dialogue: Dialogue) -> list[Activity]:
    return [a for a in dialogue.activities.all() if a.status == Activity.Status.HELD]


def views_by_source(dialogue: Dialogue) -> dict:
    """Where the views came from, as they were registered: per activity, imported from a file,
    through the web form, or registered by hand (letters, e-mail, meetings). A view counts once:
    under its activity if it has one, else as imported if it came in a file.

    Gives {"total", "sentence", "rows": [(label, count)]}.
    """
    # The stored counts per (source, imported or not, activity): one query, never a row a view.
    groups = [
        (activity, imported, source, n)
        for (source, imported, activity), n in selectors_counts.Counts(dialogue).channels().items()
    ]
    titles = {a.pk: a.title for a in dialogue.activities.all()}
    per_activity: Counter = Counter()
    imported = online = by_hand = 0
    for activity, from_file, source, n in groups:
        if activity:
            per_activity[activity] += n
        elif from_file:
            imported += n
        elif source == InputItem.Source.WEB_FORM:
            online += n
        else:
            by_hand += n
    at_activities = sum(per_activity.values())
    parts = []
    if at_activities:
        parts.append(
            ngettext(
                "%(count)s at %(activities)s activity",
                "%(count)s at %(activities)s activities",
                len(per_activity),
            )
            % {"count": at_activities, "activities": len(per_activity)}
        )
    if imported:
        parts.append(
            ngettext("%(count)s imported", "%(count)s imported", imported) % {"count": imported}
        )
    if online:
        parts.append(_("%(count)s through the web form") % {"count": online})
    if by_hand:
        parts.append(
            ngettext("%(count)s registered by hand", "%(count)s registered by hand", by_hand)
            % {"count": by_hand}
        )
    total = sum(per_activity.values()) + imported + online + by_hand
    if total:
        sentence = ngettext(
            "%(count)s view was received: %(sources)s.",
            "%(count)s views were received: %(sources)s.",
            total,
        ) % {"count": total, "sources": ", ".join(parts)}
    else:
        sentence = _("No views were received.")
    rows = [
        (_("At the activity “%(title)s”") % {"title": titles.get(pk, "")}, n)
        for pk, n in sorted(per_activity.items(), key=lambda row: (-row[1], titles.get(row[0], "")))
    ]
    rows += [
        (label, n)
        for label, n in (
            (_("Imported from a file"), imported),
            (_("Through the web form"), online),
            (_("Registered by hand (letters, e-mail, meetings)"), by_hand),
        )
        if n
    ]
    return {"total": total, "sentence": sentence, "rows": [(str(lb), n) for lb, n in rows]}
