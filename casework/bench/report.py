"""The benchmark table and its JSON, with the targets of QUALITY_BARS.md."""

import json
from dataclasses import dataclass

# op: (p50 ms, p95 ms) per database vendor, and the most queries allowed
TARGETS = {
    "L1": {"sqlite": (12, 25), "postgresql": (18, 35), "queries": 6},
    "L3": {"sqlite": (15, 30), "postgresql": (20, 40), "queries": 6},
    "D1": {"sqlite": (10, 15), "postgresql": (15, 25), "queries": 12},
}
COLUMNS = [
    ("op", 3, "<"),
    ("persona", 8, "<"),
    ("what", 16, "<"),
    ("variant", 8, "<"),
    ("p50 ms", 8, ">"),
    ("p95 ms", 8, ">"),
    ("queries", 7, ">"),
    ("ours/floor", 10, ">"),
    ("baseline/ours", 13, ">"),
    ("target", 22, "<"),
    ("result", 6, "<"),
]


@dataclass
class Row:
    op: str
    persona: str
    what: str
    variant: str
    p50: float | None
    p95: float | None
    queries: int | None
    error: str | None = None
    ours_over_floor: float | None = None
    baseline_over_ours: float | None = None
    target: str = ""
    result: str = ""


def rows_for(op, results: list, vendor: str) -> list[Row]:
    """One row per variant; the ours row carries the ratios and the verdict."""
    by_variant = {result.variant: result for result in results}
    rows = [
        Row(op.code, op.persona, op.what, r.variant, r.p50, r.p95, r.queries, r.error)
        for r in results
    ]
    ours = next(row for row in rows if row.variant == "ours")
    ours.ours_over_floor = _ratio(ours.p50, by_variant["floor"].p50)
    ours.baseline_over_ours = _ratio(by_variant["baseline"].p50, ours.p50)
    ours.target, ours.result = _verdict(op.code, ours, vendor)
    return rows


def _ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _verdict(code: str, row: Row, vendor: str) -> tuple[str, str]:
    target = TARGETS[code]
    p50, p95 = target.get(vendor, target["sqlite"])
    text = f"<= {p50}/{p95} ms, <= {target['queries']} q"
    if row.error:
        return text, "error"
    met = row.p50 <= p50 and row.p95 <= p95 and row.queries <= target["queries"]
    return text, "pass" if met else "miss"


def table(rows: list[Row]) -> str:
    lines = [_line([name for name, _w, _a in COLUMNS])]
    lines.append(_line(["-" * width for _n, width, _a in COLUMNS]))
    for row in rows:
        lines.append(_line(_cells(row)))
        if row.error:
            lines.append(f"    {row.variant} failed: {row.error}")
    return "\n".join(lines)


def _cells(row: Row) -> list[str]:
    return [
        row.op,
        row.persona,
        row.what,
        row.variant,
        _number(row.p50, ".2f"),
        _number(row.p95, ".2f"),
        _number(row.queries, "d"),
        _number(row.ours_over_floor, ".1f"),
        _number(row.baseline_over_ours, ".1f"),
        row.target,
        row.result,
    ]


def _number(value, spec: str) -> str:
    return "" if value is None else format(value, spec)


def _line(cells: list[str]) -> str:
    return "  ".join(
        f"{cell:{align}{width}}"
        for cell, (_name, width, align) in zip(cells, COLUMNS, strict=True)
    ).rstrip()


def write_json(path: str, meta: dict, rows: list[Row]) -> None:
    document = {**meta, "rows": [row.__dict__ for row in rows]}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, default=str)
        out.write("\n")
