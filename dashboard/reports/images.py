"""Which charts a deck or report needs, at which size, rendered together in one chromium run.

The per-hromada charts are drawn as bands of a few tall "strip" figures and cut apart afterwards (one
figure per hromada would cost ~0.4 s each: 20 s for the oblast).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from dashboard.reports import figures, mapfig
from dashboard.reports.content import ReportContent
from dashboard.reports.render import DEFAULT_SCALE, FigureJob, Progress, render_pngs

# Chromium cannot draw a canvas taller than 32,767 px: BAND_H × scale × bands must stay below that.
BANDS_PER_STRIP = 16


@dataclass(frozen=True)
class ReportImages:
    """PNG bytes and layout size (width, height in px) of every chart, by key ("map", "hromada:<code>")."""

    images: dict[str, tuple[bytes, tuple[int, int]]]

    def get(self, key: str) -> tuple[bytes, tuple[int, int]]:
        return self.images[key]

    def __len__(self) -> int:
        return len(self.images)


def overview_jobs(content: ReportContent) -> dict[str, FigureJob]:
    """The oblast charts, keyed as in ReportImages."""
    lang = content.lang
    names = dict(zip(content.status["katottg"], content.status["name"], strict=True))
    status = dict(zip(content.status["katottg"], content.status["status"], strict=True))
    ba = content.before_after
    forest = figures.before_after_forest(ba, names, lang)
    return {
        "map": FigureJob(mapfig.coverage_map(status, lang), 1000, 640),
        "coverage": FigureJob(figures.coverage_over_time(content.coverage_monthly, lang), 1000, 400),
        "funnel": FigureJob(figures.rollout_funnel(content.rollout, lang), 900, 300),
        "activity": FigureJob(figures.activity_mix(content.activity_mix, lang), 900, 380),
        "trend": FigureJob(figures.offence_trend(content.offence_trend, lang), 1000, 400),
        "categories": FigureJob(figures.offences_by_category(content.offences_by_category, lang), 1000, 480),
        "event_time": FigureJob(figures.event_time(content.event_series, ba, lang), 1000, 420),
        "trust": FigureJob(figures.trust_trend(content.trust_trend, lang), 1000, 360),
        "forest": FigureJob(forest, 900, int(forest.layout.height)),
    }


def strip_jobs(content: ReportContent) -> list[tuple[list[str], FigureJob]]:
    """(KATOTTG codes, strip figure) for the selected hromadas, BANDS_PER_STRIP per figure."""
    profiles = content.hromadas
    out = []
    for start in range(0, len(profiles), BANDS_PER_STRIP):
        chunk = profiles[start : start + BANDS_PER_STRIP]
        fig = figures.hromada_strip([(p.monthly, p.activities) for p in chunk], content.lang,
                                    current_from=content.period.month_from)  # fmt: skip
        out.append(([p.katottg for p in chunk], FigureJob(fig, figures.BAND_W, figures.BAND_H * len(chunk))))
    return out


def _cut_bands(png: bytes, codes: list[str], scale: float) -> dict[str, tuple[bytes, tuple[int, int]]]:
    band_px = round(figures.BAND_H * scale)
    out = {}
    with Image.open(io.BytesIO(png)) as strip:
        strip = strip.convert("RGB")  # no alpha channel: smaller, and PDF viewers need no soft mask
        for i, code in enumerate(codes):
            band = strip.crop((0, i * band_px, strip.width, (i + 1) * band_px))
            buffer = io.BytesIO()
            band.save(buffer, format="PNG", compress_level=3)
            out[f"hromada:{code}"] = (buffer.getvalue(), (figures.BAND_W, figures.BAND_H))
    return out


def render_images(
    content: ReportContent,
    *,
    overview: bool = True,
    scale: float = DEFAULT_SCALE,
    progress: Progress | None = None,
) -> ReportImages:
    """Render the oblast charts (unless `overview` is False) and the selected hromadas' charts in one batch."""
    jobs = overview_jobs(content) if overview else {}
    strips = strip_jobs(content)
    pngs = render_pngs([*jobs.values(), *(job for _, job in strips)], scale=scale, progress=progress)
    images = {
        key: (png, (job.width, job.height)) for (key, job), png in zip(jobs.items(), pngs, strict=False)
    }
    for (codes, _), png in zip(strips, pngs[len(jobs) :], strict=True):
        images.update(_cut_bands(png, codes, scale))
    return ReportImages(images)
