"""What ``verify_history`` reports: one problem with one named row."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    position: int | None
    model: str
    history_id: int | str
    problem: str

    def __str__(self):
        where = f"position {self.position}: " if self.position else ""
        return f"{where}{self.model} row {self.history_id} {self.problem}"
