"""Stage 1, reading: a file's bytes → RawText (reader: which files, which encoding) → ParsedArticle (parser:
title, date, language, body, boilerplate moved aside). Pure functions, no Django and no database.

Where things are: encodings and refusals in `reader`, publication dates in `dates` (their words in
`date_words`), Russian/Kazakh/English in `language`, HTML in `htmltext`, the rest of the text's header and
footer in `parser`.
"""

from .parser import ParsedArticle, parse_raw, parse_text
from .reader import MAX_TEXT_BYTES, RawText, UnreadableText, decode_bytes, iter_text_files, read_text_file

__all__ = ["MAX_TEXT_BYTES", "ParsedArticle", "RawText", "UnreadableText", "decode_bytes", "iter_text_files",
           "parse_raw", "parse_text", "read_text_file"]
