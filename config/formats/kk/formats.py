# Numbers as Kazakh writes them (Django ships no Kazakh formats): 12 345,6 — a non-breaking space between
# thousands and a decimal comma, as in Russian. Dates keep Django's defaults with Kazakh month names.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
