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
word ("binh dan hoc vu s" finds "Bình dân học vụ số"), so results narrow as one types.

`matching(queryset, query, within)` is the one interface: the matches among `queryset` and the
`within` filters, best first, whatever the database, at most `MAX_RESULTS` of them (beyond, the
newest first). The schema (`SCHEMA`) is installed by migration 0004_search.
"""

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from lantoa.core.text import fold

MAX_WORDS = 12  # a longer query keeps its first words
MAX_WORD_LENGTH = 40
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


Within = Iterable[QuerySet[Any]]  # sets of item ids, each a one-column queryset


class Backend(Protocol):
    vendor: str

    def count(self, queryset: QuerySet[Any], terms: list[str], within: Within, limit: int) -> int: ...

    def ids(
        self,
        queryset: QuerySet[Any],
        terms: list[str],
        within: Within,
        start: int,
        stop: int | None,
        *,
        ranked: bool,
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
    list's filters come in as `rowid IN (their ids)`, so no row of the items table is read."""

    vendor = "sqlite"

    @staticmethod
    def expression(terms: list[str]) -> str:
        quoted = [f'"{term}"' for term in terms]  # words are letters and digits: nothing to escape
        quoted[-1] += "*"
        return " ".join(quoted)

    def _where(self, queryset: QuerySet[Any], terms: list[str], within: Within) -> tuple[str, list[Any]]:
        where, params = "content_search MATCH %s", [self.expression(terms)]
        for sql, values in _narrowing(queryset, within):
            where += f" AND +rowid IN ({sql})"  # "+": filter the matches, not a lookup per id
            params += list(values)
        return where, params

    def count(self, queryset: QuerySet[Any], terms: list[str], within: Within, limit: int) -> int:
        where, params = self._where(queryset, terms, within)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM content_search WHERE {where} LIMIT %s)",
                [*params, limit],
            )
            return int(cursor.fetchone()[0])

    def ids(
        self,
        queryset: QuerySet[Any],
        terms: list[str],
        within: Within,
        start: int,
        stop: int | None,
        *,
        ranked: bool,
    ) -> list[int]:
        where, params = self._where(queryset, terms, within)
        limit = -1 if stop is None else max(0, stop - start)
        order = f"bm25(content_search, {TITLE_WEIGHT}, 1.0), rowid DESC" if ranked else "rowid DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM content_search WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, limit, start],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgreSQLBackend:
    """A GIN-indexed `tsvector` of the folded text, ordered by `ts_rank` (larger is better)."""

    vendor = "postgresql"

    @staticmethod
    def expression(terms: list[str]) -> str:
        quoted = [f"'{term}'" for term in terms]  # letters and digits: nothing to escape
        quoted[-1] += ":*"
        return " & ".join(quoted)

    def _matching(self, queryset: QuerySet[Any], terms: list[str], within: Within) -> QuerySet[Any]:
        table = queryset.model._meta.db_table
        for ids in within:
            queryset = queryset.filter(pk__in=ids)
        return queryset.order_by().extra(  # fixed SQL; the query travels as a parameter
            where=[f"{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)"],
            params=[self.expression(terms)],
        )

    def count(self, queryset: QuerySet[Any], terms: list[str], within: Within, limit: int) -> int:
        return self._matching(queryset, terms, within).values("id")[:limit].count()

    def ids(
        self,
        queryset: QuerySet[Any],
        terms: list[str],
        within: Within,
        start: int,
        stop: int | None,
        *,
        ranked: bool,
    ) -> list[int]:
        table = queryset.model._meta.db_table
        rows = self._matching(queryset, terms, within)
        if ranked:
            rank = RawSQL(
                f"ts_rank({table}.search_vector, to_tsquery('simple'::regconfig, %s))",
                [self.expression(terms)],
            )
            rows = rows.annotate(search_rank=rank).order_by("-search_rank", "-id")
        else:
            rows = rows.order_by("-id")
        return list(rows.values_list("id", flat=True)[start:stop])


BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgreSQLBackend()}


def backend() -> Backend:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Content search has no backend for {connection.vendor}.") from None


class Results:
    """The items matching a query, best first, as a paginator wants them: `count()` and slices.

    A slice ranks only the ids (the sort carries no row's text), then fetches those items with the
    queryset's joins and prefetches: a page costs the count, the ids, the items and each prefetch.
    """

    ordered = True

    def __init__(
        self, queryset: QuerySet[Any], terms: list[str], engine: Backend, within: Within = ()
    ) -> None:
        self.queryset = queryset.order_by()
        self.terms = terms
        self.engine = engine
        self.within = tuple(within)
        self._count: int | None = None
        self.capped = False

    def count(self) -> int:
        """The number of matches, at most `MAX_RESULTS` (see `capped`)."""
        if self._count is None:
            found = self.engine.count(self.queryset, self.terms, self.within, MAX_RESULTS + 1)
            self.capped = found > MAX_RESULTS
            self._count = min(found, MAX_RESULTS)
        return self._count

    def __len__(self) -> int:
        return self.count()

    @property
    def ranked(self) -> bool:
        """Whether the matches come best first; more than `MAX_RESULTS` come newest first, and only
        the first `MAX_RESULTS` of them are counted and shown (add a word to narrow the search)."""
        self.count()
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
        if start == stop:
            return []
        ids = self.engine.ids(self.queryset, self.terms, self.within, start, stop, ranked=self.ranked)
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
    terms = words(query)
    if not terms:
        return queryset.none()
    return Results(queryset, terms, backend(), within)


def install(apps: Any, schema_editor: Any) -> None:
    """Create the index for the current database (migration 0004_search; the benchmark, which has no
    migrations, calls it with `apps=None`)."""
    for statement in SCHEMA.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def uninstall(apps: Any, schema_editor: Any) -> None:
    for statement in UNINSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
