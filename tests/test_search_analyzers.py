"""The Whoosh analyzers, on their own and inside a real index built from the seeds."""

import pickle
from pathlib import Path

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from archive.search.analyzers import (
    ANALYZERS_VERSION,
    english_analyzer,
    kazakh_analyzer,
    keyword_folded_analyzer,
    name_analyzer,
    plain_analyzer,
    russian_analyzer,
)

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def seed_path(prefix: str) -> Path:
    # not conftest's helper: these tests need no Django
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    return path


ANALYZERS = {
    "russian": russian_analyzer,
    "kazakh": kazakh_analyzer,
    "english": english_analyzer,
    "name": name_analyzer,
    "keyword_folded": keyword_folded_analyzer,
    "plain": plain_analyzer,
}


def terms(analyzer, text, **kwargs):
    return [token.text for token in analyzer(text, **kwargs)]


# --- the analyzers on their own -------------------------------------------------------------------------------


def test_the_version_is_an_integer():
    assert isinstance(ANALYZERS_VERSION, int)


@pytest.mark.parametrize("make", ANALYZERS.values(), ids=ANALYZERS.keys())
def test_analyzers_survive_pickling_and_stay_deterministic(make):
    text = seed_path("003").read_text(encoding="utf-8")
    analyzer = make()
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer
    assert terms(copy, text) == terms(analyzer, text) == terms(make(), text)


def test_russian_analyzer_joins_case_forms():
    analyzer = russian_analyzer()
    assert len(set(terms(analyzer, "референдуму референдума референдум Референдумом"))) == 1
    assert len(set(terms(analyzer, "конституцию Конституции КОНСТИТУЦИЯ"))) == 1
    assert terms(analyzer, "ещё") == terms(analyzer, "еще")


def test_plain_analyzer_only_lowercases():
    assert terms(plain_analyzer(), "Қазақстанның Референдума, Kazpravda.kz") == [
        "қазақстанның",
        "референдума",
        "kazpravda",
        "kz",
    ]


def test_kazakh_analyzer_stems_and_folds():
    analyzer = kazakh_analyzer()
    # the script-neutral key writes ц as с and я as иа (2021 Latin: Konstitusia); see scripts.kazakh_search_key
    assert terms(analyzer, "Конституциясының Конституцияны") == ["конститусиа", "конститусиа"]
    # Kazakh typed without Kazakh letters still meets the proper spelling
    assert terms(analyzer, "Қазақстанда") == terms(analyzer, "Казакстанда") == ["казакстан"]


def test_kazakh_analyzer_meets_latin_and_arabic_kazakh():
    analyzer = kazakh_analyzer()
    same = [
        "Конституциясының Qazaqstanda Тоқаев",
        "Konstitusiasynyñ Қазақстанда Toqaev",  # 2021 Latin
        "Konstıtýtsııasynyń Qazaqstanda Toqaev",  # 2018 Latin
        "كونستيتۋتسياسىنىڭ قازاقستاندا توقايەۆ",  # Arabic script
    ]
    assert len({tuple(terms(analyzer, text)) for text in same}) == 1


def test_kazakh_analyzer_leaves_cyrillic_words_alone_and_converts_latin_ones_only_in_kazakh_fields():
    assert terms(kazakh_analyzer(), "референдум referendum") == ["референдум", "референдум"]
    assert terms(russian_analyzer(), "referendum") == ["referendum"]


def test_english_analyzer_stems_with_snowball():
    analyzer = english_analyzer()
    assert terms(analyzer, "referendum referendums Referendums") == ["referendum"] * 3
    assert terms(analyzer, "constitutional constitution Constitution's") == ["constitut"] * 3
    assert terms(analyzer, "Kazakhstan's a") == ["kazakhstan"]


def test_name_analyzer_gives_one_term_for_all_spellings_and_forms():
    analyzer = name_analyzer()
    text = "Tokayev Тоқаев Токаев Токаева Тоқаевтың Toqaev"
    assert set(terms(analyzer, text)) == {"tokaev"}


