"""Where the standard networks are: ``shared/data/networks`` beside the repository (as CI lays it out).

``PROBTABLES_NETWORKS`` overrides the location.
"""

from __future__ import annotations

import os
from pathlib import Path

_CANDIDATES = [
    os.environ.get("PROBTABLES_NETWORKS"),
    Path(__file__).resolve().parents[2] / "shared" / "data" / "networks",
    "/work/shared/data/networks",
]
NETWORKS = next(Path(c) for c in _CANDIDATES if c and (Path(c) / "asia.bif").exists())
ASIA = NETWORKS / "asia.bif"
ALARM = NETWORKS / "alarm.bif"
