from __future__ import annotations

import pytest

from archive.ingest.reading.language import detect_language, detect_script_and_language

RU = "Депутат Мажилиса Вера Ким подчеркнула значимость участия гражданского общества в разработке проекта."
KK = "Қазақстанның жаңа Конституциясының жобасы мен алдағы референдумды талқылау өтті, деп хабарлайды."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (RU, "ru"),
        (KK, "kk"),
        # Kazakh names inside Russian prose do not make it Kazakh (seed 000, 002).
        ("В свою очередь, Абылайхан Әбдіраш, председатель РОО, и Дархан Жазықбай выступили перед участниками.", "ru"),
        ("The Constitutional Commission of Kazakhstan published the draft for public discussion.", "en"),
        (f"{RU}\n{KK}\n{RU}\n{KK}", "mixed"),
        ("", "ru"),
    ],
)
def test_it_tells_the_languages_apart(text, language):
    assert detect_language(text) == language


def test_a_short_paragraph_in_the_other_language_does_not_make_a_text_mixed():
    assert detect_language("\n".join([KK] * 6 + ["Узнайте первым о важных новостях"])) == "kk"


# --- Kazakh in the Latin and Arabic scripts; English ---------------------------------------------------------------

KK_LATIN_2021 = "Qasym-Jomart Toqaev Konstitusialyq reforma turaly aitty. Jaña Konstitusia jobasy halyqqa usynyldy."
KK_LATIN_2018 = "Memleket basshysy Qasym-Jomart Toqaev Konstıtýtsııalyq reforma týraly aıtty, dep habarlaıdy Aqorda."
KK_LATIN_2017 = "Qazaqstan Respy'bli'kasynyn' Prezi'denti referendy'm ty'raly ai'tty jo'ne halyqpen kezdesti'."
KK_ARABIC = "قاسىم-جومارت توقايەۆ كونستيتۋتسيالىق رەفورما تۋرالى ايتتى، دەپ حابارلايدى اقوردا."
EN = "Kassym-Jomart Tokayev said the referendum on the new Constitution will be held on March 15, Qazinform reported."


@pytest.mark.parametrize(
    ("text", "language", "script"),
    [
        (KK_LATIN_2021, "kk", "latn"),
        (KK_LATIN_2018, "kk", "latn"),
        (KK_LATIN_2017, "kk", "latn"),
        (KK_ARABIC, "kk", "arab"),
        (EN, "en", "latn"),
        (RU, "ru", "cyrl"),
        (KK, "kk", "cyrl"),
        ("", "ru", "cyrl"),
        ("Tokayev met Xi", "en", "latn"),
        ("Toqaev Mäjiliste", "kk", "latn"),
    ],
)
def test_the_script_and_the_language_are_found_together(text, language, script):
    assert detect_script_and_language(text) == (language, script)
    assert detect_language(text) == language


def test_arabic_script_kazakh_is_not_russian():
    # the reproduction of issue 10: an Arabic-script Kazakh text was detected as Russian
    assert detect_language(f"{KK_ARABIC}\n{KK_ARABIC}") == "kk"


def test_latin_kazakh_is_not_english_and_english_stays_english():
    assert detect_language("\n".join([KK_LATIN_2021] * 3)) == "kk"
    assert detect_language("\n".join([EN] * 3)) == "en"
