"""User query text → a bounded whoosh.query.Query, or a QueryError a person can read.

Syntax a journalist can guess: words (all must match), "phrases", OR, NOT / -word, (groups), prefixes
person: org: event: source: lang: title:, wildcards with at least three letters before the first * or ?, and
word~ / word~2 for words within one or two typing mistakes.
Every query is bounded before it runs: length, number of words, nesting, wildcard and fuzzy expansions, so that
no query (`*а*`, 500 words, 1,000 parentheses) can take the server down.

Before Whoosh's parser sees the text, `_tidy` reads it token by token and repairs what Whoosh would misread or
fail on (Whoosh raises IndexError on `NOT NOT x`, and searches a dangling `AND` as the word «and»): operators
with nothing to join are dropped, a repeated NOT is read once, an unknown field prefix or an empty one is left
out, an unclosed quote or parenthesis is closed. Each repair adds a plain note quoting what was typed, shown
with the results (ParsedQuery.notes); what cannot be searched at all raises QueryError with the reason.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from heapq import nsmallest
from itertools import islice

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from whoosh import query as wq
from whoosh.qparser import (
    FieldAliasPlugin,
    FieldsPlugin,
    FuzzyTermPlugin,
    GroupPlugin,
    MultifieldPlugin,
    OperatorsPlugin,
    PhrasePlugin,
    QueryParser,
    WildcardPlugin,
)
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import distance

from archive.text import name_search_key
from archive.text.folding import fold
from archive.text.names import normalise_person_surface

from .analyzers import NameKeyFilter
from .schema import QUERY_PREFIXES, TEXT_FIELDS, build_schema

MAX_QUERY_CHARS = 1000
MAX_WORDS = 40
MAX_NESTING = 8
MAX_WORD_LETTERS = 60  # longer runs of letters are not words (the longest Kazakh or Russian words are ~35)
MIN_WILDCARD_PREFIX = 3
MAX_WILDCARD_EXPANSIONS = 100  # per field
MAX_FUZZY_DISTANCE = 2
MIN_FUZZY_LETTERS = 3
MAX_FUZZY_LETTERS = 30  # the edit-distance automaton grows with the word
MAX_FUZZY_CANDIDATES = 1000  # terms looked at per field before the closest are chosen
MAX_FUZZY_EXPANSIONS = 50  # per field
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_BINARY = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE"})  # REQUIRE: Whoosh's, not documented
# Article.Language values (the archive's models are not imported here).
LANGUAGES = ("ru", "kk", "en", "mixed")
# One prefix per field, as the messages suggest them: person:, org:, event:, source:, lang:, title:.
_FIRST_PREFIX: dict[str, str] = {}
for _prefix, _fieldname in QUERY_PREFIXES.items():
    _FIRST_PREFIX.setdefault(_fieldname, _prefix)
SUGGESTED_PREFIXES = ", ".join(f"{p}:" for p in _FIRST_PREFIX.values())
# Shown when Whoosh's parser fails on text that _tidy let through: a defect of ours (the property tests look for
# this message), answered as a plain message rather than an error page.
UNREADABLE = gettext_noop("The query could not be understood; please check its quotes, parentheses and operators.")

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_LETTERS = re.compile(r"[^\W_]+")
_PREFIX = re.compile(r"\b(?P<prefix>" + "|".join(sorted(QUERY_PREFIXES, key=len, reverse=True)) + r"):", re.I)
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<phrase>"[^"]*"(?:~\d+)?)|(?P<quote>")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s"()]+)'
)
_FIELD = re.compile(r"(?P<prefix>[^\W\d_]{2,}):(?P<value>.*)", re.S)
_FUZZY = re.compile(r"(?P<word>[^~]*[^\W_][^~]*?)~(?P<distance>\d*)(?:/\d*)?")
_WILDCARD_TOO_SHORT = gettext_noop(
    "«%(typed)s»: a wildcard needs at least %(least)s letters before * or ? (e.g. конститу*)."
)
_LOWERCASE_HINTS = {
    "or": gettext_noop("«%(typed)s» was searched as a word; write OR in capitals to find either word."),
    "and": gettext_noop(
        "«%(typed)s» was searched as a word; leave it out (all words must match anyway) or write AND in capitals."
    ),
    "not": gettext_noop("«%(typed)s» was searched as a word; write NOT in capitals (or -word) to leave a word out."),
}


class QueryError(ValueError):
    """A query that cannot be run; the message is shown to the user as it is."""


@dataclass
class ParsedQuery:
    query: wq.Query
    words: list[str]  # the plain words typed (for "did you mean")
    notes: list[str] = field(default_factory=list)  # e.g. a wildcard that was cut short, an operator ignored


def _nesting(text: str) -> int:
    depth = deepest = 0
    for char in re.sub(r'"[^"]*"', "", text):
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    return deepest


def _name_fields(schema) -> frozenset[str]:
    return frozenset(
        name for name, fieldobj in schema.items()
        if any(isinstance(item, NameKeyFilter) for item in getattr(fieldobj.analyzer, "items", ()))
    )  # fmt: skip


class _Parser(QueryParser):
    """Whoosh's parser, remembering what was typed for each wildcard and fuzzy word, and keeping padded words
    (Токаевааааааааа) away from the name keys, which would read them as the name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_fields = _name_fields(self.schema)

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in self.name_fields and _padded(text):
            return None
        query = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if termclass in (wq.Wildcard, wq.Prefix) and query is not None:
            pattern = _text(query.text) if isinstance(query, termclass) else ""
            if not pattern or (termclass is wq.Wildcard and not re.search(r"[*?]", pattern)):
                return None  # the analyzer took the * or ? out (name keys): not a wildcard any more
        if isinstance(query, wq.Wildcard | wq.Prefix | wq.FuzzyTerm):
            query.typed = text + ("*" if termclass is wq.Prefix else "")
        return query


