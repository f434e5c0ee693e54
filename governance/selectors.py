"""The reads the register's pages share."""

from datetime import date

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import Exists, Expression, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import Col, RawSQL

from .models import Keyword, PolicyProfile, ShownStatus, SteeringDocument


def document_list() -> QuerySet[SteeringDocument]:
    """The register with everything a list row shows: a fixed number of queries per page."""
    return (
        SteeringDocument.objects.with_shown_status()
        .select_related("type", "adopting_body")
        .prefetch_related(Prefetch("keywords", queryset=Keyword.objects.order_by("name")))
    )


class _StoredVector(Expression):
    """A tsvector column that the migrations add on PostgreSQL only (generated columns; 0005's
    `search_vector` with a GIN index, 0007's `title_vector`), so it is not a model field.
    Resolved to a column of the query's own table, it is renamed with it when the query becomes
    a subquery."""

    output_field = SearchVectorField()

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def resolve_expression(self, query=None, *args, **kwargs):
        field = SearchVectorField()
        field.set_attributes_from_name(self.column)
        field.model = SteeringDocument  # a column of it, as expressions compare their fields
        return Col(query.get_initial_alias(), field)


_HIT_IDS = "SELECT id FROM governance_search_ids(websearch_to_tsquery('swedish'::regconfig, %s)) id"


def search(queryset: QuerySet[SteeringDocument], text: str) -> QuerySet[SteeringDocument]:
    """Swedish full-text search on PostgreSQL, title hits first; every word as a substring
    elsewhere."""
    text = " ".join(text.split())
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="swedish", search_type="websearch")
        # Text hits come from the GIN index through governance_search_ids (migration 0007: for a
        # common word the planner would scan and unpack every stored vector), keyword hits by
        # the join. The order reads only the small title vector kept in the row: title hits
        # first by their rank, then the register's own order. Ranking by the text too unpacked
        # every hit's vector, 300 ms for a word in all 10,000 documents (bench/search_bench.py).
        tagged = (
            SteeringDocument.keywords.through.objects.filter(keyword__name__icontains=text)
            .order_by()
            .values("steeringdocument_id")
        )
        title = _StoredVector("title_vector")
        return (
            queryset.filter(Q(pk__in=RawSQL(_HIT_IDS, [text])) | Q(pk__in=tagged))
            .annotate(title_hit=SearchVectorExact(title, query), rank=SearchRank(title, query))
            .order_by("-title_hit", "-rank", "title", "pk")
        )
    for word in text.split():
        keyword_hit = Keyword.objects.filter(documents=OuterRef("pk"), name__icontains=word)
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(case_number__icontains=word)
            | Q(text__icontains=word)
            | Q(Exists(keyword_hit))
        )
    return queryset


def document_detail(pk: int) -> SteeringDocument:
    linked = SteeringDocument.objects.with_shown_status().select_related("type")
    return (
        SteeringDocument.objects.with_shown_status()
        .select_related(
            "type",
            "adopting_body",
            "owner_body",
            "revoked_by_body",
            "concretises__type",
            "created_by",
        )
        .prefetch_related(
            "keywords",
            Prefetch("replaces", queryset=linked),
            Prefetch("replaced_by", queryset=linked),
            Prefetch("concretised_by", queryset=linked),
        )
        .get(pk=pk)
    )


def document_history(document: SteeringDocument):
    return document.history.select_related("history_user").order_by("-history_date")[:50]


def due_for_review(*, on: date) -> QuerySet[SteeringDocument]:
    """Adopted documents whose revision date or next follow-up is on or before `on`."""
    return (
        SteeringDocument.objects.due_for_review(on)
        .with_shown_status(on)
        .select_related("type", "adopting_body", "owner_body")
        .order_by("revision_date", "next_follow_up_on", "title")
    )


def hierarchy(*, include_ended: bool = False) -> list[dict]:
    """The documents as a forest along `concretises`: roots first by type rank, then title.

    One query; a child whose parent is not shown (ended, or filtered away) becomes a root.
    """
    documents = SteeringDocument.objects.with_shown_status().select_related("type", "adopting_body")
    if not include_ended:
        documents = documents.exclude(
            status__in=[SteeringDocument.Status.REPLACED, SteeringDocument.Status.REVOKED]
        )
    by_id = {d.pk: d for d in documents}
    children: dict[int | None, list] = {}
    for document in by_id.values():
        parent = document.concretises_id if document.concretises_id in by_id else None
        children.setdefault(parent, []).append(document)

    def order(document):
        return (-(document.type.rank if document.type else -1), document.title.lower())

    def build(parent_id, seen):
        nodes = []
        for document in sorted(children.get(parent_id, []), key=order):
            if document.pk in seen:  # a cycle slipped past validation: show it once
                continue
            nodes.append(
                {"document": document, "children": build(document.pk, seen | {document.pk})}
            )
        return nodes

    return build(None, frozenset())


# Statuses of a document that was adopted: a replaced or revoked one still applied in its window.
_WAS_ADOPTED = (
    SteeringDocument.Status.ADOPTED,
    SteeringDocument.Status.REPLACED,
    SteeringDocument.Status.REVOKED,
)


def profile_in_force(on: date | None = None) -> PolicyProfile | None:
    """The policy profile that new dialogues follow on `on` (today by default).

    The profile whose dialogue policy was adopted and is valid on that day, the newest
    valid-from first; else the profile marked active in the admin; else None (the backbone's
    defaults apply).
    """
    from django.utils import timezone

    on = on or timezone.localdate()
    valid = (
        PolicyProfile.objects.filter(policy_document__status__in=_WAS_ADOPTED)
        .filter(
            Q(policy_document__valid_from__lte=on)
            | Q(policy_document__valid_from__isnull=True, policy_document__decision_date__lte=on)
        )
        .filter(
            Q(policy_document__valid_until__isnull=True) | Q(policy_document__valid_until__gte=on)
        )
        .select_related("policy_document")
        .order_by(
            models.F("policy_document__valid_from").desc(nulls_last=True),
            "-policy_document__decision_date",
            "-is_active",  # two presets on one policy: the one chosen last (load_profile)
            "-pk",
        )
    )
    return valid.first() or PolicyProfile.objects.filter(is_active=True).first()


def current_dialogue_policy(on: date | None = None) -> SteeringDocument | None:
    """The dialogue policy in the register: the document the profile in force hangs on, else
    the newest document in force that any profile hangs on."""
    profile = profile_in_force(on)
    if profile is not None and profile.policy_document_id:
        return profile.policy_document
    return (
        SteeringDocument.objects.filter(policy_profiles__isnull=False)
        .with_shown_status(on)
        .filter(shown_status=ShownStatus.IN_FORCE)
        .distinct()
        .order_by(models.F("valid_from").desc(nulls_last=True), "-pk")
        .first()
    )
