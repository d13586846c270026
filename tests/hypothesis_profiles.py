"""Hypothesis settings for the property tests: bounded in CI, thorough on demand.

    QUJAT_LONG_TESTS=1 .venv/bin/python -m pytest tests/test_search_query_properties.py   # thousands of examples

Profiles are registered here (imported by the property test modules) rather than in conftest.py. The example
database is off: examples are generated afresh on each run, nothing is written into the repository.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # wall time is asserted by the tests themselves, per request
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("long", max_examples=int(os.environ.get("QUJAT_LONG_EXAMPLES", "3000")), **_COMMON)

# `make fuzz` sets QUJAT_LONG_TESTS=1 (or HYPOTHESIS_PROFILE=long) for the long run of the fuzz suite.
LONG = os.environ.get("QUJAT_LONG_TESTS", "") not in ("", "0") or os.environ.get("HYPOTHESIS_PROFILE") == "long"
PROFILE = "long" if LONG else "ci"
