"""Word lists for the entity rules (Python modules rather than text files, so that `pip install .` ships them
without package-data configuration). Every list holds folded, lowercase forms (`archive.text.fold`) unless its
comment says otherwise."""
