"""Every text the window shows goes through Qt's translation.

The scan reads ui/ (its syntax tree, not its text) for string literals, and f-strings
with words in them, handed straight to what shows text: a widget's constructor, setText,
setWindowTitle, addTab, showMessage, a message box, an action's spec, an error the window
raises for the planner. Such a text must come from tr() / QCoreApplication.translate
instead (a text marked with QT_TRANSLATE_NOOP and translated where shown is a variable
there, and passes)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from ui.i18n import QT_TRANSLATE_NOOP, plurals

UI = Path(__file__).resolve().parents[2] / "ui"

SHOWS_TEXT = frozenset(
    {
        # setters and adders of widgets, menus, models, boxes
        "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis",
        "setPlaceholderText", "setLabelText", "setInformativeText", "setDetailedText",
        "setAccessibleName", "setEmptyLabel", "setTitle", "setTabText", "addTab",
        "insertTab", "addMenu", "addAction", "addItem", "addItems", "addRow", "addButton",
        "showMessage", "setHeaderData", "setEditText", "setSuffix", "setPrefix",
        "setSpecialValueText", "information", "warning", "critical", "question", "about",
        "getOpenFileName", "getSaveFileName", "inform", "status",
        # widgets and objects made with their text
        "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QGroupBox",
        "QAction", "QMenu", "QDockWidget", "QMessageBox", "QProgressDialog", "QToolBar",
        "ActionSpec", "TablePanel", "FieldProblem", "PlannerError", "PlanOpenError",
        "ConflictError", "ValidationError",
    }
)  # fmt: skip
TEXT_KEYWORDS = frozenset({"text", "title", "tip", "label", "message", "search_placeholder"})
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: a word, not "—" or "%" or "x"
MARKUP = re.compile(r"<[^>]*>|&\w+;")


def _shown_text(node: ast.expr) -> str | None:
    """The words of a literal text (None if ``node`` is no literal, or has no words)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    else:
        return None
    if not any(c.isspace() for c in text) and any(c in text for c in "_./:"):
        return None  # an identifier or a file name (person_id, plan.sqlite), not prose
    words = MARKUP.sub(" ", text)
    return text if WORD.search(words) else None


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def untranslated(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: call("text")`` for each literal text shown without translation."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _called(node) not in SHOWS_TEXT:
            continue
        args = [*node.args, *(k.value for k in node.keywords if k.arg in TEXT_KEYWORDS)]
        for arg in args:
            text = _shown_text(arg)
            if text is not None:
                found.append(f"{filename}:{arg.lineno}: {_called(node)}({text!r})")
    return found


def test_the_scan_finds_literal_texts_and_passes_translated_ones() -> None:
    shown = """
label.setText("Hello")
QLabel(f"Open {name}")
ActionSpec(Action.CHECK, "&Check plan", Menu.PLAN)
box = QMessageBox.warning(self, APP_TITLE, "Nothing was saved.")
panel = TablePanel(title, actions, search_placeholder="Search people")
"""
    assert len(untranslated(shown)) == 5
    translated = """
label.setText(self.tr("Hello"))
QLabel(self.tr("Open {name}").format(name=name))
ActionSpec(Action.CHECK, translate("Files", "&Check plan"), Menu.PLAN)
self.setText(f"<b>{title}</b>")
status.showMessage(f"{count:,}")
edit.setDisplayFormat("yyyy-MM-dd")
self.setObjectName("findingsDock")
"""
    assert untranslated(translated) == []


def test_every_text_the_window_shows_is_translated() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "_resources_rc.py":
            continue  # made by pyside6-rcc at build time
        found += untranslated(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))
    assert found == [], "texts shown without tr():\n" + "\n".join(found)


def test_noop_marks_the_text_and_plurals_use_the_english_catalogue(qapp: object) -> None:
    assert QT_TRANSLATE_NOOP("Findings", "Errors") == "Errors"
    assert (plurals().errors(1), plurals().errors(3)) == ("1 error", "3 errors")
    assert plurals().more_not_listed(202) == "… and 202 more not listed"


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ElementTree.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
        if message.find("translation") is None
        or message.find("translation").get("type") != "obsolete"  # type: ignore[union-attr]
    }


def test_the_translation_sources_hold_every_text(tmp_path: Path) -> None:
    """resources/translations/*.ts are what scripts/update-translations makes from ui/
    now: a text added without rerunning it would go untranslated."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in sorted(UI.rglob("*.py")) if p.name != "_resources_rc.py"]
    subprocess.run(
        [str(lupdate), "-silent", "-source-language", "en", *sources, "-ts", str(fresh)],
        check=True,
    )
    committed = UI.parent / "resources" / "translations"
    for ts in sorted(committed.glob("*.ts")):
        assert _messages(ts) == _messages(fresh), f"{ts.name}: run scripts/update-translations"
