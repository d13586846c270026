"""Syndicated copies and same-topic non-copies, built from the seeds and the test texts, for measuring thresholds.

`copy_pairs()`: (original, reprint) pairs made by the edits outlets make (new headline, first or last paragraphs
cut, a paragraph added, another footer or attribution, light rewording, combinations), plus hand-written reprints
in Russian and Kazakh. `other_pairs()`: different articles on the same topic (every pair of distinct source texts,
each also against the other's reprints, and hand-written independent reports of one event): they share the
topic's words and names but are not copies. Both are lists of (name, text a, text b).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from archive.ingest.reading import parse_text

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FILES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/fixtures/entities").glob("*.txt"))

FOOTERS = {
    "ru": "Подписывайтесь на наш Telegram-канал и читайте новости первыми. Источник: Kazinform.",
    "kk": "Жаңалықтарды бірінші болып оқу үшін Telegram-арнамызға жазылыңыз. Дереккөз: Kazinform.",
}
INTROS = {
    "ru": "Как сообщает пресс-служба ведомства, материал распространён для региональных изданий. "
          "Редакция публикует его без изменений, дополнив комментарием нашего корреспондента о ходе "
          "обсуждения в области.",
    "kk": "Ведомствоның баспасөз қызметі хабарлағандай, бұл материал өңірлік басылымдарға таратылды. "
          "Редакция оны өзгеріссіз жариялап, облыстағы талқылау барысы туралы тілшіміздің пікірімен толықтырды.",
}  # fmt: skip
HEADLINES = {"ru": "Новость дня: обсуждение Конституции продолжается", "kk": "Күн жаңалығы: Конституция талқылануда"}
# Light rewording: a word swapped for a near synonym, as copy editors do.
REWORDINGS = {
    "ru": {"состоялась": "прошла", "отметил": "подчеркнул", "новой": "нового Основного закона,", "также": "ещё",
           "проекта": "документа", "граждан": "жителей"},
    "kk": {"өтті": "болды", "атап": "айтып", "жаңа": "жаңа әзірленген", "жобасы": "құжаты", "туралы": "жөнінде"},
}  # fmt: skip


def source_texts() -> list[tuple[str, str, str]]:
    """(name, language, body) of every source text, as the importer stores its body."""
    texts = []
    for path in SOURCE_FILES:
        parsed = parse_text(path.read_text(encoding="utf-8-sig"), origin=path.name)
        texts.append((path.stem, parsed.language, parsed.body))
    return texts


def _paragraphs(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.strip()]


def _reworded(body: str, language: str) -> str:
    swaps = REWORDINGS.get(language, REWORDINGS["ru"])
    words = body.split(" ")
    return " ".join(swaps.get(w, w) for w in words)


def variants(body: str, language: str) -> dict[str, str]:
    """Reprints of one text, by kind of edit."""
    lang = "kk" if language == "kk" else "ru"
    paras = _paragraphs(body)
    half = max(1, len(paras) // 2)
    return {
        "new headline": f"{HEADLINES[lang]}\n\n{body}",
        "first paragraph cut": "\n\n".join(paras[1:]),
        "last paragraph cut": "\n\n".join(paras[:-1]),
        "first and last cut": "\n\n".join(paras[1:-1]),
        "first half only": "\n\n".join(paras[:half + 1]),
        "first third only": "\n\n".join(paras[: max(2, len(paras) // 3 + 1)]),
        "paragraph added": "\n\n".join([INTROS[lang], *paras]),
        "other footer": f"{body}\n\n{FOOTERS[lang]}",
        "reworded": _reworded(body, lang),
        "all together": "\n\n".join([HEADLINES[lang], INTROS[lang], *_paragraphs(_reworded(body, lang))[1:-1],
                                     FOOTERS[lang]]),
    }  # fmt: skip


# Written by hand: an agency text and a regional outlet's reprint of it (headline, lead rewritten, end cut).
HAND_COPIES = [
    (
        "hand ru",
        "Астана. 3 марта. KAZINFORM – В Астане прошел республиканский форум волонтеров, посвященный "
        "разъяснению положений проекта новой Конституции. В работе форума приняли участие более 500 "
        "волонтеров из всех регионов страны.\n\nКак отметил председатель оргкомитета Арман Сейткали, "
        "волонтеры провели свыше двух тысяч встреч с жителями сел и малых городов. Особое внимание уделялось "
        "вопросам местного самоуправления и прав граждан.\n\nУчастники форума приняли обращение к молодежи с "
        "призывом принять активное участие в республиканском референдуме 15 марта. По словам организаторов, "
        "следующий этап работы пройдет в онлайн-формате.\n\nФорум завершился награждением лучших волонтеров.",
        "Волонтеры разъясняют Конституцию\n\nВ столице прошел республиканский форум волонтеров, посвященный "
        "разъяснению положений проекта новой Конституции. В работе форума приняли участие более 500 "
        "волонтеров из всех регионов страны, сообщает Kazinform.\n\nКак отметил председатель оргкомитета "
        "Арман Сейткали, волонтеры провели свыше двух тысяч встреч с жителями сел и малых городов. Особое "
        "внимание уделялось вопросам местного самоуправления и прав граждан.\n\nУчастники форума приняли "
        "обращение к молодежи с призывом принять активное участие в республиканском референдуме 15 марта.\n\n"
        "Читайте также: Как проголосовать за пределами страны",
    ),
    (
        "hand kk",
        "Астана. 5 наурыз. ҚАЗАҚПАРАТ – Елордада жаңа Конституция жобасын түсіндіруге арналған республикалық "
        "еріктілер форумы өтті. Форумға еліміздің барлық өңірінен 500-ден астам ерікті қатысты.\n\nҰйымдастыру "
        "комитетінің төрағасы Арман Сейітқали атап өткендей, еріктілер ауылдар мен шағын қалалардың "
        "тұрғындарымен екі мыңнан астам кездесу өткізді. Жергілікті өзін-өзі басқару мен азаматтардың "
        "құқықтары мәселесіне ерекше назар аударылды.\n\nФорум қатысушылары жастарды 15 наурыздағы "
        "республикалық референдумға белсене қатысуға шақырған үндеу қабылдады.",
        "Еріктілер Конституцияны түсіндіруде\n\nЕлордада жаңа Конституция жобасын түсіндіруге арналған "
        "республикалық еріктілер форумы өтті. Форумға еліміздің барлық өңірінен 500-ден астам ерікті қатысты, "
        "деп хабарлайды Kazinform.\n\nҰйымдастыру комитетінің төрағасы Арман Сейітқали атап өткендей, еріктілер "
        "ауылдар мен шағын қалалардың тұрғындарымен екі мыңнан астам кездесу өткізді. Жергілікті өзін-өзі "
        "басқару мен азаматтардың құқықтары мәселесіне ерекше назар аударылды.\n\nФорум қатысушылары жастарды "
        "15 наурыздағы республикалық референдумға белсене қатысуға шақырған үндеу қабылдады.\n\nТолығырақ: "
        "сайтымызда",
    ),
]

# Written by hand: two outlets reporting the same forum on their own (same names, figures and topic words).
HAND_OTHERS = [
    (
        "hand ru: same forum, own report",
        HAND_COPIES[0][1],
        "Более пятисот волонтеров собрались в Астане, чтобы подвести итоги разъяснительной кампании по проекту "
        "Конституции. Арман Сейткали, возглавляющий оргкомитет, рассказал нашему корреспонденту, что за месяц "
        "добровольцы побывали в сотнях сел.\n\n«Люди чаще всего спрашивают о местном самоуправлении и о том, "
        "как изменятся их права», – сказал он.\n\nВ конце встречи волонтеры обратились к молодежи: прийти на "
        "референдум 15 марта. Следующий этап кампании организаторы проведут онлайн, а лучших волонтеров "
        "наградили грамотами.",
    ),
    (
        "hand kk: same forum, own report",
        HAND_COPIES[1][1],
        "Бес жүзден астам ерікті Астанада бас қосып, Конституция жобасын түсіндіру науқанын қорытындылады. "
        "Ұйымдастыру комитетін басқаратын Арман Сейітқали тілшімізге бір ай ішінде еріктілердің жүздеген ауылды "
        "аралағанын айтты.\n\n«Тұрғындар көбіне жергілікті өзін-өзі басқару және өз құқықтарының қалай "
        "өзгеретіні туралы сұрайды», – деді ол.\n\nКездесу соңында еріктілер жастарды 15 наурыздағы "
        "референдумға келуге шақырды.",
    ),
]


def copy_pairs() -> list[tuple[str, str, str]]:
    pairs = []
    for name, language, body in source_texts():
        for kind, variant in variants(body, language).items():
            pairs.append((f"{name}: {kind}", body, variant))
    return pairs + HAND_COPIES


def other_pairs() -> list[tuple[str, str, str]]:
    texts = source_texts()
    pairs = []
    for (name_a, _, body_a), (name_b, lang_b, body_b) in combinations(texts, 2):
        pairs.append((f"{name_a} / {name_b}", body_a, body_b))
        reprint = variants(body_b, lang_b)["all together"]
        pairs.append((f"{name_a} / reprint of {name_b}", body_a, reprint))
    return pairs + HAND_OTHERS


def measure(copies: list, others: list, *, num_perm: int, bands: int, rows: int, containment: float,
            min_jaccard: float) -> dict:
    """Precision and recall of the whole decision (a shared band, then the estimates) on the given pairs."""
    import numpy as np

    from archive.text import copies as c

    def found(a: str, b: str) -> bool:
        sa, sb = c.signature(a, num_perm=num_perm), c.signature(b, num_perm=num_perm)
        if sa is None or sb is None:
            return False
        keys = c.band_keys(np.stack([sa, sb]), bands=bands, rows=rows)
        if not (keys[0] == keys[1]).any():
            return False
        return c.is_copy(sa, sb, containment=containment, min_jaccard=min_jaccard)

    true_positive = sum(found(a, b) for _, a, b in copies)
    false_positive = sum(found(a, b) for _, a, b in others)
    missed = [name for name, a, b in copies if not found(a, b)]
    wrong = [name for name, a, b in others if found(a, b)]
    return {
        "precision": true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0,
        "recall": true_positive / len(copies),
        "missed": missed,
        "wrong": wrong,
    }
