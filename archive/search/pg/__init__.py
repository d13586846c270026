"""The PostgreSQL search backend (SEARCH_BACKEND=postgres): the public verbs of archive.search, answered from
rows of the database the articles live in.

    terms.py       a document's fields → lexemes `code:term` with positions, by Qujat's own analyzers
    writing.py     rows written in the article's own transaction; rebuild, check
    vocabulary.py  the term list wildcards, ~ and «did you mean» expand against
    translate.py   the parsed query (shared with Whoosh) → tsquery, and the groups ranking scores
    engine.py      search, matching articles, coverage, related articles, query terms, snippets for exports
    fast.py        the search's fast path: ids from SQL, counts and order over the document arrays
    arrays.py      every document's facet values as numpy arrays, per process, kept under the documents' version
    refreshing.py  kept arrays brought up to date with the documents changed since they were read
    health.py      index_version for page caches, index_health for /healthz

archive.search.backend picks this package or the Whoosh modules for each call; nothing else imports it.
"""
