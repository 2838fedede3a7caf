"""Test configuration: ``pt`` in doctests (as ``nx`` in networkx's), and Hypothesis profiles.

Under CI (``CI`` set) Hypothesis runs derandomized, so a run is reproducible; no profile
has a per-example deadline, since timing on a shared 2-core machine is not a property.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def _add_pt(doctest_namespace):
    import probtables

    doctest_namespace["pt"] = probtables


pytest_plugins = ["pytester"]  # tests/test_testing.py runs a pytest session on a user's failing test
