"""The outlets of this coverage, as data: one canonical name each, its domains and the spellings texts use. No Django.

A text names its outlet in many ways (`KAZINFORM`, `Qazinform`, `kazinform.kz`, `inform.kz`, `МИА «Казинформ»`,
`ҚазАқпарат`); each of them resolves here to one canonical name, so the archive keeps one Source row per outlet.
An outlet the table does not know keeps its name as the text writes it (`canonical_source`).

Kazakh outlets are written in three scripts: a name in Kazakh Latin (`Aqorda`, `Aıqyn`) or in the Arabic script of
the Kazakh press of Xinjiang is also looked up through its Cyrillic reading, so the table lists a Kazakh name once,
in Cyrillic, and every script finds it.

An official body's website (akorda.kz, primeminister.kz) carries its press releases: such an outlet has `issuer`,
the body a text from it is issued by when the text does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.text import fold
from archive.text.scripts import arabic_to_cyrillic, latin_to_cyrillic


@dataclass(frozen=True)
class Outlet:
    name: str  # canonical: what the Source row is called
    domains: tuple[str, ...] = ()  # the first is the outlet's own; a host under any of them is this outlet
    aliases: tuple[str, ...] = ()  # other spellings, any case or script (the lookup folds case and Kazakh letters)
    issuer: str = ""  # for an official body's website: the body its texts are issued by

    @property
    def domain(self) -> str:
        return self.domains[0] if self.domains else ""


OUTLETS: tuple[Outlet, ...] = (
    # Kazakhstan: agencies, papers, portals, broadcasters
    Outlet("Kazinform", ("kazinform.kz", "inform.kz", "qazinform.com", "lenta.inform.kz"),
           ("Qazinform", "Kazinform International", "Казинформ", "ҚазАқпарат", "Қазақпарат", "Kazinform News Agency",
            "Qazinform News Agency")),
    Outlet("Kazpravda.kz", ("kazpravda.kz",),
           ("Kazpravda", "Казправда", "Казахстанская правда", "Kazakhstanskaya Pravda")),
    Outlet("Tengrinews.kz", ("tengrinews.kz",), ("Tengrinews", "Тенгриньюс", "Tengri News")),
    Outlet("BAQ.KZ", ("baq.kz",), ("BAQ",)),
    Outlet("Egemen Qazaqstan", ("egemen.kz",), ("Egemen", "Егемен Қазақстан", "Егемен Казахстан", "Egemen Kazakhstan",
                                                "Егемен Қазақстан газеті")),
    Outlet("Aikyn", ("aikyn.kz",), ("Айқын", "Айкын", "Aiqyn")),
    Outlet("Ana tili", ("anatili.kz",), ("Ана тілі", "Ана тили", "Ana tili gazeti", "Ана тілі газеті")),
    Outlet("Vlast.kz", ("vlast.kz",), ("Vlast", "Власть")),
    Outlet("Orda.kz", ("orda.kz",), ("Orda", "Орда")),
    Outlet("Informburo.kz", ("informburo.kz",), ("Informburo", "Информбюро")),
    Outlet("KTK", ("ktk.kz",), ("КТК", "Коммерческое телевидение Казахстана")),
    Outlet("Khabar", ("khabar.kz",), ("Хабар", "Khabar Agency", "Агентство Хабар", "Хабар агенттігі", "Khabar TV")),
    Outlet("24.kz", ("24.kz",), ("Хабар 24", "Khabar 24", "24KZ", "24 KZ", "Телеканал Хабар 24")),
    Outlet("Zakon.kz", ("zakon.kz",), ("Zakon", "Закон.кз", "Закон кз")),
    Outlet("NUR.KZ", ("nur.kz",), ("NUR", "Нур.кз")),
    Outlet("Total.kz", ("total.kz",), ("Total", "Тотал")),
    Outlet("Kursiv", ("kursiv.media", "kursiv.kz"), ("Курсив", "Kursiv Media")),
    Outlet("Liter.kz", ("liter.kz",), ("Литер", "Liter")),
    Outlet("KazTAG", ("kaztag.kz",), ("КазТАГ", "Казахское телеграфное агентство")),
    Outlet("Bnews.kz", ("bnews.kz",), ("Bnews",)),
    Outlet("DKNews.kz", ("dknews.kz",), ("DKNews", "Деловой Казахстан")),
    Outlet("Kapital.kz", ("kapital.kz",), ("Капитал.кз",)),
    Outlet("Forbes Kazakhstan", ("forbes.kz",), ("Forbes.kz", "Форбс Казахстан")),
    Outlet("Inbusiness.kz", ("inbusiness.kz",), ("Inbusiness",)),
    Outlet("Ulysmedia.kz", ("ulysmedia.kz",), ("Ulysmedia", "Ulys Media")),
    Outlet("Lada.kz", ("lada.kz",), ()),
    Outlet("Caravan", ("caravan.kz",), ("Караван",)),
    Outlet("Express K", ("exk.kz",), ("Экспресс К", "Экспресс-К")),
    Outlet("Central Asia Monitor", ("camonitor.kz",), ("CAMonitor",)),
    Outlet("Qazaqstan TV", ("qazaqstantv.kz", "kaztrk.kz"), ("Qazaqstan телеарнасы", "Казахстан ТВ")),
    Outlet("Jibek Joly", ("jibekjoly.kz",), ("Жібек жолы", "Жибек жолы")),
    Outlet("Kazakh TV", ("kazakh-tv.kz",), ()),
    Outlet("Almaty TV", ("almaty.tv",), ("Алматы ТВ",)),
    Outlet("Atameken Business", ("abctv.kz",), ("Atameken Business Channel", "Атамекен Бизнес")),
    Outlet("Abai.kz", ("abai.kz",), ()),
    Outlet("Qamshy.kz", ("qamshy.kz",), ("Qamshy", "Қамшы")),
    Outlet("El.kz", ("el.kz",), ()),
    Outlet("Ult.kz", ("ult.kz",), ()),
    Outlet("Jas Alash", ("jasalash.kz",), ("Жас Алаш",)),
    Outlet("Turkystan gazeti", ("turkystan.kz",), ("Түркістан газеті",)),
    Outlet("Priuralye", ("pr.kz",), ("Приуралье",)),
    Outlet("Uralskaya Nedelya", ("uralskweek.kz",), ("Уральская неделя",)),
    Outlet("Ak Zhaiyk", ("azh.kz",), ("Ак Жайык", "Ақ Жайық")),
    Outlet("Diapazon", ("diapazon.kz",), ("Диапазон",)),
    Outlet("Vremya", ("time.kz",), ("Время.kz",)),
    Outlet("365info.kz", ("365info.kz",), ()),
    Outlet("Exclusive.kz", ("exclusive.kz",), ()),
    Outlet("Factcheck.kz", ("factcheck.kz",), ()),
    Outlet("Strategy2050.kz", ("strategy2050.kz",), ()),
    Outlet("Sputnik Kazakhstan", ("sputnik.kz",), ("Sputnik Казахстан", "Спутник Казахстан", "Sputnik")),
    Outlet("The Astana Times", ("astanatimes.com",), ("Astana Times",)),
    Outlet("Azattyq", ("azattyq.org", "rus.azattyq.org", "rferl.org"),
           ("RFE/RL", "Radio Free Europe/Radio Liberty", "Radio Azattyq", "Азаттык", "Азаттық", "Радио Азаттык",
            "Азаттық радиосы")),
    # Russia and international
    Outlet("Interfax", ("interfax.ru", "interfax.kz", "interfax.com"), ("Интерфакс", "Интерфакс-Казахстан",
                                                                       "Interfax-Kazakhstan")),
    Outlet("TASS", ("tass.ru", "tass.com"), ("ТАСС",)),
    Outlet("RIA Novosti", ("ria.ru",), ("РИА Новости", "RIA")),
    Outlet("Reuters", ("reuters.com",), ("Рейтер", "Reuters News")),
    Outlet("AP", ("apnews.com",), ("Associated Press", "The Associated Press", "Ассошиэйтед Пресс")),
    Outlet("AFP", ("afp.com",), ("Agence France-Presse", "Франс Пресс", "Франс-Пресс")),
    # Xinhua's Kazakh service (Урімші) writes its name Шинхуа: «Шинхуа агенттігі», in the Arabic script too
    Outlet("Xinhua", ("xinhuanet.com", "news.cn"), ("Синьхуа", "Xinhua News Agency", "Шинхуа", "Шинхуа агенттігі")),
    Outlet("RBC", ("rbc.ru",), ("РБК",)),
    Outlet("Kommersant", ("kommersant.ru",), ("Коммерсантъ", "Коммерсант")),
    Outlet("Lenta.ru", ("lenta.ru",), ()),
    Outlet("Rossiyskaya Gazeta", ("rg.ru",), ("Российская газета",)),
    Outlet("Izvestia", ("iz.ru",), ("Известия",)),
    Outlet("Fergana News", ("fergana.news", "fergana.agency", "fergana.ru"), ("Фергана.Ру", "Fergana.Agency")),
    Outlet("24.kg", ("24.kg",), ()),
    Outlet("AKIpress", ("akipress.com", "akipress.org"), ("АКИpress",)),
    Outlet("Trend News Agency", ("trend.az",), ()),
    Outlet("BBC", ("bbc.com", "bbc.co.uk"), ("Би-би-си", "BBC News")),
    Outlet("Bloomberg", ("bloomberg.com",), ("Блумберг",)),
    Outlet("The Diplomat", ("thediplomat.com",), ()),
    Outlet("Euronews", ("euronews.com",), ("Евроньюс",)),
    Outlet("DW", ("dw.com",), ("Deutsche Welle", "Немецкая волна")),
    Outlet("Eurasianet", ("eurasianet.org",), ("Евразиянет",)),
    Outlet("The Times of Central Asia", ("timesca.com",), ("Times of Central Asia",)),
    # Official bodies' websites: their texts are press releases
    Outlet("Akorda", ("akorda.kz",), ("Акорда", "Ақорда", "Ак Орда", "Akorda press service", "Пресс-служба Акорды",
                                      "Ақорда баспасөз қызметі", "Ақорданың баспасөз қызметі"),
           issuer="Akorda (press service of the President of Kazakhstan)"),
    Outlet("primeminister.kz", ("primeminister.kz",), ("Правительство РК", "Үкімет"),
           issuer="Government of Kazakhstan (press service of the Prime Minister)"),
    Outlet("gov.kz", ("gov.kz", "egov.kz"), ()),
    Outlet("Parlam.kz", ("parlam.kz", "senate.parlam.kz", "mazhilis.parlam.kz"), ()),
    # Xinjiang (China): the Kazakh-language press prints its name in the Arabic script (töte jazu), and that
    # masthead is the canonical name; the Cyrillic and Latin spellings are aliases (the Arabic ones with or
    # without the hamza are read through the Cyrillic, see the module's docstring).
    Outlet("شىڭجاڭ گازەتى", ("xjrb.com", "xjdaily.com"), ("Шыңжаң газеті", "Shinjang gazeti", "Xinjiang Daily",
                                                         "Синьцзян жибао", "Шинжаң газеті")),
    Outlet("ىلە گازەتى", (), ("Іле газеті", "Ile gazeti", "Ili gazeti", "Или газети", "Ili Daily")),
    Outlet("التاي گازەتى", (), ("Алтай газеті", "Altai gazeti", "Altay Daily")),
    Outlet("تارباعاتاي گازەتى", (), ("Тарбағатай газеті", "Tarbagatai gazeti", "Tacheng Daily")),
    Outlet("ٴتاڭىرتاۋ تورى", ("ts.cn",), ("Тәңіртау торы", "Tianshan Net", "Tianshannet", "Тяньшань")),
    Outlet("حالىق تورى", ("people.com.cn", "people.cn"), ("Халық торы", "People's Daily Online", "Жэньминь жибао")),
    Outlet("CRI", ("cri.cn",), ("China Radio International", "Қытай халықаралық радиосы", "Международное радио Китая")),
)  # fmt: skip

# Words around an outlet's name that are not part of it: «МИА «Казинформ»», «агенттігі», «news agency».
_GENERIC = (
    r"мха|миа|иа|информагентство|информационное агентство|агентство|агентства|агенттігі|агенттігінің|портал|портала"
    r"|порталы|издание|издания|газета|газеты|газетасы|телеканал|телеканала|телеарнасы|сайт|сайта|сайты"
    r"|news agency|agency|newspaper|news|website|the"
)
_GENERIC_WORD = re.compile(rf"^(?:{_GENERIC})\s+|\s+(?:{_GENERIC})$")
_PUNCT = re.compile(r"[«»\"“”„'’`ʼ()\[\]]")
_HOST = re.compile(r"^(?:https?://)?(?P<host>[\w\-]+(?:\.[\w\-]+)+)(?:[/:?#].*)?$")
_ARABIC_LETTER = re.compile(r"[\u0620-\u06d5]")
_LATIN_LETTER = re.compile(r"[a-zA-Z\u00c0-\u024f]")


def _key(name: str) -> str:
    """Case, quotes, Kazakh letters, a leading www. and a trailing dot do not distinguish an outlet's spellings."""
    key = _PUNCT.sub(" ", fold(name.casefold())).replace("\u0674", "")
    key = " ".join(key.split()).strip(" .,:;-–—")
    key = key.removeprefix("www.")
    for _ in range(3):  # «МИА «Казинформ»», «Kazinform news agency»: the name without the generic words
        shorter = _GENERIC_WORD.sub("", key).strip()
        if shorter == key or not shorter:
            break
        key = shorter
    return key


