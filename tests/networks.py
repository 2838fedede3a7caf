"""The standard networks, as the package ships them (``probtables.examples``)."""

from __future__ import annotations

from pathlib import Path

from probtables import examples

NETWORKS = Path(examples.path("asia")).parent
ASIA = examples.path("asia")
ALARM = examples.path("alarm")
