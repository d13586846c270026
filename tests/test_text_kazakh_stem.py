"""stem_kazakh on words from the Kazakh seeds (001, 004) and the forms the search must bring together."""

import pytest

from archive.text import stem_kazakh

# (word, expected stem). Mostly words of seeds 001 and 004 as they stand in the text.
CASES = [
    # Конституция with the -сы-ның chain and plain case endings
    ("Конституциясының", "конституция"),
    ("Конституциясы", "конституция"),
    ("Конституцияның", "конституция"),
    ("Конституцияны", "конституция"),
    ("Конституциясын", "конституция"),
    ("Конституция", "конституция"),
    # place names: protected -стан, vowel-final Алматы, loanword Брюссель with its soft sign
    ("Қазақстанның", "қазақстан"),
    ("Қазақстанда", "қазақстан"),
    ("Қазақстанға", "қазақстан"),
    ("Қазақстан", "қазақстан"),
    ("Қазақстандағы", "қазақстан"),
    ("Брюссельде", "брюссель"),
    ("Брюссельдің", "брюссель"),
    ("Алматы", "алматы"),
    ("Алматыда", "алматы"),
    ("Люксембургтегі", "люксембург"),
    ("астанасындағы", "астана"),
    # Russian surnames take endings without vowel harmony
    ("Тоқаевтың", "тоқаев"),
    ("Тоқаевпен", "тоқаев"),
    ("Тоқаев", "тоқаев"),
    ("Шөкееваның", "шөкеева"),
    ("Василенко", "василенко"),
    # case after plural and possessive
    ("референдумды", "референдум"),
    ("референдумға", "референдум"),
    ("референдум", "референдум"),
    ("азаматтардың", "азамат"),
    ("азаматтардан", "азамат"),
    ("мемлекеттің", "мемлекет"),
    ("мемлекетті", "мемлекет"),
    ("мемлекеттермен", "мемлекет"),
    ("реформаның", "реформа"),
    ("реформаны", "реформа"),
    ("реформаларға", "реформа"),
    ("институттарының", "институт"),
    ("институттары", "институт"),
    ("институттарды", "институт"),
    ("бастамаларды", "бастама"),
    ("бастамаларын", "бастама"),
    ("бастамаларға", "бастама"),
    # к/қ/п voiced before a vowel: елшілік → елшілігі
    ("Елшілігінде", "елшілік"),
    ("Елшілігі", "елшілік"),
    ("Елшілік", "елшілік"),
    ("Елшісі", "елші"),
    ("бірлестігі", "бірлестік"),
    ("тетігі", "тетік"),
    ("тетіктерін", "тетік"),
    ("қауымдастығының", "қауымдастық"),
    ("тәуелсіздігін", "тәуелсіздік"),
    ("тобы", "топ"),
    ("топтардың", "топ"),
    # derivational endings stay
    ("қоғамдық", "қоғамдық"),
    ("азаматтық", "азаматтық"),
    ("конституциялық", "конституциялық"),
    ("қоғамның", "қоғам"),
    ("қоғамға", "қоғам"),
    # -сы after a vowel, -ы after a consonant, agent nouns in -шы, stems in -с
    ("жобасы", "жоба"),
    ("жобасында", "жоба"),
    ("жобаларға", "жоба"),
    ("жобаны", "жоба"),
    ("мәселелеріне", "мәселе"),
    ("мәселесі", "мәселе"),
    ("облысының", "облыс"),
    ("басшысының", "басшы"),
    ("сарапшылар", "сарапшы"),
    ("атқарушы", "атқарушы"),
    ("қатысушыларының", "қатысушы"),
    ("процесіне", "процес"),
    ("серіктестермен", "серіктес"),
    ("серіктесі", "серіктес"),
    ("көзқарасын", "көзқарас"),
    ("үдерістердің", "үдеріс"),
    ("үдерісі", "үдеріс"),
    ("Кеңесі", "кеңес"),
    # possessive + case, 1st person plural, verbal nouns in -у
    ("қатысуымыз", "қатысу"),
    ("қатысуымен", "қатысу"),
    ("қатысуын", "қатысу"),
    ("асыруды", "асыру"),
    ("кездесудің", "кездесу"),
    ("құқықтарына", "құқық"),
    ("құқықтары", "құқық"),
    ("сипатына", "сипат"),
    ("сипатын", "сипат"),
    ("рөлін", "рөл"),
    ("өкілдерінің", "өкіл"),
    ("ынтымақтастықтың", "ынтымақтастық"),
    ("ашықтықпен", "ашықтық"),
    ("елдің", "ел"),
    # short and function words are left alone
    ("оның", "оның"),
    ("және", "және"),
    ("мен", "мен"),
    ("үшін", "үшін"),
    ("кейін", "кейін"),
    ("кейіннен", "кейін"),
    # a known miss: the stem loses its second vowel before a vowel ending (халық → халқы)
    ("халқының", "халық"),
]

# Explicit misses, each with the reason. Everything else must pass.
KNOWN_MISSES = {
    "халқының",  # халық + ы: the ы of the stem drops out (халқы); undoing it needs a dictionary
}


@pytest.mark.parametrize(("word", "expected"), [case for case in CASES if case[0] not in KNOWN_MISSES])
def test_it_stems_words_of_the_kazakh_seeds(word, expected):
    assert stem_kazakh(word) == expected


def test_the_word_list_is_big_enough_and_at_least_95_percent_right():
    assert len(CASES) >= 60
    right = sum(stem_kazakh(word) == expected for word, expected in CASES)
    assert right / len(CASES) >= 0.95
    assert {word for word, expected in CASES if stem_kazakh(word) != expected} == KNOWN_MISSES


def test_it_brings_the_inflected_forms_of_one_word_together():
    forms = ["Конституциясының", "Конституциясы", "Конституцияның", "Конституцияны", "Конституциясын"]
    assert {stem_kazakh(form) for form in forms} == {"конституция"}


def test_it_keeps_almaty_and_kazakhstan_whole():
    assert stem_kazakh("Алматы") != "алма"
    assert stem_kazakh("Қазақстан") != "қазақс"


def test_it_lowercases_and_leaves_very_short_words():
    assert stem_kazakh("ЕЛДІҢ") == "ел"
    assert stem_kazakh("іс") == "іс"
    assert stem_kazakh("") == ""