_BY_KEY: dict[str, Outlet] = {}
_BY_DOMAIN: dict[str, Outlet] = {}
for _outlet in OUTLETS:
    for _domain in _outlet.domains:
        _BY_DOMAIN.setdefault(_domain, _outlet)
    for _spelling in (_outlet.name, *_outlet.aliases, *_outlet.domains):
        _BY_KEY.setdefault(_key(_spelling), _outlet)


def outlet_for_host(host: str) -> Outlet | None:
    """The outlet of a host name (`www.inform.kz`, `ru.sputnik.kz`): the host or any parent domain in the table."""
    labels = host.lower().strip(".").removeprefix("www.").split(".")
    for start in range(len(labels) - 1):
        if outlet := _BY_DOMAIN.get(".".join(labels[start:])):
            return outlet
    return None


def outlet_named(name: str) -> Outlet | None:
    """The outlet a name, spelling or domain stands for (`KAZINFORM`, `Qazinform`, `inform.kz`, `Aqorda`,
    `ايقىن`); None if unknown."""
    key = _key(name)
    if not key:
        return None
    if outlet := _BY_KEY.get(key) or _BY_KEY.get(_key(_as_cyrillic(name))):
        return outlet
    if (match := _HOST.match(key)) and "." in match["host"]:
        return outlet_for_host(match["host"])
    return None


