"""Pure-Python language tools for Russian and Kazakh text (no Django): folding, transliteration, name keys and
a light Kazakh stemmer."""

from archive.text.folding import fold, fold_key
from archive.text.kazakh_stem import stem_kazakh
from archive.text.names import name_key, name_search_key, normalise_person_surface
from archive.text.translit import to_latin

__all__ = [
    "fold",
    "fold_key",
    "name_key",
    "name_search_key",
    "normalise_person_surface",
    "stem_kazakh",
    "to_latin",
]
