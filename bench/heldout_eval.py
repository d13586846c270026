"""Import quality on the held-out press texts (issue 10): crashes, language, script, date, source, people.

    .venv/bin/python bench/heldout_eval.py              # scores per language/script, then every miss
    .venv/bin/python bench/heldout_eval.py --seeds      # import seeds/ first, so their names are "known"
    .venv/bin/python bench/heldout_eval.py --json out.json   # also write the per-text results

The texts and their gold annotations are tests/fixtures/heldout/ (see its README: written and annotated before
any importer run; do not tune on them). The texts go through the importer's public entry points as
`manage.py import_articles --dry-run` does — `archive.ingest.collect_files` then `import_files(dry_run=True)` —
so reading and decoding count, on a fresh private SQLite archive (migrated) in a temporary DATA_DIR.

Scoring:
- crash: the run raised (then each text is imported alone to find which) or a text came back FAILED.
- language / script: `parsed.language`; `parsed.script` when the parser exposes one (else "n/a").
- date: `parsed.published_on` equals the gold date (`null` gold wants no date).
- source: right when the outlet named (`parsed.source`, or `parsed.source_domain` / `parsed.url` when the parser
  exposes them) matches the gold outlet's name, domain or a known spelling of it (case- and punctuation-blind
  substring either way); for gold `source: null` an empty source or the issuing body (`issued_by`) is right.
- people: the extraction's people (not bylines) against the gold `people` or `people_cyrillic`, compared on
  `archive.text.name_search_key` word by word (Arabic-script names are first read into Cyrillic letter by letter
  here). A prediction matches a gold person with the same key, or the same surname key when one side has only
  the surname or initials that agree, or without the gold's patronymic. A predicted name that is a gold byline
  counts neither way.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"

TARGETS = "targets (hidden set): 0 crashes, language 100%, dates >= 98%, sources >= 80%, people R >= 85% at P >= 90%"

# Other spellings of the outlets in the gold (Latin, Cyrillic, Arabic script): a source is right if it names any.
OUTLET_SPELLINGS = {
    "kazinform": ["kazinform", "qazinform", "казинформ", "қазақпарат", "казакпарат", "inform.kz", "qazinform.com",
                  "kazinform.kz"],
    "kazpravda.kz": ["kazpravda", "казахстанская правда", "kazpravda.kz"],
    "tengrinews.kz": ["tengrinews", "тенгриньюс"],
    "interfax": ["interfax", "интерфакс"],
    "tass": ["tass", "тасс"],
    "baq.kz": ["baq.kz", "baqkz", "baq"],
    "vlast.kz": ["vlast.kz", "власть"],
    "orda.kz": ["orda.kz", "орда"],
    "informburo.kz": ["informburo", "информбюро"],
    "ктк": ["ктк", "ktk"],
    "amanat": ["amanat", "аманат"],
    "egemen qazaqstan": ["egemen", "егемен"],
    "aikyn": ["aikyn", "айқын", "айкын"],
    "akorda": ["akorda", "ақорда", "акорда", "ак орда", "aqorda"],
    "хабар 24": ["хабар 24", "khabar 24", "24.kz", "habar 24"],
    "lada.kz": ["lada.kz"],
    "the astana times": ["astana times", "astanatimes"],
    "reuters": ["reuters"],
    "eurasianet": ["eurasianet"],
    "the times of central asia": ["times of central asia", "timesca"],
    "the diplomat": ["the diplomat", "thediplomat"],
    "тәңіртау торы": ["тәңіртау", "тенгритау", "ts.cn", "tianshan"],
    "іле газеті": ["іле газеті", "иле газети", "ili"],
    "шыңжаң газеті": ["шыңжаң газеті", "шынжан газети", "xinjiang daily"],
    "шинхуа": ["шинхуа", "синьхуа", "xinhua"],
}

# --- Arabic-script Kazakh read back into Cyrillic, letter by letter (for name keys only) ----------------------
_HAMZA = "\u0674"
_FROM_ARABIC = {"ا": "а", "ب": "б", "ۆ": "в", "گ": "г", "ع": "ғ", "د": "д", "ە": "е", "ج": "ж", "ز": "з", "ي": "и",
                "ك": "к", "ق": "қ", "ل": "л", "م": "м", "ن": "н", "ڭ": "ң", "و": "о", "پ": "п", "ر": "р", "س": "с",
                "ت": "т", "ۋ": "у", "ۇ": "ұ", "ف": "ф", "ح": "х", "ھ": "һ", "چ": "ч", "ش": "ш", "ى": "ы"}
_FRONT = {"а": "ә", "о": "ө", "ұ": "ү", "ы": "і"}
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def arabic_to_cyrillic(text: str) -> str:
    def word(match: re.Match) -> str:
        chars = match.group()
        front = _HAMZA in chars or any(c in chars for c in "ەكگ")
        out = "".join(_FROM_ARABIC.get(c, c) for c in chars.replace(_HAMZA, ""))
        return "".join(_FRONT.get(c, c) for c in out) if front else out

    return re.sub(r"[\u0600-\u06ff]+", word, text)


def folded(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))


# --- Django and the import ----------------------------------------------------------------------------------------


def configure_django(data_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "1"
    os.environ["DATA_DIR"] = str(data_dir)  # a private, throw-away archive: never the developer's
    os.environ["SEARCH_INDEX_DIR"] = str(data_dir / "index")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def run_import(files: list[Path]) -> dict[str, dict]:
    """name → {"result": FileResult | None, "crash": str}; a run that raises is redone text by text."""
    from archive.ingest import import_files

    def one_run(batch: list[Path]) -> list:
        return list(_results(import_files, batch))

    out: dict[str, dict] = {}
    try:
        results = one_run(files)
    except Exception:  # noqa: BLE001 - a crash is what we measure
        print("the run over the whole folder raised; importing text by text:\n" + traceback.format_exc(limit=3))
        results = []
        for file in files:
            try:
                results += one_run([file])
            except Exception as exc:  # noqa: BLE001
                out[file.path.name] = {"result": None, "crash": f"{type(exc).__name__}: {exc}"}
    for result in results:
        outcome = getattr(result.outcome, "value", str(result.outcome))
        crash = f"{outcome}: {result.reason}" if result.parsed is None else ""
        out[Path(result.path).name] = {"result": result, "crash": crash}
    return out


def _results(import_files, files: list[Path]):
    collected: list = []
    import_files(files, dry_run=True, workers=1, on_result=collected.append)
    return collected


# --- Scoring ------------------------------------------------------------------------------------------------------


def keys_of(name: str) -> list[str]:
    from archive.text import name_search_key

    if _ARABIC_LETTER.search(name):
        name = arabic_to_cyrillic(name)
    key = name_search_key(name)
    return key.split() if key else [folded(name)]


def gold_variants(person: dict) -> list[list[str]]:
    """Key word lists a prediction may equal: the name in each script, and without a patronymic."""
    variants = []
    for name in person["names"]:
        words = keys_of(name)
        variants.append(words)
        plain = [w for w in re.split(r"\s+", name.strip()) if w]
        if len(plain) >= 3 and "-" not in name:  # «Гульнара Сериковна Ахметова» → «Гульнара Ахметова»
            variants.append([keys_of(plain[0])[0], *keys_of(plain[-1])])
    return variants


def person_matches(predicted: str, person: dict) -> bool:
    got = keys_of(predicted)
    for want in gold_variants(person):
        if got == want:
            return True
        if got and want and got[-1] == want[-1]:  # same surname: the given names must agree where both have them
            given_got, given_want = got[:-1], want[:-1]
            if not given_got or all(len(g) == 1 for g in given_got) and \
                    [g[0] for g in given_got] == [w[0] for w in given_want[: len(given_got)]]:
                return True
            if not given_want:
                return True
    return False


def source_right(parsed, gold: dict) -> tuple[bool, str]:
    said = " ".join(str(getattr(parsed, field, "") or "") for field in ("source", "source_domain", "url")).strip()
    issued = str(getattr(parsed, "issued_by", "") or "")
    if gold["source"] is None:
        if not said:
            return True, ""
        wanted = [gold.get("issued_by") or ""]
        return _names_one_of(said, wanted) if wanted[0] else False, said
    wanted = [gold["source"], gold.get("source_domain") or "", *OUTLET_SPELLINGS.get(gold["source"].casefold(), [])]
    if _ARABIC_LETTER.search(gold["source"]):
        wanted.append(arabic_to_cyrillic(gold["source"]))
    right = _names_one_of(said, wanted) or (bool(issued) and _names_one_of(issued, wanted))
    return right, said


def _names_one_of(said: str, wanted: list[str]) -> bool:
    got = folded(arabic_to_cyrillic(said))
    for name in wanted:
        want = folded(name)
        if len(want) >= 3 and got and (want in got or (len(got) >= 4 and got in want)):
            return True
    return False


class Tally:
    def __init__(self) -> None:
        self.texts = self.crashes = self.lang = self.script = self.script_known = self.date = self.source = 0
        self.tp = self.predicted = self.gold = 0

    def row(self, label: str) -> str:
        def pct(n: int, d: int) -> str:
            return f"{n / d:6.1%}" if d else "   n/a"

        p = self.tp / self.predicted if self.predicted else 1.0
        r = self.tp / self.gold if self.gold else 1.0
        script = pct(self.script, self.script_known) if self.script_known else "   n/a"
        return (f"{label:<12} {self.texts:>5} {self.crashes:>7} {pct(self.lang, self.texts)} {script} "
                f"{pct(self.date, self.texts)} {pct(self.source, self.texts)} {p:6.1%} {r:6.1%}"
                f"   ({self.tp} right of {self.predicted} found, {self.gold} in gold)")


def evaluate(folder: Path, as_json: Path | None) -> int:
    from archive.ingest import collect_files

    annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    files = [file for file in collect_files([folder]) if file.path.name in annotations]
    missing = sorted(set(annotations) - {file.path.name for file in files})
    results = run_import(files)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    rows = {}
    for name in sorted(annotations):
        gold = annotations[name]
        group = f"{gold['language']}-{gold['script']}"
        item = results.get(name, {"result": None, "crash": "not collected" if name in missing else "no result"})
        found = {"group": group}
        for tally in (tallies[group], tallies["all"]):
            tally.texts += 1
            tally.gold += len(gold["people"])
        result = item["result"]
        if item["crash"] or result is None or result.parsed is None:
            for tally in (tallies[group], tallies["all"]):
                tally.crashes += 1
            misses.append(f"{name} [{group}] CRASH {item['crash']}")
            found["crash"] = item["crash"]
            rows[name] = found
            continue
        parsed = result.parsed
        script = getattr(parsed, "script", None)
        date = parsed.published_on.isoformat() if parsed.published_on else None
        source_ok, source_said = source_right(parsed, gold)
        people = [p.name for p in (result.extraction.people if result.extraction else ()) if not p.is_byline]
        bylines = [{"names": [b]} for b in gold.get("byline", [])]
        people = [p for p in people if not any(person_matches(p, b) for b in bylines)]
        wanted = [{"names": [n, c]} for n, c in zip(gold["people"], gold["people_cyrillic"], strict=True)]
        matched_pred: set[int] = set()
        tp = 0
        for index, person in enumerate(wanted):
            hit = next((i for i, p in enumerate(people) if i not in matched_pred and person_matches(p, person)), None)
            if hit is None:
                misses.append(f"{name} [{group}] person missed: {gold['people'][index]}")
            else:
                matched_pred.add(hit)
                tp += 1
        for i, p in enumerate(people):
            if i not in matched_pred:
                misses.append(f"{name} [{group}] person wrongly found: {p}")
        checks = {"lang": parsed.language == gold["language"], "date": date == gold["published_on"],
                  "source": source_ok}
        for tally in (tallies[group], tallies["all"]):
            tally.lang += checks["lang"]
            tally.date += checks["date"]
            tally.source += checks["source"]
            if script is not None:
                tally.script_known += 1
                tally.script += script == gold["script"]
            tally.tp += tp
            tally.predicted += len(people)
        if not checks["lang"]:
            misses.append(f"{name} [{group}] language {parsed.language!r}, gold {gold['language']!r}")
        if script is not None and script != gold["script"]:
            misses.append(f"{name} [{group}] script {script!r}, gold {gold['script']!r}")
        if not checks["date"]:
            misses.append(f"{name} [{group}] date {date}, gold {gold['published_on']}")
        if not source_ok:
            misses.append(f"{name} [{group}] source {source_said or '—'!r}, gold {gold['source']!r}"
                          f"{' / issued by ' + repr(gold['issued_by']) if gold.get('issued_by') else ''}")
        found.update(language=parsed.language, script=script, published_on=date, source=source_said,
                     people=people, people_right=tp)
        rows[name] = found

    print(f"{'group':<12} {'texts':>5} {'crashes':>7} {'lang':>6} {'script':>6} {'date':>6} {'source':>6} "
          f"{'P':>6} {'R':>6}")
    order = sorted(g for g in tallies if g != "all")
    for group in [*order, "all"]:
        print(tallies[group].row(group))
    print(TARGETS)
    print()
    for line in misses:
        print("  " + line)
    if as_json:
        as_json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=HELDOUT)
    parser.add_argument("--seeds", action="store_true", help="import seeds/ first (names the archive knows)")
    parser.add_argument("--json", type=Path, help="write the per-text results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qujat-heldout-") as data_dir:
        configure_django(Path(data_dir))
        if args.seeds:
            from archive.ingest import collect_files, import_files

            import_files(collect_files([ROOT / "seeds"]), workers=1)
        sys.exit(evaluate(args.folder, args.json))


if __name__ == "__main__":
    main()
