"""The campaign project file: pydantic models, load/save, validation and migrations.

Plain data only: no Qt, no rendering. Everything above (templates, render, cli, ui) builds on it.
"""

from __future__ import annotations

from .campaign import (
    SCHEMA_VERSION,
    Brand,
    Campaign,
    CardOutput,
    Goal,
    Lang,
    MediaItem,
    Multilingual,
    Person,
    Spotlight,
)
from .problems import Problem, ProjectError
from .project import (
    Names,
    Project,
    dumps,
    load_for_editing,
    load_project,
    save_project,
    validate_data,
)

__all__ = [
    "SCHEMA_VERSION",
    "Brand",
    "Campaign",
    "CardOutput",
    "Goal",
    "Lang",
    "MediaItem",
    "Multilingual",
    "Names",
    "Person",
    "Problem",
    "Project",
    "ProjectError",
    "Spotlight",
    "dumps",
    "load_for_editing",
    "load_project",
    "save_project",
    "validate_data",
]
