"""Full-text search over content items, without regard to diacritics or case, behind one interface.

What is searched is `ContentItem.search_text`: the folded text (`lantoa.core.text.fold`: "Đăng ký
định danh" → "dang ky dinh danh") of the item's title on the first line, then its key message,
tags, body (without HTML) and every audience variant's title, body and call to action. The
services write it on every save of the item or of a variant (`document`); the database indexes it:

- SQLite (default): an FTS5 table `content_search` (columns `title` and `body`, prefix indexes
  of 2 to 5 letters, column-level detail) that triggers on `content_contentitem` keep in step;
  ranked by BM25 with the title weighing ten times the rest.
- PostgreSQL: a generated column `search_vector` (`tsvector`, configuration `simple`: the text is
  already folded, and Vietnamese has no stemmer) with a GIN index; the title's words weigh `A`;
  ranked by `ts_rank`.

Neither needs an extension (no `unaccent`): the text and the query are folded alike, in Python.
A query matches the items that contain every word of it, the last word also as the start of a
word ("binh dan hoc vu so" finds "Bình dân học vụ số", so does "binh dan hoc vu s"), so results
narrow as one types; a last word of a single letter waits for the next one (`terms`).

`matching(queryset, query, within)` is the one interface: the matches among `queryset` and the
`within` filters, best first, whatever the database, at most `MAX_RESULTS` of them (beyond, the
newest first). The schema (`SCHEMA`) is installed by migration 0004_search. Each backend looks at
the index once for the count and the order (`Backend.found`); see docs/performance.md for what
each step costs at 100,000 items.
"""

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import QuerySet

from lantoa.core.text import fold

MAX_WORDS = 12  # a longer query keeps its first words
MAX_WORD_LENGTH = 40
MIN_PREFIX = 2  # a last word shorter than this is left out (see `Terms`)
TITLE_WEIGHT = 10.0  # SQLite BM25 weight of the title against the rest
MAX_RESULTS = 1000  # matches counted and shown at most; beyond, newest first and not ranked
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")

# The list's filters read these (theme and owner unit have their foreign keys' indexes).
FILTER_INDEXES = [
    "CREATE INDEX content_item_state ON content_contentitem (state)",
    "CREATE INDEX content_variant_audience_item ON content_contentvariant (audience_id, item_id)",
]
# The first line of search_text is the title, the rest is the body ({t} is "new." in a trigger).
_SPLIT = (
    "CASE WHEN instr({t}search_text, char(10)) > 0 "
    "THEN substr({t}search_text, 1, instr({t}search_text, char(10)) - 1) ELSE {t}search_text END, "
    "CASE WHEN instr({t}search_text, char(10)) > 0 "
    "THEN substr({t}search_text, instr({t}search_text, char(10)) + 1) ELSE '' END"
)
_INSERT_NEW = (
    "INSERT INTO content_search(rowid, title, body) VALUES (new.id, " + _SPLIT.format(t="new.") + ");"
)
SCHEMA: dict[str, list[str]] = {
    "sqlite": [
        *FILTER_INDEXES,
        "CREATE VIRTUAL TABLE content_search USING fts5("
        "title, body, prefix='2 3 4 5', tokenize='unicode61 remove_diacritics 2', detail=column)",
        f"CREATE TRIGGER content_search_insert AFTER INSERT ON content_contentitem BEGIN {_INSERT_NEW} END",
        "CREATE TRIGGER content_search_delete AFTER DELETE ON content_contentitem BEGIN "
        "DELETE FROM content_search WHERE rowid = old.id; END",
        "CREATE TRIGGER content_search_update AFTER UPDATE OF search_text ON content_contentitem BEGIN "
        f"DELETE FROM content_search WHERE rowid = old.id; {_INSERT_NEW} END",
        "INSERT INTO content_search(rowid, title, body) SELECT id, "
        + _SPLIT.format(t="")
        + " FROM content_contentitem",
    ],
    "postgresql": [
        *FILTER_INDEXES,
        "ALTER TABLE content_contentitem ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\\n', 1)), 'A') || "
        "to_tsvector('simple'::regconfig, substr(search_text, strpos(search_text, E'\\n') + 1))"
        ") STORED",
        "CREATE INDEX content_item_search ON content_contentitem USING GIN (search_vector)",
    ],
}
_DROP_FILTER_INDEXES = [
    "DROP INDEX IF EXISTS content_item_state",
    "DROP INDEX IF EXISTS content_variant_audience_item",
]
UNINSTALL: dict[str, list[str]] = {
    "sqlite": [
        *_DROP_FILTER_INDEXES,
        "DROP TRIGGER IF EXISTS content_search_insert",
        "DROP TRIGGER IF EXISTS content_search_delete",
        "DROP TRIGGER IF EXISTS content_search_update",
        "DROP TABLE IF EXISTS content_search",
    ],
    "postgresql": [
        *_DROP_FILTER_INDEXES,
        "DROP INDEX IF EXISTS content_item_search",
        "ALTER TABLE content_contentitem DROP COLUMN IF EXISTS search_vector",
    ],
}


