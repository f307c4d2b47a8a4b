"""Which charts a deck or report needs, at which size, rendered together in one chromium run.

The per-hromada charts are drawn as bands of a few tall "strip" figures and cut apart afterwards (one
figure per hromada would cost ~0.4 s each: 20 s for the oblast).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import plotly.graph_objects as go
from PIL import Image

from dashboard.charts import activity as activity_charts
from dashboard.charts import crime as crime_charts
from dashboard.charts import event_study as event_study_charts
from dashboard.charts import overview as overview_charts
from dashboard.charts import trust as trust_charts
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


def _print(fig: go.Figure) -> go.Figure:
    """A page's figure made for print: the shipped font a size larger, white paper, no shaded period."""
    fig.update_layout(font={"family": figures.FONT_FAMILY, "size": 14}, paper_bgcolor="white",
                      plot_bgcolor="white", title=None)  # fmt: skip
    return fig


def overview_jobs(content: ReportContent) -> dict[str, FigureJob]:
    """The oblast charts, keyed as in ReportImages: the pages' own chart builders where one fits."""
    lang, ob = content.lang, content.oblast
    status = dict(zip(content.status["katottg"], content.status["status"], strict=True))
    ba = ob.before_after
    categories = ob.by_category
    forest = figures.before_after_forest(ba, content.names, lang)
    jobs = {
        "map": FigureJob(mapfig.coverage_map(status, lang), 1000, 640),
        "coverage": FigureJob(overview_charts.coverage_trend(ob.coverage_trend, lang=lang), 1000, 400),
        "funnel": FigureJob(overview_charts.rollout_funnel(ob.rollout, lang=lang), 1000, 320),
        "activity": FigureJob(activity_charts.activity_mix_figure(ob.activity_monthly, lang=lang), 1000, 420),
        "trend": FigureJob(overview_charts.offence_trend(ob.offence_trend, lang=lang), 1000, 420),
        "categories": FigureJob(crime_charts.category_figure(categories, lang=lang), 1000, 440),
        "event_time": FigureJob(crime_charts.event_time_figure(ob.event_series, ba.pooled, lang=lang), 1000, 420),
        "trust": FigureJob(
            trust_charts.trust_dv_figure(ob.trust_waves, ob.dv_half_years, lang=lang,
                                         period_from=content.period.month_from, period_to=content.period.month_to),
            1000, 600,
        ),
        "forest": FigureJob(forest, 900, int(forest.layout.height)),
    }  # fmt: skip
    if event_study_charts.has_estimate(ob.event_study):
        jobs["event_study"] = FigureJob(figures.event_study_figure(ob.event_study, lang), 1000, 440)
    if ob.wdd is not None:
        jobs["wdd"] = FigureJob(crime_charts.wdd_figure(ob.wdd.result, lang=lang), 800, 320)
    for key, job in jobs.items():
        if key not in ("map", "forest", "event_study"):
            _print(job.fig)
    return jobs


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
    with Image.open(io.BytesIO(png)) as source:
        strip = source.convert("RGB")  # no alpha channel: smaller, and PDF viewers need no soft mask
        for i, code in enumerate(codes):
            band = strip.crop((0, i * band_px, strip.width, (i + 1) * band_px))
            buffer = io.BytesIO()
            band.save(buffer, format="PNG", compress_level=1)  # fast; the PDF recompresses anyway
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