_VOWELS_AND_SIGNS = frozenset("aeiouyаеёиоуыэюяәіөұүьъй")


def _padded(word: str) -> bool:
    """True for a word whose name key ignores much of it: the key merges repeated letters and drops final
    vowels (Кассым = Kasym, Марата = Марат), so Токаев with nine letters more can still give "tokaev"."""
    folded = fold(word.lower())
    if re.search(r"([^\W\d_])\1\1", folded):  # three of the same letter in a row
        return True
    tail = len(folded) - len(folded.rstrip("".join(_VOWELS_AND_SIGNS)))
    if tail >= 4:  # Конституцией, Ассамблеей end in three
        return True
    letters = sum(ch.isalpha() for ch in normalise_person_surface(word))  # case endings are not padding
    key = name_search_key(word).replace(" ", "")
    return letters >= 8 and 2 * len(key) < letters


class _FuzzyTermPlugin(FuzzyTermPlugin):
    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):
        def query(self, parser):
            # Whoosh's sets maxdist on the query even when the field's analyzer left nothing (AttributeError).
            query = parser.term_query(self.fieldname or parser.fieldname, self.text, wq.FuzzyTerm, boost=self.boost)
            if isinstance(query, wq.FuzzyTerm):
                query.maxdist, query.prefixlength = self.maxdist, self.prefixlength
            return query


class _PhrasePlugin(PhrasePlugin):
    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            if fieldname in parser.name_fields and any(_padded(word) for word in _LETTERS.findall(self.text)):
                return None  # as _Parser.term_query does for single words
            return super().query(parser)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            node = super().create(parser, match)
            return _PhrasePlugin.PhraseNode(node.text, node.textstartchar, node.slop)

    def taggers(self, parser):
        return [(self.PhraseTagger(self.expr), 0)]


def _parser() -> QueryParser:
    aliases = {}
    for prefix, fieldname in QUERY_PREFIXES.items():
        if prefix != fieldname:
            aliases.setdefault(fieldname, []).append(prefix)
    prefixes = "|".join(sorted(QUERY_PREFIXES, key=len, reverse=True))
    return _Parser(
        None,
        build_schema(),
        plugins=[
            FieldsPlugin(expr=rf"(?P<text>{prefixes}):"),
            FieldAliasPlugin(aliases),
            WildcardPlugin(),
            _FuzzyTermPlugin(),
            _PhrasePlugin(),
            GroupPlugin(),
            OperatorsPlugin(),
            MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=TEXT_FIELDS),
        ],
    )


_PARSER = _parser()


