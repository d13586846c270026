"""The benchmark's queries: a fixed, seeded set built from the corpus's own vocabulary. Plain Python, no Django.

    vocabulary = collect_vocabulary(corpus)          # one pass: document frequencies per language, facet values
    queries = build_queries(vocabulary, count=200, seed=1)
    queries[0].params()                              # GET parameters for /search/

Kinds follow what journalists type: frequent and rare words in either language, 1–3 terms, "phrases", a name in
another script (Tokayev for Тоқаев), with and without facet filters and date ranges, by relevance and by date.
Kinds are dealt round-robin, so any prefix of the list (10 queries in the smoke test) covers most of them.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from .corpus import Article, Corpus, Person

_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CLAUSE_BREAK = re.compile(r"[,.;:!?«»\"“”()–—]+")
QUERY_SET_VERSION = 3  # bump when the same vocabulary and seed would give other queries (3: frequent phrases)
MIN_QUERY_WORD = 5  # shorter words are mostly prepositions and particles nobody searches for
FREQUENT = 40  # the top of the document-frequency list
MEDIUM = (40, 600)  # ranks of mid-frequency words
RARE_DF = 3  # words in at most this many articles
PHRASE_SAMPLE = 3000  # sentences kept for phrase queries


@dataclass
class BenchQuery:
    kind: str
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet → values (repeated GET parameters)
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    page: int = 1

    def params(self, output: str = "html") -> dict[str, str | list[str]]:
        """GET parameters for /search/ (django.test.Client repeats list values)."""
        params: dict[str, str | list[str]] = {"q": self.q, **self.filters}
        for name in ("date_from", "date_to", "sort"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        if self.page > 1:
            params["page"] = str(self.page)
        if output != "html":
            params["format"] = output
        return params

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> BenchQuery:
        return cls(**data)


@dataclass
class Vocabulary:
    """What queries are made of: per-language document frequencies and the facet values in use."""

    articles: int = 0
    df: dict[str, Counter] = field(default_factory=lambda: {"ru": Counter(), "kk": Counter()})
    sentences: dict[str, list[str]] = field(default_factory=lambda: {"ru": [], "kk": []})
    months: Counter = field(default_factory=Counter)
    sources: dict[str, Counter] = field(default_factory=lambda: {"ru": Counter(), "kk": Counter()})
    people: Counter = field(default_factory=Counter)
    organisations: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    names: dict[str, Person] = field(default_factory=dict)  # person slug → person

    def ranked(self, language: str) -> list[str]:
        """Words of at least MIN_QUERY_WORD letters, most frequent first (ties alphabetical: deterministic)."""
        counts = self.df[language]
        return sorted((w for w in counts if len(w) >= MIN_QUERY_WORD), key=lambda w: (-counts[w], w))

    def frequent(self, language: str) -> list[str]:
        return self.ranked(language)[:FREQUENT]

    def medium(self, language: str) -> list[str]:
        ranked = self.ranked(language)
        return ranked[MEDIUM[0] : MEDIUM[1]] or ranked

    def rare(self, language: str) -> list[str]:
        counts = self.df[language]
        return sorted(w for w in counts if len(w) >= MIN_QUERY_WORD and counts[w] <= RARE_DF) or self.ranked(language)

    @staticmethod
    def top(counter: Counter, n: int) -> list[str]:
        return [value for value, _ in sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]]


def collect_vocabulary(corpus: Corpus, articles: Iterable[Article] | None = None) -> Vocabulary:
    """One pass over the articles (or the given iterable of them)."""
    vocabulary = Vocabulary()
    for article in corpus.articles() if articles is None else articles:
        add_article(vocabulary, article)
    vocabulary.names = {p.slug: p for p in corpus.people}
    return vocabulary


def add_article(vocabulary: Vocabulary, article: Article) -> None:
    vocabulary.articles += 1
    text = f"{article.title}\n{article.body}".lower()
    vocabulary.df[article.language].update(set(_LETTERS.findall(text)))
    sentences = vocabulary.sentences[article.language]
    if len(sentences) < PHRASE_SAMPLE:
        sentences.append(article.body.split("\n", 1)[0])
    if article.published_on:
        vocabulary.months[article.published_on[:7]] += 1
    vocabulary.sources[article.language][article.source] += 1
    vocabulary.people.update(m.slug for m in article.people)
    vocabulary.organisations.update(m.slug for m in article.organisations)
    if article.event:
        vocabulary.events[article.event] += 1


# ---------------------------------------------------------------------------------------------------------------
# Query kinds: each takes (vocabulary, rng) and returns one query
# ---------------------------------------------------------------------------------------------------------------


def _word(v: Vocabulary, rng: random.Random, tier: str, language: str = "ru") -> str:
    return rng.choice(getattr(v, tier)(language))


def _phrase(v: Vocabulary, rng: random.Random, language: str) -> str:
    """2–3 consecutive words from one clause of a real sentence, in quotes."""
    for _ in range(50):
        clause = rng.choice(_CLAUSE_BREAK.split(rng.choice(v.sentences[language])))
        words = _LETTERS.findall(clause)
        if len(words) >= 3:
            size = rng.choice((2, 3))
            start = rng.randrange(len(words) - size + 1)
            return '"' + " ".join(words[start : start + size]) + '"'
    return '"' + _word(v, rng, "frequent", language) + '"'


def _popular_person(v: Vocabulary, rng: random.Random, wanted=lambda person: True) -> Person:
    """One of the 20 most mentioned people that `wanted` accepts (any of them if none does)."""
    top = [v.names[slug] for slug in v.top(v.people, 20)]
    return rng.choice([p for p in top if wanted(p)] or top)


def _surname_latin(v: Vocabulary, rng: random.Random) -> str:
    """Tokayev for Тоқаев: the Latin spelling the foreign press uses."""
    person = _popular_person(v, rng, lambda p: any(a.isascii() for a in p.aliases))
    latin = next((a for a in person.aliases if a.isascii()), person.russian_form)
    return latin.split()[-1]


def _surname_other_script(v: Vocabulary, rng: random.Random) -> str:
    """Typed the other way round: Kazakh letters when the press mostly drops them (Тоқаев), and vice versa."""
    person = _popular_person(v, rng, lambda p: p.kazakh_form.split()[-1] != p.russian_form.split()[-1])
    kazakh, russian = person.kazakh_form.split()[-1], person.russian_form.split()[-1]
    return kazakh if rng.random() < 0.5 else russian


def _date_window(rng: random.Random) -> tuple[str, str]:
    start = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(220))
    return start.isoformat(), (start + dt.timedelta(days=rng.choice((14, 30, 60)))).isoformat()


def _three_words(v: Vocabulary, rng: random.Random) -> BenchQuery:
    language = rng.choice(("ru", "ru", "kk"))
    words = [_word(v, rng, tier, language) for tier in ("frequent", "medium", "medium")]
    return BenchQuery("three_words", " ".join(words))


def _in_language(kind: str, v: Vocabulary, rng: random.Random, facet: str) -> BenchQuery:
    """A word of one language, filtered by that language or by a source publishing in it (mostly Russian)."""
    language = rng.choice(("ru", "ru", "kk"))
    value = language if facet == "language" else rng.choice(v.top(v.sources[language], 30))
    return BenchQuery(kind, _word(v, rng, "medium", language), {facet: [value]})


KINDS = {
    "ru_frequent": lambda v, r: BenchQuery("ru_frequent", _word(v, r, "frequent")),
    "ru_rare": lambda v, r: BenchQuery("ru_rare", _word(v, r, "rare")),
    "kk_frequent": lambda v, r: BenchQuery("kk_frequent", _word(v, r, "frequent", "kk")),
    "kk_rare": lambda v, r: BenchQuery("kk_rare", _word(v, r, "rare", "kk")),
    "two_words": lambda v, r: BenchQuery("two_words", f"{_word(v, r, 'frequent')} {_word(v, r, 'medium')}"),
    "three_words": lambda v, r: _three_words(v, r),
    "phrase": lambda v, r: BenchQuery("phrase", _phrase(v, r, r.choice(("ru", "ru", "kk")))),
    "name_latin": lambda v, r: BenchQuery("name_latin", _surname_latin(v, r)),
    "name_other_script": lambda v, r: BenchQuery("name_other_script", _surname_other_script(v, r)),
    "facet_language": lambda v, r: _in_language("facet_language", v, r, "language"),
    "facet_month": lambda v, r: BenchQuery(
        "facet_month", _word(v, r, "frequent"), {"month": [r.choice(v.top(v.months, 8))]}),
    "facet_source": lambda v, r: _in_language("facet_source", v, r, "source"),
    "facet_person": lambda v, r: BenchQuery(
        "facet_person", _word(v, r, "frequent"), {"person": [r.choice(v.top(v.people, 50))]}),
    "facets_combined": lambda v, r: BenchQuery(
        "facets_combined", _word(v, r, "frequent"),
        {"language": ["ru"], "month": [r.choice(v.top(v.months, 8))],
         "organisation": [r.choice(v.top(v.organisations, 30))]}),
    "date_range": lambda v, r: BenchQuery("date_range", _word(v, r, "medium"), {}, *_date_window(r)),
    "sort_date": lambda v, r: BenchQuery("sort_date", _word(v, r, "frequent"), sort="date"),
    "browse_facet": lambda v, r: BenchQuery(
        "browse_facet", "", r.choice([{"event": [r.choice(v.top(v.events, 40))]},
                                      {"source": [r.choice(v.top(v.sources["ru"], 30))]}])),
    "prefix": lambda v, r: BenchQuery("prefix", _word(v, r, "frequent")[:5] + "*"),
    "field_person": lambda v, r: BenchQuery(
        "field_person", "person:" + _popular_person(v, r).russian_form.split()[-1]),
    "boolean": lambda v, r: BenchQuery(
        "boolean", r.choice([f"{_word(v, r, 'medium')} OR {_word(v, r, 'medium')}",
                             f"{_word(v, r, 'frequent')} -{_word(v, r, 'medium')}"])),
}  # fmt: skip


def build_queries(vocabulary: Vocabulary, count: int = 200, seed: int = 1) -> list[BenchQuery]:
    """`count` queries, kinds dealt round-robin; the same vocabulary and seed always give the same list."""
    rng = random.Random(f"queries:{seed}")
    kinds = list(KINDS)
    return [KINDS[kinds[i % len(kinds)]](vocabulary, rng) for i in range(count)]


def warmup_queries(vocabulary: Vocabulary) -> list[BenchQuery]:
    """Three queries run before measuring: a common word in each language and the whole archive."""
    return [
        BenchQuery("warmup", vocabulary.frequent("ru")[0]),
        BenchQuery("warmup", vocabulary.frequent("kk")[0]),
        BenchQuery("warmup", ""),
    ]


TOP_WORDS = 1000  # issue 13: no phrase of up to four of the archive's 1,000 most frequent words over 150 ms


def frequent_phrases(vocabulary: Vocabulary, count: int = 100, seed: int = 1) -> list[BenchQuery]:
    """Phrases of 2–4 words all among the TOP_WORDS most frequent (any length, both languages): half taken from
    the sentences (they match: «проект новой конституции»), half drawn at random (their words are everywhere,
    the phrase nowhere: every candidate document must be checked). The costliest phrases there are."""
    rng = random.Random(f"phrases:{seed}")
    top: dict[str, set[str]] = {}
    for language in ("ru", "kk"):
        counts = vocabulary.df[language]
        top[language] = set(sorted(counts, key=lambda w: (-counts[w], w))[:TOP_WORDS])
    found: list[BenchQuery] = []
    for language in ("ru", "ru", "kk"):
        for sentence in vocabulary.sentences[language]:
            words = [w.lower() for w in _LETTERS.findall(sentence)]
            for size in (4, 3, 2):
                for start in range(len(words) - size + 1):
                    chunk = words[start : start + size]
                    if all(w in top[language] for w in chunk) and len({*chunk}) == size:
                        found.append(BenchQuery(f"frequent_phrase_{size}", '"' + " ".join(chunk) + '"'))
    unique = list({q.q: q for q in found}.values())
    chosen = rng.sample(unique, min(count // 2, len(unique)))
    while len(chosen) < count:
        language = rng.choice(("ru", "ru", "kk"))
        words = sorted(top[language])
        if len(words) < 4:
            break
        size = rng.choice((2, 3, 4))
        chosen.append(BenchQuery(f"random_phrase_{size}", '"' + " ".join(rng.sample(words, size)) + '"'))
    return chosen


def pathological_queries(vocabulary: Vocabulary) -> list[BenchQuery]:
    """Queries that are costly by nature: the first five the app is meant to refuse quickly; the rest are the
    most expensive ones it still answers (at its limits: 40 words, 8 levels, 3-letter wildcards, deep pages)."""
    words = vocabulary.ranked("ru")
    frequent = (words * (500 // max(1, len(words)) + 1))[:500]  # repeated if the vocabulary is tiny
    top = words[0] if words else "конституция"
    nested_8 = "(" * 7 + f"{top} OR ({words[1] if len(words) > 1 else top}" + ")" * 8
    return [
        BenchQuery("leading_wildcard", "*а*"),
        BenchQuery("short_prefix", "к*"),
        BenchQuery("or_200_terms", " OR ".join(frequent[:200])),
        BenchQuery("words_500", " ".join(frequent[:500])),
        BenchQuery("nested_300", "(" * 300 + top + ")" * 300),
        BenchQuery("or_40_terms", " OR ".join(frequent[:40])),
        BenchQuery("and_40_terms", " ".join(frequent[:40])),
        BenchQuery("prefix_3_letters", "кон*"),
        BenchQuery("nested_8", nested_8),
        BenchQuery("everything", ""),
        BenchQuery("frequent_page_50", top, page=50),
        BenchQuery("frequent_by_date", top, sort="date"),
    ]
