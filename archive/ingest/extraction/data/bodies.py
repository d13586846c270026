"""The state bodies of the constitutional reform, in Russian, Kazakh and English: one record each, whatever the
language of the text that names it.

`name` is the record's name (Russian, as the archive's other canonical names); every other name, in Kazakh,
English, and every abbreviation, becomes an alias of that one record, so a Kazakh text's «Орталық сайлау
комиссиясы» and a Russian text's «ЦИК» link to the same organisation, and a search in one language finds the
texts in the others. `forms` are regular expressions over the folded text (lower case, Kazakh letters folded onto
Russian ones: Мәжіліс → мажилис) that find the body in any grammatical case; `capitalised` bodies are one common
word (Сенат, Правительство) and count only when written with a capital. `abbreviations` are matched as printed,
those of two letters (КС) only when the text spells the name out too (see organisations._add_acronyms).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    name: str  # Russian: the record's name
    kk: str
    en: str
    forms: tuple[str, ...]
    abbreviation: str = ""  # the record's (Russian) abbreviation
    abbreviations: tuple[str, ...] = ()  # every abbreviation matched in a text, the record's first
    also: tuple[str, ...] = ()  # other names seen in the press, kept as aliases
    variants: tuple[str, ...] = ()  # longer forms recognised as the body but not kept (see below)
    capitalised: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Every name and abbreviation of the body, the record's name first."""
        return tuple(dict.fromkeys((self.name, self.kk, self.en, *self.also, *self.abbreviations)))


# Why `variants` are not aliases: an alias of several words is also found by its last word alone (the rule that
# lets «Ашимбаев» find «Маулен Ашимбаев»), so an alias «Мажилис Парламента» would make a lone «Парламент» link
# to the Mazhilis.


BODIES: tuple[Body, ...] = (
    Body("Конституционная комиссия", "Конституциялық комиссия", "Constitutional Commission",
         (r"конституционн\w*\s+комисси\w*", r"конституциялык\s+комиссия\w*", r"constitutional\s+commission")),
    Body("Центральная избирательная комиссия", "Орталық сайлау комиссиясы", "Central Election Commission",
         (r"центральн\w*\s+избирательн\w*\s+комисси\w*", r"орталык\s+сайлау\s+комиссия\w*",
          r"central\s+election\s+commission", r"центральн\w*\s+комисси\w*\s+референдума",
          r"орталык\s+референдум\s+комиссия\w*", r"central\s+referendum\s+commission"),
         abbreviation="ЦИК", abbreviations=("ЦИК", "ОСК", "CEC"),
         also=("Центральная комиссия референдума", "Орталық референдум комиссиясы", "Central Referendum Commission")),
    Body("Конституционный суд", "Конституциялық сот", "Constitutional Court",
         (r"конституционн\w*\s+суд(?:а|у|ом|е)?\b", r"конституциялык\s+сот(?!тар)\w*", r"constitutional\s+court"),
         abbreviation="КС", abbreviations=("КС",)),
    Body("Мажилис", "Мәжіліс", "Mazhilis",
         (r"мажилис(?!мен)\w*", r"ma[zj]h?ilis\w*"), also=("Majilis",),
         variants=("Мажилис Парламента", "Парламент Мәжілісі"),
         capitalised=True),
    Body("Сенат", "Сенат", "Senate",
         (r"сенат(?!ор)\w*", r"senate\b"), variants=("Сенат Парламента", "Парламент Сенаты"), capitalised=True),
    Body("Парламент", "Парламент", "Parliament",
         (r"парламент(?!ар|ск|тик)\w*", r"parliament(?!ar)\b"), capitalised=True),
    Body("Правительство", "Үкімет", "Government",
         (r"правительств(?!енн)\w*", r"укимет\w*"), capitalised=True),
    Body("Администрация Президента", "Президент Әкімшілігі", "Presidential Administration",
         (r"администраци\w*\s+президента", r"президент\s+акимшилиг\w*", r"presidential\s+administration")),
    Body("Национальный курултай", "Ұлттық құрылтай", "National Kurultai",
         (r"национальн\w*\s+курулта[йяею]\w*", r"улттык\s+курылтай\w*", r"national\s+kurultai")),
    Body("Курултай", "Құрылтай", "Kurultai", (r"курулта[йяею]\w*", r"курылтай\w*", r"kurultai\b"), capitalised=True),
)  # fmt: skip
