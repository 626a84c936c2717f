"""Styles for many spreadsheet cells at the cost of one: the same workbook openpyxl writes, made faster.

`cell.font = Font(...)` makes openpyxl look the font up in the workbook's list of fonts, which hashes and
compares every field of it, on every cell (openpyxl 3.1, `styles.styleable.StyleDescriptor`): most of the CPU
of writing corpath's workbooks went there. `SharedStyles.apply` makes that lookup once per style object and
then writes its index straight into each cell's style array, where openpyxl itself would have put it, so the
saved file is byte for byte the one the plain assignments make.
"""

from __future__ import annotations

from typing import Any

# cell attribute → (the workbook's list of such styles, the cell's style-array field), as openpyxl names them
FIELDS = {
    "font": "fontId",
    "fill": "fillId",
    "border": "borderId",
    "alignment": "alignmentId",
    "protection": "protectionId",
}


class SharedStyles:
    """Assigns openpyxl style objects (Font, PatternFill, Border, Alignment, Protection) to the cells of one
    workbook (`workbook`: the indices are that workbook's; a cell of another raises ValueError).

    The first cell given a style object gets it the ordinary way (`setattr(cell, "font", font)`), which adds it
    to the workbook's styles in the same order as before; every later cell given the same object gets only the
    index. A style object must not be changed once applied (openpyxl treats them as values too).
    """

    def __init__(self, workbook: Any) -> None:
        # imported here, as the writers import openpyxl: it takes 0.2-0.3 s to import (see delivery.build)
        from openpyxl.styles.cell_style import StyleArray

        self.workbook = workbook
        self._new_array = StyleArray
        # (attribute, id of the style object) → (its index in the workbook, the object: kept so its id stays its own)
        self._index: dict[tuple[str, int], tuple[int, Any]] = {}

    def apply(self, cell: Any, **styles: Any) -> None:
        """Give `cell` the styles named by keyword (`font=`, `fill=`, `border=`, `alignment=`, `protection=`),
        in the order given, as `cell.<name> = value` would; raises KeyError for another name."""
        if cell.parent.parent is not self.workbook:
            raise ValueError(f"cell {cell.coordinate} is not in this SharedStyles' workbook")
        for name, value in styles.items():
            field = FIELDS[name]
            known = self._index.get((name, id(value)))
            if known is None:
                setattr(cell, name, value)
                self._index[(name, id(value))] = (getattr(cell._style, field), value)
            else:
                if not cell._style:  # a new cell has none yet (openpyxl makes it on the first style, as here)
                    cell._style = self._new_array()
                setattr(cell._style, field, known[0])
