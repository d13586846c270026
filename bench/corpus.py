"""A reproducible synthetic archive built from the seed sentences. Plain Python: no Django, no database.

    corpus = generate_corpus(articles=10_000, seed=1)
    for article in corpus.articles(): ...        # streamed: each article is rebuilt from (seed, number)

Every article gets its own random generator seeded with "<seed>:<number>", so articles can be produced lazily,
in any order and any number of times, and always come out the same: 100,000 articles never sit in memory at
once. The entity tables (sources, people, organisations, events) are small and built eagerly from `seed`.

The shape imitates the real archive: ~70% Russian / 30% Kazakh, dates over 2025-09-01..2026-04-30 peaking
around the referendum (15 March 2026), ~3% undated; people's names in both spellings (Тоқаев in Kazakh text,
Токаев in most Russian text); rare invented words sprinkled in, so rare-word queries exist (the seeds alone
give only ~1,300 distinct words).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path

GENERATOR_VERSION = 2  # bump when the output for a given (articles, seed) changes
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

FIRST_DAY = dt.date(2025, 9, 1)
LAST_DAY = dt.date(2026, 4, 30)
# Share of articles per month: coverage swells towards the referendum of 15 March 2026.
MONTH_WEIGHTS = {
    (2025, 9): 5, (2025, 10): 6, (2025, 11): 7, (2025, 12): 8,
    (2026, 1): 12, (2026, 2): 24, (2026, 3): 26, (2026, 4): 12,
}  # fmt: skip
KAZAKH_SHARE = 0.30
UNDATED_SHARE = 0.03
SENTENCES_PER_ARTICLE = (4, 15)

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
# Kazakh letters as a Russian keyboard types them (case kept): Тоқаев → Токаев.
_RUSSIAN_SPELLING = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def russian_spelling(text: str) -> str:
    return text.translate(_RUSSIAN_SPELLING)


def slugify(text: str) -> str:
    """As django.utils.text.slugify(allow_unicode=True), without importing Django."""
    import unicodedata

    value = unicodedata.normalize("NFKC", text)
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")[:110] or "item"


# ---------------------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    name: str
    slug: str
    domain: str
    language: str  # ru, kk or mixed: which articles it publishes


@dataclass(frozen=True)
class Person:
    name: str  # canonical: Kazakh letters kept (Дархан Жазықбай)
    slug: str
    role_ru: str
    role_kk: str
    female: bool
    aliases: tuple[str, ...] = ()  # other spellings seen in the press (Дархан Жазыкбай, Darkhan Zhazykbay)

    @property
    def russian_form(self) -> str:
        return russian_spelling(self.name)

    @property
    def kazakh_form(self) -> str:
        """The spelling with Kazakh letters (Қасым-Жомарт Тоқаев), when there is one."""
        return next((n for n in (self.name, *self.aliases) if any(ch in KAZAKH_LETTERS for ch in n)), self.name)


@dataclass(frozen=True)
class Organisation:
    name: str  # Russian name
    slug: str
    name_kk: str
    abbreviation: str = ""

    @property
    def aliases(self) -> tuple[str, ...]:
        return (self.name_kk,) if self.name_kk != self.name else ()


@dataclass(frozen=True)
class Event:
    title: str
    slug: str
    kind: str
    starts_on: str | None
    place: str


@dataclass(frozen=True)
class Mention:
    slug: str
    surface: str  # the words as they stand in the text
    role: str = ""


@dataclass(frozen=True)
class Article:
    number: int  # 1-based; also the database id the bench gives it
    title: str
    body: str
    language: str
    published_on: str | None  # ISO date
    source: str  # slug
    people: tuple[Mention, ...] = ()
    organisations: tuple[Mention, ...] = ()
    event: str | None = None  # slug

    @property
    def origin(self) -> str:
        return f"bench:{self.number:07d}"

    @property
    def raw_text(self) -> str:
        date_line = f" date {self.published_on}\n" if self.published_on else ""
        return f"{date_line}{self.title}\n\n{self.body}\n"


@dataclass
class Corpus:
    seed: int
    count: int
    sources: list[Source]
    people: list[Person]
    organisations: list[Organisation]
    events: list[Event]
    make_articles: Callable[[], Iterator[Article]] = field(repr=False)
    checksum: str = ""  # identifies the content: generator version and arguments, or the loaded file's hash

    def articles(self) -> Iterator[Article]:
        """A fresh pass over every article, in number order."""
        return self.make_articles()

    @cached_property
    def by_slug(self) -> dict[str, dict]:
        tables = {"source": self.sources, "person": self.people, "organisation": self.organisations,
                  "event": self.events}  # fmt: skip
        return {name: {item.slug: item for item in items} for name, items in tables.items()}

    def source(self, slug: str) -> Source:
        return self.by_slug["source"][slug]

    def person(self, slug: str) -> Person:
        return self.by_slug["person"][slug]

    def organisation(self, slug: str) -> Organisation:
        return self.by_slug["organisation"][slug]

    def event(self, slug: str) -> Event:
        return self.by_slug["event"][slug]


# ---------------------------------------------------------------------------------------------------------------
# Seed sentences
# ---------------------------------------------------------------------------------------------------------------

# Lines of a seed that are not article text: dates, counters, photo credits, image names, promo footers.
_NOISE_LINE = re.compile(
    r"^(?:\d{2}\.\d{2}\.\d{4}|оқылды|фото|сурет|whatsapp image|узнайте первым|в instagram)", re.IGNORECASE
)
_HEADER_DATE = re.compile(r"^date \d{4}-\d{2}-\d{2}\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"–—A-ZА-ЯЁ" + KAZAKH_LETTERS[9:] + r"])")


def _language_of(text: str) -> str:
    letters = sum(ch.isalpha() for ch in text) or 1
    return "kk" if sum(ch in KAZAKH_LETTERS for ch in text) / letters > 0.02 else "ru"


def _seed_lines(text: str) -> list[str]:
    lines = []
    for line in text.replace("\u00a0", " ").splitlines():
        line = _HEADER_DATE.sub("", line.strip())
        if not line or _NOISE_LINE.match(line) or len(line.split()) < 4:  # < 4 words: bylines, stray names
            continue
        lines.append(line)
    return lines


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; fragments under four words (initials: «Р. Василенко») join the next one."""
    sentences: list[str] = []
    carry = ""
    for piece in _SENTENCE_END.split(paragraph):
        piece = f"{carry} {piece}".strip() if carry else piece.strip()
        if len(piece.split()) < 4:
            carry = piece
            continue
        sentences.append(piece)
        carry = ""
    if carry:
        if sentences:
            sentences[-1] = f"{sentences[-1]} {carry}"
        else:
            sentences.append(carry)
    return sentences


