"""What can go wrong in an import, as values the report (and the error workbook) can show."""

from __future__ import annotations

from dataclasses import dataclass


class UnreadableFile(Exception):
    """The file cannot be imported at all (not .xlsx, encrypted, too big, no header…).

    The message is Thai, addressed to the person who uploaded the file. The command exits 2.
    """


@dataclass(frozen=True)
class Issue:
    """An error or a warning about one cell (or one row when `column` is empty).

    `row` is the sheet row number as Excel shows it (1-based); 0 means the whole file.
    """

    row: int
    column: str
    value: str
    message: str

    def as_text(self) -> str:
        where = []
        if self.row:
            where.append(f"แถว {self.row}")
        if self.column:
            where.append(f"คอลัมน์ '{self.column}'")
        if self.value != "":
            where.append(f"ค่า '{self.value}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Issue:
        return cls(data["row"], data["column"], data["value"], data["message"])
