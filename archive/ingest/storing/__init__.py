"""Stage 3, storing: parsed and extracted texts → database rows, batch by batch, in one transaction each.

Where things are: which stored article a text is, and its fields, in `articles`; a batch's transaction in
`batch`; people, organisations, quotes and events linked to rows in `linker` (name → row maps in
`entity_maps`); bulk inserts in `bulk`; one text at a time (the admin's «Add article») in `loader`.
Depends on `reading` and `extraction`, and on archive.models; never the other way.
"""