def _as_cyrillic(name: str) -> str:
    """A Kazakh name in the Arabic or Latin script read in Cyrillic (`Aqorda` → Ақорда); Cyrillic stays as is. An
    English name read so (`Reuters` → Реутерс) matches no Cyrillic spelling, so it cannot be mistaken for one."""
    if _ARABIC_LETTER.search(name):
        return arabic_to_cyrillic(name)
    if _LATIN_LETTER.search(name) and not _HOST.match(name.strip()):
        return latin_to_cyrillic(name)
    return name


def canonical_source(name: str) -> str:
    """The name the archive keeps for an outlet: the table's canonical name, or the name as written (trimmed)."""
    name = " ".join(name.split()).strip(" .,:;-–—")
    for left, right in ("«»", '""', "“”"):  # «Айқын» → Айқын, but «Новое поколение» stays whole inside a name
        if name.startswith(left) and name.endswith(right) and name.count(left) == (2 if left == right else 1):
            name = name[1:-1].strip()
    outlet = outlet_named(name)
    return outlet.name if outlet else name


def known_spellings() -> list[str]:
    """Every name and alias of the table (not domains), longest first: for finding outlets named in running text."""
    spellings = {spelling for outlet in OUTLETS for spelling in (outlet.name, *outlet.aliases)}
    return sorted(spellings, key=len, reverse=True)