def _plain(value: str) -> str:
    return html.unescape(_TAG.sub(" ", value or ""))


def document(item: Any, variants: Iterable[Any] = ()) -> str:
    """What `search_text` holds for `item` and its `variants`: the folded title, a line break, the
    folded rest (key message, tags, body, the variants' titles, bodies and calls to action)."""
    rest = [item.key_message, item.tags, _plain(item.body)]
    for variant in variants:
        rest += [variant.title, variant.body, variant.call_to_action]
    return fold(item.title) + "\n" + fold(" ".join(part for part in rest if part))


def words(query: str) -> list[str]:
    """The query's words as they are matched: folded, letters and digits only, at most `MAX_WORDS`."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(fold(query or ""))][:MAX_WORDS]


@dataclass(frozen=True)
class Terms:
    """What the index is asked for: every word, the last one also as the start of a word when
    `prefix` (a last word of one letter, "binh dan hoc v", is left out until a second letter comes:
    every word of the index would match it, and no prefix index holds one letter)."""

    words: tuple[str, ...]
    prefix: bool


def terms(query: str) -> Terms | None:
    """The `Terms` of `query`, or None when it has no word to match."""
    found = words(query)
    if len(found) > 1 and len(found[-1]) < MIN_PREFIX:
        return Terms(tuple(found[:-1]), prefix=False)
    if not found:
        return None
    return Terms(tuple(found), prefix=len(found[-1]) >= MIN_PREFIX)


Within = Iterable[QuerySet[Any]]  # sets of item ids, each a one-column queryset


@dataclass(frozen=True)
class Found:
    """What the first look at the index found. `capped`: more than the limit asked for match.
    `ids`: every match, best first, when not capped; when capped, the newest matches (as many as
    the limit) if the backend read them on the way, else None (ask `Backend.newest` per page)."""

    capped: bool
    ids: list[int] | None


class Backend(Protocol):
    vendor: str

    def found(self, queryset: QuerySet[Any], terms: Terms, within: Within, limit: int) -> Found: ...

    def newest(
        self, queryset: QuerySet[Any], terms: Terms, within: Within, start: int, stop: int
    ) -> list[int]: ...


def _narrowing(queryset: QuerySet[Any], within: Within) -> list[tuple[str, tuple[Any, ...]]]:
    """The SQL of each set of ids to keep: the queryset's own, if it has a condition, and `within`."""
    sets = [queryset.order_by().values_list("id")] if queryset.query.where else []
    out = []
    for ids in [*sets, *within]:
        sql, params = ids.order_by().query.sql_with_params()
        out.append((sql, tuple(params)))
    return out


