"""Plan workbooks in and out (DESIGN.md sections 4 and 5): import, export, the roster and
the empty template, with every untrusted file checked before it is parsed."""

from planner.excel.errors import CellError, WorkbookError
from planner.excel.export_plan import export_plan
from planner.excel.importer import ImportReport, SheetCounts, import_workbook

__all__ = [
    "CellError",
    "ImportReport",
    "SheetCounts",
    "WorkbookError",
    "export_plan",
    "import_workbook",
]
