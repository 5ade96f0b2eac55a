"""The example campaign that ships inside the package (the Studio starts a new campaign
from it). A plain ``pip install`` carries it as the package data ``takatof.examples``; a source
checkout that was never installed finds it in the top-level ``examples/`` folder."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE = "community-stories"


def example_project() -> Path:
    """The bundled example's ``campaign.json``."""
    try:
        bundled = Path(str(resources.files("takatof.examples") / EXAMPLE / "campaign.json"))
    except ModuleNotFoundError:
        bundled = None
    if bundled is not None and bundled.is_file():
        return bundled
    return Path(__file__).resolve().parents[2] / "examples" / EXAMPLE / "campaign.json"
