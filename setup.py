"""Build hook: compile resources/ (icons, translations) into the package.

``build_py`` runs ``pyside6-lrelease`` on ``resources/translations/*.ts`` and then
``pyside6-rcc`` on ``resources/resources.qrc``, writing ``ui/_resources_rc.py``: into the
build folder for a plain ``pip install .``, into the source tree for ``pip install -e .``
(an editable install imports ``ui`` from there). The compiled module and the ``.qm``
files are build products, never committed (.gitignore). PySide6-Essentials, which ships
both tools, is in the build system's requirements (pyproject.toml).

Everything else about the project is in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ROOT / "resources"
QRC = RESOURCES / "resources.qrc"
COMPILED = Path("ui") / "_resources_rc.py"


def _tool(name: str) -> list[str]:
    """``pyside6-<name>`` of the PySide6 the build runs with (the build environment's,
    whose scripts need not be on PATH)."""
    code = f"import sys; from PySide6.scripts.pyside_tool import {name}; sys.exit({name}())"
    return [sys.executable, "-c", code]


def compile_resources(out: Path) -> None:
    """The Qt resource module at ``out``: the .qm of every .ts are made in a temporary
    folder (the source tree stays clean), and rcc reads a copy of resources.qrc whose
    files are absolute paths under their own names."""
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder)
        for source in sorted((RESOURCES / "translations").glob("*.ts")):
            qm = made / "translations" / source.with_suffix(".qm").name
            qm.parent.mkdir(exist_ok=True)
            subprocess.run([*_tool("lrelease"), "-silent", str(source), "-qm", str(qm)], check=True)
        tree = ElementTree.parse(QRC)
        for entry in tree.iter("file"):
            name = entry.text or ""
            entry.set("alias", entry.get("alias") or Path(name).name)
            built = made / name
            entry.text = str(built if built.exists() else RESOURCES / name)
        qrc = made / "resources.qrc"
        tree.write(qrc, encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([*_tool("rcc"), "-g", "python", str(qrc), "-o", str(out)], check=True)


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        editable = getattr(self, "editable_mode", False)
        compile_resources((ROOT if editable else Path(self.build_lib)) / COMPILED)


setup(
    cmdclass={"build_py": BuildWithResources},
    data_files=[
        ("share/applications", ["resources/rotation-planner.desktop"]),
        ("share/icons/hicolor/scalable/apps", ["resources/icons/rotation-planner.svg"]),
    ],
)
