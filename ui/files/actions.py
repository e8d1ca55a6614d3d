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

from planner.errors import PlannerError
from planner.plan import Plan
from planner.progress import Progress
from planner.queries.overview import roster_choices
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
    title = translate("Files", "Import")
    path = ctx.messages.ask_open_path(
        ctx.dialog_parent(), translate("Files", "Import plan workbook")
    )
    if path is None:
        return
    plan: Plan = ctx.plan

    def work(progress: Progress) -> object:
        from planner.excel import import_workbook

        return import_workbook(plan, path, progress)

    def done(report: object) -> None:
        ctx.after_change(None)
        sentence, lines, warnings = report_lines(report)
        text = translate("Files", "Imported {file}: {report}").format(
            file=path.name, report=sentence
        )
        ctx.status(text, REPORT_MS)
        ctx.messages.inform(ctx.dialog_parent(), title, text, details=warnings, more=lines)

    ctx.runner.run(
        translate("Files", "Importing {file}").format(file=path.name),
        work,
        done,
        lambda exc: ctx.messages.workbook_error(ctx.dialog_parent(), exc, title),
    )


def export_plan(ctx: FeatureContext) -> None:
    plan: Plan = ctx.plan
    chosen = ctx.messages.ask_save_path(
        ctx.dialog_parent(), translate("Files", "Export plan workbook"), f"{plan.name}.xlsx"
    )
    if chosen is None:
        return
    path = _xlsx(chosen)

    def work(progress: Progress) -> Path:
        from planner.excel import export_plan

        export_plan(plan, path, progress)
        return path

    ctx.runner.run(
        translate("Files", "Exporting to {file}").format(file=path.name),
        work,
        lambda written: _exported(ctx, translate("Files", "Plan workbook"), written),
        lambda exc: ctx.messages.error(
            ctx.dialog_parent(), exc, title=translate("Files", "Export")
        ),
    )


def export_roster(ctx: FeatureContext) -> None:
    plan: Plan = ctx.plan
    parent = ctx.dialog_parent()
    rotations, missions = roster_choices(plan)
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
    path = _xlsx(chosen)
    findings = ctx.current_findings()

    def work(progress: Progress) -> Path:
        from planner.excel.roster import export_roster

        progress.step(0, 1, translate("Files", "Writing the roster"))
        if target.rotation:
            export_roster(plan, path, rotation=target.rotation, findings=findings)
        else:
            export_roster(plan, path, mission=target.mission, on=target.on, findings=findings)
        progress.step(1, 1, translate("Files", "Saved"))
        return path

    ctx.runner.run(
        translate("Files", "Exporting the roster of {target}").format(target=target.name),
        work,
        lambda written: _exported(ctx, translate("Files", "Roster"), written),
        lambda exc: ctx.messages.error(parent, exc, title=translate("Files", "Export roster")),
    )


def backup_now(ctx: FeatureContext) -> None:
    """An online backup into the plan's backup folder (no question asked: it is safe)."""
    plan: Plan = ctx.plan

    def work(progress: Progress) -> Path:
        progress.step(0, 1, translate("Files", "Copying the plan"))
        return plan.backup(reason="manual")

    ctx.runner.run(
        translate("Files", "Backing up the plan"),
        work,
        lambda written: _exported(ctx, translate("Files", "Backup"), written),
        lambda exc: ctx.messages.error(
            ctx.dialog_parent(), exc, title=translate("Files", "Back up")
        ),
    )


def _exported(ctx: FeatureContext, what: str, path: Path) -> None:
    ctx.status(
        translate("Files", "{what} written to {path}").format(what=what, path=path), REPORT_MS
    )
    ctx.messages.inform(
        ctx.dialog_parent(),
        what,
        translate("Files", "{what} written to {path}.").format(what=what, path=path),
    )
