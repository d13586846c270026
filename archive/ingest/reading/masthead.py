"""An outlet printed as a line of its own: a masthead on top, a signature at the end. No Django.

Papers and sites print their name above a text (`TASS`, `Informburo.kz`, `Egemen Qazaqstan, 2026 jylğy 2 aqpan`)
and agencies and papers sign it at the end (`/ТАСС/`, `«Айқын»` under the author's name, `Ақорда`). A short line
on top is as often a rubric or a headline, so only a name the outlets table knows (in any script, outlets.py)
counts; an unknown name there is not taken for an outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .outlets import outlet_named
from .provenance import issuer_in

MAX_LINE_CHARS = 120
# `/ТАСС/`, `/KAZINFORM/.`: an agency's closing mark
_SLASHED = re.compile(r"^/\s*(?P<name>[^/\n]{2,30}?)\s*/\.?$")
# `Informburo.kz, 04.03.2026`, `КТК | 15 марта 2026`, `Ақорда — 2026 жылғы 2 наурыз`, `Vlast.kz | Политика`: the
# name and a stamp after it (the Arabic script's comma is ،)
_STAMPED = re.compile(r"^(?P<name>[^,،|–—\n]{2,60}?)\s*(?P<sep>[,،|]|\s[–—])\s*(?P<stamp>[^\n]{1,60})$")
# `«Ана тілі» газеті`, `«Egemen Qazaqstan» gazeti`: an outlet's name in quotes, then what kind of outlet it is
_QUOTED_KIND = re.compile(r"^[«\"“](?P<name>[^«»\"“”\n]{2,60})[»\"”](?:\s+(?:газеті|газетінің|газетасы|газета|gazeti|"
                          r"gazetı|gazetasy|телеарнасы|telearnasy|агенттігі|agenttigi|agenttıgı|порталы|журналы|"
                          r"newspaper|magazine))?$", re.I)
_AUTHOR = r"[^\W\d_][^\W\d_.'\-]*(?:[\-'][^\W\d_]+)?(?:\s+[^\W\d_][^\W\d_'\-]*\.?){1,2}"
# The author's name above a signature: `Ерлан СҰЛТАНОВ,`, `Aigerim Sultan,` (two or three words, a comma at the end)
SIGNED_BY = re.compile(rf"^(?P<name>{_AUTHOR}),$")
# ... or on the same line: `Айгүл НҰРЛАНҚЫЗЫ, «Ана тілі»`
_SIGNED = re.compile(rf"^(?P<author>{_AUTHOR}),\s+(?P<name>[«\"“][^\n]{{2,80}})$")
_DOMAIN_LINE = re.compile(r"^(?:https?://)?[a-z\d][\w\-]*(?:\.[\w\-]+)+(?:/\S*)?$")


@dataclass(frozen=True)
class OutletLine:
    name: str  # as printed (the outlets table gives its canonical name later)
    stamp: str = ""  # the date stamp printed after it, for the date reader
    author: str = ""  # the author signing with it


def outlet_line(line: str, *, signature: bool = False) -> OutletLine | None:
    """The outlet a line is the masthead (or, `signature`, the signature) of; None when it is anything else.

    A press service signing a release (`Ақорда баспасөз қызметі`) is left in the text: it is the issuer, and the
    provenance reader names both it and its body's site from there."""
    line = line.strip()
    if not line or len(line) > MAX_LINE_CHARS or (line[0].islower() and not _DOMAIN_LINE.match(line)):
        return None
    if signature and issuer_in(line):
        return None
    if match := _SLASHED.match(line):
        return OutletLine(match["name"]) if outlet_named(match["name"]) else None
    if name := _known(line):
        return OutletLine(name)
    if signature and (match := _SIGNED.match(line)) and (name := _known(match["name"])):
        return OutletLine(name, author=match["author"])
    match = _STAMPED.match(line)
    if not match or not (name := _known(match["name"])):
        return None
    stamp = match["stamp"].strip()
    # a date or a time after the name; after `|`, a site's section (`Vlast.kz | Политика`) too
    if any(ch.isdigit() for ch in stamp) or (match["sep"] == "|" and len(stamp.split()) <= 3):
        return OutletLine(name, stamp if any(ch.isdigit() for ch in stamp) else "")
    return None


def _known(name: str) -> str:
    """The name as printed when the outlets table knows it (alone, or in quotes with its kind after it)."""
    if outlet_named(name):
        return name
    if (match := _QUOTED_KIND.match(name.strip())) and outlet_named(match["name"]):
        return match["name"]
    return ""