def seed_sentences(seeds_dir: Path = SEEDS_DIR) -> dict[str, list[str]]:
    """Language → the seed sentences in that language, in file order (files sorted by name)."""
    pools: dict[str, list[str]] = {"ru": [], "kk": []}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        language = _language_of(text)
        for line in _seed_lines(text):
            pools[language].extend(split_sentences(line))
    return pools


def title_candidates(sentences: Sequence[str]) -> list[str]:
    """Headline-sized pieces (4–12 words): short sentences and the clauses of long ones."""
    candidates = []
    for sentence in sentences:
        for clause in [sentence, *re.split(r",\s+|\s+[–—-]\s+|:\s+", sentence)]:
            words = clause.strip(" .!?…«»\"").split()
            if 4 <= len(words) <= 12:
                text = " ".join(words)
                candidates.append(text[0].upper() + text[1:])
    return list(dict.fromkeys(candidates))


# ---------------------------------------------------------------------------------------------------------------
# Invented vocabulary: the long tail of rare words real news has and the seeds do not
# ---------------------------------------------------------------------------------------------------------------

_SYLLABLES = {
    "ru": (("б", "в", "г", "д", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ч", "ш", "бр", "гр", "др",
            "кр", "пр", "ст", "тр", "зв", "сл"), ("а", "е", "и", "о", "у", "ы", "я", "ю")),
    "kk": (("б", "ғ", "д", "ж", "з", "қ", "к", "л", "м", "н", "ң", "п", "р", "с", "т", "ш", "й"),
           ("а", "ә", "е", "ы", "і", "о", "ө", "ұ", "ү")),
}  # fmt: skip
_ENDINGS = {
    "ru": ("", "", "ация", "ость", "ский", "ение", "ный", "изм", "ист", "ика", "ов", "ная", "ного"),
    "kk": ("", "", "лық", "лік", "шы", "ші", "дағы", "ның", "ға", "тар", "лер", "ды", "мен"),
}
LEXICON_SIZE = {"ru": 40_000, "kk": 20_000}
ZIPF_EXPONENT = 1.05


