"""Searching council papers the way German users type: compounds, inflections, spellings without umlauts.

Every query word must match (AND); a word matches a paper when its root (core.search) is
- PostgreSQL: a prefix of a word in the paper's full-text vector (`search_vector`, kept by a trigger, GIN
  index; migration 0009): of a German snowball stem of title (weight A) or title, text and file texts
  (weight B) — "Breitband" finds "Breitbandversorgung" —, or of a suffix of a title word, which makes it a
  substring of the title — "Anlage" finds "Windkraftanlage";
- SQLite: a substring of the title or of the full text (case-insensitive for ASCII letters).
Ranking: PostgreSQL ts_rank_cd (title A, text B) plus one point per query word found in the title;
SQLite the number of query words in the title. Ties: newest first.
Filters: paper type, deciding body (Gremium), originating faction or organization, year, date range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Expression,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from modellkommune.core.search import QueryWord, case_variants, query_words

from .models import AgendaItem, Consultation, Paper, SavedSearch
from .selectors import paper_list_public

TABLE_FIELDS = ("id", "name", "reference", "date", "paper_type", "text", "created", "modified")


@dataclass
class PaperFilters:
    """Validated filters (see forms_search.parse_filters); lists are OR within, filters AND between."""

    paper_types: list[str] = field(default_factory=list)
    organizations: list[int] = field(default_factory=list)  # deciding/advising body (consultations)
    originators: list[int] = field(default_factory=list)  # faction or organization that submitted it
    years: list[int] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return not (
            self.paper_types or self.organizations or self.originators or self.years or self.date_from or self.date_to
        )

    def as_json(self) -> dict:
        """The stored form of a saved search's filters: only the filters set, lists sorted (so that the same
        filters give the same value), dates as ISO strings."""
        data: dict = {}
        for name in ("paper_types", "organizations", "originators", "years"):
            if getattr(self, name):
                data[name] = sorted(set(getattr(self, name)))
        for name in ("date_from", "date_to"):
            if getattr(self, name):
                data[name] = getattr(self, name).isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> PaperFilters:
        """The filters of a saved search (as_json); a value of the wrong kind is left out."""
        data = data if isinstance(data, dict) else {}
        filters = cls()
        for name, kind in (("paper_types", str), ("organizations", int), ("originators", int), ("years", int)):
            values = data.get(name)
            if isinstance(values, list):
                setattr(filters, name, [v for v in values if isinstance(v, kind) and not isinstance(v, bool)])
        for name in ("date_from", "date_to"):
            try:
                setattr(filters, name, dt.date.fromisoformat(data[name]) if data.get(name) else None)
            except (TypeError, ValueError):
                setattr(filters, name, None)
        return filters


def _prefix_tsquery(word: QueryWord) -> str:
    # Roots are letters and digits only (core.search.WORD), so they are safe in to_tsquery syntax.
    return " | ".join(f"{variant}:*" for variant in word.variants)


class PaperSQL(Expression):
    """A bit of SQL on columns of council_paper (`{t}` is the table under whatever alias the query gives it,
    also inside subqueries); `search_vector` is no model field, so F() cannot name it. Values are bound."""

    def __init__(self, template: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, params

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template.replace("{t}", table), list(self.params)


def _word_tsquery(word: QueryWord) -> tuple[str, list[str]]:
    """The word's root as a prefix of a German stem (text and title) or of a title word's suffix (a substring
    of the title): one tsquery, so that one GIN index scan answers it."""
    prefix = _prefix_tsquery(word)
    return "(to_tsquery('german', %s) || to_tsquery('simple', %s))", [prefix, prefix]


def _pg_search(papers: QuerySet[Paper], words: list[QueryWord]) -> QuerySet[Paper]:
    parts = [_word_tsquery(word) for word in words]
    tsquery = "(" + " && ".join(sql for sql, _params in parts) + ")"
    params = [param for _sql, word_params in parts for param in word_params]
    papers = papers.filter(Q(PaperSQL("{t}.search_vector @@ " + tsquery, params, BooleanField())))
    rank = PaperSQL("ts_rank_cd({t}.search_vector, " + tsquery + ")", params, FloatField())
    for word in words:
        # ILIKE on the hits only (ranking), one point per query word in the title.
        in_title = Q()
        for variant in word.variants:
            in_title |= Q(PaperSQL("{t}.name ILIKE %s", [f"%{variant}%"], BooleanField()))
        rank = rank + Case(When(in_title, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return papers.annotate(rank=rank)


def _like_any(field_name: str, word: QueryWord) -> Q:
    condition = Q()
    for variant in word.variants:
        for spelled in case_variants(variant):
            condition |= Q(**{f"{field_name}__icontains": spelled})
    return condition


def _sqlite_search(papers: QuerySet[Paper], words: list[QueryWord]) -> QuerySet[Paper]:
    score = Value(0, output_field=IntegerField())
    for word in words:
        in_title = _like_any("name", word)
        papers = papers.filter(in_title | _like_any("search_text", word))
        score = score + Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    return papers.annotate(rank=score)


def _apply_filters(papers: QuerySet[Paper], filters: PaperFilters) -> QuerySet[Paper]:
    if filters.paper_types:
        papers = papers.filter(paper_type__in=filters.paper_types)
    if filters.organizations:
        papers = papers.filter(
            pk__in=Consultation.objects.filter(organizations__in=filters.organizations, deleted=False).values(
                "paper_id"
            )
        )
    if filters.originators:
        papers = papers.filter(
            pk__in=Paper.originator_organizations.through.objects.filter(
                organization_id__in=filters.originators
            ).values("paper_id")
        )
    if filters.years:
        papers = papers.filter(date__year__in=filters.years)
    if filters.date_from:
        papers = papers.filter(date__gte=filters.date_from)
    if filters.date_to:
        papers = papers.filter(date__lte=filters.date_to)
    return papers


def paper_search(query: str, *, filters: PaperFilters | None = None) -> QuerySet[Paper]:
    """Public papers matching every word of `query` and the filters, best first (see module docstring).
    An empty query with filters lists the filtered papers newest first; an empty query alone finds nothing."""
    words = query_words(query)
    papers = paper_list_public().defer("search_text")
    if filters is not None:
        papers = _apply_filters(papers, filters)
    if not words:
        if filters is None or filters.is_empty():
            return papers.none()
        return papers.annotate(rank=Value(0, output_field=IntegerField())).order_by(
            F("date").desc(nulls_last=True), "-id"
        )
    papers = _pg_search(papers, words) if connection.vendor == "postgresql" else _sqlite_search(papers, words)
    return papers.order_by(F("rank").desc(), F("date").desc(nulls_last=True), "-id")


def paper_search_page(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    """Only the columns the result list shows (the full text stays in the database)."""
    return papers.only(*TABLE_FIELDS)


def paper_search_facets(papers: QuerySet[Paper]) -> dict[str, list[tuple[object, int]]]:
    """Counts per value of each filter over all hits (not only the current page), largest first."""
    base = papers.order_by().values("pk")
    hits = Paper.objects.filter(pk__in=base)
    return {
        "paper_type": [
            (row["paper_type"], row["n"])
            for row in hits.values("paper_type").annotate(n=Count("pk")).order_by("-n", "paper_type")
        ],
        "organization": [
            (row["organizations"], row["n"])
            for row in Consultation.objects.filter(paper__in=base, deleted=False, organizations__isnull=False)
            .values("organizations")
            .annotate(n=Count("paper", distinct=True))
            .order_by("-n", "organizations")[:30]
        ],
        "originator": [
            (row["originator_organizations"], row["n"])
            for row in hits.filter(originator_organizations__isnull=False)
            .values("originator_organizations")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", "originator_organizations")[:30]
        ],
        "year": [
            (row["year"], row["n"])
            for row in hits.filter(date__isnull=False)
            .annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")[:30]
        ],
    }


def agenda_item_search(query: str) -> QuerySet[AgendaItem]:
    """Public agenda items whose title or resolution contains every query word (root as a substring)."""
    words = query_words(query)
    items = AgendaItem.objects.public().filter(meeting__public=True, meeting__deleted=False).select_related("meeting")
    if not words:
        return items.none()
    for word in words:
        items = items.filter(_like_any("name", word) | _like_any("resolution_text", word))
    return items.order_by("-meeting__start")


def saved_search_papers(saved: SavedSearch) -> QuerySet[Paper]:
    """The hits of a saved search: its query with its stored filters (list, alert mail and feed alike)."""
    return paper_search(saved.query, filters=PaperFilters.from_json(saved.filters))


def saved_search_list(*, user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("-created")


def saved_search_by_token(*, token: str) -> SavedSearch | None:
    if not token or len(token) > 64:
        return None
    return SavedSearch.objects.filter(token=token).first()
