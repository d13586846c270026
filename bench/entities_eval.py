"""Precision/recall of entity extraction (people and quotes) and its speed.

    .venv/bin/python bench/entities_eval.py                 # seeds + held-out texts, speed on the seeds
    .venv/bin/python bench/entities_eval.py --synthetic 2000  # also time the synthetic archive (bench/corpus.py)
    .venv/bin/python bench/entities_eval.py --verbose       # list every miss and every false hit

Gold annotations: tests/fixtures/entities/seeds_gold.json for the five seeds, and one JSON beside each held-out
text in tests/fixtures/entities/ (written by hand before the extractor was run on those texts). A person counts
as found when a predicted canonical name has the same `name_key` word by word (the loader's identity); a quote
when its text starts with the gold opening and its speaker has the gold speaker's key. Reported speech
(«По её словам, …», «…айтуынша, …») is in the gold and marked "reported".
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()  # the ingest package imports the loader; extraction itself never touches the database

from archive.ingest.extraction.entities import extract_entities  # noqa: E402
from archive.ingest.reading.parser import parse_raw  # noqa: E402
from archive.ingest.reading.reader import read_text_file  # noqa: E402
from archive.text import name_key  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "entities"
SEEDS = ROOT / "seeds"


def person_key(name: str) -> str:
    return name_key(name)


def normalised(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").strip(" «»\"–—-").split())


def load_sets() -> dict[str, list[tuple[str, Path, dict]]]:
    seeds_gold = json.loads((FIXTURES / "seeds_gold.json").read_text())
    seeds = [(number, next(SEEDS.glob(f"{number}_*.txt")), gold) for number, gold in seeds_gold.items()]
    held_out = [
        (path.stem, path, json.loads(path.with_suffix(".json").read_text()))
        for path in sorted(FIXTURES.glob("*.txt"))
    ]
    return {"seeds": seeds, "held-out": held_out}


def extract(path: Path, known: set[str] | None = None):
    parsed = parse_raw(read_text_file(path))
    return parsed, extract_entities(
        parsed.body, language=parsed.language, title=parsed.title, byline=parsed.byline,
        published_on=parsed.published_on, known_people=known if known is not None else (),
    )


class Score:
    def __init__(self) -> None:
        self.tp = self.predicted = self.gold = 0
        self.misses: list[str] = []
        self.false_hits: list[str] = []

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    def row(self, label: str) -> str:
        return (f"{label:<28} {self.precision:6.1%} {self.recall:6.1%}   "
                f"({self.tp} right of {self.predicted} found, {self.gold} in gold)")


def score_people(name: str, extraction, gold: dict, score: Score) -> None:
    predicted = {person_key(p.name): p.name for p in extraction.people}
    wanted = {person_key(p["name"]): p["name"] for p in gold["people"]}
    hits = predicted.keys() & wanted.keys()
    score.add(len(hits), len(predicted), len(wanted))
    score.misses += [f"{name}: {wanted[k]}" for k in wanted.keys() - hits]
    score.false_hits += [f"{name}: {predicted[k]}" for k in predicted.keys() - hits]


def score_quotes(name: str, extraction, gold: dict, score: Score, found_any: Score) -> None:
    quotes = list(extraction.quotes)
    matched_predictions: set[int] = set()
    tp = located = 0
    for item in gold["quotes"]:
        opening = normalised(item["opening"])
        candidates = [i for i, q in enumerate(quotes) if normalised(q.text).startswith(opening)]
        if candidates:
            located += 1
        right = [i for i in candidates if person_key(quotes[i].speaker) == person_key(item["speaker"])]
        if right:
            tp += 1
            matched_predictions.add(right[0])
        else:
            who = quotes[candidates[0]].speaker or "nobody" if candidates else "not found"
            score.misses.append(f"{name}: {item['speaker']} «{item['opening']}…» ({who})")
    for index, quote in enumerate(quotes):
        if index not in matched_predictions:
            score.false_hits.append(f"{name}: {quote.speaker or '?'} «{quote.text[:60]}…»")
    score.add(tp, len(quotes), len(gold["quotes"]))
    found_any.add(located, len(quotes), len(gold["quotes"]))


def evaluate(verbose: bool) -> None:
    print(f"{'':<28} {'P':>6} {'R':>6}")
    for label, items in load_sets().items():
        people, quotes, located = Score(), Score(), Score()
        for name, path, gold in items:
            _, extraction = extract(path)
            score_people(name, extraction, gold, people)
            score_quotes(name, extraction, gold, quotes, located)
        print(people.row(f"{label}: people"))
        print(quotes.row(f"{label}: quotes+speaker"))
        print(located.row(f"{label}: quotes located"))
        if verbose:
            for title, lines in (("people missed", people.misses), ("people wrongly found", people.false_hits),
                                 ("quotes missed / misattributed", quotes.misses),
                                 ("quotes not in gold or misattributed", quotes.false_hits)):
                for line in lines:
                    print(f"    {title}: {line}")


def time_seeds(repeat: int) -> None:
    parsed = [parse_raw(read_text_file(path)) for path in sorted(SEEDS.glob("*.txt"))]
    chars = sum(len(p.body) for p in parsed) / len(parsed)
    import archive.ingest.extraction.morphology as rules

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    rules._morph()  # imports pymorphy3 and loads its dictionary
    load = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pymorphy3 import + load: {load * 1000:.0f} ms; peak RSS {before:.0f} MB before, {rss:.0f} MB after")
    for label, rounds in (("seeds, first pass (cold caches)", 1), (f"seeds x{repeat}", repeat)):
        known: set[str] = set()
        started = time.perf_counter()
        for _ in range(rounds):
            for p in parsed:
                extraction = extract_entities(p.body, language=p.language, title=p.title, byline=p.byline,
                                              published_on=p.published_on, known_people=known)
                known.update(c.name for c in extraction.people)
        elapsed = time.perf_counter() - started
        print(f"{label:<34} {elapsed * 1000 / (rounds * len(parsed)):6.2f} ms/article (avg {chars:.0f} chars)")


def time_synthetic(count: int) -> None:
    """Speed on the synthetic archive (bench/corpus.py), with a growing `known_people` as the importer passes it,
    and recall/precision of people against the names the generator inserted. Its text is seed sentences with
    generated name sentences mixed in, so people named in the seeds are neither hits nor false hits."""
    from archive.ingest.reading.parser import parse_text
    from bench.corpus import generate_corpus

    corpus = generate_corpus(articles=count, seed=1)
    articles = list(corpus.articles())
    parsed = [parse_text(article.raw_text, origin=article.origin) for article in articles]
    chars = sum(len(p.body) for p in parsed) / len(parsed)
    seed_people = {person_key(p["name"]) for gold in json.loads((FIXTURES / "seeds_gold.json").read_text()).values()
                   for p in gold["people"]}
    known: set[str] = set()
    score = Score()
    started = time.perf_counter()
    results = []
    for p in parsed:
        extraction = extract_entities(p.body, language=p.language, title=p.title, byline=p.byline,
                                      published_on=p.published_on, known_people=known)
        known.update(c.name for c in extraction.people)
        results.append(extraction)
    elapsed = time.perf_counter() - started
    for article, extraction in zip(articles, results, strict=True):
        wanted = {person_key(corpus.person(m.slug).name) for m in article.people}
        predicted = {person_key(c.name): c.name for c in extraction.people if not c.is_byline}
        counted = {k for k in predicted if k not in seed_people or k in wanted}
        hits = counted & wanted
        score.add(len(hits), len(counted), len(wanted))
        score.misses += [f"{article.number}: {m.surface}" for m in article.people
                         if person_key(corpus.person(m.slug).name) not in hits]
        score.false_hits += [f"{article.number}: {predicted[k]}" for k in counted - wanted]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synthetic archive, {count} articles  {elapsed * 1000 / count:6.2f} ms/article (avg {chars:.0f} chars, "
          f"{len(known)} known names at the end); peak RSS {rss:.0f} MB")
    print(score.row("synthetic: people"))
    for line in score.misses[:15]:
        print(f"    missed: {line}")
    for line in score.false_hits[:15]:
        print(f"    wrongly found: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--synthetic", type=int, default=0, help="also time N articles of the synthetic archive")
    args = parser.parse_args()
    time_seeds(args.repeat)  # first, so that the first pass meets cold caches
    print()
    evaluate(args.verbose)
    if args.synthetic:
        time_synthetic(args.synthetic)


if __name__ == "__main__":
    main()