def test_name_analyzer_splits_double_names_and_drops_single_letters():
    assert terms(name_analyzer(), "Р. Василенко и Касым-Жомарт") == ["vasilenk", "kasim", "jomart"]


def test_keyword_folded_analyzer_leaves_a_gap_between_names():
    tokens = [(t.text, t.pos) for t in keyword_folded_analyzer()("Касым-Жомарт Токаев; Р. Василенко", positions=True)]
    assert [text for text, _ in tokens] == ["kasim", "jomart", "tokaev", "r", "vasilenk"]
    assert tokens[3][1] - tokens[2][1] > 1


@pytest.mark.parametrize("make", ANALYZERS.values(), ids=ANALYZERS.keys())
def test_character_offsets_point_into_the_original_text(make):
    text = "Депутат Дархан Жазықбай (Қазақстан) подчеркнул"
    for token in make()(text, chars=True):
        assert text[token.startchar : token.endchar].strip("().,; ") == text[token.startchar : token.endchar]
    spans = [text[t.startchar : t.endchar] for t in make()(text, chars=True)]
    assert "Жазықбай" in spans


# --- a real index ---------------------------------------------------------------------------------------------

PEOPLE = {
    "003": "Маулен Ашимбаев; Касым-Жомарт Токаев",
    "004": "Роман Василенко; Қасым-Жомарт Тоқаев; Георги Готев",
}


@pytest.fixture
def seed_index(tmp_path):
    schema = Schema(
        id=ID(stored=True, unique=True),
        ru=TEXT(analyzer=russian_analyzer()),
        kk=TEXT(analyzer=kazakh_analyzer()),
        name=TEXT(analyzer=name_analyzer()),
        person=TEXT(analyzer=keyword_folded_analyzer()),
    )
    ix = index.create_in(str(tmp_path), schema)
    writer = ix.writer()
    for prefix in ("003", "004"):
        text = seed_path(prefix).read_text(encoding="utf-8")
        writer.add_document(id=prefix, ru=text, kk=text, name=text, person=PEOPLE[prefix])
    writer.commit()
    # the schema (and its analyzers) comes back from the pickle stored in the index
    return index.open_dir(str(tmp_path))


def hits(ix, field, query):
    with ix.searcher() as searcher:
        parsed = QueryParser(field, ix.schema).parse(query)
        return {hit["id"] for hit in searcher.search(parsed, limit=None)}


@pytest.mark.parametrize("query", ["Токаев", "Тоқаев", "Tokayev", "Toqaev", "Токаеву", "Тоқаевтың"])
def test_name_field_finds_tokaev_in_both_languages(seed_index, query):
    assert hits(seed_index, "name", query) == {"003", "004"}


@pytest.mark.parametrize("query", ["Ашимбаев", "Ashimbayev", "Ашимбаевым"])
def test_name_field_finds_ashimbaev_only_in_the_russian_seed(seed_index, query):
    assert hits(seed_index, "name", query) == {"003"}


def test_name_field_keeps_similar_names_apart(seed_index):
    assert hits(seed_index, "name", "Токарев") == set()
    assert hits(seed_index, "name", "Башимов") == set()


def test_russian_field_finds_the_referendum(seed_index):
    # 004 (Kazakh) also has the bare word «референдум», which Snowball stems the same way
    assert hits(seed_index, "ru", "референдуму") == {"003", "004"}
    assert hits(seed_index, "ru", "предстоящего референдума") == {"003"}


def test_kazakh_field_finds_the_constitution_and_brussels(seed_index):
    assert hits(seed_index, "kk", "Конституциясы") == {"004"}
    assert hits(seed_index, "kk", "Брюссель") == {"004"}
    assert hits(seed_index, "kk", "Брюссельдегі") == {"004"}


def test_person_field_matches_surnames_and_whole_names_but_not_across_people(seed_index):
    assert hits(seed_index, "person", "Токаев") == {"003", "004"}
    assert hits(seed_index, "person", '"Касым-Жомарт Токаев"') == {"003", "004"}
    assert hits(seed_index, "person", "Василенко") == {"004"}
    assert hits(seed_index, "person", '"Ашимбаев Касым"') == set()
