"""A measuring stick for the benchmark: the same corpus and queries in tantivy, timed interleaved with our engine.

    index = TantivyArchive.build(corpus, folder)          # one document per article
    timings = compare(queries, ours=engine_ms, theirs=index.search_ms)

tantivy (the Rust engine's Python bindings, `pip install -e ".[bench]"`) is never imported by the app. What it
is given, and how that matches our index:

- `text_ru` / `text_kk`: title + body of the article in its language. Russian with tantivy's Snowball stemmer
  (ours is the same algorithm through PyStemmer); Kazakh lowercased only (tantivy has no Kazakh stemmer, ours
  strips suffixes), so Kazakh words match fewer forms in tantivy.
- `names`: the article's words as *our* name keys (archive.search.analyzers, whitespace-joined), so that a name
  in another script (Tokayev / Тоқаев / Токаев) meets in tantivy as in ours; `person`: the name keys of the people
  linked to the article (what `person:` searches).
- facets `language`, `month`, `source`, `person_id`, `organisation`, `event` as raw fast text fields (counted
  with a terms aggregation, six per query as our page shows), `published` as a fast date (ranges, sort by date).
- A query word must match in one of text_ru, text_kk, names (ours: the same fields and body/title per
  language); words are ANDed, `OR` and `-word` as ours, a phrase is a phrase query on text_ru or text_kk, a
  prefix is a regex over the stemmed terms of text_ru and text_kk (ours: over the unstemmed words).

Per query tantivy does what our `search()` does: matching, the total, the top 20 by BM25 (or by date), the six
facet counts and a snippet for each of the 20 hits (SnippetGenerator on the text field). Not equivalent: our
engine also reads facet labels from the database, collapses syndicated copies and computes "did you mean";
tantivy's scores are its own BM25 (no title boost), so the top 20 may differ.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .corpus import Article, Corpus
from .queries import BenchQuery

TEXT_FIELDS = ("text_ru", "text_kk")
FACET_FIELDS = {"language": "language", "month": "month", "source": "source", "person": "person_id",
                "organisation": "organisation", "event": "event"}  # fmt: skip
PAGE = 20
FACET_SIZE = 10
WRITER_HEAP = 200_000_000
# The groups of query kinds: each bench kind (queries.py) counts in one.
GROUPS = {
    "rare word": ("ru_rare", "kk_rare"),
    "frequent word": ("ru_frequent", "kk_frequent", "two_words", "three_words", "boolean"),
    "prefix": ("prefix",),
    "phrase": ("phrase",),
    "name": ("name_latin", "name_other_script", "field_person"),
    "filtered": ("facet_language", "facet_month", "facet_source", "facet_person", "facets_combined", "date_range",
                 "sort_date"),
    "empty query": ("browse_facet",),
}  # fmt: skip
_TOKEN = re.compile(r'-?"[^"]*"|\S+')


def name_keys() -> Callable[[str], list[str]]:
    """text → our name keys of its words (the `names` field's terms), memoised per word."""
    from archive.search.analyzers import WORD_RE, name_analyzer, word_term_step

    term, min_length = word_term_step(name_analyzer())
    cache: dict[str, str] = {}

    def keys(text: str) -> list[str]:
        out = []
        for word in WORD_RE.findall(text):
            key = cache.get(word)
            if key is None:
                key = cache[word] = term(word)
            if len(key) >= min_length:
                out.append(key)
        return out

    return keys


class TantivyArchive:
    def __init__(self, folder: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        self.folder = folder
        self.keys = name_keys()
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
        builder.add_text_field("text_ru", stored=True, tokenizer_name="ru_stem")
        builder.add_text_field("text_kk", stored=True, tokenizer_name="lowercase")
        builder.add_text_field("names", tokenizer_name="whitespace")
        builder.add_text_field("person", tokenizer_name="whitespace")
        for field in FACET_FIELDS.values():
            builder.add_text_field(field, fast=True, tokenizer_name="raw", index_option="basic")
        builder.add_date_field("published", indexed=True, fast=True)
        self.schema = builder.build()
        folder.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(folder))
        self._register_tokenizers()

    def _register_tokenizers(self) -> None:
        t = self.tantivy
        self.index.register_tokenizer("ru_stem", t.TextAnalyzerBuilder(t.Tokenizer.simple()).filter(
            t.Filter.lowercase()).filter(t.Filter.stemmer("russian")).build())  # fmt: skip
        self.index.register_tokenizer("lowercase", t.TextAnalyzerBuilder(t.Tokenizer.simple()).filter(
            t.Filter.lowercase()).build())  # fmt: skip
        self.index.register_tokenizer("whitespace", t.TextAnalyzerBuilder(t.Tokenizer.whitespace()).build())

    @classmethod
    def build(cls, corpus: Corpus, folder: Path) -> tuple[TantivyArchive, float]:
        """A fresh index of every article of `corpus` in `folder`; returns it and the seconds the build took."""
        shutil.rmtree(folder, ignore_errors=True)
        archive = cls(folder)
        started = time.perf_counter()
        writer = archive.index.writer(heap_size=WRITER_HEAP, num_threads=2)
        people = {p.slug: " ".join(archive.keys(" ".join((p.name, *p.aliases)))) for p in corpus.people}
        for article in corpus.articles():
            writer.add_document(archive.document(article, people))
        writer.commit()
        writer.wait_merging_threads()
        archive.index.reload()
        archive.searcher = archive.index.searcher()
        return archive, time.perf_counter() - started

    def document(self, article: Article, people: dict[str, str]):
        doc = self.tantivy.Document()
        doc.add_unsigned("id", article.number)
        text = f"{article.title}\n{article.body}"
        doc.add_text("text_ru" if article.language == "ru" else "text_kk", text)
        doc.add_text("names", " ".join(self.keys(text)))
        doc.add_text("person", " ".join(people[m.slug] for m in article.people))
        doc.add_text("language", article.language)
        doc.add_text("source", article.source)
        for mention in article.people:
            doc.add_text("person_id", mention.slug)
        for mention in article.organisations:
            doc.add_text("organisation", mention.slug)
        if article.event:
            doc.add_text("event", article.event)
        if article.published_on:
            doc.add_text("month", article.published_on[:7])
            doc.add_date("published", dt.datetime.fromisoformat(article.published_on).replace(tzinfo=dt.UTC))
        return doc

    # -- queries ---------------------------------------------------------------------------------------------------

    def query(self, q: BenchQuery):
        """Our query language (as the bench uses it) as a tantivy query."""
        t = self.tantivy
        must, must_not = [], []
        tokens = _TOKEN.findall(q.q)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i + 2 < len(tokens) and tokens[i + 1] == "OR":  # a OR b (OR c ...)
                alternatives = [self._clause(token)]
                while i + 2 < len(tokens) and tokens[i + 1] == "OR":
                    alternatives.append(self._clause(tokens[i + 2]))
                    i += 2
                must.append(t.Query.boolean_query([(t.Occur.Should, a) for a in alternatives]))
            elif token.startswith("-") and len(token) > 1:
                must_not.append(self._clause(token[1:]))
            else:
                must.append(self._clause(token))
            i += 1
        for facet, values in q.filters.items():
            field = FACET_FIELDS[facet]
            must.append(t.Query.boolean_query(
                [(t.Occur.Should, t.Query.term_query(self.schema, field, value)) for value in values]))  # fmt: skip
        if q.date_from or q.date_to:
            low = dt.datetime.fromisoformat(q.date_from).replace(tzinfo=dt.UTC) if q.date_from else None
            high = dt.datetime.fromisoformat(q.date_to).replace(tzinfo=dt.UTC) if q.date_to else None
            must.append(t.Query.range_query(self.schema, "published", t.FieldType.Date, low, high))
        if not must:
            must.append(t.Query.all_query())
        return t.Query.boolean_query([(t.Occur.Must, m) for m in must] + [(t.Occur.MustNot, n) for n in must_not])

    def _clause(self, token: str):
        t = self.tantivy
        if token.startswith('"'):
            return self.index.parse_query(token if token.endswith('"') and len(token) > 1 else token + '"',
                                          list(TEXT_FIELDS))  # fmt: skip
        if token.startswith("person:"):
            keys = self.keys(token.split(":", 1)[1])
            return t.Query.boolean_query([(t.Occur.Must, t.Query.term_query(self.schema, "person", k)) for k in keys])
        if token.endswith("*"):
            pattern = re.escape(token.rstrip("*").lower()) + ".*"
            return t.Query.boolean_query(
                [(t.Occur.Should, t.Query.regex_query(self.schema, f, pattern)) for f in TEXT_FIELDS])  # fmt: skip
        alternatives = [self.index.parse_query(f'"{token}"', list(TEXT_FIELDS))]
        alternatives += [t.Query.term_query(self.schema, "names", k) for k in self.keys(token)]
        return t.Query.boolean_query([(t.Occur.Should, a) for a in alternatives])

    def search(self, q: BenchQuery) -> dict[str, Any]:
        """What our search() answers: total, top 20, six facet counts, 20 snippets."""
        searcher, query = self.searcher, self.query(q)
        if q.sort == "date":
            result = searcher.search(query, PAGE, count=True, order_by_field="published")
        else:
            result = searcher.search(query, PAGE, count=True)
        aggregations = {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()}
        facets = searcher.aggregate(query, aggregations)
        snippets = []
        if result.hits:
            generators = [self.tantivy.SnippetGenerator.create(searcher, query, self.schema, f) for f in TEXT_FIELDS]
            for _, address in result.hits:
                doc = searcher.doc(address)
                field = 0 if doc.get_first("text_ru") is not None else 1
                snippets.append(generators[field].snippet_from_doc(doc).fragment())
        return {"total": result.count, "ids": [searcher.doc(a).get_first("id") for _, a in result.hits],
                "facets": facets, "snippets": snippets}  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Interleaved timing
# ---------------------------------------------------------------------------------------------------------------


def compare(queries: list[BenchQuery], ours: Callable[[BenchQuery], Any], theirs: Callable[[BenchQuery], Any],
            *, rounds: int = 3) -> dict[str, Any]:  # fmt: skip
    """Each query `rounds` times in each engine, alternating which goes first, after one untimed warm-up pass of
    both: the same machine load falls on both sides. Per query the fastest round counts for each engine."""
    for q in queries:
        ours(q)
        theirs(q)
    rows = []
    for q in queries:
        times: dict[str, list[float]] = {"ours": [], "tantivy": []}
        answers: dict[str, Any] = {}
        for r in range(rounds):
            order = (("ours", ours), ("tantivy", theirs)) if r % 2 == 0 else (("tantivy", theirs), ("ours", ours))
            for name, run in order:
                started = time.perf_counter()
                answers[name] = run(q)
                times[name].append((time.perf_counter() - started) * 1000)
        rows.append({"kind": q.kind, "q": q.q, "ours_ms": min(times["ours"]), "tantivy_ms": min(times["tantivy"]),
                     "ours_total": _total(answers["ours"]), "tantivy_total": _total(answers["tantivy"])})  # fmt: skip
    return {"rows": rows, "by_kind": _summaries(rows, {q.kind: (q.kind,) for q in queries}),
            "by_group": _summaries(rows, GROUPS), "overall": _summary(rows)}  # fmt: skip


def _total(answer: Any) -> int | None:
    if isinstance(answer, dict):
        return answer.get("total")
    return getattr(answer, "total", None)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _summary(rows: list[dict]) -> dict[str, float]:
    if not rows:
        return {}
    ours, theirs = [r["ours_ms"] for r in rows], [r["tantivy_ms"] for r in rows]
    out = {"n": len(rows)}
    for p, name in ((0.5, "p50"), (0.95, "p95")):
        a, b = _percentile(ours, p), _percentile(theirs, p)
        out.update({f"ours_{name}": round(a, 2), f"tantivy_{name}": round(b, 2),
                    f"ratio_{name}": round(a / b, 2) if b else None})  # fmt: skip
    out["ratio_median_per_query"] = round(statistics.median(r["ours_ms"] / max(r["tantivy_ms"], 1e-3)
                                                            for r in rows), 2)  # fmt: skip
    return out


def _summaries(rows: list[dict], groups: dict[str, Iterable[str]]) -> dict[str, dict[str, float]]:
    out = {}
    for name, kinds in groups.items():
        members = [r for r in rows if r["kind"] in set(kinds)]
        if members:
            out[name] = _summary(members)
    return out


def print_comparison(result: dict[str, Any]) -> str:
    lines = ["", f"{'ours / tantivy (engine ms)':<28}{'n':>4}{'ours p50':>10}{'tantivy':>9}{'ratio':>7}"
             f"{'ours p95':>10}{'tantivy':>9}{'ratio':>7}"]  # fmt: skip
    for name, s in [*result["by_group"].items(), ("overall", result["overall"])]:
        lines.append(f"  {name:<26}{s['n']:>4}{s['ours_p50']:>10.1f}{s['tantivy_p50']:>9.2f}{s['ratio_p50']:>7.1f}"
                     f"{s['ours_p95']:>10.1f}{s['tantivy_p95']:>9.2f}{s['ratio_p95']:>7.1f}")  # fmt: skip
    return "\n".join(lines)
