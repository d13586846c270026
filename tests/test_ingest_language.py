from __future__ import annotations

import pytest

from archive.ingest.reading.language import detect_language

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