@lru_cache(maxsize=8)
def invented_lexicon(language: str, size: int, seed: int) -> tuple[str, ...]:
    """`size` distinct pronounceable non-words; their order is their popularity rank."""
    rng = random.Random(f"lexicon:{language}:{seed}")
    onsets, vowels = _SYLLABLES[language]
    words: dict[str, None] = {}
    while len(words) < size:
        stem = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        words.setdefault(stem + rng.choice(_ENDINGS[language]))
    return tuple(words)


@lru_cache(maxsize=16)
def zipf_cumulative(size: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return tuple(accumulate(1.0 / (rank**exponent) for rank in range(1, size + 1)))


# ---------------------------------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------------------------------

REAL_SOURCES = [
    ("Kazpravda.kz", "ru"), ("Tengrinews.kz", "ru"), ("Kazinform", "mixed"), ("INTERFAX.RU", "ru"),
    ("Zakon.kz", "ru"), ("Inform.kz", "kk"), ("Egemen.kz", "kk"), ("Aikyn.kz", "kk"), ("Abai.kz", "kk"),
    ("Baq.kz", "kk"), ("Astana TV", "mixed"), ("Khabar 24", "mixed"), ("Vlast.kz", "ru"), ("Orda.kz", "ru"),
    ("Ulysmedia.kz", "ru"), ("Kursiv.media", "ru"), ("Nur.kz", "mixed"), ("24.kz", "kk"), ("Liter.kz", "ru"),
    ("Total.kz", "ru"), ("Sputnik Казахстан", "ru"), ("Qamshy.kz", "kk"), ("Turkystan.kz", "kk"),
    ("Приуралье", "ru"),
]  # fmt: skip
REGIONAL_PAPER = [("Вечерний {}", "ru"), ("{} ақшамы", "kk"), ("{} жаршысы", "kk")]
CITIES = ["Астана", "Алматы", "Шымкент", "Караганда", "Актобе", "Уральск", "Павлодар", "Семей", "Костанай",
          "Атырау", "Тараз", "Кызылорда", "Туркестан", "Петропавловск", "Усть-Каменогорск", "Актау", "Талдыкорган"]

FIRST_NAMES_MALE = ["Дархан", "Марат", "Серик", "Ерлан", "Нурлан", "Асхат", "Бауыржан", "Ержан", "Данияр",
                    "Айдос", "Ақжол", "Мұрат", "Қайрат", "Ғалым", "Әділ", "Жандос", "Талғат", "Абылай", "Табигат",
                    "Маулен", "Тимур", "Азамат", "Арман", "Ербол", "Болат", "Қанат", "Ұлан", "Роман", "Сергей",
                    "Андрей", "Владимир", "Игорь", "Алексей", "Дмитрий", "Виктор", "Олег"]
FIRST_NAMES_FEMALE = ["Алуа", "Гүлжанар", "Дарина", "Айгерим", "Жанар", "Әсел", "Динара", "Сәуле", "Айжан",
                      "Мадина", "Ләззат", "Гүлнар", "Ақмарал", "Жұлдыз", "Вера", "Галина", "Ольга", "Елена",
                      "Наталья", "Ирина", "Татьяна"]
# Male forms; -ов/-ев/-ин take -а for women, the rest stay.
SURNAMES = ["Жазықбай", "Башимов", "Акылбай", "Джумурбаев", "Зейнулкабден", "Сәрсенбаев", "Нұрланов", "Қасымов",
            "Әбдіров", "Бекмұратов", "Өтепов", "Тұрсынов", "Жұмабаев", "Серікбаев", "Құдайбергенов", "Оспанов",
            "Ахметов", "Исабеков", "Мұқанов", "Байжанов", "Төлеуов", "Ермеков", "Сұлтанбеков", "Қалиев",
            "Әбілов", "Мамыров", "Шөкеев", "Телагисов", "Жолдыбалин", "Ибраев", "Рахимов", "Смағұлов",
            "Қожахметов", "Әбдіраш", "Ким", "Василенко", "Иванов", "Петров", "Смирнов", "Кузнецов", "Волков",
            "Павленко", "Шевченко", "Ли", "Цой", "Пак", "Новиков", "Лебедев"]
# People named in the seeds, most-mentioned first: they top the person facet.
KNOWN_PEOPLE = [
    ("Касым-Жомарт Токаев", "Президент Республики Казахстан", "Мемлекет басшысы", False,
     ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev")),
    ("Маулен Ашимбаев", "председатель Сената", "Сенат төрағасы", False, ("Mäulen Äşımbaev",)),
    ("Вера Ким", "депутат Мажилиса", "Мәжіліс депутаты", True, ()),
    ("Роман Василенко", "посол Казахстана в Бельгии", "Қазақстанның Бельгиядағы елшісі", False, ()),
    ("Дархан Жазықбай", "председатель АДГС", "МҚІА төрағасы", False, ()),
    ("Алуа Жолдыбалина", "замдиректора КИСИ", "ҚСЗИ директорының орынбасары", True, ()),
]
ROLES = [
    ("депутат Мажилиса", "Мәжіліс депутаты"), ("сенатор", "сенатор"), ("аким области", "облыс әкімі"),
    ("председатель маслихата", "мәслихат төрағасы"), ("эксперт", "сарапшы"), ("политолог", "саясаттанушы"),
    ("член Конституционной комиссии", "Конституциялық комиссия мүшесі"), ("юрист", "заңгер"),
    ("общественный деятель", "қоғам қайраткері"), ("профессор", "профессор"), ("журналист", "журналист"),
    ("руководитель НПО", "ҮЕҰ жетекшісі"), ("член ЦИК", "ОСК мүшесі"), ("волонтер", "волонтер"),
]  # fmt: skip
PEOPLE_COUNT = 320

REAL_ORGANISATIONS = [
    ("Конституционная комиссия", "Конституциялық комиссия", ""),
    ("Мажилис Парламента Республики Казахстан", "ҚР Парламенті Мәжілісі", ""),
    ("Сенат Парламента Республики Казахстан", "ҚР Парламенті Сенаты", ""),
    ("Центральная избирательная комиссия", "Орталық сайлау комиссиясы", "ЦИК"),
    ("Партия AMANAT", "AMANAT партиясы", "AMANAT"),
    ("Ассамблея народа Казахстана", "Қазақстан халқы Ассамблеясы", "АНК"),
    ("Казахстанский институт стратегических исследований", "Қазақстанның стратегиялық зерттеулер институты", "КИСИ"),
    ("Агентство по делам государственной службы", "Мемлекеттік қызмет істері агенттігі", "АДГС"),
    ("Академия государственного управления", "Мемлекеттік басқару академиясы", ""),
    ("Национальная волонтерская сеть", "Ұлттық волонтерлік желі", ""),
    ("Союз юристов Казахстана", "Қазақстан заңгерлер одағы", ""),
    ("Министерство иностранных дел", "Сыртқы істер министрлігі", "МИД"),
    ("Министерство юстиции", "Әділет министрлігі", "Минюст"),
    ("Конституционный суд", "Конституциялық сот", ""),
    ("Верховный суд", "Жоғарғы сот", ""),
    ("Генеральная прокуратура", "Бас прокуратура", ""),
    ("Ассамблея жастары", "Ассамблея жастары", ""),
    ("Европейский союз", "Еуропалық Одақ", "ЕС"),
    ("Yandex Qazaqstan", "Yandex Qazaqstan", ""),
]  # fmt: skip
REGIONS = [
    ("Акмолинской области", "Ақмола облысы"), ("Актюбинской области", "Ақтөбе облысы"),
    ("Алматинской области", "Алматы облысы"), ("Атырауской области", "Атырау облысы"),
    ("Западно-Казахстанской области", "Батыс Қазақстан облысы"), ("Жамбылской области", "Жамбыл облысы"),
    ("Карагандинской области", "Қарағанды облысы"), ("Костанайской области", "Қостанай облысы"),
    ("Кызылординской области", "Қызылорда облысы"), ("Мангистауской области", "Маңғыстау облысы"),
    ("Павлодарской области", "Павлодар облысы"), ("Северо-Казахстанской области", "Солтүстік Қазақстан облысы"),
    ("Туркестанской области", "Түркістан облысы"), ("Восточно-Казахстанской области", "Шығыс Қазақстан облысы"),
    ("области Абай", "Абай облысы"), ("области Жетісу", "Жетісу облысы"), ("области Ұлытау", "Ұлытау облысы"),
    ("города Астаны", "Астана қаласы"), ("города Алматы", "Алматы қаласы"), ("города Шымкента", "Шымкент қаласы"),
]  # fmt: skip
REGIONAL_BODIES = [
    ("Акимат {}", "{} әкімдігі"), ("Маслихат {}", "{} мәслихаты"),
    ("Управление образования {}", "{} білім басқармасы"),
    ("Управление общественного развития {}", "{} қоғамдық даму басқармасы"),
    ("Филиал партии AMANAT {}", "AMANAT партиясының {} филиалы"),
    ("Молодежный ресурсный центр {}", "{} жастар ресурстық орталығы"),
    ("Избирательная комиссия {}", "{} сайлау комиссиясы"),
]  # fmt: skip
ORGANISATION_COUNT = 150

EVENT_TOPICS = ["Новая Конституция – ориентир на будущее", "Справедливый Казахстан", "Закон и порядок",
                "Права человека в новой Конституции", "Народный совет и гражданское общество",
                "Молодежь и Основной закон", "Цифровые права граждан", "Конституция и местное самоуправление"]
EVENT_COUNT = 40


def _kazakh_female(surname: str) -> str:
    return surname + "а" if re.search(r"(?:ов|ев|ин)$", surname) else surname


def _latin_name(name: str) -> str:
    """A press-style Latin spelling: Тоқаев → Tokayev (enough for a name alias)."""
    table = str.maketrans({
        "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "і": "i", "э": "e", "ю": "yu", "я": "ya",
        "ь": "", "ъ": "", "ё": "yo",
    })  # fmt: skip
    words = [w.lower().translate(table).replace("aev", "ayev").replace("ai", "ay") for w in name.split()]
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def make_sources(rng: random.Random, count: int = 30) -> list[Source]:
    taken: set[str] = set()
    sources = []
    for name, language in REAL_SOURCES:
        domain = name.lower() if re.search(r"\.(?:kz|ru|media)$", name, re.I) else ""
        sources.append(Source(name, _unique(slugify(name), taken), domain, language))
    cities = rng.sample(CITIES, len(CITIES))
    while len(sources) < count:
        pattern, language = REGIONAL_PAPER[len(sources) % len(REGIONAL_PAPER)]
        name = pattern.format(cities.pop())
        sources.append(Source(name, _unique(slugify(name), taken), "", language))
    return sources


def make_people(rng: random.Random, count: int = PEOPLE_COUNT) -> list[Person]:
    taken: set[str] = set()
    people = []
    for name, role_ru, role_kk, female, aliases in KNOWN_PEOPLE:
        spellings = tuple(dict.fromkeys(a for a in (russian_spelling(name), *aliases) if a != name))
        people.append(Person(name, _unique(slugify(name), taken), role_ru, role_kk, female, spellings))
    names = {p.name for p in people}
    while len(people) < count:
        female = rng.random() < 0.35
        first = rng.choice(FIRST_NAMES_FEMALE if female else FIRST_NAMES_MALE)
        surname = rng.choice(SURNAMES)
        name = f"{first} {_kazakh_female(surname) if female else surname}"
        if name in names:
            continue
        names.add(name)
        role_ru, role_kk = rng.choice(ROLES)
        aliases = tuple(dict.fromkeys(a for a in (russian_spelling(name), _latin_name(name)) if a != name))
        people.append(Person(name, _unique(slugify(name), taken), role_ru, role_kk, female, aliases))
    return people


def make_organisations(rng: random.Random, count: int = ORGANISATION_COUNT) -> list[Organisation]:
    taken: set[str] = set()
    organisations = [Organisation(ru, _unique(slugify(ru), taken), kk, abbr) for ru, kk, abbr in REAL_ORGANISATIONS]
    combinations = [(body, region) for body in REGIONAL_BODIES for region in REGIONS]
    rng.shuffle(combinations)
    for (ru_pattern, kk_pattern), (region_ru, region_kk) in combinations[: count - len(organisations)]:
        name = ru_pattern.format(region_ru)
        organisations.append(Organisation(name, _unique(slugify(name), taken), kk_pattern.format(region_kk)))
    return organisations


def make_events(rng: random.Random, count: int = EVENT_COUNT) -> list[Event]:
    taken: set[str] = set()
    events = [Event("Республиканский референдум по проекту новой Конституции",
                    _unique("референдум-2026", taken), "referendum", "2026-03-15", "Казахстан")]
    for n in range(1, 11):
        day = FIRST_DAY + dt.timedelta(days=14 * n)
        title = f"Заседание Конституционной комиссии № {n}"
        events.append(Event(title, _unique(slugify(title), taken), "session", day.isoformat(), "Астана"))
    while len(events) < count:
        city = rng.choice(CITIES)
        kind, title = rng.choice([
            ("round_table", f"Круглый стол «{rng.choice(EVENT_TOPICS)}» ({city})"),
            ("presentation", f"Презентация проекта новой Конституции ({city})"),
            ("meeting", f"Встреча с избирателями по проекту Конституции ({city})"),
        ])  # fmt: skip
        day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        events.append(Event(title, _unique(slugify(title), taken), kind, day.isoformat(), city))
    return events


# ---------------------------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------------------------

_PERSON_SENTENCES = {
    "ru": [
        "{Role} {name} отметил{a}, что {clause}.",
        "Как подчеркнул{a} {role} {name}, {clause}.",
        "«{sentence}», — сказал{a} {name}.",
        "В обсуждении принял{a} участие {role} {name}.",
    ],
    "kk": [
        "{Role} {name} {clause} деп атап өтті.",
        "«{sentence}», – деді {name}.",
        "Іс-шараға {role} {name} қатысты.",
    ],
}
_ORGANISATION_SENTENCES = {
    "ru": ["В мероприятии участвовали представители организации «{name}».", "Организатор встречи: {name}."],
    "kk": ["Іс-шараға «{name}» өкілдері қатысты.", "Кездесуді {name} ұйымдастырды."],
}


class ArticleFactory:
    """Everything an article is drawn from; `article(n)` is a pure function of (seed, n)."""

    def __init__(self, seed: int, sources: list[Source], people: list[Person], organisations: list[Organisation],
                 events: list[Event], pools: dict[str, list[str]]) -> None:  # fmt: skip
        self.seed = seed
        self.pools = pools
        self.titles = {language: title_candidates(sentences) for language, sentences in pools.items()}
        self.lexicon = {language: invented_lexicon(language, size, seed) for language, size in LEXICON_SIZE.items()}
        self.lexicon_weights = {language: zipf_cumulative(size) for language, size in LEXICON_SIZE.items()}
        self.sources = {
            language: [s for s in sources if s.language in (language, "mixed")] for language in ("ru", "kk")
        }
        self.people = people
        self.people_weights = zipf_cumulative(len(people), 0.9)  # a few people are in the news every day
        self.organisations = organisations
        self.organisation_weights = zipf_cumulative(len(organisations), 0.8)
        self.events = events
        self.months = list(MONTH_WEIGHTS)
        self.month_weights = list(accumulate(MONTH_WEIGHTS.values()))

    def article(self, number: int) -> Article:
        rng = random.Random(f"{self.seed}:{number}")
        language = "kk" if rng.random() < KAZAKH_SHARE else "ru"
        people = self._pick(rng, self.people, self.people_weights, rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5)))
        organisations = self._pick(rng, self.organisations, self.organisation_weights, rng.choice((0, 0, 1, 1, 2, 3)))
        event = rng.choice(self.events).slug if rng.random() < 0.3 else None
        sentences = [self._with_rare_words(rng, s, language) for s in self._sentences(rng, language)]
        person_mentions = []
        for person in people:
            sentence, mention = self._person_sentence(rng, person, language)
            sentences.insert(rng.randrange(len(sentences) + 1), sentence)
            person_mentions.append(mention)
        org_mentions = []
        for organisation in organisations:
            name = organisation.name if language == "ru" else organisation.name_kk
            surface = organisation.abbreviation if organisation.abbreviation and rng.random() < 0.3 else name
            template = rng.choice(_ORGANISATION_SENTENCES[language])
            sentences.insert(rng.randrange(len(sentences) + 1), template.format(name=surface))
            org_mentions.append(Mention(organisation.slug, surface))
        return Article(
            number=number,
            title=self._title(rng, language, people),
            body=self._paragraphs(rng, sentences),
            language=language,
            published_on=self._date(rng),
            source=rng.choice(self.sources[language]).slug,
            people=tuple(person_mentions),
            organisations=tuple(org_mentions),
            event=event,
        )

    @staticmethod
    def _pick(rng: random.Random, items: list, weights: Sequence[float], count: int) -> list:
        chosen = dict.fromkeys(rng.choices(items, cum_weights=weights, k=count))  # popular ones more often
        return list(chosen)

    def _sentences(self, rng: random.Random, language: str) -> list[str]:
        pool = self.pools[language]
        count = rng.randint(*SENTENCES_PER_ARTICLE)
        return rng.sample(pool, count) if count <= len(pool) else rng.choices(pool, k=count)

    def _with_rare_words(self, rng: random.Random, sentence: str, language: str) -> str:
        extra = rng.choices((0, 1, 2), weights=(45, 40, 15))[0]
        if not extra:
            return sentence
        words = sentence.split(" ")
        inserted = rng.choices(self.lexicon[language], cum_weights=self.lexicon_weights[language], k=extra)
        for word in inserted:
            words.insert(rng.randint(1, len(words)), word)  # never first: sentences keep their capital
        return " ".join(words)

    def _person_sentence(self, rng: random.Random, person: Person, language: str) -> tuple[str, Mention]:
        if language == "kk":
            name, role = person.kazakh_form, person.role_kk
        else:  # Russian text mostly drops the Kazakh letters, as the press does
            name = person.russian_form if rng.random() < 0.8 else person.name
            role = person.role_ru
        clause_source = rng.choice(self.pools[language]).rstrip(".!?…")
        clause = clause_source[0].lower() + clause_source[1:]
        template = rng.choice(_PERSON_SENTENCES[language])
        sentence = template.format(name=name, role=role, Role=role[0].upper() + role[1:], clause=clause,
                                   sentence=clause_source, a="а" if person.female else "")  # fmt: skip
        return sentence, Mention(person.slug, name, role)

    def _title(self, rng: random.Random, language: str, people: list[Person]) -> str:
        title = rng.choice(self.titles[language])
        if people and rng.random() < 0.3:
            name = people[0].kazakh_form if language == "kk" else people[0].russian_form
            title = f"{name.split()[-1]}: {title[0].lower()}{title[1:]}"
        return title

    @staticmethod
    def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
        paragraphs, start = [], 0
        while start < len(sentences):
            size = rng.randint(1, 4)
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size
        return "\n\n".join(paragraphs)

    def _date(self, rng: random.Random) -> str | None:
        if rng.random() < UNDATED_SHARE:
            return None
        year, month = rng.choices(self.months, cum_weights=self.month_weights)[0]
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return (first + dt.timedelta(days=rng.randrange((following - first).days))).isoformat()


