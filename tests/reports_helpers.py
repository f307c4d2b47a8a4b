"""Shared pieces of the export tests: build a deck and a report from one render, read them back."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation

from dashboard.auth.policy import DataPolicy
from dashboard.disclosure import connect_for
from dashboard.reports.content import ReportContent, gather
from dashboard.reports.images import render_images
from dashboard.reports.pdf import PdfLayout, write_pdf
from dashboard.reports.pptx import write_pptx
from tests.fixture_snapshot import LATEST_DATE


@dataclass(frozen=True)
class Built:
    content: ReportContent
    pdf_path: Path
    pdf_layout: PdfLayout
    pptx_path: Path
    slides: int


def snapshot_file(fixture_data_dir: Path) -> Path:
    return fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb"


def build_both(snapshot: Path, out_dir: Path, *, lang: str, policy: DataPolicy, hromadas: list[str]) -> Built:
    """The report and the deck of the same content and the same images (one chromium run)."""
    with connect_for(snapshot, controlled=policy.controlled) as con:
        content = gather(con, lang=lang, hromadas=hromadas, policy=policy)
    images = render_images(content)
    pdf, layout = write_pdf(content, images)
    pptx, slides = write_pptx(content, images)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf_path, pptx_path = out_dir / f"report-{lang}.pdf", out_dir / f"deck-{lang}.pptx"
    pdf_path.write_bytes(pdf)
    pptx_path.write_bytes(pptx)
    return Built(content, pdf_path, layout, pptx_path, slides)


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_pages(path: Path) -> int:
    info = run("pdfinfo", str(path))
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text layer (pdftotext from poppler-utils), of one page if given."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-enc", "UTF-8", *pages, str(path), "-")


def slide_texts(path: Path) -> list[str]:
    """Every text of each slide: text boxes, table cells and the speaker notes."""
    out = []
    for slide in Presentation(str(path)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        out.append("\n".join(parts))
    return out
