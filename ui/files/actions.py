"""File menu actions: import a plan workbook, export the plan or a roster, back up now.

Each asks what it needs through the window's ``Messages`` (a file, a roster), runs the
work on the worker with a progress dialog, and reports on the GUI thread: an import
announces that anything may have changed (``ctx.after_change(None)``) and shows its
report; a workbook with errors shows every error (sheet, row, column, value, problem) in
a table; an export says where the file went.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from planner.app import (
    ExportPlan,
    ExportRoster,
    ImportChanges,
    ImportWorkbook,
    Progress,
    Written,
)
from planner.errors import PlannerError
from ui.feature.context import FeatureContext
from ui.i18n import plurals

translate = QCoreApplication.translate
REPORT_MS = 10_000


def report_lines(report: object) -> tuple[str, str, list[str]]:
    """(sentence, per-sheet lines, warnings) for an import report. Read by attribute so
    that this module follows the Excel part's report without depending on its shape."""
    sheets = getattr(report, "sheets", None)
    warnings = [str(item) for item in getattr(report, "warnings", None) or []]
    if isinstance(sheets, dict) and sheets:
        totals = {
            name: sum(int(getattr(counts, name, 0)) for counts in sheets.values())
            for name in ("created", "updated", "unchanged")
        }
        sentence = translate(
            "Files", "{created} records created, {updated} updated, {unchanged} unchanged."
        ).format(**totals)
        lines = "\n".join(
            translate(
                "Files", "{sheet}: {created} created, {updated} updated, {unchanged} unchanged"
            ).format(sheet=title, created=c.created, updated=c.updated, unchanged=c.unchanged)
            for title, c in sheets.items()
        )
    else:
        sentence, lines = translate("Files", "The workbook was imported."), ""
    if warnings:
        sentence += translate("Files", " {warnings}: see details.").format(
            warnings=plurals().warnings(len(warnings))
        )
    return sentence, lines, warnings


def _xlsx(path: Path) -> Path:
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def import_workbook(ctx: FeatureContext) -> None:
    """Merge a workbook into the plan (all or nothing); everything may have changed, so
    the window reloads and rechecks in full (the import is not an undo step)."""
    title = translate("Files", "Import")
    path = ctx.messages.ask_open_path(
        ctx.dialog_parent(), translate("Files", "Import plan workbook")
    )
    if path is None:
        return
    session, operation = ctx.session, ImportWorkbook(path)

    def done(changes: ImportChanges) -> None:
        if changes.whole_plan:
            ctx.after_change(None)
        sentence, lines, warnings = report_lines(changes.report)
        text = translate("Files", "Imported {file}: {report}").format(
            file=path.name, report=sentence
        )
        ctx.status(text, REPORT_MS)
        ctx.messages.inform(ctx.dialog_parent(), title, text, details=warnings, more=lines)

    ctx.runner.run(
        translate("Files", "Importing {file}").format(file=path.name),
        lambda progress: session.run(operation, progress),
        done,
        lambda exc: ctx.messages.workbook_error(ctx.dialog_parent(), exc, title),
    )


def export_plan(ctx: FeatureContext) -> None:
    session = ctx.session
    chosen = ctx.messages.ask_save_path(
        ctx.dialog_parent(), translate("Files", "Export plan workbook"), f"{session.name}.xlsx"
    )
    if chosen is None:
        return
    operation = ExportPlan(_xlsx(chosen))
    ctx.runner.run(
        translate("Files", "Exporting to {file}").format(file=operation.path.name),
        lambda progress: session.run(operation, progress),
        lambda written: _exported(ctx, translate("Files", "Plan workbook"), written),
        lambda exc: ctx.messages.error(
            ctx.dialog_parent(), exc, title=translate("Files", "Export")
        ),
    )


def export_roster(ctx: FeatureContext) -> None:
    """A roster workbook with the findings about it (checked for the roster alone)."""
    session = ctx.session
    parent = ctx.dialog_parent()
    rotations, missions = session.roster_choices()
    if not rotations and not missions:
        ctx.messages.error(
            parent,
            PlannerError(translate("Files", "The plan has no rotation or mission to list yet.")),
        )
        return
    target = ctx.messages.ask_roster_target(parent, rotations, missions)
    if target is None:
        return
    chosen = ctx.messages.ask_save_path(
        parent, translate("Files", "Export roster"), f"{target.name}-roster.xlsx"
    )
    if chosen is None:
        return
    operation = ExportRoster(
        _xlsx(chosen), rotation=target.rotation, mission=target.mission, on=target.on
    )
    ctx.runner.run(
        translate("Files", "Exporting the roster of {target}").format(target=target.name),
        lambda progress: session.run(operation, progress),
        lambda written: _exported(ctx, translate("Files", "Roster"), written),
        lambda exc: ctx.messages.error(parent, exc, title=translate("Files", "Export roster")),
    )


def backup_now(ctx: FeatureContext) -> None:
    """An online backup into the plan's backup folder (no question asked: it is safe)."""
    session = ctx.session

    def work(progress: Progress) -> Path:
        progress.step(0, 1, translate("Files", "Copying the plan"))
        return session.backup(reason="manual")

    ctx.runner.run(
        translate("Files", "Backing up the plan"),
        work,
        lambda path: _written(ctx, translate("Files", "Backup"), path),
        lambda exc: ctx.messages.error(
            ctx.dialog_parent(), exc, title=translate("Files", "Back up")
        ),
    )


def _exported(ctx: FeatureContext, what: str, written: Written) -> None:
    assert written.path is not None
    _written(ctx, what, written.path)


def _written(ctx: FeatureContext, what: str, path: Path) -> None:
    text = translate("Files", "{what} written to {path}").format(what=what, path=path)
    ctx.status(text, REPORT_MS)
    ctx.messages.inform(
        ctx.dialog_parent(),
        what,
        translate("Files", "{what} written to {path}.").format(what=what, path=path),
    )
