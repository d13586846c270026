"""Where a text came from: its outlet, the body that issued it (a press release) and its original URL. No Django.

What decides, first to last:
    the outlet: a sidecar's `source` › the URL's site (when the table knows it) › what the text says (an
    attribution `передает корреспондент Kazpravda.kz` / `хабарлайды Egemen.kz тілшісі` / `Qazinform reported`, a
    dateline `Астана. KAZINFORM –` / `ASTANA, March 16 (Reuters) -`, a footer `Источник: Vlast.kz` / `© Tengrinews.kz`)
    › the URL's host as written › the issuing body's own website (`Ақорда баспасөз қызметі` → Akorda);
    the issuer: a press service the text names (`пресс-служба Министерства …`, `… баспасөз қызметі`,
    `press service of …`) › the official website the text comes from (akorda.kz) › a press service credited for
    the photos, when nothing else says where the text came from (kept, with a review reason: a photo credit alone
    does not prove the text is a press release).

Only the first and last few thousand characters are scanned: attributions stand at the start or the end, and a
bounded scan keeps the cost independent of a text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape as _unescape

from archive.text.scripts import detect_script, kazakh_to_cyrillic

from .outlets import canonical_source, known_spellings, outlet_for_host, outlet_named
from .weburl import clean_url, url_host

HEAD_CHARS, TAIL_CHARS = 4000, 2000
PHOTO_ISSUER_REASON = "the only hint of where the text came from is its photo credit: issuer taken from it"

# Labels are read possessively, a domain starts a word: else a long Latin run is scanned from each letter.
_DOMAIN = (r"(?<![\w@.\-])[a-z\d][\w\-]*+(?:\.[a-z\d][\w\-]*+)*\."
           r"(?:kz|ru|com|org|net|info|media|news|tv|kg|uz|asia|cn|io)\b")
# Case matters for names in running text (`Total`, `AP` are outlets, «total», «ap» are not); capitals count too.
_KNOWN = "(?-i:" + "|".join(dict.fromkeys(re.escape(s) for n in known_spellings() for s in (n, n.upper()))) + ")"
_DOMAIN_IN_TEXT = re.compile(_DOMAIN, re.I)
_KNOWN_IN_TEXT = re.compile(rf"(?<!\w)(?:{_KNOWN})(?!\w)", re.I)
_KNOWN_OR_DOMAIN = re.compile(rf"{_DOMAIN}|{_KNOWN}", re.I)
_QUOTED = r"«(?P<quoted>[^«»\n]{2,60})»"
_NAME = rf"(?P<name>{_DOMAIN}|(?<!\w)(?:{_KNOWN})(?!\w)|«(?:{_KNOWN})»)"
_MEDIA_WORD = r"(?:газета|газеты|газеті|газетінің|издание|издания|портал|портала|агентство|агентства|телеканал|журнал)"

_RU_VERB = r"(?:переда[её]т|передают|сообща(?:ет|ют)|сообщил[аио]?|пишет|пишут|информирует|публикует|по данным|" \
           r"по информации|со ссылкой на)"
_RU_WHO = r"(?:\s+(?:собственный|специальный|наш)\s+)?(?:\s*(?:корреспондент|корр\.|обозреватель|журналист)" \
          r"(?:\s+(?:агентства|портала|издания|сайта|газеты|телеканала))?)?(?:\s*(?:МИА|ИА|информагентство|" \
          r"агентство|портал|издание|сайт|газета|телеканал))?"
_KK_VERB = r"(?:хабарлайды|хабарлады|жазады|мәлімдейді|habarla[iı]dy|xabarla[iı]dy|حابارلايدى)"
_KK_TAIL = r"(?:\s+(?:агенттігінің|агенттігі|порталының|порталы|сайтының|сайты|газетінің|газеті|телеарнасының))?" \
           r"\s+(?:тілшісі|tilshisi|tılşısı|t[ıi]lş[ıi]s[ıi])"
_EN_BEFORE = r"(?:reported|reports|according to|told|cited by|quoted by|reported by|published by|said in an " \
             r"interview with)\s+(?:the\s+)?"
_EN_AFTER = r"(?:\s+(?:news agency|agency|newspaper|portal))?\s+(?:reported|reports|said|says|writes|wrote)\b"

# An attribution that starts with the outlet's name has hundreds of spellings to try at every character; such a
# pattern is tried only when the word that must follow the name is in the text at all (its guard): most texts
# have none, and the search costs a tenth. In order: the first pattern that finds a known outlet wins.
_ATTRIBUTION_PATTERNS: list[tuple[str, str | None]] = [
    (rf"{_RU_VERB}{_RU_WHO}\s*{_NAME}", None),
    (rf"{_RU_VERB}{_RU_WHO}\s*{_MEDIA_WORD}\s+{_QUOTED}", None),
    (rf"{_KK_VERB}\s+{_NAME}", None),
    (rf"{_NAME}{_KK_TAIL}", r"т[іi]лш[іi]с[іi]|tilshisi|t[ıi]lş[ıi]s[ıi]"),
    (rf"{_KK_VERB}\s+(?:{_QUOTED}|(?P<span>[^\s.,;:!?«»\"]+(?:\s[^\s.,;:!?«»\"]+){{0,3}}?)){_KK_TAIL}", None),
    (rf"{_EN_BEFORE}{_NAME}", None),
    (rf"{_NAME}{_EN_AFTER}", r"\b(?:reported|reports|said|says|writes|wrote)\b"),
    (rf"{_NAME}\s+(?:агенттігі|сайты|порталы)\b", r"агенттігі|сайты|порталы"),
    # Kazinform агенттігінің хабарлауынша / Egemen.kz-тің мәліметінше / Baq.kz хабарлайды
    (rf"{_NAME}(?:-?[тдн][іы]ң|\s+\w+(?:ның|нің|тың|тің|дың|дің))?\s+(?:хабарлауынша|мәліметінше|"
     rf"жазуынша|хабарлайды|жазады)", r"хабарлауынша|мәліметінше|жазуынша|хабарлайды|жазады"),
    (rf"{_NAME}(?:'s|’s)?\s+correspondent", r"correspondent"),
]
ATTRIBUTIONS: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = [
    (re.compile(pattern, re.I), re.compile(guard, re.I) if guard else None) for pattern, guard in _ATTRIBUTION_PATTERNS
]
_PLACE = r"[^\W\d_][\w\- ]{1,40}"
DATELINES = [
    # Астана. KAZINFORM –  /  Астана. 16 марта. KAZINFORM -  /  Москва. 11 февраля. INTERFAX.RU -
    re.compile(rf"^{_PLACE}\.\s+(?:\d{{1,2}}\s+[^\W\d_]+(?:\s+\d{{4}})?\.\s+)?(?P<name>[^\W\d_][\w.\-]*"
               rf"(?:\s[^\W\d_][\w.\-]*)?)\s*[-–—]"),
    # МОСКВА, 16 мар — РИА Новости.  /  АСТАНА, 16 мар — Sputnik.
    re.compile(rf"^{_PLACE},\s+\d{{1,2}}\s+[^\W\d_]+\.?(?:\s+\d{{4}})?\s+[-–—]\s+"
               rf"(?P<name>[^\W\d_][\w .\-]{{1,30}}?)\."),
    # ТАСС, 5 марта.  /  Kazinform, 16 March -  (an agency's name and the day opening the text; known names only)
    re.compile(r"^(?P<name>[^\W\d_][\w.\- ]{1,30}?),\s+\d{1,2}\s+[^\W\d_]+\.?(?:\s+\d{4})?\s*[.\-–—]"),
    # INTERFAX.RU - …  (an agency's name opening the text)
    re.compile(r"^(?P<name>[A-ZА-ЯЁ][A-ZА-ЯЁ\d\-]+(?:\.[A-ZА-Я]{2,})?)\s*[-–—]\s"),
    # ASTANA, March 16 (Reuters) -  /  ASTANA (Kazinform) –  /  (Kazinform) anywhere near the start
    re.compile(r"\((?P<name>[^()\n]{2,40})\)\s*[-–—]"),  # from here on: searched, not matched at the start
    re.compile(r"\((?P<name>[^()\n]{2,40})\)"),
    re.compile(r"/(?P<name>[^/\n]{2,20})/"),  # МОСКВА, 16 марта. /ТАСС/.
]
_SEARCHED = 4  # the DATELINES from this one on are looked for anywhere in the opening, the others at its start
_ISSUER_SEARCH = [
    # пресс-служба / пресс-службе / пресс-центр … + what it belongs to
    ("ru", re.compile(r"(?P<kind>пресс-служб|пресс-центр|пресс-секретариат)\w*\s+(?P<of>[^.,;:!?\n()«»\"]{2,160})",
                      re.I)),
    ("en", re.compile(r"(?P<kind>press (?:service|office)) of\s+(?P<of>[^.,;:!?\n()\"]{2,160})", re.I)),
    ("kk", re.compile(r"(?P<kind>баспасөз қызмет|baspas[öoó]z qyzmet)\w*", re.I)),  # Latin 2021 and 2018
    ("en-before", re.compile(r"(?P<kind>press (?:service|office))\b", re.I)),
]
_WORD = r"[^\s.,;:!?«»\"]+"
_KK_SAID = re.compile(rf"(?<!\w)(?:хабарлады|хабарлайды|жазады|жазды)\s+(?P<words>{_WORD}(?:\s+{_WORD}){{0,3}})", re.I)
_RU_STOP = re.compile(r"^(?:сообщ|переда|информир|отмеч|отмети|заяв|рассказ|уточн|говор|пиш|опубликова|"
                      r"распростран|привод|подчеркн|что$|о$|об$|со$|на$|в$|во$|с$|к$|по$|—$|–$|-$)", re.I)
_EN_STOP = re.compile(r"^(?:said|says|reported|reports|stated|announced|told|noted|informed|added|on$|in$|that$|"
                      r"via$|at$|to$|with$|—$|–$|-$)", re.I)
_KK_STOP = re.compile(r"^(?:деп|хабарлайды|хабарлады|туралы|бойынша|сәйкес|мәлімдеді|мәліметінше|бұл|ал|мен|"
                      r"және|dep|habarlaidy)$", re.I)
# A web page's own address and site name: <link rel="canonical">, <meta property="og:url" / "og:site_name">.
_HTML_TAG = re.compile(r"<(?:link|meta)\b[^>]{0,2000}>", re.I)
_HTML_ATTR = re.compile(r"""([\w:\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
HTML_HEAD_CHARS = 50_000
# The body whose website carries its press releases, found in the issuer's name.
_ISSUER_SITES = [
    (re.compile(r"ақорд|акорд|akorda|aqord|президент|prezident|мемлекет басшы|memleket bas(?:sh|ş)y|глав\w* "
                r"государства|head of state", re.I), "Akorda"),
    (re.compile(r"премьер|правительств|үкімет|prime minister|government", re.I), "primeminister.kz"),
]


@dataclass(frozen=True)
class Provenance:
    source: str = ""  # the outlet's canonical name (outlets table), or its name as written
    issued_by: str = ""  # the body that issued a press release, as the text names it
    url: str = ""  # the original address (already checked: http(s) only)
    reasons: tuple[str, ...] = ()


def find_provenance(
    body: str, *, url: str = "", named: str = "", given_source: str = "", photo_credit: str = "", html: str = ""
) -> Provenance:
    """`named`: an outlet the parser took from a footer or a dated dateline; `given_source`: the sidecar's;
    `html`: the text as imported when it is a web page (its canonical address and site name count)."""
    window = body if len(body) <= HEAD_CHARS + TAIL_CHARS else body[:HEAD_CHARS] + "\n" + body[-TAIL_CHARS:]
    page_url, site_name = html_page_facts(html) if html else ("", "")
    url = url or page_url or clean_url(named)  # `Источник: https://…`, `Подробнее: https://…`: the original
    url_outlet = outlet_for_host(url_host(url)) if url else None
    issued_by = issuer_in(window) or issuer_in(named)  # a masthead may be the press service (`Akorda press service`)
    source = (
        canonical_source(given_source) if given_source.strip() else ""
    ) or (url_outlet.name if url_outlet else "") or outlet_mentioned(site_name) or outlet_mentioned(named) or (
        outlet_in(window)
    ) or _kazakh_attribution(window) or (url_host(url) if url else "") or _issuers_site(issued_by)
    reasons: tuple[str, ...] = ()
    site = url_outlet or (outlet_named(named) if named else None)
    if not issued_by and site and site.issuer and site.name == source:
        issued_by = site.issuer  # a text of an official body's own site (its URL, its masthead) is its release
    if not issued_by and not source and (credited := _press_service(photo_credit)):
        issued_by, reasons = credited, (PHOTO_ISSUER_REASON,)
        source = _issuers_site(issued_by)
    return Provenance(source=source[:200], issued_by=issued_by[:300], url=url, reasons=reasons)


def outlet_mentioned(phrase: str) -> str:
    """A footer's or a sidecar's outlet (`© 2026 Tengrinews.kz. Все права защищены`): the outlet the phrase names,
    or the phrase as written when it names none the table knows."""
    phrase = " ".join(phrase.split())
    if not phrase or not any(ch.isalpha() for ch in phrase):  # `© 2026` names nobody
        return ""
    if url := clean_url(phrase):
        return outlet.name if (outlet := outlet_for_host(url_host(url))) else url_host(url)
    if outlet := outlet_named(phrase):
        return outlet.name
    for pattern in (_DOMAIN_IN_TEXT, _KNOWN_IN_TEXT):
        if (match := pattern.search(phrase)) and (outlet := outlet_named(match[0])):
            return outlet.name
    return canonical_source(phrase)


def outlet_in(text: str) -> str:
    """The outlet a text names in an attribution or a dateline; "" when it names none."""
    for pattern, guard in ATTRIBUTIONS:
        if guard is not None and not guard.search(text):
            continue
        for match in pattern.finditer(text):
            if found := _attributed(match):
                return found
    opening = text[:300]
    for number, pattern in enumerate(DATELINES):
        match = pattern.search(opening) if number >= _SEARCHED else pattern.match(opening)
        if match and number >= _SEARCHED and not _KNOWN_OR_DOMAIN.fullmatch(match["name"].strip()):
            continue  # in brackets anywhere, only a name as an outlet spells it: «(Total)», not «(total)»
        if match and (outlet := outlet_named(match["name"])):
            return outlet.name
        if match and number == 0 and _looks_like_agency(match["name"]):
            return canonical_source(match["name"])
    return ""


def _kazakh_attribution(text: str) -> str:
    """`…, dep habarlady Aiqyn.` / `…، دەپ حابارلادى شينحۋا اگەنتتىگى.`: Kazakh in the Latin or Arabic script read in
    Cyrillic, and the known outlet named after the verb (the Arabic script has no capitals to find a name by)."""
    script = detect_script(text)
    if script not in ("latn", "arab"):
        return ""
    for match in _KK_SAID.finditer(kazakh_to_cyrillic(text, script)):
        words = match["words"].split()
        for count in range(len(words), 0, -1):
            if outlet := outlet_named(" ".join(words[:count])):
                return outlet.name
    return ""


def _attributed(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if issuer_in(match[0]):
        return ""  # `деп хабарлайды Ақорданың баспасөз қызметі`: the issuer, not the outlet (issuer_in names it)
    if groups.get("name"):
        return canonical_source(groups["name"])
    if groups.get("quoted"):
        return canonical_source(groups["quoted"])
    span = (groups.get("span") or "").strip()
    if span and not re.search(r"баспасөз|baspas", span, re.I) and span[0].isupper():
        return canonical_source(span)
    return ""


def html_page_facts(html: str) -> tuple[str, str]:
    """A web page's own address (canonical link, og:url; http(s) only) and its og:site_name, from its head."""
    url = site = ""
    for tag in _HTML_TAG.finditer(html[:HTML_HEAD_CHARS]):
        attrs = {m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
                 for m in _HTML_ATTR.finditer(tag[0])}
        kind = (attrs.get("rel") or attrs.get("property") or attrs.get("name") or "").lower()
        value = attrs.get("href") if kind == "canonical" else attrs.get("content")
        if kind in ("canonical", "og:url") and not url:
            url = clean_url(_unescape(value or ""))
        elif kind == "og:site_name" and not site:
            site = _unescape(value or "")[:200]
    return url, site


def _looks_like_agency(name: str) -> bool:
    """`KAZINFORM`, `BAQ.KZ`: capitals or a domain, not a word that happens to follow a town's name."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 3 and (all(ch.isupper() for ch in letters) or bool(re.fullmatch(_DOMAIN, name, re.I)))


def issuer_in(text: str) -> str:
    """The press service a text says it comes from, in the nominative as the text names it; "" when none."""
    for language, pattern in _ISSUER_SEARCH:
        for match in pattern.finditer(text):
            if issuer := _issuer(language, match, text):
                return issuer
    return ""


def _issuer(language: str, match: re.Match[str], text: str) -> str:
    if language in ("ru", "en"):
        stop = _RU_STOP if language == "ru" else _EN_STOP
        words = []
        for word in match["of"].split()[:12]:
            if stop.match(word):
                break
            words.append(word)
        if not words:
            return ""
        kind = {"пресс-служб": "пресс-служба"}.get(match["kind"].lower(), match["kind"].lower())
        return f"{kind} {'of ' if language == 'en' else ''}{' '.join(words)}"
    before = re.split(r"[.,;:!?()«»\"\n—–]", text[max(0, match.start() - 200) : match.start()])[-1].split()
    words = []
    for word in reversed(before[-10:]):
        if _KK_STOP.match(word) or (language == "en-before" and word.lower() in ("by", "from", "to", "of")):
            break
        words.insert(0, word)
    while words and not (words[0][0].isupper() or words[0][0].isdigit()):
        words.pop(0)  # «бұл туралы ҚР СІМ …»: the body's name starts with a capital
    if not words:
        return ""
    kind = "press service" if language == "en-before" else (
        "баспасөз қызметі" if match["kind"].lower().startswith("бас") else "baspasöz qyzmeti")
    return f"{' '.join(words)} {kind}"


def _press_service(credit: str) -> str:
    """A photo credit naming a press service (`пресс-служба Сената Парламента РК`): that service; else ""."""
    return issuer_in(credit) if credit else ""


def _issuers_site(issuer: str) -> str:
    for pattern, outlet in _ISSUER_SITES:
        if issuer and pattern.search(issuer):
            return outlet
    return ""
