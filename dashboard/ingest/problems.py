"""Problem records and the collector that counts, groups and streams them.

A problem names the file, the row (as numbered in the file: the header line is row 1, the first data row
is row 2), the column, the value, its kind (see kinds.py) and a per-problem detail. The collector keeps
counts and the first few examples of each group in memory, and hands every problem to an optional sink
(the full CSV report), so a file with a million bad rows does not fill the memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import pandas as pd

from dashboard.ingest.kinds import ERROR, WARNING, kind

EXAMPLES_PER_GROUP = 5


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
            key = (p.severity, p.kind, p.file, p.column)
            group = self._groups.get(key)
            if group is None:
                group = self._groups[key] = Group(p.severity, p.kind, p.file, p.column)
            group.count += 1
            if len(group.examples) < self.examples:
                group.examples.append(p)
        if self.sink is not None and batch:
            self.sink.write(batch)

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
