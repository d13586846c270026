"""Long texts of several shapes, built from the seeds, to measure (and test) that import cost is linear in size.

No Django. Each shape is a pure function of (shape, size in characters): the text is the seeds' own prose (or a
pathological pattern) repeated until it reaches `size`, so a text twice as long holds twice the same material.

    from bench.long_texts import SHAPES, long_text
    text = long_text("paragraphs", 1_000_000)

Shapes:
    paragraphs      the five seeds' bodies, header and all, concatenated (the realistic shape)
    one_line        the seeds' sentences joined by spaces into one line with no newline
    repeated_words  «Конституция референдум » over and over: no punctuation, no sentence end
    kazakh          the Kazakh seeds' paragraphs
    html            the seeds' paragraphs in <p>…</p> with a page's markup around them
    quotes          thousands of «…» quotes, with attributions, in one paragraph
    names           thousands of capitalised names («Ерлан Карин, Вера Ким, …») in one line
"""

from __future__ import annotations

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

SHAPES = ("paragraphs", "one_line", "repeated_words", "kazakh", "html", "quotes", "names")

_NAMES = ("Ерлан Карин", "Вера Ким", "Маулен Ашимбаев", "Гүлжанар Шөкеева", "Касым-Жомарт Токаев", "Алуа Жолдыбалина",
          "Ержан Қасымов", "Дарина Телагисова", "Нурлан Бекмуратов", "Айгерим Сапарова")


def _seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8-sig") for path in sorted(SEEDS_DIR.glob("*.txt"))]


def _is_kazakh(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text) or 1
    return sum(ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for ch in text) / letters > 0.02


def _unit(shape: str) -> tuple[str, str, str]:
    """(head, repeated unit, tail) of a shape."""
    seeds = _seed_texts()
    bodies = [text.split("\n", 1)[1].strip() if text.lstrip().startswith("date") else text.strip() for text in seeds]
    if shape == "paragraphs":
        return seeds[0].rstrip() + "\n\n", "\n\n".join(bodies) + "\n\n", ""
    if shape == "one_line":
        return "", " ".join(" ".join(body.split()) for body in bodies) + " ", ""
    if shape == "repeated_words":
        return "", "Конституция референдум ", ""
    if shape == "kazakh":
        kazakh = [body for body in bodies if _is_kazakh(body)]
        return " date 2026-03-06 Жаңа Конституция жобасы таныстырылды\n\n", "\n\n".join(kazakh) + "\n\n", ""
    if shape == "html":
        paragraphs = [line.strip() for body in bodies for line in body.splitlines() if line.strip()]
        unit = "".join(f'<p class="text">{line}</p>\n' for line in paragraphs)
        head = "<html><head><title>Новая Конституция</title><style>p {margin: 0}</style></head><body>\n"
        return head + "<h1>Новая Конституция – ориентир на будущее</h1>\n<p>16.03.2026</p>\n", unit, "</body></html>\n"
    if shape == "quotes":
        unit = ("«Конституция формируется в диалоге с обществом», – отметила Вера Ким. Маулен Ашимбаев сказал: "
                "«Это важный шаг для страны». По его словам, «Шанырак» и «Адал азамат» поддержали проект. ")
        return " date 2026-02-09 Цитаты\n\n", unit, ""
    if shape == "names":
        unit = ", ".join(f"депутат {name}" for name in _NAMES) + ", "
        return " date 2026-02-09 Участники\n\nВ обсуждении приняли участие ", unit, "и другие."
    raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")


def long_text(shape: str, size: int) -> str:
    """A text of `shape` of about `size` characters (never fewer than one unit)."""
    head, unit, tail = _unit(shape)
    repeats = max(1, round((size - len(head) - len(tail)) / len(unit)))
    return head + unit * repeats + tail
