"""The compiled resources: an icon for the application and every main action, the
translation catalogues, the desktop file; compiled at build time, never committed."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from ui import APP_ID, APP_TITLE
from ui.resources import Icon, icon, install_translations, loaded

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def test_every_icon_is_compiled_in_and_draws(qapp: QApplication) -> None:
    assert loaded(), "ui/_resources_rc.py is made by the build (pip install -e .)"
    for name in Icon:
        drawn = icon(name).pixmap(24, 24).toImage()
        assert not drawn.isNull(), name
        # Something is drawn: not every pixel is transparent.
        assert any(drawn.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name


def test_the_resource_file_lists_every_icon_and_catalogue() -> None:
    files = {
        entry.get("alias") for entry in ElementTree.parse(RESOURCES / "resources.qrc").iter("file")
    }
    assert {f"{name.value}.svg" for name in Icon} <= files
    sources = sorted((RESOURCES / "translations").glob("*.ts"))
    assert [s.stem for s in sources] == [f"{APP_ID}_en", f"{APP_ID}_kk", f"{APP_ID}_ru"]
    assert {f"{s.stem}.qm" for s in sources} <= files
    for source in sources:
        root = ElementTree.parse(source).getroot()
        assert root.get("sourcelanguage") == "en"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_translation_installs_over_english(qapp: QApplication, language: str) -> None:
    installed = install_translations(qapp, QLocale(language))
    try:
        assert len(installed) == 2  # English (its plural forms), then the language
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_the_desktop_file_names_the_program_and_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(RESOURCES / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == APP_TITLE
    assert desktop["Exec"].split()[0] == APP_ID  # the gui-script of pyproject.toml
    assert desktop["Icon"] == APP_ID and (RESOURCES / "icons" / f"{APP_ID}.svg").exists()
    assert desktop["Categories"].endswith(";")


def test_the_compiled_resources_are_not_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "ui/_resources_rc.py", "resources/translations/*.qm"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tracked == ""
