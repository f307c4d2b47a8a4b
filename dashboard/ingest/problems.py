"""Problem records and the collector that counts, groups and streams them.

A problem names the file, the row (as numbered in the file: the header line is row 1, the first data row
is row 2), the column, the value, its kind (see kinds.py) and a per-problem detail. The collector keeps
counts and the first `EXAMPLES_PER_GROUP` problems of each group (kind × file × column) in memory, and
hands every problem to an optional sink (the CLI's `--report` file, written to disk as it goes), so a file
with a million bad rows does not fill the memory: without a sink, rows beyond a group's examples are only
counted, never turned into objects. A problem's value and detail are cut to `MAX_PROBLEM_TEXT`
characters (a 100 000-character cell is reported by its beginning).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import pandas as pd

from dashboard.ingest.kinds import ERROR, WARNING, kind

EXAMPLES_PER_GROUP = 100  # kept per group: the downloadable report's rows (the screen shows fewer)
MAX_PROBLEM_TEXT = 200


@dataclass(frozen=True)
class Problem:
    kind: str
    file: str = ""
    row: int | None = None  # the row number in the file; the header is row 1
    column: str = ""
    value: str = ""
    detail: str = ""
    severity: str = ""  # empty: the kind's default

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", kind(self.kind).severity)
        for name in ("value", "detail"):
            text = getattr(self, name)
            if len(text) > MAX_PROBLEM_TEXT:
                object.__setattr__(self, name, text[: MAX_PROBLEM_TEXT - 1] + "…")

    def message(self, lang: str = "uk") -> str:
        return kind(self.kind).message(lang, column=self.column, value=self.value, detail=self.detail)

    def fix(self, lang: str = "uk") -> str:
        return kind(self.kind).fix(lang, column=self.column, value=self.value, detail=self.detail)


class ProblemSink(Protocol):
    def write(self, problems: Iterable[Problem]) -> None: ...


@dataclass
class Group:
    """Problems of one kind in one column of one file."""

    severity: str
    kind: str
    file: str
    column: str
    count: int = 0
    examples: list[Problem] = field(default_factory=list)


class ProblemCollector:
    def __init__(self, sink: ProblemSink | None = None, examples: int = EXAMPLES_PER_GROUP) -> None:
        self.sink = sink
        self.examples = examples
        self._groups: dict[tuple[str, str, str, str], Group] = {}

    def add(self, problem: Problem) -> None:
        self.extend([problem])

    def extend(self, problems: Iterable[Problem]) -> None:
        batch = list(problems)
        for p in batch:
            group = self._group(p.severity, p.kind, p.file, p.column)
            group.count += 1
            if len(group.examples) < self.examples:
                group.examples.append(p)
        if self.sink is not None and batch:
            self.sink.write(batch)

    def _group(self, severity: str, code: str, file: str, column: str) -> Group:
        key = (severity, code, file, column)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = Group(severity, code, file, column)
        return group

    def add_rows(
        self,
        code: str,
        file: str,
        column: str,
        rows: Sequence[int],
        values: Sequence[object],
        details: Sequence[str] | str = "",
        severity: str = "",
    ) -> None:
        """Many problems of one kind at once (the vectorised checks produce row and value arrays)."""
        if isinstance(details, str):
            details = [details] * len(rows)
        if self.sink is None:  # only the first few become objects; the rest are counted
            group = self._group(severity or kind(code).severity, code, file, column)
            wanted = max(self.examples - len(group.examples), 0)
            group.count += len(rows) - min(wanted, len(rows))
            rows, values, details = rows[:wanted], values[:wanted], details[:wanted]
        self.extend(
            Problem(code, file, int(r), column, _text(v), d, severity)
            for r, v, d in zip(rows, values, details, strict=True)
        )

    @property
    def groups(self) -> list[Group]:
        """Errors first, then warnings; within each by file (command-level problems first), then as seen."""
        return sorted(self._groups.values(), key=lambda g: (g.severity != ERROR, g.file))

    def count(self, severity: str) -> int:
        return sum(g.count for g in self._groups.values() if g.severity == severity)

    @property
    def n_errors(self) -> int:
        return self.count(ERROR)

    @property
    def n_warnings(self) -> int:
        return self.count(WARNING)

    @property
    def has_errors(self) -> bool:
        return self.n_errors > 0

    def problems(self) -> list[Problem]:
        """The kept examples (all problems when each group is small)."""
        return [p for g in self.groups for p in g.examples]

    def warnings_by_file(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for g in self._groups.values():
            if g.severity == WARNING:
                counts[g.file] = counts.get(g.file, 0) + g.count
        return counts


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        # cast: pd.isna takes any object; pandas-stubs list only scalars and array-likes.
        if pd.isna(cast(Any, value)):
            return ""
    except (TypeError, ValueError):  # not a scalar
        pass
    return str(value)
