"""Plotly figures → PNG bytes, all in one kaleido (headless chromium) run, offline.

Starting chromium costs ~2 s and each further figure ~0.2 s, so a report renders every figure it needs in
one batch. Kaleido's page loads plotly.js from the installed plotly package and MathJax is switched off
(its default is a CDN URL), so nothing is downloaded at run time. Chart text uses the project's shipped
DejaVu fonts through a fontconfig file that adds dashboard/assets/fonts to the system fonts, so Cyrillic
renders on a machine without fonts too.

One render runs at a time per process (a lock): two concurrent exports would start two browsers on a
two-core server and both would crawl. Only exporting sessions wait; pages are never blocked.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.charts.common import integer_count_axes
from dashboard.config import FONTS_DIR, fontconfig_file

Progress = Callable[[float, str], object]  # what it returns is ignored (st.progress returns its element)

_RENDER_LOCK = threading.Lock()
_FONTCONFIG_LOCK = threading.Lock()
_POLL_SECONDS = 0.25
DEFAULT_SCALE = 1.5  # ~210 dpi across an A4 page, more than a projector shows; 2 would cost ~40 % more time


class RenderError(RuntimeError):
    """Chromium could not render the charts (not installed, or it failed)."""


@dataclass(frozen=True)
class FigureJob:
    """One figure to render, at `width` × `height` layout pixels."""

    fig: go.Figure | dict[str, Any]
    width: int = 900
    height: int = 500


def _fontconfig_file() -> Path:
    """A fontconfig file: the system configuration plus the project's fonts (written once per process)."""
    path = Path(tempfile.gettempdir()) / f"pog-dashboard-fonts-{os.getuid()}.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONTS_DIR}</dir>\n"
        "</fontconfig>\n"
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(f".tmp-{os.getpid()}-{threading.get_ident()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return path


def _use_project_fonts() -> None:
    with _FONTCONFIG_LOCK:
        if fontconfig_file() is None:  # an administrator's own setting wins
            # A write, not a read: chromium reads FONTCONFIG_FILE when it starts and kaleido passes it
            # os.environ, so this is the only way to hand it the shipped fonts.
            os.environ["FONTCONFIG_FILE"] = str(_fontconfig_file())


def render_pngs(
    jobs: Sequence[FigureJob], *, scale: float = DEFAULT_SCALE, progress: Progress | None = None
) -> list[bytes]:
    """PNG bytes of every job, in order, from one chromium run. `progress(fraction, "")` while it runs."""
    if not jobs:
        return []
    import kaleido  # imported here: starting the app must not depend on it

    _use_project_fonts()
    with tempfile.TemporaryDirectory(prefix="pog-render-") as tmp:
        paths = [Path(tmp) / f"{i:04d}.png" for i in range(len(jobs))]
        specs = [
            {
                "fig": job.fig if isinstance(job.fig, dict) else integer_count_axes(job.fig).to_dict(),
                "path": path,
                "opts": {"format": "png", "width": job.width, "height": job.height, "scale": scale},
            }
            for job, path in zip(jobs, paths, strict=True)
        ]
        outcome: dict[str, BaseException] = {}

        def run() -> None:
            try:
                kaleido.write_fig_from_object_sync(specs, kopts={"mathjax": False}, cancel_on_error=True)
            except BaseException as exc:  # re-raised in the calling thread
                outcome["error"] = exc

        with _RENDER_LOCK:
            # Rendering runs in a helper thread so that this (the caller's, e.g. a Streamlit script)
            # thread can report progress, by counting the files written so far.
            worker = threading.Thread(target=run, name="pog-render", daemon=True)
            worker.start()
            interrupted: BaseException | None = None
            while worker.is_alive():
                worker.join(_POLL_SECONDS)
                if progress is not None and interrupted is None:
                    done = sum(1 for p in paths if p.exists() and p.stat().st_size > 0)
                    try:
                        progress(done / len(paths), "")
                    except BaseException as exc:  # e.g. Streamlit stopping the script of a user who left
                        interrupted = exc
            # Only now, with chromium done, may the lock and the temporary directory go.
            if interrupted is not None:
                raise interrupted
        if "error" in outcome:
            raise RenderError(f"chart rendering failed: {outcome['error']}") from outcome["error"]
        missing = [p.name for p in paths if not p.exists() or p.stat().st_size == 0]
        if missing:
            raise RenderError(f"chart rendering produced no image for {len(missing)} chart(s)")
        return [p.read_bytes() for p in paths]


def render_png(fig: go.Figure, *, width: int = 900, height: int = 500, scale: float = DEFAULT_SCALE) -> bytes:
    """One figure as PNG bytes (a whole chromium start: batch with `render_pngs` where you can)."""
    return render_pngs([FigureJob(fig, width, height)], scale=scale)[0]
