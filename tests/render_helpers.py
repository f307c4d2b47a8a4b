"""Render a deck or report as a reader sees it, and find the text that leaves its place.

A PPTX is converted by LibreOffice (`soffice --headless --convert-to pdf`, Debian's libreoffice-impress),
a PDF is read as it is; `pdftotext -bbox-layout` (poppler-utils) gives every word's box in points and
`pdftoppm` the page images saved under tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EMU_PER_PT = 12700
TOLERANCE_PT = 2.0  # glyph boxes reach a little past the text box's edge (accents, italics)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)
_SPLIT = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, other: Box, tolerance: float = TOLERANCE_PT) -> bool:
        return (other.x0 >= self.x0 - tolerance and other.y0 >= self.y0 - tolerance
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)  # fmt: skip

    def overlap(self, other: Box) -> float:
        """The area both boxes cover, as a share of the smaller one."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        if w <= 0 or h <= 0:
            return 0.0
        smaller = min(
            (self.x1 - self.x0) * (self.y1 - self.y0), (other.x1 - other.x0) * (other.y1 - other.y0)
        )
        return w * h / smaller if smaller > 0 else 0.0


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    box: Box
    text: str


def libreoffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise RuntimeError("LibreOffice is missing: apt-get install -y libreoffice-impress-nogui (scripts/)")
    return path


def pptx_to_pdf(pptx: Path, out_dir: Path) -> Path:
    """The deck as LibreOffice Impress prints it (a profile of its own: no clash with another run)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [libreoffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(pptx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out_dir / f"{pptx.stem}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no {pdf.name}"
    return pdf


def words(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Each page's size (points) and every word with its box, from `pdftotext -bbox-layout`."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True, timeout=120).stdout  # fmt: skip
    sizes, out = [], []
    for number, (width, height, body) in enumerate(_PAGE.findall(xhtml), start=1):
        sizes.append((float(width), float(height)))
        for x0, y0, x1, y1, text in _WORD.findall(body):
            out.append(Word(number, Box(float(x0), float(y0), float(x1), float(y1)), html.unescape(text)))
    return sizes, out


def save_pages(pdf: Path, name: str, *, dpi: int = 60) -> list[Path]:
    """Every page as PNG under tests/artifacts/<name>/ (the pictures looked at)."""
    target = ARTIFACTS / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(target / "page")], check=True,
                   timeout=180)  # fmt: skip
    return sorted(target.glob("page-*.png"))


_BREAKS = re.compile(r"(?<=[-–—/])")  # a line may break after a hyphen, a dash or a slash


def tokens(text: str) -> set[str]:
    """The words of `text`, and the pieces a line may break a word into after a hyphen or dash («pre-»,
    «war»; «March–», «April»)."""
    words = {t for t in _SPLIT.split(text) if t}
    pieces = set()
    for word in words:
        parts = [part for part in _BREAKS.split(word) if part]
        for start in range(len(parts)):
            for end in range(start + 1, len(parts) + 1):
                pieces.add("".join(parts[start:end]))
    return words | pieces


def _shape_boxes(shape) -> Iterable[tuple[Box, str]]:
    """(box in points, text) of a text frame, or of each cell of a table (its designed size)."""
    left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    if shape.has_table:
        table = shape.table
        y = top
        for row in table.rows:
            x = left
            for col, cell in enumerate(row.cells):
                width = table.columns[col].width / EMU_PER_PT
                yield Box(x, y, x + width, y + row.height / EMU_PER_PT), cell.text_frame.text
                x += width
            y += row.height / EMU_PER_PT
    elif shape.has_text_frame and shape.text_frame.text.strip():
        yield (
            Box(left, top, left + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT),
            shape.text_frame.text,
        )


def deck_text_problems(pptx: Path, pdf: Path) -> list[str]:
    """Words LibreOffice printed outside the box (text frame or table cell) that holds them, or off the
    slide: text that overflows its box, or a table that grew past its designed rows."""
    slides = Presentation(str(pptx)).slides
    sizes, printed = words(pdf)
    assert len(sizes) == len(slides), "LibreOffice printed another number of slides"
    boxes = [[b for shape in slide.shapes for b in _shape_boxes(shape)] for slide in slides]
    problems = []
    for word in printed:
        width, height = sizes[word.page - 1]
        if not Box(0, 0, width, height).contains(word.box, 0):
            problems.append(f"slide {word.page}: {word.text!r} is off the slide at {word.box}")
            continue
        holders = [box for box, text in boxes[word.page - 1] if word.text in tokens(text)]
        if not holders:
            problems.append(f"slide {word.page}: {word.text!r} is in no text box (hyphenated or garbled?)")
        elif not any(box.contains(word.box) for box in holders):
            problems.append(f"slide {word.page}: {word.text!r} at {word.box} overflows its box {holders[0]}")
    return problems


def overlapping_words(pdf: Path, *, share: float = 0.25) -> list[str]:
    """Pairs of words printed on top of each other (text running into other text)."""
    _, printed = words(pdf)
    problems = []
    by_page: dict[int, list[Word]] = {}
    for word in printed:
        by_page.setdefault(word.page, []).append(word)
    for page, page_words in by_page.items():
        ordered = sorted(page_words, key=lambda w: w.box.y0)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if b.box.y0 > a.box.y1:
                    break
                if a.box.overlap(b.box) > share:
                    problems.append(f"page {page}: {a.text!r} and {b.text!r} overlap")
    return problems


def outside_area(pdf: Path, area_pt: Box) -> list[str]:
    """Words outside `area_pt` (e.g. an A4 page's margins)."""
    _, printed = words(pdf)
    return [f"page {w.page}: {w.text!r} at {w.box}" for w in printed if not area_pt.contains(w.box, 0.5)]


def shape_overlaps(pptx: Path, *, skip: Sequence[str] = ()) -> list[str]:
    """Shapes that leave the slide, or lie over another shape (placement mistakes), per slide."""
    prs = Presentation(str(pptx))
    slide_box = Box(0, 0, prs.slide_width, prs.slide_height)
    problems = []
    for number, slide in enumerate(prs.slides, start=1):
        rects = []
        for shape in slide.shapes:
            box = Box(shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            if not slide_box.contains(box, Emu(0)):
                problems.append(f"slide {number}: {shape.name} leaves the slide")
            if shape.name not in skip:
                rects.append((shape.name, box))
        for i, (name_a, a) in enumerate(rects):
            for name_b, b in rects[i + 1 :]:
                if a.overlap(b) > 0.01:
                    problems.append(f"slide {number}: {name_a} lies over {name_b}")
    return problems
