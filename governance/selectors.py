"""The reads the register's pages share."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, models, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
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

# Set inside `_index_scans()`: the hit conditions compile to their indexable form.
_INDEXABLE = ContextVar("governance_search_indexable", default=False)


@contextmanager
def _index_scans():
    """PostgreSQL: the enclosed queries planned without sequential scans, and `_Hit` compiled
    to conditions the GIN indexes answer in one bitmap (`search_vector @@ query OR title_vector
    @@ query OR id = ANY(...)`), so that a count with a LIMIT or the first rows in the register's
    order stop early instead of first listing every hit (governance_search_ids).

    Without the setting the planner reads a common word's hits from the table, unpacking every
    stored vector (it costs `@@` as one cheap operator). SET LOCAL lasts until the transaction
    ends: the block is a transaction (a savepoint inside one) that is rolled back, which also
    undoes the setting; it only reads."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        token = _INDEXABLE.set(True)
        try:
            yield
        finally:
            _INDEXABLE.reset(token)
            transaction.set_rollback(True)


class _AnyOf(Expression):
    """`id = ANY(ARRAY(subquery))`: the subquery runs once and the condition is an index
    condition on the primary key (a bitmap to OR with others), where `id IN (subquery)` is a
    filter checked row by row."""

    output_field = BooleanField()

    def __init__(self, subquery, pk=None):
        super().__init__()
        self.subquery = subquery if isinstance(subquery, Subquery) else Subquery(subquery)
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk, self.subquery]

    def set_source_expressions(self, exprs):
        self.pk, self.subquery = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sub_sql, sub_params = compiler.compile(self.subquery)
        return f"{pk_sql} = ANY(ARRAY{sub_sql})", (*pk_params, *sub_params)


class _Hit(Expression):
    """A search's hit condition in two forms: `general` everywhere (the text hits listed by
    governance_search_ids, which never scans the table), `indexable` inside `_index_scans()`."""

    output_field = BooleanField()

    def __init__(self, general, indexable):
        super().__init__()
        self.general, self.indexable = general, indexable

    def get_source_expressions(self):
        return [self.general, self.indexable]

    def set_source_expressions(self, exprs):
        self.general, self.indexable = exprs

    def as_sql(self, compiler, connection):
        return compiler.compile(self.indexable if _INDEXABLE.get() else self.general)


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
        general = Q(pk__in=RawSQL(_HIT_IDS, [text])) | Q(pk__in=tagged)
        # Inside SearchResults' `_index_scans()`: one bitmap of the two GIN indexes and the
        # tagged ids, read only as far as a LIMIT needs.
        indexable = Q(SearchVectorExact(_StoredVector("search_vector"), query)) | Q(_AnyOf(tagged))
        if not _negates(text):
            # A title hit is a text hit (the search vector holds the title vector, at the same
            # positions) unless the query excludes a word: said first, it spares the title
            # hits the lookup in the text hits.
            general = Q(title_hit) | general
            indexable = Q(title_hit) | indexable
        return (
            queryset.filter(_Hit(general, indexable))
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
    their rank (few: their own small vector and its GIN index, no text read) and the other hits
    from the index on (title, id) (migration 0008), each up to the page's end, and keeps the
    page's slice of the two; then the rows of those ids with all that a list row shows.

    The count stops at LIMIT + 1 hits: past LIMIT (`more`) the list pages the first LIMIT and
    says there are more, so that neither the count nor a page lists every hit of a common word
    (`_index_scans`). The same number of queries for any page and any number of hits: the
    count, the page's ids, its rows, their keywords (and a SET LOCAL before the count and
    before the page)."""

    LIMIT = 1000

    def __init__(self, queryset: QuerySet[SteeringDocument]):
        self.queryset = queryset
        self._count = None

    def count(self) -> int:
        """How many hits, at most LIMIT (`more` says whether there are others)."""
        if self._count is None:
            with _index_scans():
                self._count = self.queryset.order_by().values("pk")[: self.LIMIT + 1].count()
        return min(self._count, self.LIMIT)

    @property
    def more(self) -> bool:
        """More hits than LIMIT: the pages hold the first LIMIT."""
        self.count()
        return self._count > self.LIMIT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        # The pages hold the first LIMIT hits.
        start, stop = index.start or 0, min(index.stop or self.LIMIT, self.LIMIT)
        if stop <= start:
            return []
        with _index_scans():
            ids = self._ids(start, stop)
            rows = {d.pk: d for d in self.queryset.filter(pk__in=ids).order_by()}
            return [rows[pk] for pk in ids if pk in rows]

    # The other hits are first looked for among the register's first WALK documents in its
    # order (title, id), as far as the page's end: a common word's page is there.
    WALK = 200

    def _ids(self, start: int, stop: int) -> list[int]:
        """The ids of hits start..stop in the list's order, in one query.

        The title hits by rank (their GIN index, then a sort of those only). The other hits in
        the register's order two ways, whichever answers: the first WALK documents of the
        (title, id) index (migration 0008) checked one by one, which for a common word holds
        the page; else every other hit from the GIN indexes, sorted. Each of the two is read
        only when it is used: checking documents one by one until the page is full reads the
        stored text vector of each, fine for 200 but not for a word that the titles hold
        everywhere and the rest nowhere (every document read); sorting every hit reads no
        vector but all the hits' titles (30 ms for 10,000)."""
        columns = ("pk", "part", "rank", "title")
        hits = self.queryset.order_by()
        titles = (
            hits.filter(title_hit=True)
            .annotate(part=Value(0))
            .order_by("-rank", "title", "pk")
            .values_list(*columns)[:stop]
        )
        rest = hits.filter(title_hit=False).annotate(part=Value(1)).values_list(*columns)
        # The register's WALK-th title (null in a shorter register: no walk, the sort answers).
        last = SteeringDocument.objects.order_by("title", "pk").values("title")[
            self.WALK - 1 : self.WALK
        ]
        walk = rest.filter(title__lte=Subquery(last)).order_by("title", "pk")[:stop]
        parts = [_sql(q) for q in (titles, walk, rest)]
        sql = f"""
            WITH walk AS MATERIALIZED ({parts[1][0]}),
                 rest AS MATERIALIZED ({parts[2][0]})
            SELECT * FROM (({parts[0][0]})
                UNION ALL SELECT * FROM walk WHERE (SELECT count(*) FROM walk) >= %s
                UNION ALL (SELECT * FROM rest WHERE (SELECT count(*) FROM walk) < %s
                           ORDER BY title, pk LIMIT %s)
            ) page ORDER BY part, rank DESC, title, pk LIMIT %s OFFSET %s
        """
        params = (*parts[1][1], *parts[2][1], *parts[0][1], stop, stop, stop, stop - start, start)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


def _sql(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


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
