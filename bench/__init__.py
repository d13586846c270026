"""Qujat's benchmark: a reproducible synthetic archive, a fixed query set, and `python bench/run.py`.

corpus.py and queries.py are plain Python (no Django), so other engines can be fed the same data and queries.
"""
