"""Page latency (issue 11): home, search with its coverage chart, and an article page with its matches marked.

Runs Django's whole request cycle (test Client) against a kept bench data dir, the search-page cache cleared
before every request so each one is computed, in the interface language given:

    .venv/bin/python bench/run.py --articles 10000 --keep                      # once: bench/out/n10000-s1/data
    .venv/bin/python -m bench.pages --data-dir bench/out/n10000-s1/data [--requests 200] [--language kk]

Prints p50 / p95 / max in milliseconds per page kind; the target is p95 < 300 ms at 10,000 articles.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from urllib.parse import quote

from bench.run import configure_django, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--language", default="kk")
    args = parser.parse_args()
    configure_django(args.data_dir)
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    from archive.models import Article

    call_command("migrate", verbosity=0)
    client = Client(HTTP_ACCEPT_LANGUAGE=args.language)
    rng = random.Random(1)
    ids = list(Article.objects.values_list("pk", flat=True))
    words = ["Конституция", "референдум", "Токаев", "Мажилис", "комиссия", "Сенат", "парламент", "сайлау"]
    kinds = {
        "home": lambda: "/",
        "search": lambda: f"/search/?q={quote(rng.choice(words))}",
        "search (share)": lambda: f"/search/?q={quote(rng.choice(words))}&chart=share",
        "article (marked)": lambda: f"/articles/{rng.choice(ids)}/?q={quote(rng.choice(words))}",
    }
    for name, url in kinds.items():
        client.get(url())  # warm: searcher, caches, templates
        times = []
        for _ in range(args.requests):
            caches["search_pages"].clear()
            started = time.perf_counter()
            response = client.get(url())
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        stats = summary(times)
        print(f"{name:18} p50 {stats['p50']:7.1f} ms   p95 {stats['p95']:7.1f} ms   max {stats['max']:7.1f} ms")


if __name__ == "__main__":
    main()
