"""Which files an ingest reads: paths and folders expanded, sizes checked, names given for reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.ingest.detect import CSV_SUFFIXES, XLSX_SUFFIXES
from dashboard.ingest.problems import Problem, ProblemCollector

READABLE_SUFFIXES = (*CSV_SUFFIXES, *XLSX_SUFFIXES)


@dataclass(frozen=True)
class InputFile:
    path: Path
    label: str  # the name problems and the snapshot's source list use


def _skip(path: Path) -> bool:
    """Hidden files and Excel's `~$` lock files are never data."""
    return path.name.startswith((".", "~$"))


def expand_paths(paths: list[Path], collector: ProblemCollector) -> list[InputFile]:
    """Files as given plus the CSV/XLSX files inside given folders (recursively), each once, sorted."""
    found: list[Path] = []
    for given in paths:
        if given.is_dir():
            for child in sorted(given.rglob("*")):
                if (
                    not child.is_file()
                    or _skip(child)
                    or any(_skip(p) for p in child.relative_to(given).parents)
                ):
                    continue
                if child.suffix.lower() in READABLE_SUFFIXES:
                    found.append(child)
                else:
                    collector.add(Problem("ignored_file", str(child)))
        elif given.is_file():
            found.append(given)
        else:
            collector.add(Problem("file_not_found", str(given)))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    files = list(unique.values())
    names = [p.name for p in files]
    clash = len(set(names)) < len(names)
    return [InputFile(p, str(p) if clash else p.name) for p in files]


def check_size(item: InputFile, max_bytes: int, collector: ProblemCollector) -> bool:
    size = item.path.stat().st_size
    if size > max_bytes:
        detail = f"{size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB"
        collector.add(Problem("file_too_large", item.label, detail=detail))
        return False
    return True
