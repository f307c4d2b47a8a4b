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
from dashboard.charts import passports as passport_charts
from dashboard.charts import trust as trust_charts
from dashboard.reports import figures, mapfig
from dashboard.reports.content import ReportContent
from dashboard.reports.readability import PX_PER_INCH, wrap_axis_titles
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


PRINT_FONT_PX = 14  # 10 pt where the chart is shown (readability.PX_PER_INCH)
# Every exported chart uses plotly's own template, whatever process builds it. Inside Streamlit (the export
# page) plotly's default is Streamlit's template, which has no automargin: the axes then keep the fixed
# margin and cut long labels (every hromada name became «…ка») and the tick numbers slid under the axis title.
PRINT_TEMPLATE = "plotly"

# Each oblast chart's size in inches (width, height), drawn at readability.PX_PER_INCH: its fonts print at
# the size they are set to where the chart is shown at this size (readability.py checks at least 9 pt).
# The report shows each at this size (the A4 page is 7.09 in wide, so none is wider but the deck's own
# forest plot); the deck at this size or larger, never smaller.
SIZES_IN = {
    "map": (7.0, 4.5),
    "coverage": (6.1, 3.9),
    "funnel": (6.1, 3.4),
    "activity": (7.0, 4.5),
    "trend": (5.2, 4.3),
    "event_time": (6.1, 3.5),
    "event_study": (7.0, 4.2),
    "wdd": (6.1, 3.5),
    "trust": (7.0, 5.6),
    "forest_wide": (12.3, 5.4),  # the deck: two columns of hromadas
    "passport_problems": (6.1, 2.9),
    "passport_status": (6.1, 2.9),
}
FOREST_W_IN = 7.0  # the report's one-column forest plot: a row of ROW_IN per hromada
ROW_IN = 0.15


def _job(fig: go.Figure, key: str) -> FigureJob:
    width, height = SIZES_IN[key]
    return FigureJob(fig, round(width * PX_PER_INCH), round(height * PX_PER_INCH))


def _print(fig: go.Figure) -> go.Figure:
    """A page's figure made for print: the shipped font at PRINT_FONT_PX (tick and legend fonts the page
    set smaller are raised to it), white paper, no title (the document sets it), no range slider."""
    fig.update_layout(font={"family": figures.FONT_FAMILY, "size": PRINT_FONT_PX}, paper_bgcolor="white",
                      plot_bgcolor="white", title=None, legend_font_size=PRINT_FONT_PX)  # fmt: skip
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")) and fig.layout[name] is not None:
            axis = fig.layout[name]
            if axis.tickfont.size is not None and axis.tickfont.size < PRINT_FONT_PX:
                axis.tickfont.size = PRINT_FONT_PX
            if axis.title.font.size is not None and axis.title.font.size < PRINT_FONT_PX:
                axis.title.font.size = PRINT_FONT_PX
    for note in fig.layout.annotations or ():
        if note.font.size is not None and note.font.size < PRINT_FONT_PX - 1:
            note.font.size = PRINT_FONT_PX - 1
    return fig


def event_study_figure(content: ReportContent) -> go.Figure | None:
    """The rollout evaluation's chart: the event study of the staggered rollout (figures.event_study_figure,
    the crime page's chart), or None where it has no estimate after deployment (no hromada got its first
    officer after the data's first month, or none was left to compare with): the evaluation slide and page
    then show the pooled before/after on event time ("event_time") instead."""
    frame = content.oblast.event_study
    if not event_study_charts.has_estimate(frame):
        return None
    return figures.event_study_figure(frame, content.lang)


def overview_jobs(content: ReportContent) -> dict[str, FigureJob]:
    """The oblast charts, keyed as in ReportImages: the pages' own chart builders where one fits."""
    lang, ob = content.lang, content.oblast
    status = dict(zip(content.status["katottg"], content.status["status"], strict=True))
    ba = ob.before_after
    forest = figures.before_after_forest(ba, content.names, lang)
    forest_h = max(4.0, ROW_IN * (len(ba.per_hromada) + 1) + 1.3)
    study = event_study_figure(content)
    figs = {
        "map": mapfig.coverage_map(status, lang),
        "coverage": overview_charts.coverage_trend(ob.coverage_trend, lang=lang),
        "funnel": overview_charts.rollout_funnel(ob.rollout, lang=lang),
        "activity": activity_charts.activity_mix_figure(ob.activity_monthly, lang=lang),
        "trend": overview_charts.offence_trend(ob.offence_trend, lang=lang),
        "trust": trust_charts.trust_dv_figure(ob.trust_waves, ob.dv_half_years, lang=lang,
                                              period_from=content.period.month_from, period_to=content.period.month_to),
        "forest_wide": figures.before_after_forest(ba, content.names, lang, columns=2),
        "passport_problems": passport_charts.open_problems_figure(ob.passport_problems, lang=lang),
        "passport_status": passport_charts.status_figure(ob.passport_status, lang=lang),
    }  # fmt: skip
    if study is not None:
        figs["event_study"] = study  # the WDD beside it is a sentence (slides.evaluation_slide)
    else:
        figs["event_time"] = crime_charts.event_time_figure(ob.event_series, ba.pooled, lang=lang)
        if ob.wdd is not None:
            figs["wdd"] = crime_charts.wdd_figure(ob.wdd.result, lang=lang)
    jobs = {
        key: _job(fig if key in ("map", "forest_wide") else _print(fig), key) for key, fig in figs.items()
    }
    jobs["forest"] = FigureJob(forest, round(FOREST_W_IN * PX_PER_INCH), round(forest_h * PX_PER_INCH))
    for fig in (*figs.values(), forest):
        fig.update_layout(template=PRINT_TEMPLATE)
    for job in jobs.values():
        wrap_axis_titles(job.fig, width_px=job.width, height_px=job.height)
    return jobs


def strip_jobs(content: ReportContent) -> list[tuple[list[str], FigureJob]]:
    """(KATOTTG codes, strip figure) for the selected hromadas, BANDS_PER_STRIP per figure."""
    profiles = content.profiles
    out = []
    for start in range(0, len(profiles), BANDS_PER_STRIP):
        chunk = profiles[start : start + BANDS_PER_STRIP]
        fig = figures.hromada_strip([(p.monthly, p.activities) for p in chunk], content.lang,
                                    current_from=content.period.month_from)  # fmt: skip
        fig.update_layout(template=PRINT_TEMPLATE)
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