def generate_corpus(articles: int, seed: int = 1, seeds_dir: Path = SEEDS_DIR) -> Corpus:
    rng = random.Random(seed)
    sources, people = make_sources(rng), make_people(rng)
    organisations, events = make_organisations(rng), make_events(rng)
    factory = ArticleFactory(seed, sources, people, organisations, events, seed_sentences(seeds_dir))
    checksum = _digest({"generator": GENERATOR_VERSION, "articles": articles, "seed": seed,
                        "seeds": _digest(sorted(p.read_bytes().hex() for p in seeds_dir.glob("*.txt")))})  # fmt: skip

    def articles_() -> Iterator[Article]:
        return (factory.article(n) for n in range(1, articles + 1))

    return Corpus(seed, articles, sources, people, organisations, events, articles_, checksum)


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------------------------
# JSONL: one article a line, entities spelled out, so any engine can be fed exactly the same archive
# ---------------------------------------------------------------------------------------------------------------


def article_record(corpus: Corpus, article: Article) -> dict:
    """An article with its entities in full (names, aliases, roles), as one JSON-ready dict."""
    record = asdict(article)
    record["source"] = asdict(corpus.source(article.source))
    record["people"] = [
        {**asdict(corpus.person(m.slug)), "surface": m.surface, "mention_role": m.role} for m in article.people
    ]
    record["organisations"] = [
        {**asdict(corpus.organisation(m.slug)), "aliases": list(corpus.organisation(m.slug).aliases),
         "surface": m.surface} for m in article.organisations
    ]  # fmt: skip
    record["event"] = asdict(corpus.event(article.event)) if article.event else None
    return record


