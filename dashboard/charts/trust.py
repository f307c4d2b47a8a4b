"""Pure chart and table builders of the trust page: survey shares with margins of error, DV reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import indicators as ind
from dashboard.charts.common import (
    BLUE,
    GREEN,
    GREY,
    HEIGHT_TALL,
    LIGHT_GREY,
    ORANGE,
    VERMILION,
    base_figure,
    share_error_bars,
    share_margin_text,
    share_with_margin_text,
)
from dashboard.formatting import (
    fmt_int,
    fmt_month,
    fmt_num,
    fmt_pct,
    fmt_signed,
    metric_delta,
    pct_axis,
    to_date,
)
from dashboard.i18n import t, tn

CHART_MAX_HROMADAS = 60  # one oblast has 49; more only in national-scale load tests
SERIES_COLOURS = {"trust": BLUE, "feel_safe": ORANGE, "knows_officer": GREEN}


def half_year_label(day: Any, lang: str) -> str:
    """«I півр. 2026» / "H1 2026" for any date inside the half-year."""
    when = to_date(day)
    if when is None:
        return "—"
    return t("pg.trust.half_1" if when.month <= 6 else "pg.trust.half_2", lang, year=when.year)


def half_year_start(day: dt.date) -> dt.date:
    """The first day of the half-year of ``day`` (1 January or 1 July)."""
    return day.replace(month=1 if day.month <= 6 else 7, day=1)


def share_text(share: float, moe: float, n: float, lang: str) -> str:
    """«62,8 % ± 1,2» — the share and its margin of error in percentage points; where the Wilson interval
    is shown instead (n < 100, share below 10 % or above 90 %) «2,0 % (95 % інтервал 0,4–7,0 %)»."""
    if ind.share_interval(share, moe, n)[2]:
        return share_with_margin_text(share, moe, n, lang)
    return t("pg.trust.share_pm", lang, share=fmt_pct(share, 1, lang), moe=fmt_num(moe * 100, 1, lang))


def change_text(change: float, lang: str) -> str:
    """«+1,1 в. п.» — a change of a share in percentage points."""
    if pd.isna(change):
        return "—"
    return f"{fmt_signed(change * 100, 1, lang)} {t('unit.percent_points', lang)}"


def _categories(waves: pd.DataFrame, dv: pd.DataFrame) -> list[dt.date]:
    days = {pd.Timestamp(d).date() for d in [*waves.get("wave", []), *dv.get("half_year", [])]}
    return sorted(days)


def trust_dv_figure(
    waves: pd.DataFrame,
    dv: pd.DataFrame,
    *,
    lang: str,
    period_from: dt.date,
    period_to: dt.date,
) -> go.Figure:
    """Two aligned panels on one half-year axis: the survey shares ± margin of error per wave (top) and
    domestic-violence reports per 10,000 residents per half-year (bottom).

    ``waves`` is ``queries.trust.trust_waves``, ``dv`` ``queries.trust.trust_dv_half_years``. The half-years
    of the selected period are shaded. Unreliable waves (n < 100) are drawn as open grey-edged markers.
    Partial half-years are drawn lighter.
    """
    fig = base_figure(lang, height=HEIGHT_TALL)
    fig.set_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.62, 0.38])
    halves = _categories(waves, dv)
    labels = [half_year_label(d, lang) for d in halves]
    x = [half_year_label(d, lang) for d in waves["wave"]]
    for name, colour in SERIES_COLOURS.items():
        share, moe, reliable = waves[f"{name}_share"], waves[f"{name}_moe"], waves[f"{name}_reliable"]
        hover = [
            "<br>".join(
                [
                    f"<b>{label}</b>",
                    f"{t(f'kpi.{name}', lang)}: {share_with_margin_text(s, m, n, lang)}",
                    t("pg.trust.hover_n", lang, n=fmt_int(n, lang), hromadas=tn("count.hromadas", h, lang)),
                    *(
                        []
                        if ok
                        else [t("small_numbers.unreliable", lang, n=fmt_int(ind.MIN_RELIABLE_N, lang))]
                    ),
                ]
            )
            for label, s, m, ok, n, h in zip(
                x, share, moe, reliable, waves["respondents"], waves["n_hromadas"], strict=True
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=share * 100,
                error_y={
                    "type": "data",
                    **share_error_bars(share, moe, waves["respondents"]),
                    "visible": True,
                    "thickness": 1.2,
                    "width": 3,
                },
                mode="lines+markers",
                name=t(f"kpi.{name}", lang),
                line={"color": colour, "width": 2},
                marker={
                    "color": [colour if ok else "white" for ok in reliable],
                    "line": {"color": [colour if ok else GREY for ok in reliable], "width": 2},
                    "size": 8,
                },
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            ),
            row=1,
            col=1,
        )

    shown = dv["n"]
    rate = dv["rate_per_10k"]
    hover = [
        "<br>".join(
            [
                f"<b>{half_year_label(d, lang)}</b>",
                t(
                    "pg.trust.hover_dv",
                    lang,
                    n=c if isinstance(c, str) else fmt_int(c, lang),
                    rate=fmt_num(r, 2, lang),
                ),
                *([t("pg.trust.partial_half", lang, months=tn("count.months", m, lang))] if p else []),
            ]
        )
        for d, c, r, m, p in zip(dv["half_year"], shown, rate, dv["n_months"], dv["partial"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=[half_year_label(d, lang) for d in dv["half_year"]],
            y=rate,
            name=t("pg.trust.dv_series", lang),
            marker={"color": VERMILION, "opacity": [0.4 if p else 1.0 for p in dv["partial"]]},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    first = next((i for i, d in enumerate(halves) if d >= half_year_start(period_from)), None)
    last = max((i for i, d in enumerate(halves) if d <= period_to), default=None)
    # After the traces: plotly adds a shape only to subplots that already hold a trace.
    if first is not None and last is not None and first <= last:
        fig.add_vrect(
            x0=first - 0.5,
            x1=last + 0.5,
            fillcolor=LIGHT_GREY,
            opacity=0.35,
            line_width=0,
            layer="below",
            row="all",
            col=1,
        )

    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    fig.update_yaxes(title_text=t("axis.share", lang), row=1, col=1, **pct_axis(lang))
    fig.update_yaxes(title_text=t("pg.trust.dv_axis", lang), row=2, col=1, tickformat=",.1f")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, bargap=0.35)
    return fig


def hromada_share_figure(
    df: pd.DataFrame,
    *,
    lang: str,
    indicator: str,
    reference: float | None,
    scope_label: str,
    highlight: str | None,
    max_rows: int = CHART_MAX_HROMADAS,
) -> go.Figure:
    """Dot plot of one survey share per hromada with its margin of error (horizontal bars), sorted.

    ``df`` is ``queries.trust.trust_by_hromada`` limited to hromadas surveyed in the wave. Hromadas with
    n < 100 are grey open markers in their own legend entry; ``highlight`` (a KATOTTG) gets a ring;
    ``reference`` (the population-weighted share of the scope) is a dashed vertical line. More than ``max_rows``
    hromadas (a national-scale snapshot) would make an unreadable chart: the highest and the lowest
    ``max_rows // 2`` are drawn (the page says so; its table lists all).
    """
    name_col = "name_en" if lang == "en" else "name_uk"
    data = df.sort_values(f"{indicator}_share", ascending=True, kind="stable")
    if len(data) > max_rows:
        data = pd.concat([data.head(max_rows // 2), data.tail(max_rows // 2)])
    fig = base_figure(lang, height=max(260, 22 * len(data) + 90))
    for reliable, colour, label in (
        (True, BLUE, t("pg.trust.series_reliable", lang)),
        (False, GREY, t("pg.trust.series_unreliable", lang, n=fmt_int(ind.MIN_RELIABLE_N, lang))),
    ):
        part = data[data[f"{indicator}_reliable"] == reliable]
        if part.empty:
            continue
        hover = [
            "<br>".join(
                [
                    f"<b>{row[name_col]}</b>",
                    f"{t(f'kpi.{indicator}', lang)}: "
                    + share_with_margin_text(
                        row[f"{indicator}_share"], row[f"{indicator}_moe"], row["respondents"], lang
                    ),
                    t(
                        "pg.trust.hover_survey",
                        lang,
                        n=fmt_int(row["respondents"], lang),
                        month=fmt_month(row["survey_date"], lang),
                    ),
                    *(
                        []
                        if reliable
                        else [t("small_numbers.unreliable", lang, n=fmt_int(ind.MIN_RELIABLE_N, lang))]
                    ),
                ]
            )
            for _, row in part.iterrows()
        ]
        fig.add_trace(
            go.Scatter(
                x=part[f"{indicator}_share"] * 100,
                y=part[name_col],
                error_x={
                    "type": "data",
                    **share_error_bars(
                        part[f"{indicator}_share"], part[f"{indicator}_moe"], part["respondents"]
                    ),
                    "color": colour,
                    "thickness": 1.5,
                },
                mode="markers",
                name=label,
                marker={
                    "color": colour if reliable else "white",
                    "line": {"color": colour, "width": 2},
                    "size": 9,
                },
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    chosen = data[data["hromada"] == highlight] if highlight else data.iloc[0:0]
    if not chosen.empty:
        fig.add_trace(
            go.Scatter(
                x=chosen[f"{indicator}_share"] * 100,
                y=chosen[name_col],
                mode="markers",
                name=t("pg.trust.series_selected", lang),
                marker={"color": "rgba(0,0,0,0)", "line": {"color": VERMILION, "width": 3}, "size": 18},
                hoverinfo="skip",
            )
        )
    if reference is not None and not pd.isna(reference):
        fig.add_vline(
            x=reference * 100,
            line={"color": GREY, "dash": "dash", "width": 1.5},
            annotation_text=f"{scope_label}: {fmt_pct(reference, 1, lang)}",
            annotation_position="top",
        )
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(data[name_col]), automargin=True
    )
    fig.update_xaxes(title_text=t("axis.share", lang), range=[0, 100], **pct_axis(lang))
    return fig


def hromada_table(df: pd.DataFrame, *, lang: str, indicator: str) -> pd.DataFrame:
    """The rows behind the dot plot, for st.dataframe: formatted the language's way.

    Columns: hromada (name), survey_date, respondents, share («60,0 %»), margin («± 6,8 в. п.», or the Wilson
    interval «95 % інтервал 0,0–27,8 %» where n < 100 or the share is below 10 % or above 90 %),
    change (vs the hromada's previous survey, «+10,0 в. п.»), change_note (beyond / within the margin),
    reliability (empty or the n < 100 flag). Sorted by share, highest first.
    """
    name_col = "name_en" if lang == "en" else "name_uk"
    data = df.sort_values(f"{indicator}_share", ascending=False, kind="stable")
    note = {True: t("pg.trust.change_significant", lang), False: t("pg.trust.change_within_moe", lang)}
    unreliable = t("pg.trust.flag_unreliable", lang, n=fmt_int(ind.MIN_RELIABLE_N, lang))
    return pd.DataFrame(
        {
            "hromada": data[name_col].to_numpy(),
            "survey_date": pd.to_datetime(data["survey_date"]).to_numpy(),
            "respondents": data["respondents"].to_numpy(),
            "share": [fmt_pct(v, 1, lang) for v in data[f"{indicator}_share"]],
            "margin": [
                share_margin_text(s, m, n, lang)
                for s, m, n in zip(
                    data[f"{indicator}_share"], data[f"{indicator}_moe"], data["respondents"], strict=True
                )
            ],
            "change": [change_text(v, lang) for v in data[f"{indicator}_change"]],
            "change_note": [
                "—" if pd.isna(c) else note[bool(s)]
                for c, s in zip(data[f"{indicator}_change"], data[f"{indicator}_significant"], strict=True)
            ],
            "reliability": ["" if ok else unreliable for ok in data[f"{indicator}_reliable"]],
        }
    )


# --- KPI card contents (plain dicts for ui.layout.Kpi: this module stays free of Streamlit) ---------------
def survey_kpi(wave: pd.Series, change: pd.Series, name: str, *, lang: str) -> dict[str, Any]:
    """Label, value («62,8 % ± 1,2»), delta and help of one survey share for the latest wave.

    ``wave`` is a row of ``trust_waves``, ``change`` the row of ``trust_wave_change``. The delta is the
    change over hromadas surveyed in both waves, coloured only when it exceeds its margin of error (grey
    otherwise); an unreliable wave (n < 100) gets a warning icon in the label.
    """
    label = t(f"kpi.{name}", lang) + ("" if wave[f"{name}_reliable"] else " :material/warning:")
    value = share_text(wave[f"{name}_share"], wave[f"{name}_moe"], wave["respondents"], lang)
    if not change["n_hromadas"] > 0:
        return {"label": label, "value": value, "delta": None, "help": t("pg.trust.no_previous_wave", lang)}
    delta = metric_delta(
        change[f"{name}_change"] * 100,
        1,
        lang,
        higher_is_better=True if change[f"{name}_significant"] else None,
    )
    delta["delta"] = change_text(change[f"{name}_change"], lang)
    help_text = t(
        "pg.trust.delta_help",
        lang,
        prev_wave=fmt_month(change["prev_wave"], lang),
        hromadas=tn("count.hromadas", change["n_hromadas"], lang),
        moe=fmt_num(change[f"{name}_change_moe"] * 100, 1, lang),
    )
    return {"label": label, "value": value, "delta": delta, "help": help_text}


def dv_kpi(dv: pd.Series, *, lang: str) -> dict[str, Any]:
    """Domestic-violence reports in the period: the count, the absolute change vs a year earlier (grey:
    more reports is not simply worse) and, in the help, the Poisson z and the rate per 10,000.

    ``dv`` is the row of ``trust_dv_period``. In the partner view the counts are rounded and z and its
    level arrive empty (withheld by the data policy): the help says so instead.
    """
    label = t("pg.trust.dv_kpi", lang)
    withheld = not isinstance(dv["level"], str)
    help_text = t(
        "pg.trust.dv_kpi_help",
        lang,
        previous=fmt_int(dv["n_previous"], lang),
        z=fmt_num(pd.to_numeric(dv["z"]), 1, lang),
        signal=t("notice.tests_withheld", lang) if withheld else t(f"signal.{dv['level']}", lang),
        rate=fmt_num(dv["rate_per_10k"], 1, lang),
    )
    delta = metric_delta(dv["change"], 0, lang, higher_is_better=None)
    return {"label": label, "value": fmt_int(dv["n_current"], lang), "delta": delta, "help": help_text}
