"""Precision/recall of people on the development set tests/fixtures/people_dev/ (Russian, Kazakh, English), per
language, and the time per article.

    .venv/bin/python bench/people_dev.py            # the table
    .venv/bin/python bench/people_dev.py --verbose  # every miss and every false hit
    .venv/bin/python bench/people_dev.py --fresh    # the second set (people_dev/fresh/), not tuned on
    .venv/bin/python bench/people_dev.py --caseless # Kazakh texts lower-cased, as Arabic-script Kazakh reads once
                                                    # transliterated (Arabic has no capitals)

The texts were written for issue 10 and annotated (gold.json) before the extractor was run on them. They go
through the parser as an import would (headline, body); the language is the annotated one, so that these numbers
measure the people rules and not language detection. A person counts as found when a predicted canonical name has
the gold name's `name_key` (the loader's identity): «Касым-Жомарт Токаев» finds «Kassym-Jomart Tokayev».
Pure: no Django, no database.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive.ingest.extraction.entities import extract_entities  # noqa: E402
from archive.ingest.reading.parser import parse_text  # noqa: E402
from archive.text import name_key  # noqa: E402

DEV = ROOT / "tests" / "fixtures" / "people_dev"


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0


def score(folder: Path = DEV, *, ms: list[float] | None = None, caseless: bool = False) -> dict[str, Tally]:
    """A Tally per language and one for "all", on the texts of `folder` (DEV or DEV / "fresh"); `caseless`: the
    Kazakh texts lower-cased."""
    gold = json.loads((folder / "gold.json").read_text())
    known = set(json.loads((DEV / "gold.json").read_text())["known"])
    tallies: dict[str, Tally] = {}
    for stem, item in gold["texts"].items():
        text = (folder / f"{stem}.txt").read_text()
        if caseless and item["language"] == "kk":
            text = text.lower()
        parsed = parse_text(text, origin=f"{stem}.txt")
        started = time.perf_counter()
        extraction = extract_entities(parsed.body, language=item["language"], title=parsed.title,
                                      byline=parsed.byline, known_people=known)
        if ms is not None:
            ms.append((time.perf_counter() - started) * 1000)
        predicted = {name_key(p.name): p.name for p in extraction.people}
        wanted = {name_key(name): name for name in item["people"]}
        hits = predicted.keys() & wanted.keys()
        for label in (item["language"], "all"):
            tally = tallies.setdefault(label, Tally())
            tally.tp += len(hits)
            tally.predicted += len(predicted)
            tally.gold += len(wanted)
        tallies[item["language"]].misses += [f"{stem}: {wanted[k]}" for k in wanted.keys() - hits]
        tallies[item["language"]].false_hits += [f"{stem}: {predicted[k]}" for k in predicted.keys() - hits]
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="the second set, people_dev/fresh/")
    parser.add_argument("--caseless", action="store_true", help="Kazakh texts lower-cased")
    args = parser.parse_args()
    folder = DEV / "fresh" if args.fresh else DEV
    score(folder, caseless=args.caseless)  # warm the caches: the timing below is the steady state
    ms: list[float] = []
    tallies = score(folder, ms=ms, caseless=args.caseless)
    print(f"{'':<6} {'P':>6} {'R':>6}")
    for label in ("ru", "kk", "en", "all"):
        t = tallies[label]
        print(f"{label:<6} {t.precision:6.1%} {t.recall:6.1%}   "
              f"({t.tp} right of {t.predicted} found, {t.gold} in gold)")
        if args.verbose:
            for line in t.misses:
                print(f"    missed: {line}")
            for line in t.false_hits:
                print(f"    wrongly found: {line}")
    print(f"{sum(ms) / len(ms):.2f} ms/article (warm), max {max(ms):.2f} ms")


if __name__ == "__main__":
    main()