def check_limits(text: str) -> list[str]:
    """The plain words of the query, or QueryError when it is too long, too wide or too deep."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            _("The query is %(length)s characters long; please keep it under %(limit)s.")
            % {"length": len(text), "limit": MAX_QUERY_CHARS}
        )
    words = [w for w in _WORD.findall(_PREFIX.sub(" ", text)) if w not in OPERATORS]
    if len(words) > MAX_WORDS:
        raise QueryError(
            _("The query has %(count)s words; at most %(limit)s can be searched at once.")
            % {"count": len(words), "limit": MAX_WORDS}
        )
    if _nesting(text) > MAX_NESTING:
        raise QueryError(
            _("The query nests parentheses more than %(limit)s deep; please simplify it.") % {"limit": MAX_NESTING}
        )
    return words


def parse_query(text: str, reader: IndexReader) -> ParsedQuery | None:
    """None for an empty query (everything matches)."""
    text = (text or "").replace("\x00", " ").strip()
    if not text:
        return None
    words = check_limits(text)
    prepared, notes = _tidy(text)
    if not prepared:
        raise QueryError(" ".join([*notes, _("There are no words left to search for.")]))
    try:
        parsed = _PARSER.parse(prepared)
    except RecursionError as exc:  # belt and braces: nesting is bounded above
        raise QueryError(_("The query is too complex to understand; please simplify it.")) from exc
    except Exception as exc:  # Whoosh's parser on input _tidy should have repaired: a plain answer, not a 500
        raise QueryError(_(UNREADABLE)) from exc
    if getattr(parsed, "error", None):
        raise QueryError(_("The query could not be understood (%(error)s).") % {"error": parsed.error})
    bounded = parsed.accept(lambda node: _bounded(node, reader, notes))
    bounded = bounded.accept(_normalise_language)
    if bounded is wq.NullQuery:  # a singleton in Whoosh
        raise QueryError(" ".join([*notes, _("The query has no words to search for.")]))
    return ParsedQuery(bounded, words, notes)


class ParsedQueries:
    """parse_query's answers, remembered per query text, index content and interface language.

    Parsing (Whoosh's parser, then the bounds) took longer than matching a rare word at 10k articles, and pages,
    their JSON and their feeds ask for the same queries again. An answer depends on the segments' terms (wildcards
    and fuzzy words expand to them; deletions do not change a segment's terms) and on the language its notes are
    written in. Segment ids are random names, never reused, so a new segment (a commit, a rebuild) is a new key.
    Refused queries (QueryError) are not kept: they raise each time."""

    KEPT = 512

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, ParsedQuery] = OrderedDict()

    def parse(self, text: str, reader: IndexReader) -> ParsedQuery | None:
        segments = tuple(leaf.segment().segment_id() if leaf.segment() else None for leaf, _ in reader.leaf_readers())
        if not segments or None in segments:  # no segments (an empty index, or in memory): nothing names it
            return parse_query(text, reader)
        key = (segments, get_language(), text)
        with self._lock:
            parsed = self._items.get(key)
            if parsed is not None:
                self._items.move_to_end(key)
        if parsed is None:
            parsed = parse_query(text, reader)
            if parsed is None:
                return None
            with self._lock:
                self._items[key] = parsed
                while len(self._items) > self.KEPT:
                    self._items.popitem(last=False)
        # The query tree is only read (evaluation, snippets); the lists are the caller's to change.
        return ParsedQuery(parsed.query, list(parsed.words), list(parsed.notes))


parsed_queries = ParsedQueries()


# ---------------------------------------------------------------------------------------------------------------
# Repairing the text before Whoosh reads it
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Atom:
    kind: str  # "operand", "binary", "not", "prefix" (a field glued to the next operand), "open", "close"
    text: str  # as given to Whoosh
    typed: str  # as the user typed it (for notes)
    hint: str = ""  # a note to give if this lowercase operator word stands between two operands


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _tidy(text: str) -> tuple[str, list[str]]:
    """The query as Whoosh can read it without failing or misreading, and notes on what was changed."""
    notes: list[str] = []
    atoms = _atoms(text, notes)
    kept = _balance(atoms, notes)
    for i, atom in enumerate(kept):
        if atom.hint and 0 < i < len(kept) - 1 and kept[i - 1].kind in ("operand", "close") and (
            kept[i + 1].kind in ("operand", "open", "prefix")
        ):
            _note(notes, atom.hint)
    pieces = []
    for atom in kept:
        pieces.append(atom.text if atom.kind == "prefix" else atom.text + " ")
    return "".join(pieces).strip(), notes


def _atoms(text: str, notes: list[str]) -> list[_Atom]:
    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text) if m.lastgroup != "space"]
    atoms: list[_Atom] = []
    for index, (kind, value, start) in enumerate(tokens):
        glued_next = index + 1 < len(tokens) and tokens[index + 1][2] == start + len(value) and (
            tokens[index + 1][0] in ("phrase", "open")
        )
        if kind == "phrase":
            atoms.append(_Atom("operand", value, value))
        elif kind == "quote":
            _note(notes, _("A quotation mark was not closed, so the words after it were searched as separate words."))
        elif kind in ("open", "close"):
            atoms.append(_Atom(kind, value, value))
        else:
            after_space = start == 0 or text[start - 1].isspace() or text[start - 1] == "("
            atoms.extend(_word_atoms(value, glued_next, after_space, notes))
    return atoms


def _word_atoms(word: str, glued_next: bool, after_space: bool, notes: list[str]) -> list[_Atom]:
    if word in OPERATORS or word == "REQUIRE":
        return [_Atom("not" if word == "NOT" else "binary", word, word)]
    atoms = []
    if after_space:
        while word.startswith("-") and (len(word) > 1 or glued_next):
            atoms.append(_Atom("not", "NOT", "-"))
            word = word[1:]
    if not word:
        return atoms
    typed, prefix = word, ""
    match = _FIELD.fullmatch(word)
    if match:
        name, value = match["prefix"], match["value"]
        if name.lower() in QUERY_PREFIXES:
            prefix = name.lower() + ":"
            if not value and glued_next:
                return [*atoms, _Atom("prefix", prefix, typed)]
            if not _LETTERS.search(value) and "*" not in value and "?" not in value:
                _note(notes, _empty_field(name))
                return atoms
        else:
            _note(notes, _("There is no field «%(field)s:», so «%(value)s» was searched in the whole text; "
                           "the fields are %(fields)s.")
                  % {"field": name, "value": _short(value) or name, "fields": SUGGESTED_PREFIXES})  # fmt: skip
        word = value
    value = _checked_value(word, typed, prefix, notes)
    if value is None:
        return atoms
    hint = _LOWERCASE_HINTS.get(value.lower(), "") if not prefix and not value.isupper() else ""
    return [*atoms, _Atom("operand", prefix + value, typed, _(hint) % {"typed": typed} if hint else "")]


def _empty_field(name: str) -> str:
    return (_("«%(field)s:» has nothing after the colon, so it was left out; write what to look for right after "
              "it, e.g. %(example)s.") % {"field": name, "example": f"{name.lower()}:Токаев"})  # fmt: skip


def _checked_value(value: str, typed: str, prefix: str, notes: list[str]) -> str | None:
    """The word as Whoosh should get it, None to leave it out (with a note), or QueryError."""
    if not _LETTERS.search(value) and "*" not in value and "?" not in value:
        return None  # punctuation alone (":::", "—", "~"): nothing to search, nothing to say
    longest = max((len(w) for w in _LETTERS.findall(value)), default=0)
    if longest > MAX_WORD_LETTERS:
        _note(notes, _("«%(typed)s» (%(letters)s letters) is too long to be a word and was left out.")
              % {"typed": _short(typed), "letters": longest})  # fmt: skip
        return None
    if prefix in ("lang:", "language:") and "*" not in value and "?" not in value:
        if value.lower() not in LANGUAGES:
            raise QueryError(
                _("There is no language «%(value)s» in the archive; the languages are %(languages)s.")
                % {"value": value, "languages": ", ".join(f"lang:{code}" for code in LANGUAGES)}
            )
    wildcard = "*" in value or "?" in value
    if prefix and QUERY_PREFIXES[prefix[:-1]] in _PARSER.name_fields and not wildcard and _padded(value):
        _note(notes, _("«%(typed)s»: «%(value)s» does not look like a name (letters repeated or added at the end), "
                       "so it was left out.") % {"typed": _short(typed), "value": _short(value)})  # fmt: skip
        return None
    if wildcard:
        if "~" in value:
            _note(notes, _("«%(typed)s»: ~ cannot be combined with * or ?, so the ~ was ignored.") % {"typed": typed})
            value = value.replace("~", "")
        fixed = re.split(r"[*?]", value, maxsplit=1)[0]
        if len("".join(_LETTERS.findall(fixed))) < MIN_WILDCARD_PREFIX:
            raise QueryError(_(_WILDCARD_TOO_SHORT) % {"typed": typed, "least": MIN_WILDCARD_PREFIX})
        return value
    if "~" in value:
        return _fuzzy_word(value, typed, notes)
    return value


def _fuzzy_word(value: str, typed: str, notes: list[str]) -> str:
    match = _FUZZY.fullmatch(value)
    if not match or not _WORD.fullmatch(match["word"]):
        return value.replace("~", "-")  # a ~ inside a word: the analyzer splits the word there
    word, maxdist = match["word"], int(match["distance"] or 1)
    if maxdist == 0:
        return word
    letters = len(word)
    if letters < MIN_FUZZY_LETTERS or letters > MAX_FUZZY_LETTERS:
        _note(notes, _("«%(typed)s»: ~ works on words of %(least)s to %(most)s letters, so «%(word)s» was searched "
                       "as it is.")
              % {"typed": typed, "least": MIN_FUZZY_LETTERS, "most": MAX_FUZZY_LETTERS, "word": word})  # fmt: skip
        return word
    if maxdist > MAX_FUZZY_DISTANCE:
        _note(notes, _("«%(typed)s»: at most %(limit)s mistakes can be allowed, so it was searched as %(word)s.")
              % {"typed": typed, "limit": MAX_FUZZY_DISTANCE, "word": f"{word}~{MAX_FUZZY_DISTANCE}"})  # fmt: skip
        maxdist = MAX_FUZZY_DISTANCE
    return f"{word}~{maxdist}"


def _balance(atoms: list[_Atom], notes: list[str]) -> list[_Atom]:
    """Drop what has nothing to apply to: operators without an operand on each side, a repeated NOT, a field
    prefix before nothing, empty or unmatched parentheses; close what was left open."""
    kept: list[_Atom] = []
    depth = 0
    for atom in atoms:
        if atom.kind == "binary":
            if not kept or kept[-1].kind in ("open", "binary", "not", "prefix"):
                if not kept or kept[-1].kind == "open":
                    _note(notes, _("«%(typed)s» at the start had nothing to join, so it was ignored.")
                          % {"typed": atom.typed})  # fmt: skip
                else:
                    _note(notes, _("«%(typed)s» after «%(before)s» had nothing to join, so it was ignored.")
                          % {"typed": atom.typed, "before": kept[-1].typed})  # fmt: skip
                continue
        elif atom.kind == "not":
            if kept and kept[-1].kind == "not":
                _note(notes, _("«%(typed)s» repeated the NOT before it; the two were read as one NOT.")
                      % {"typed": atom.typed})  # fmt: skip
                continue
            if kept and kept[-1].kind == "prefix":
                _drop_dangling(kept, notes)
        elif atom.kind == "open":
            depth += 1
        elif atom.kind == "close":
            if not depth:
                _note(notes, _("A closing parenthesis «)» had no opening one and was ignored."))
                continue
            depth -= 1
            _drop_dangling(kept, notes)
            if kept and kept[-1].kind == "open":  # an empty group
                kept.pop()
                if kept and kept[-1].kind == "prefix":
                    _note(notes, _empty_field(kept.pop().typed[:-1]))
                continue
        kept.append(atom)
    if depth:
        _note(notes, _("A parenthesis «(» was not closed; it was closed at the end of the query."))
        for _closing in range(depth):
            _drop_dangling(kept, notes)
            if kept and kept[-1].kind == "open":
                kept.pop()
                if kept and kept[-1].kind == "prefix":
                    _note(notes, _empty_field(kept.pop().typed[:-1]))
            else:
                kept.append(_Atom("close", ")", ")"))
    _drop_dangling(kept, notes)
    return kept


def _drop_dangling(kept: list[_Atom], notes: list[str]) -> None:
    """Remove operators and field prefixes at the end of `kept`, which have nothing after them."""
    while kept and kept[-1].kind in ("binary", "not", "prefix"):
        atom = kept.pop()
        if atom.kind == "prefix":
            _note(notes, _empty_field(atom.typed[:-1]))
        else:
            _note(notes, _("«%(typed)s» had nothing after it, so it was ignored.") % {"typed": atom.typed})


# ---------------------------------------------------------------------------------------------------------------
# Bounding what the parsed query may cost
# ---------------------------------------------------------------------------------------------------------------


def _normalise_language(node: wq.Query) -> wq.Query:
    if isinstance(node, wq.Term) and node.fieldname == "language" and isinstance(node.text, str):
        return wq.Term("language", node.text.lower(), boost=node.boost)
    return node


def _bounded(node: wq.Query, reader: IndexReader, notes: list[str]) -> wq.Query:
    """Replace a wildcard or fuzzy word by an OR of a bounded number of its terms; refuse short wildcards."""
    if isinstance(node, wq.FuzzyTerm):
        return _fuzzy(node, reader, notes)
    if not isinstance(node, wq.Wildcard | wq.Prefix):
        return node
    pattern = node.text.lower().replace("ё", "е") + ("*" if isinstance(node, wq.Prefix) else "")
    typed = getattr(node, "typed", pattern)
    fixed = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if len(fixed) < MIN_WILDCARD_PREFIX:
        if len("".join(_LETTERS.findall(re.split(r"[*?]", typed, maxsplit=1)[0]))) >= MIN_WILDCARD_PREFIX:
            return wq.NullQuery  # long enough as typed; this field's analyzer shortened it (a stem, a name key)
        raise QueryError(_(_WILDCARD_TOO_SHORT) % {"typed": typed, "least": MIN_WILDCARD_PREFIX})
    matcher = re.compile(fnmatch.translate(pattern))
    candidates = (t for t in reader.expand_prefix(node.fieldname, fixed) if matcher.match(_text(t)))
    terms = list(islice(candidates, MAX_WILDCARD_EXPANSIONS + 1))
    if len(terms) > MAX_WILDCARD_EXPANSIONS:
        terms = terms[:MAX_WILDCARD_EXPANSIONS]
        _note(notes, _("«%(typed)s» matches many words; only the first %(limit)s were searched.")
              % {"typed": typed, "limit": MAX_WILDCARD_EXPANSIONS})  # fmt: skip
    return _any_of(node.fieldname, [_text(t) for t in terms], node.boost)


def _fuzzy(node: wq.FuzzyTerm, reader: IndexReader, notes: list[str]) -> wq.Query:
    """The closest terms of the field within node.maxdist edits (the first letter as typed), most frequent first
    among equally close ones; at most MAX_FUZZY_EXPANSIONS of them."""
    text, fieldname = _text(node.text), node.fieldname
    maxdist = min(int(node.maxdist), MAX_FUZZY_DISTANCE)
    if fieldname not in reader.schema or not text or len(text) > MAX_FUZZY_LETTERS + 5:
        return wq.Term(fieldname, text, boost=node.boost)
    ranked = close_terms(reader, fieldname, text, maxdist, MAX_FUZZY_EXPANSIONS + 1)
    if len(ranked) > MAX_FUZZY_EXPANSIONS:
        ranked = ranked[:MAX_FUZZY_EXPANSIONS]
        _note(notes, _("«%(typed)s» with ~ is close to many words; only the %(limit)s closest were searched.")
              % {"typed": getattr(node, "typed", text), "limit": MAX_FUZZY_EXPANSIONS})  # fmt: skip
    return _any_of(fieldname, ranked, node.boost)


def close_terms(reader: IndexReader, fieldname: str, text: str, maxdist: int, limit: int) -> list[str]:
    """At most `limit` terms of the field within `maxdist` edits of `text` with the same first letter, the
    closest first and, among equally close ones, those in the most documents. Each segment's term list is
    walked with a Levenshtein automaton (Whoosh's multi-segment reader would compare every term in Python), and
    at most MAX_FUZZY_CANDIDATES terms are ranked."""
    found: set[str] = set()
    for leaf, _offset in reader.leaf_readers():
        if len(found) >= MAX_FUZZY_CANDIDATES:
            break
        if leaf.doc_count_all():
            found.update(islice(leaf.terms_within(fieldname, text, maxdist, prefix=1), MAX_FUZZY_CANDIDATES))
    return nsmallest(limit, found, key=lambda t: (distance(t, text), -reader.doc_frequency(fieldname, t), t))


def _any_of(fieldname: str, terms: list[str], boost: float) -> wq.Query:
    if not terms:
        return wq.NullQuery
    if len(terms) == 1:  # Whoosh ignores the boost of a one-child OR: keep the field's weight on the term
        return wq.Term(fieldname, terms[0], boost=boost)
    return wq.Or([wq.Term(fieldname, t) for t in terms], boost=boost)


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def check_date_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """QueryError for a range that ends before it starts: no search runs on a range other than the one asked."""
    if date_from and date_to and date_from > date_to:
        raise QueryError(
            _("The end date (%(end)s) is before the start date (%(start)s), so nothing was searched; swap the dates "
              "or leave one of them empty.") % {"end": date_to.isoformat(), "start": date_from.isoformat()}
        )
