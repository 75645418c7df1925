"""Content search over 100,000 items: p95 of about 50 representative queries, with and without
diacritics, on SQLite (FTS5) or PostgreSQL (tsvector + GIN), the goal being p95 < 100 ms.

Builds the items with `bulk_create` from Vietnamese text generated out of the demo's own words (a
word-pair chain over every Vietnamese text of the demo plan, content items and glossary, cut into
30,000 phrases that the items' texts are made of: titles of
6–14 syllables, a key message, a body of 40–90 syllables, two audience variants of 25–50), on four
themes, five audiences, six states and 20 owner units. Each query is timed as the console's list
runs it: `item_list_for_user(...)`, its count and its first page of 20 items with their variants —
four queries. The queries: 25 phrases of the demo text (two to four words, the last one sometimes
cut short to test the prefix) written with diacritics and the same 25 without, half of them with a
filter (theme, audience, state or unit). For the comparison, in the same run, the naive search this
replaces (`search_text LIKE '%…%'` on the folded text) for the first five queries.

    .venv/bin/python bench/content_search.py [--items 100000] [--runs 5] [--explain]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantoa_bench .venv/bin/python bench/content_search.py
"""

import argparse
import html
import itertools
import os
import random
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from typing import Any

import _database

VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
TAG = re.compile(r"<[^>]*>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="content items to build (default 100000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query (default 5)")
    parser.add_argument("--explain", action="store_true", help="print the first query's SQL and plan")
    args = parser.parse_args()
    engine = _database.setup()
    try:
        run(engine, args.items, args.runs, args.explain)
    finally:
        _database.teardown()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for part in value for s in _strings(part)]
    if isinstance(value, dict):
        return [s for part in value.values() for s in _strings(part)]
    return []


def corpus() -> list[str]:
    """Every Vietnamese sentence of the demo's texts, without HTML."""
    from lantoa.content import demo as glossary_demo
    from lantoa.content import demo_items
    from lantoa.plans import demo as plan_demo

    texts: list[str] = []
    for module in (plan_demo, demo_items, glossary_demo):
        for name in dir(module):
            if name.isupper():
                texts += [t for t in _strings(getattr(module, name)) if VIETNAMESE.search(t)]
    sentences = []
    for text in texts:
        plain = " ".join(html.unescape(TAG.sub(" ", text)).split())
        sentences += [
            s for s in SENTENCE_END.split(unicodedata.normalize("NFC", plain)) if len(s.split()) >= 3
        ]
    return list(dict.fromkeys(sentences))  # each sentence once (the glossary repeats its source line)


class Chain:
    """A word-pair (bigram) chain: each next syllable follows the previous one as in the demo's text."""

    def __init__(self, sentences: list[str], chance: random.Random) -> None:
        self.chance = chance
        self.starts = [s.split()[0] for s in sentences]
        self.next: dict[str, list[str]] = defaultdict(list)
        for sentence in sentences:
            words = sentence.split()
            for a, b in itertools.pairwise(words):
                self.next[a].append(b)

    def phrase(self, length: int) -> str:
        words = [self.chance.choice(self.starts)]
        while len(words) < length:
            following = self.next.get(words[-1])
            words.append(self.chance.choice(following) if following else self.chance.choice(self.starts))
        return " ".join(words)

    def text(self, length: int) -> str:
        """About `length` syllables: phrases of the pool (30,000 phrases of 3–12 syllables) put together."""
        if not hasattr(self, "pool"):
            self.pool = [self.phrase(self.chance.randint(3, 12)) for _ in range(30_000)]
        words: list[str] = []
        while len(words) < length:
            words += self.chance.choice(self.pool).split()
        return " ".join(words[:length])


def build(count: int, sentences: list[str]) -> dict[str, Any]:
    from lantoa.accounts.models import User
    from lantoa.content import search
    from lantoa.content.models import ContentItem, ContentVariant
    from lantoa.org.models import Audience, Unit, UnitKind
    from lantoa.plans.models import Plan, Theme

    chance = random.Random(57)
    chain = Chain(sentences, chance)
    city = Unit.add_root(code="HN", name="Thành phố Hà Nội", kind=UnitKind.CITY)
    units = [city]
    for n in range(19):
        city.refresh_from_db()
        units.append(city.add_child(code=f"P{n:02d}", name=f"Phường Thử {n}", kind=UnitKind.WARD))
    plan = Plan.objects.create(
        code="179/KH-UBND",
        title="Kế hoạch thử",
        issuing_unit=city,
        starts_on="2025-07-08",
        ends_on="2026-12-31",
    )
    themes = [Theme.objects.create(plan=plan, number=n + 1, title=f"Chủ đề {n + 1}") for n in range(4)]
    audiences = [
        Audience.objects.create(code=code, name=name, sort_order=n)
        for n, (code, name) in enumerate(
            [
                ("nhan-dan", "Nhân dân"),
                ("doanh-nghiep", "Doanh nghiệp"),
                ("can-bo", "Cán bộ"),
                ("dang-vien", "Đảng viên"),
                ("cong-chuc", "Công chức"),
            ]
        )
    ]
    editor = User.objects.create_user(username="bientap", password="x")
    states = list(ContentItem.State.values)
    batch = 2000
    made = stored = 0.0
    for start in range(0, count, batch):
        began = time.perf_counter()
        items, variants = [], []
        for _ in range(start, min(start + batch, count)):
            item = ContentItem(
                theme=chance.choice(themes),
                title=chain.text(chance.randint(6, 14)).rstrip(".,;:"),
                key_message=chain.text(chance.randint(10, 20)),
                body="<p>" + html.escape(chain.text(chance.randint(40, 90))) + "</p>",
                tags=", ".join(chain.text(2) for _ in range(2)),
                owner_unit=chance.choice(units),
                created_by=editor,
                state=chance.choice(states),
            )
            own = [
                ContentVariant(
                    item=item,
                    audience=audience,
                    title=chain.text(chance.randint(5, 10)),
                    body=chain.text(chance.randint(25, 50)),
                    call_to_action=chain.text(chance.randint(4, 8)),
                )
                for audience in chance.sample(audiences, 2)
            ]
            item.search_text = search.document(item, own)
            items.append(item)
            variants += own
        made += time.perf_counter() - began
        began = time.perf_counter()
        ContentItem.objects.bulk_create(items)
        for variant in variants:
            variant.item_id = variant.item.pk
        ContentVariant.objects.bulk_create(variants)
        stored += time.perf_counter() - began
    print(f"(built: text generated in {made:.0f} s, stored in {stored:.0f} s)")
    return {"editor": editor, "themes": themes, "audiences": audiences, "units": units, "states": states}


def queries(sentences: list[str], world: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """25 phrases with diacritics, the same without, half with a filter."""
    from lantoa.core.text import fold

    chance = random.Random(1022)
    phrases: list[str] = []
    while len(phrases) < 25:
        words = chance.choice(sentences).split()
        size = chance.randint(2, 4)
        if len(words) < size:
            continue
        at = chance.randrange(len(words) - size + 1)
        phrase = " ".join(w.strip(".,;:!?()“”\"'") for w in words[at : at + size])
        if len(phrases) % 3 == 2:  # the last word being typed
            last = phrase.split()[-1]
            phrase = phrase[: len(phrase) - len(last)] + last[: max(2, len(last) - 2)]
        if phrase.strip() and phrase not in phrases:
            phrases.append(phrase)
    filters: list[dict[str, Any]] = [
        {},
        {"theme": world["themes"][1]},
        {},
        {"audience": world["audiences"][0]},
        {},
        {"state": "published"},
        {},
        {"unit": world["units"][3]},
    ]
    out = []
    for n, phrase in enumerate(phrases):
        chosen = filters[n % len(filters)]
        out.append((phrase, chosen))
        out.append((fold(phrase), chosen))
    return out


def page(user: Any, query: str, filters: dict[str, Any]) -> tuple[int, int]:
    from lantoa.content.item_selectors import item_list_for_user

    rows = item_list_for_user(user=user, search=query, **filters)
    found = rows.count()
    shown = list(rows[:20])
    for item in shown:
        list(item.variants.all())
    return found, len(shown)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(engine: str, count: int, runs: int, explain: bool = False) -> None:
    from django.db import connection

    from lantoa.content import search
    from lantoa.content.models import ContentItem
    from lantoa.core.text import fold

    with connection.schema_editor() as editor:
        search.install(None, editor)
    sentences = corpus()
    start = time.perf_counter()
    world = build(count, sentences)
    built = time.perf_counter() - start
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # as autovacuum leaves a table after many inserts (PostgreSQL 13+), rather than at a
            # random moment of the timing: visibility map set, GIN pending list merged
            cursor.execute("VACUUM ANALYZE content_contentitem")
            cursor.execute("VACUUM ANALYZE content_contentvariant")
        else:
            cursor.execute("ANALYZE")
    average = statistics.mean(
        len(t) for t in ContentItem.objects.values_list("search_text", flat=True)[:2000]
    )
    user = world["editor"]
    _grant(user, world["units"][0])
    chosen = queries(sentences, world)
    timings: list[float] = []
    per_query = []
    print(f"Load average (1, 5, 15 min) before timing: {', '.join(f'{n:.2f}' for n in os.getloadavg())}")
    with _database.queries() as captured:
        page(user, chosen[0][0], chosen[0][1])
    query_count = len(captured)
    if explain:
        with _database.queries() as captured:
            page(user, chosen[6][0], chosen[6][1])
        with connection.cursor() as cursor:
            for sql in captured.captured_queries:
                print(sql["sql"])
                cursor.execute(
                    ("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE ")
                    + sql["sql"]
                )
                for row in cursor.fetchall():
                    print("   ", row)
    for query, filters in chosen:
        page(user, query, filters)  # warm
        seconds = _database.timed(lambda q=query, f=filters: page(user, q, f), runs)
        timings += seconds
        found, _shown = page(user, query, filters)
        per_query.append((statistics.median(seconds), query, filters, found))
    ms = [s * 1000 for s in timings]
    accented = [s * 1000 for n, s in enumerate(timings) if (n // runs) % 2 == 0]
    folded = [s * 1000 for n, s in enumerate(timings) if (n // runs) % 2 == 1]
    print(
        f"Content search, {engine}: {count:,} items built in {built:.0f} s "
        f"(search_text ~{average:.0f} characters)"
    )
    print(
        f"{len(chosen)} queries × {runs} runs; each: count + first page of 20 with variants "
        f"({query_count} queries)"
    )
    print(
        f"  all:               p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"max {max(ms):.1f} ms"
    )
    print(f"  with diacritics:   p95 {percentile(accented, 0.95):.1f} ms")
    print(f"  without:           p95 {percentile(folded, 0.95):.1f} ms")
    print("  slowest queries (median ms, matches):")
    for median, query, filters, found in sorted(per_query, key=lambda row: row[0], reverse=True)[:5]:
        label = ", ".join(f"{k}={getattr(v, 'code', v)}" for k, v in filters.items()) or "no filter"
        print(f"    {median * 1000:7.1f}  {found:6d}  {query!r} ({label})")
    if explain:
        for _median, query, filters, _found in sorted(per_query, key=lambda row: row[0], reverse=True)[:3]:
            with _database.queries() as captured:
                page(user, query, filters)
            print(f"    {query!r}:")
            for statement in captured.captured_queries:
                with connection.cursor() as cursor:
                    began = time.perf_counter()
                    cursor.execute(statement["sql"])
                    cursor.fetchall()
                    print(f"      {(time.perf_counter() - began) * 1000:6.1f} ms  {statement['sql'][:150]}")
    matches = sorted(found for *_rest, found in per_query)
    print(f"  matches per query: median {statistics.median(matches):.0f}, max {max(matches)}")
    print("Comparison, same run: the naive scan `search_text LIKE '%word%'` per word (count + first page):")
    naive = []
    for query, _filters in chosen[1:10:2]:
        words = fold(query).split()

        def scan(words: list[str] = words) -> None:
            rows = ContentItem.objects.all()
            for word in words:
                rows = rows.filter(search_text__contains=word)
            rows.count()
            list(rows.order_by("-updated_at")[:20])

        naive += _database.timed(scan, 2)
    print(f"  {_database.describe(naive)}")
    print(f"Load average (1, 5, 15 min) at the end: {', '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(f"Command: {_database.command()}")


def _grant(user: Any, city: Any) -> None:
    from lantoa.accounts.services import role_grant
    from lantoa.core import access

    role_grant(by=access.system("bench"), user=user, role="editor", unit=city)


if __name__ == "__main__":
    main()