def dump_jsonl(corpus: Corpus, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for article in corpus.articles():
            out.write(json.dumps(article_record(corpus, article), ensure_ascii=False) + "\n")
            count += 1
    return count


def load_jsonl(path: Path) -> Corpus:
    """A corpus from a dump: one pass for the entities (kept), articles re-read from the file on each use."""
    sources: dict[str, Source] = {}
    people: dict[str, Person] = {}
    organisations: dict[str, Organisation] = {}
    events: dict[str, Event] = {}
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            count += 1
            sources.setdefault(record["source"]["slug"], Source(**record["source"]))
            for p in record["people"]:
                fields = {k: v for k, v in p.items() if k not in ("surface", "mention_role")}
                people.setdefault(p["slug"], Person(**{**fields, "aliases": tuple(fields["aliases"])}))
            for o in record["organisations"]:
                organisations.setdefault(o["slug"], Organisation(o["name"], o["slug"], o["name_kk"], o["abbreviation"]))
            if record["event"]:
                events.setdefault(record["event"]["slug"], Event(**record["event"]))

    def articles_() -> Iterator[Article]:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                yield _article_from_record(json.loads(line))

    checksum = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return Corpus(0, count, list(sources.values()), list(people.values()), list(organisations.values()),
                  list(events.values()), articles_, checksum)  # fmt: skip


def _article_from_record(record: dict) -> Article:
    return Article(
        number=record["number"],
        title=record["title"],
        body=record["body"],
        language=record["language"],
        published_on=record["published_on"],
        source=record["source"]["slug"],
        people=tuple(Mention(p["slug"], p["surface"], p.get("mention_role", "")) for p in record["people"]),
        organisations=tuple(Mention(o["slug"], o["surface"]) for o in record["organisations"]),
        event=record["event"]["slug"] if record["event"] else None,
    )
