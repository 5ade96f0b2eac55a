"""Takatof: bilingual (Arabic + English) campaign cards and story videos from one project file."""

from __future__ import annotations

__version__ = "0.1.0"
