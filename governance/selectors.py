"""The reads the register's pages share."""

from datetime import date

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import (
    Case,
    Exists,
    Expression,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Col, RawSQL

from .models import Keyword, PolicyProfile, ShownStatus, SteeringDocument


def document_list() -> QuerySet[SteeringDocument]:
    """The register with everything a list row shows: a fixed number of queries per page."""
    return (
        SteeringDocument.objects.with_shown_status()
        .select_related("type", "adopting_body")
        .prefetch_related(Prefetch("keywords", queryset=Keyword.objects.order_by("name")))
        # No row shows the text: kilobytes a document, carried through every join and sort.
        .defer("text")
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
    elsewhere.

    On PostgreSQL the order is two parts: the documents whose title or case number matches
    (`title_hit`), by their rank (`rank`, 0 for the others), then the other hits in the
    register's own order (title, id). `SearchResults` reads a page of it part by part."""
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
        title_hit = SearchVectorExact(title, query)
        hit = Q(pk__in=RawSQL(_HIT_IDS, [text])) | Q(pk__in=tagged)
        if not _negates(text):
            # A title hit is a text hit (the search vector holds the title vector, at the same
            # positions) unless the query excludes a word: said first, it spares the title
            # hits the lookup in the text hits.
            hit = Q(title_hit) | hit
        return (
            queryset.filter(hit)
            .annotate(
                title_hit=title_hit,
                rank=Case(
                    When(title_hit, then=SearchRank(title, query)),
                    default=Value(0.0),
                    output_field=FloatField(),
                ),
            )
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


def _negates(text: str) -> bool:
    """Whether websearch_to_tsquery may read a word of `text` as excluded ("-word")."""
    return any(word.startswith("-") for word in text.replace('"', " ").split())


class SearchResults:
    """`search()`'s hits (further filtered as the list asks), for a Paginator: the count, and a
    page read in the same order as the queryset's without sorting every hit.

    Sorting all the hits of a common word (every one of 10,000 documents) for one page of 25
    cost most of a search. The order is two parts (`search`), so a page takes the title hits by
    their rank (few: their own small vector, no text read) and the other hits from the index on
    (title, id) (migration 0008), each up to the page's end, and keeps the page's slice of the
    two; then the rows of those ids with all that a list row shows. The same number of queries
    for any page and any number of hits: the count, the page's ids, its rows, their keywords."""

    def __init__(self, queryset: QuerySet[SteeringDocument]):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        ids = self._ids(start, stop) if stop > start else []
        rows = {d.pk: d for d in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]

    def _ids(self, start: int, stop: int) -> list[int]:
        columns = ("pk", "part", "rank", "title")
        hits = self.queryset.order_by()
        titles = (
            hits.filter(title_hit=True)
            .annotate(part=Value(0))
            .order_by("-rank", "title", "pk")
            .values_list(*columns)[:stop]
        )
        rest = (
            hits.filter(title_hit=False)
            .annotate(part=Value(1))
            .order_by("title", "pk")
            .values_list(*columns)[:stop]
        )
        page = titles.union(rest, all=True).order_by("part", "-rank", "title", "pk")
        return [row[0] for row in page[start:stop]]


def paged(queryset: QuerySet[SteeringDocument]):
    """What the list page pages: a search's hits as `SearchResults` (PostgreSQL), else the
    queryset itself."""
    if "title_hit" in queryset.query.annotations:
        return SearchResults(queryset)
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
