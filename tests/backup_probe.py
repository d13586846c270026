"""What a restore must keep, as one comparable dict: every backed-up table's rows and the answers of searches.

    snapshot() -> dict                      in the current process's database and index
    python -m tests.backup_probe            the same as JSON on stdout, for a database another process restored
                                            (DATA_DIR / DATABASE_URL in the environment say which)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

QUERIES = ["", "Конституция", "референдум", "Tokayev", "Тоқаев", '"круглый стол"', "референдум -Shanyraq",
           "person:Токаев", "lang:kk", "Исправленный заголовок"]


def _plain(value):
    if isinstance(value, (bytes, memoryview)):
        return hashlib.sha256(bytes(value)).hexdigest()
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)  # dates, times: their text, with the time zone offset


def tables() -> dict[str, list[list]]:
    """Every row of every backed-up table (raw text and signatures by their hash), in primary key order."""
    from archive.backup import backed_up_models

    out = {}
    for model in backed_up_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.label_lower] = [[_plain(v) for v in row]
                                        for row in model._base_manager.order_by("pk").values_list(*fields)]
    return out


def searches() -> dict[str, dict]:
    from archive import search

    answers = {}
    for q in QUERIES:
        for collapse in (False, True):
            page = search.search(search.SearchRequest(q=q, collapse=collapse, page_size=50))
            answers[f"{q}|collapse={collapse}"] = {
                "total": page.total, "collapsed_total": page.collapsed_total, "message": page.message,
                "ids": [hit.article_id for hit in page.hits],
                "facets": {facet: [[v.value, v.label, v.count] for v in values]
                           for facet, values in page.facets.items()},
            }
        answers[f"{q}|export"] = [list(pair) for pair in search.matching_articles(search.SearchRequest(q=q))]
    return answers


def snapshot() -> dict:
    return {"tables": tables(), "searches": searches()}


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    json.dump(snapshot(), sys.stdout, ensure_ascii=False)
