"""Build a deck or report from a snapshot: the one entry point of the CLI and the export page.

    result = build_export(snapshot_path, fmt="pdf", lang="uk", hromadas=None, appendix=False,
                          policy=policy_for("partner"), progress=lambda fraction, message: ...)
    result.data  # the file's bytes

Progress goes 0 → 0.1 (data), → 0.85 (charts), → 1 (document), with a message in the document's language.
"""

from __future__ import annotations

import datetime as dt
import difflib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.auth.policy import DataPolicy
from dashboard.disclosure import connect_for
from dashboard.i18n import normalize_lang, t
from dashboard.queries.reference import hromada_list
from dashboard.reports.access import policy_for
from dashboard.reports.content import gather
from dashboard.reports.render import Progress

FORMATS = ("pdf", "pptx")
MIME = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class UnknownHromadaError(ValueError):
    """A requested KATOTTG code is not one of the snapshot's hromadas (the message suggests close ones)."""


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    fmt: str
    filename: str
    mime: str
    pages: int  # PDF pages or PPTX slides
    hromadas: list[str]
    seconds: dict[str, float] = field(default_factory=dict)  # data, charts, document, total

    @property
    def total_seconds(self) -> float:
        return self.seconds.get("total", 0.0)


def resolve_hromadas(requested: Sequence[str] | None, hromadas: pd.DataFrame) -> list[str] | None:
    """The requested KATOTTG codes, checked against the snapshot (None or empty = all hromadas).

    Raises UnknownHromadaError naming each unknown code with the closest codes and names, so that a
    typo or a name instead of a code gets a helpful answer.
    """
    if not requested:
        return None
    codes = list(hromadas["katottg"])
    labels = {f"{row.katottg} ({row.name_uk})": row.katottg for row in hromadas.itertuples()}
    by_name = {str(name).lower(): row for row in hromadas.itertuples() for name in (row.name_uk, row.name_en)}
    problems = []
    for code in requested:
        if code in codes:
            continue
        close = difflib.get_close_matches(code, codes, n=3, cutoff=0.6)
        named = by_name.get(code.strip().lower())
        hints = [f"{c} ({hromadas.set_index('katottg').loc[c, 'name_uk']})" for c in close]
        if named is not None:
            hints.insert(0, f"{named.katottg} ({named.name_uk})")
        if not hints:
            hints = difflib.get_close_matches(code, list(labels), n=3, cutoff=0.3)
        suggestion = f" (did you mean {', '.join(dict.fromkeys(hints))}?)" if hints else ""
        problems.append(f"unknown KATOTTG code {code!r}{suggestion}")
    if problems:
        raise UnknownHromadaError("\n".join(problems))
    return list(dict.fromkeys(requested))


def export_filename(
    fmt: str, lang: str, reporting_date: dt.date, hromadas: Sequence[str] | None, *, appendix: bool = False
) -> str:
    """Latin, dated, e.g. pog-report-2026-10-31-uk.pdf, pog-deck-2026-10-31-en-3-hromadas.pptx or
    pog-deck-2026-10-31-uk-appendix.pptx."""
    kind = "report" if fmt == "pdf" else "deck"
    scope = (
        "" if not hromadas else (f"-{hromadas[0]}" if len(hromadas) == 1 else f"-{len(hromadas)}-hromadas")
    )
    return f"pog-{kind}-{reporting_date.isoformat()}-{lang}{scope}{'-appendix' if appendix else ''}.{fmt}"


def build_export(
    snapshot_path: Path,
    *,
    fmt: str,
    lang: str,
    hromadas: Sequence[str] | None = None,
    policy: DataPolicy | None = None,
    progress: Progress | None = None,
    overview: bool = True,
    appendix: bool = False,
) -> ExportResult:
    """The deck (`fmt="pptx"`) or report (`"pdf"`) of the snapshot at `snapshot_path`.

    The oblast part stays short (the deck at most `slides.MAX_OBLAST_SLIDES` slides); a hromada gets a
    slide or page of its own only when chosen: `hromadas` (KATOTTG codes, None = none) right after the
    oblast part, and with `appendix=True` every other hromada in an appendix at the end. `overview=False`
    leaves out the oblast part (PDF only: the print-friendly community profile).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    lang = normalize_lang(lang)
    policy = policy or policy_for("partner")
    report = progress or (lambda fraction, message: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    report(0.0, t("pg.export.stage_data", lang))
    with connect_for(Path(snapshot_path), controlled=policy.controlled) as con:
        selected = resolve_hromadas(hromadas, hromada_list(con))
        content = gather(con, lang=lang, hromadas=selected, policy=policy, appendix=appendix)
    seconds["data"] = time.perf_counter() - started

    # Imported here: fpdf2, python-pptx and Pillow take a second or more to import, and the export page
    # (and every page with a download button) imports this module on every first load.
    from dashboard.reports.images import render_images
    from dashboard.reports.pdf import write_pdf
    from dashboard.reports.pptx import write_pptx

    mark = time.perf_counter()
    message = t("pg.export.stage_charts", lang)
    report(0.1, message)
    images = render_images(
        content,
        overview=overview or fmt == "pptx",
        progress=lambda fraction, _: report(0.1 + 0.75 * fraction, message),
    )
    seconds["charts"] = time.perf_counter() - mark

    mark = time.perf_counter()
    report(0.85, t("pg.export.stage_writing", lang))
    if fmt == "pdf":
        data, layout = write_pdf(content, images, overview=overview)
        pages = layout.total_pages
    else:
        data, pages = write_pptx(content, images)
    seconds["document"] = time.perf_counter() - mark
    seconds["total"] = time.perf_counter() - started
    report(1.0, t("pg.export.done", lang, seconds=f"{seconds['total']:.0f}"))
    return ExportResult(
        data=data,
        fmt=fmt,
        filename=export_filename(fmt, lang, content.reporting_date, selected, appendix=appendix),
        mime=MIME[fmt],
        pages=pages,
        hromadas=content.selected,
        seconds=seconds,
    )
