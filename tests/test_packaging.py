"""Packaging: what ``pip install .`` (not editable) installs must be the whole program.

The tests import the source tree, so a package missing from pyproject's explicit list would
only show on a user's machine; this compares the list with the folders on disk.
"""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_package_under_app_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "app").rglob("__init__.py")}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert config["package-dir"]["app.assets"] == "assets"


def test_fonts_ship_with_their_licence():
    fonts = ROOT / "assets" / "fonts"
    assert (fonts / "OFL.txt").read_text(encoding="utf-8").count("SIL Open Font License") >= 1
    assert len(list(fonts.glob("*.ttf"))) == 6
    total = sum(f.stat().st_size for f in fonts.iterdir())
    assert total < 12 * 2**20
