"""Doctest namespace: ``pt`` is probtables, as ``nx`` is networkx in networkx's docs."""

import pytest


@pytest.fixture(autouse=True)
def _add_pt(doctest_namespace):
    import probtables

    doctest_namespace["pt"] = probtables