class SQLiteBackend:
    """FTS5 on its own table, ranked by BM25 (the title weighs `TITLE_WEIGHT` times the rest); the
    list's filters come in as `rowid IN (their ids)`, so no row of the items table is read.

    One statement reads the newest `limit` + 1 matching rowids straight from the index (FTS5 walks
    its lists in rowid order, so nothing is sorted): if there are more, they are the answer, newest
    first; if not, a second statement ranks those few. BM25 costs a pass over each word's whole
    list (its document frequency) and a look at each match's column sizes: it is paid only when
    the matches are few enough to be ranked."""

    vendor = "sqlite"

    @staticmethod
    def expression(terms: Terms) -> str:
        quoted = [f'"{term}"' for term in terms.words]  # words are letters and digits: nothing to escape
        if terms.prefix:
            quoted[-1] += "*"
        return " ".join(quoted)

    def _where(self, queryset: QuerySet[Any], terms: Terms, within: Within) -> tuple[str, list[Any]]:
        where, params = "content_search MATCH %s", [self.expression(terms)]
        for sql, values in _narrowing(queryset, within):
            where += f" AND +rowid IN ({sql})"  # "+": filter the matches, not a lookup per id
            params += list(values)
        return where, params

    def found(self, queryset: QuerySet[Any], terms: Terms, within: Within, limit: int) -> Found:
        where, params = self._where(queryset, terms, within)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM content_search WHERE {where} ORDER BY rowid DESC LIMIT %s",
                [*params, limit + 1],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) > limit:
                return Found(capped=True, ids=ids[:limit])
            cursor.execute(
                f"SELECT rowid FROM content_search WHERE {where} "
                f"ORDER BY bm25(content_search, {TITLE_WEIGHT}, 1.0), rowid DESC",
                params,
            )
            return Found(capped=False, ids=[row[0] for row in cursor.fetchall()])

    def newest(
        self, queryset: QuerySet[Any], terms: Terms, within: Within, start: int, stop: int
    ) -> list[int]:
        where, params = self._where(queryset, terms, within)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM content_search WHERE {where} ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [*params, max(0, stop - start), start],
            )
            return [row[0] for row in cursor.fetchall()]


# PostgreSQL's planner counts `@@` on a row as one cheap operator, where it reads the row's
# `tsvector` out of line (TOAST, about 1.7 kB each): with a LIMIT, or a join to the variants, it
# would rather read the items in id order, or all of them, testing each row (0.1–0.8 s at 100,000
# items) than read the GIN index first (10–40 ms). For the one statement that looks for the
# matches, it is told to read indexes only (bitmap scans; the variants of an audience filter are
# then looked up per match, not all read into a hash), then put back as it was.
_PLANNER_SWITCHES = ("enable_seqscan", "enable_indexscan", "enable_hashjoin", "enable_mergejoin")
_INDEXES_ONLY = "SELECT " + ", ".join(f"set_config('{name}', 'off', true)" for name in _PLANNER_SWITCHES)
_PLANNER_AS_BEFORE = "; ".join(f"RESET {name}" for name in _PLANNER_SWITCHES)


class PostgreSQLBackend:
    """A GIN-indexed `tsvector` of the folded text, ordered by `ts_rank` (larger is better).

    The list's filters on the item's own columns (theme, state, owner unit) are conditions of the
    same statement, so PostgreSQL combines their indexes with the full-text one (`BitmapAnd`)
    before it reads a row. One statement reads at most `limit` + 1 matches in the order the
    index gives them, with their rank computed only if there are no more than `limit` (a window
    count over those few rows): the matches and their order in one go. When there are more, a
    page of the newest is a second statement. Nothing asks for the matches in id order before
    knowing there are many: read in id order, a rare match costs a `tsvector` read per row."""

    vendor = "postgresql"

    @staticmethod
    def expression(terms: Terms) -> str:
        quoted = [f"'{term}'" for term in terms.words]  # letters and digits: nothing to escape
        if terms.prefix:
            quoted[-1] += ":*"
        return " & ".join(quoted)

    def _matching(self, queryset: QuerySet[Any], terms: Terms, within: Within) -> QuerySet[Any]:
        table = queryset.model._meta.db_table
        for ids in within:
            queryset = queryset.filter(pk__in=ids)
        return queryset.order_by().extra(  # fixed SQL; the query travels as a parameter
            where=[f"{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)"],
            params=[self.expression(terms)],
        )

    def found(self, queryset: QuerySet[Any], terms: Terms, within: Within, limit: int) -> Found:
        table = queryset.model._meta.db_table
        sql, params = (
            self._matching(queryset, terms, within)
            .extra(select={"search_vector": f"{table}.search_vector"})
            .values_list("id", "search_vector")[: limit + 1]
            .query.sql_with_params()
        )
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(_INDEXES_ONLY)
            cursor.execute(
                "SELECT id, CASE WHEN count(*) OVER () <= %s THEN "
                "ts_rank(search_vector, to_tsquery('simple'::regconfig, %s)) END "
                f"FROM ({sql}) AS matches",
                [limit, self.expression(terms), *params],
            )
            rows = cursor.fetchall()
            cursor.execute(_PLANNER_AS_BEFORE)
        if len(rows) > limit:
            return Found(capped=True, ids=None)
        rows.sort(key=lambda row: (-row[1], -row[0]))
        return Found(capped=False, ids=[row[0] for row in rows])

    def newest(
        self, queryset: QuerySet[Any], terms: Terms, within: Within, start: int, stop: int
    ) -> list[int]:
        rows = self._matching(queryset, terms, within).order_by("-id")
        return list(rows.values_list("id", flat=True)[start:stop])


BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgreSQLBackend()}


def backend() -> Backend:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Content search has no backend for {connection.vendor}.") from None


class Results:
    """The items matching a query, best first, as a paginator wants them: `count()` and slices.

    The first call looks at the index once (`Backend.found`): up to `MAX_RESULTS` + 1 matches, which
    give the count and, when there are no more, every match's place. A slice then fetches its
    items with the queryset's joins and prefetches. A page of up to `MAX_RESULTS` matches costs
    the look (one statement on PostgreSQL, two on SQLite: the matches, then their rank), the
    items and each prefetch; beyond, one statement on SQLite (the newest come with the look), two
    on PostgreSQL (the look, then the page's newest ids).
    """

    ordered = True

    def __init__(self, queryset: QuerySet[Any], terms: Terms, engine: Backend, within: Within = ()) -> None:
        self.queryset = queryset.order_by()
        self.terms = terms
        self.engine = engine
        self.within = tuple(within)
        self._found: Found | None = None

    def _look(self) -> Found:
        if self._found is None:
            self._found = self.engine.found(self.queryset, self.terms, self.within, MAX_RESULTS)
        return self._found

    @property
    def capped(self) -> bool:
        """Whether more than `MAX_RESULTS` items match (only that many are counted and shown)."""
        return self._look().capped

    def count(self) -> int:
        """The number of matches, at most `MAX_RESULTS` (see `capped`)."""
        found = self._look()
        return MAX_RESULTS if found.capped else len(found.ids or ())

    def __len__(self) -> int:
        return self.count()

    @property
    def ranked(self) -> bool:
        """Whether the matches come best first; more than `MAX_RESULTS` come newest first, and only
        the first `MAX_RESULTS` of them are counted and shown (add a word to narrow the search)."""
        return not self.capped

    def exists(self) -> bool:
        return bool(self[:1])

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop is not None and key.stop < 0):
            raise ValueError("Search results take plain slices.")
        stop = min(key.stop, MAX_RESULTS) if key.stop is not None else MAX_RESULTS
        start = min(key.start or 0, stop)
        look = self._look()
        if start == stop:
            return []
        if look.ids is not None:
            ids = look.ids[start:stop]
        else:
            ids = self.engine.newest(self.queryset, self.terms, self.within, start, stop)
        rows = {item.pk: item for item in self.queryset.filter(pk__in=ids)} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]

    def __iter__(self) -> Iterator[Any]:
        return iter(self[:])


def matching(queryset: QuerySet[Any], query: str, within: Within = ()) -> "Results | QuerySet[Any]":
    """`queryset` (of content items) narrowed to those that match `query`, best match first.

    `within` are the filters, each a queryset of one column, the ids of the items to keep
    (`ContentVariant.objects.filter(audience=…).values("item_id")`): each is applied on its own,
    from its own index, rather than through a join to the items. A query with no word (empty, or
    only punctuation) matches nothing."""
    found = terms(query)
    if found is None:
        return queryset.none()
    return Results(queryset, found, backend(), within)


def install(apps: Any, schema_editor: Any) -> None:
    """Create the index for the current database (migration 0004_search; the benchmark, which has no
    migrations, calls it with `apps=None`)."""
    for statement in SCHEMA.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def uninstall(apps: Any, schema_editor: Any) -> None:
    for statement in UNINSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
