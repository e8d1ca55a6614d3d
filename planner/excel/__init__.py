"""Plan workbooks in and out (DESIGN.md sections 4 and 5): import, export, the roster and
the empty template, with every untrusted file checked before it is parsed."""

from planner.excel.errors import CellError, WorkbookError
from planner.excel.export_plan import export_plan
from planner.excel.importer import ImportReport, SheetCounts, import_workbook
from planner.excel.roster import export_roster
from planner.excel.template import write_template

__all__ = [
    "CellError",
    "ImportReport",
    "SheetCounts",
    "WorkbookError",
    "export_plan",
    "export_roster",
    "import_workbook",
    "write_template",
]
