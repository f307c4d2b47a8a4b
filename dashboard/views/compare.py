"""The compare page's tables, built from compare.hromada_table / rank_by results (formatting only).

Pure: no `st.` call. The ranking table is a pandas Styler, so that numbers are written the Ukrainian way
(display values) while the data stays numeric and sorts correctly in st.dataframe; small numbers are
greyed, my community is highlighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from dashboard import indicators as ind
from dashboard.charts.common import MUTED_TEXT, WARNING_TEXT, share_with_margin_text
from dashboard.charts.compare import rank_interval_texts
from dashboard.formatting import DASH, fmt_date, fmt_int, fmt_num, fmt_pct, fmt_signed
from dashboard.i18n import Translator
from dashboard.queries.compare import METRICS

RANK_COLUMNS = (
    "rank",
    "rank_interval",
    "name",
    "population",
    "officers_on_duty",
    "offences",
    "offence_rate",
    "offence_z",
    "category_n",
    "category_rate",
    "category_z",
    "calls",
    "calls_rate",
    "activities_per_officer_week",
    "residents_per_officer",
    "trust_share",
    "respondents",
    "small",
)
MINE_BACKGROUND = "#FCE9D9"  # a light tint of the palette's vermilion
METRIC_BACKGROUND = "#EAF3FA"  # a light tint of the palette's blue


def column_labels(lang: str, category: str) -> dict[str, str]:
    """st.dataframe column_config labels of the ranking table."""
    tr = Translator(lang)
    cat = tr.label("offence", category)
    labels = {code: tr(f"pg.compare.col_{code}") for code in RANK_COLUMNS if not code.startswith("category")}
    labels |= {
        "category_n": tr("pg.compare.col_category_n", category=cat),
        "category_rate": tr("pg.compare.col_category_rate", category=cat),
        "category_z": tr("pg.compare.col_category_z", category=cat),
    }
    return labels


def _int(value: Any, lang: str) -> str:
    return value if isinstance(value, str) else fmt_int(value, lang)  # a text cell («—») stays as it is


def ranking_styler(ranked: pd.DataFrame, *, lang: str, metric: str, mine: str | None) -> Styler:
    """The ranking table (compare.rank_by) as a Styler with RANK_COLUMNS.

    st.dataframe draws a missing cell as "None" whatever the Styler says, so missing numbers travel as
    ±infinity and are displayed as «—»: an unranked hromada's rank is +inf (last when sorted by rank),
    other missing values −inf (a z withheld in the partner view included).
    """
    tr = Translator(lang)
    value_col = METRICS[metric][0]
    # The chosen indicator right after the name, so the column the rank is about is always in view.
    first = ("rank", "rank_interval", "name", value_col)
    order = [*first, *(c for c in RANK_COLUMNS if c not in first)]
    frame = ranked.assign(
        name=ranked["name_en" if lang == "en" else "name_uk"],
        rank_interval=rank_interval_texts(ranked, lang=lang),
    ).loc[:, [*order, "hromada"]]
    numeric = [c for c in RANK_COLUMNS if c not in ("name", "small", "rank_interval")]
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["rank"] = frame["rank"].fillna(np.inf)
    frame[numeric] = frame[numeric].fillna(-np.inf)

    def shown(fn: Callable[[Any], str], missing: str = DASH) -> Callable[[Any], str]:
        return lambda v: fn(v) if np.isfinite(v) else missing

    yes = tr("common.yes")
    integer, decimal = shown(lambda v: fmt_int(v, lang)), shown(lambda v: fmt_num(v, 1, lang))
    formats: dict[Any, Callable[[Any], str] | str | None] = {
        c: integer for c in ("rank", "population", "officers_on_duty", "offences", "calls", "respondents")
    }
    formats |= {
        c: decimal for c in ("offence_rate", "category_rate", "calls_rate", "activities_per_officer_week")
    }
    formats |= {c: shown(lambda v: fmt_signed(v, 1, lang)) for c in ("offence_z", "category_z")}
    formats |= {
        "category_n": integer,
        "residents_per_officer": integer,
        "trust_share": shown(lambda v: fmt_pct(v, 1, lang)),
        "small": lambda v: yes if v else "",
    }
    shown_frame = frame.drop(columns="hromada")
    css = _cell_styles(
        shown_frame.columns,
        small=frame["small"].to_numpy(dtype=bool),
        mine=(frame["hromada"] == mine).to_numpy(dtype=bool),
        above_norm=ranked["above_norm"].to_numpy(dtype=bool),
        unreliable=~ranked["trust_reliable"].to_numpy(dtype=bool),
        value_col=value_col,
    )
    # One vectorised style frame (a per-row Python function takes seconds on 1,400 hromadas).
    styler = shown_frame.style.format(formats).apply(
        lambda data: pd.DataFrame(css, data.index, data.columns), axis=None
    )
    # A rank whose interval spans the middle rank is not a place: «≈» instead of the number (the narrow
    # pinned column's help and the note under the table say "not distinguishable from the oblast").
    blurred = shown_frame.index[
        np.isfinite(frame["rank"].to_numpy(float)) & ~ranked["distinguishable"].to_numpy(dtype=bool)
    ]
    if len(blurred):
        mark = tr("pg.compare.rank_blurred")
        styler = styler.format(lambda _: mark, subset=pd.IndexSlice[blurred, ["rank"]])
    return styler


def _cell_styles(
    columns: pd.Index,
    *,
    small: np.ndarray,
    mine: np.ndarray,
    above_norm: np.ndarray,
    unreliable: np.ndarray,
    value_col: str,
) -> np.ndarray:
    """CSS per cell: grey rows for small numbers, vermilion residents above the norm, grey unreliable
    trust, my community's row tinted and bold, the ranked indicator's column tinted."""
    n_rows, cols = len(small), list(columns)
    colour = np.where(small, f"color: {MUTED_TEXT};", "")[:, None].repeat(len(cols), axis=1).astype(object)
    residents, value = cols.index("residents_per_officer"), cols.index(value_col)
    colour[above_norm, residents] = f"color: {WARNING_TEXT};"
    for col in ("trust_share", "respondents"):
        colour[unreliable, cols.index(col)] = f"color: {MUTED_TEXT};"
    background = np.full((n_rows, len(cols)), "", dtype=object)
    background[:, value] = f"background-color: {METRIC_BACKGROUND};"
    background[mine, :] = f"background-color: {MINE_BACKGROUND}; font-weight: 600;"
    return background + colour


def peer_group_label(peer_group: str, lang: str) -> str:
    """«сільська, до 7,5 тис. мешканців» from the code "rural lt7.5k"."""
    tr = Translator(lang)
    kind, _, band = str(peer_group).partition(" ")
    return tr(
        "hromada.peer_group", type=tr.label("hromada_type", kind), band=tr.label("population_band", band)
    )


def side_by_side(frame: pd.DataFrame, codes: Sequence[str], *, lang: str, category: str) -> pd.DataFrame:
    """Key indicators of the hromadas `codes` in columns (one per hromada, in the given order).

    Columns: indicator (the translated row label), then one text column per hromada named by KATOTTG
    (the page labels them with the names). Small numbers carry their counts and z beside the rate.
    """
    tr = Translator(lang)
    rows = frame.set_index("hromada").reindex(list(codes))
    cat = tr.label("offence", category)

    def change(n: Any, z: Any, level: Any) -> str:
        if isinstance(n, str) or pd.isna(z):
            return DASH
        if level not in ("signal", "watch"):  # short, so that the cell fits: no words for "no signal"
            return tr("pg.compare.change_z_plain", change=fmt_signed(n, 0, lang), z=fmt_signed(z, 1, lang))
        return tr(
            "pg.compare.change_z",
            change=fmt_signed(n, 0, lang),
            z=fmt_signed(z, 1, lang),
            level=tr(f"signal.{level}"),
        )

    def trust(r: pd.Series) -> str:
        if pd.isna(r["trust_share"]):
            return DASH
        text = tr(
            "pg.compare.trust_value",
            share=share_with_margin_text(r["trust_share"], r["trust_moe"], r["respondents"], lang),
            n=fmt_int(r["respondents"], lang),
            date=fmt_date(r["survey_date"], lang),
        )
        return text if r["trust_reliable"] else f"{text}; {tr('pg.compare.unreliable')}"

    def rpo(r: pd.Series) -> str:
        text = fmt_int(r["residents_per_officer"], lang)
        return f"{text} ({tr('kpi.above_norm')})" if r["above_norm"] else text

    table: dict[str, list[str]] = {
        "indicator": [
            tr("column.raion"),
            tr("hromada.type"),
            tr("hromada.population"),
            tr("kpi.officers_on_duty"),
            tr("kpi.residents_per_officer"),
            tr("pg.compare.row_offences"),
            tr("pg.compare.row_offence_rate"),
            tr("pg.compare.row_offence_change"),
            tr("pg.compare.row_category", category=cat),
            tr("pg.compare.row_category_rate", category=cat),
            tr("pg.compare.row_calls_rate"),
            tr("pg.compare.metric_activities_per_officer_week"),
            tr("kpi.trust"),
        ]
    }
    for code, r in rows.iterrows():
        if pd.isna(r["population"]):
            continue
        table[str(code)] = [
            str(r["raion_en" if lang == "en" else "raion"]),
            peer_group_label(r["peer_group"], lang),
            fmt_int(r["population"], lang),
            fmt_int(r["officers_on_duty"], lang),
            rpo(r),
            fmt_int(r["offences"], lang),
            fmt_num(r["offence_rate"], 1, lang),
            change(r["offence_change"], r["offence_z"], r["offence_level"]),
            _int(r["category_n"], lang),
            fmt_num(r["category_rate"], 1, lang),
            fmt_num(r["calls_rate"], 1, lang),
            fmt_num(r["activities_per_officer_week"], 1, lang),
            trust(r),
        ]
    return pd.DataFrame(table)


# --- ranking and funnel limits on the hromada table -------------------------------------------------------


def scope_rows(table: pd.DataFrame, *, peers_of: str | None = None, raion: str | None = None) -> pd.DataFrame:
    """The hromadas compared (rows of compare.hromada_table, index 0..n-1): the peer group of the hromada
    `peers_of`, else those of `raion` (None: the whole oblast). A view, so that the page's ranking, chart
    and tables of the same cut are shared through `ctx.view` (dashboard/ui/view_cache.py)."""
    if peers_of is not None:
        peer_group = table.loc[table["hromada"] == peers_of, "peer_group"].iloc[0]
        rows = table[table["peer_group"] == peer_group]
    else:
        rows = table[table["raion_katottg"] == raion] if raion else table
    return rows.reset_index(drop=True)


def rank_by(frame: pd.DataFrame, metric: str, *, intervals: bool = True) -> pd.DataFrame:
    """The table sorted by `metric` (highest first, missing last), with columns value, small, rank,
    rank_low, rank_high and distinguishable.

    small: the value must not be ranked — count < 10 or population < 5,000 for rates of counts, fewer
    than 100 respondents for trust, no value at all for the others. rank: 1 = highest among the
    hromadas that are not small (ties share the best rank); NaN for small ones, which the page shows as
    «—» with a flag instead of a place they owe to chance.
    rank_low..rank_high: the 90 % rank interval from resampling each ranked hromada's count (Poisson;
    binomial for trust) and recomputing the value (``indicators.rank_intervals``, seeded); one place for
    residents per officer, which has no count to resample. distinguishable: False where the interval
    spans the middle rank — the page says "not distinguishable from the oblast" instead of a place.
    ``intervals=False`` (a test withheld on rounded counts): no interval, every rank distinguishable.
    """
    value_col, count_col = METRICS[metric]
    out = frame.copy()
    out["value"] = out[value_col].astype(float)
    if count_col is not None:
        small = ind.is_small_number(pd.to_numeric(out[count_col], errors="coerce"), out["population"])
    elif metric == "trust":
        small = ~out["trust_reliable"].astype(bool)
    else:
        small = out["value"].isna()
    out["small"] = small.astype(bool) | out["value"].isna()
    ranked = out["value"].where(~out["small"])
    out["rank"] = ranked.rank(ascending=False, method="min")
    out["rank_low"], out["rank_high"], out["distinguishable"] = np.nan, np.nan, ~out["small"]
    if intervals:
        _add_rank_intervals(out, metric)
    order = np.lexsort((out["hromada"].to_numpy(), -out["value"].fillna(-np.inf).to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def _add_rank_intervals(out: pd.DataFrame, metric: str) -> None:
    """rank_low, rank_high and distinguishable of the hromadas that are ranked (in place)."""
    rows = out.index[~out["small"]]
    rows = rows[np.argsort(out.loc[rows, "hromada"].to_numpy(), kind="stable")]  # draws follow the codes
    if rows.empty:
        return
    part = out.loc[rows]
    count_col = METRICS[metric][1]

    def number(column: str) -> np.ndarray:
        return pd.to_numeric(part[column], errors="coerce").to_numpy(float)

    if count_col is not None:
        population = number("population")
        result = ind.rank_intervals(number(count_col), lambda n: n / population * 10_000)
    elif metric == "activities_per_officer_week":
        weeks = number("officer_days") / 7
        result = ind.rank_intervals(number("activities"), lambda n: n / weeks)
    elif metric == "trust":
        respondents = number("respondents")
        result = ind.rank_intervals(number("trust_yes"), lambda n: n / respondents, trials=respondents)
    else:  # residents per officer: population and officers are not a sample
        out.loc[rows, "rank_low"] = out.loc[rows, "rank_high"] = out.loc[rows, "rank"]
        return
    out.loc[rows, "rank_low"] = result.low
    out.loc[rows, "rank_high"] = result.high
    out.loc[rows, "distinguishable"] = result.distinguishable


def funnel_curve(frame: pd.DataFrame, metric: str, *, points: int = 60) -> pd.DataFrame:
    """Funnel-plot limits of a count-based metric across the population range of `frame`.

    The reference is the pooled rate of the hromadas compared, Σ count ÷ Σ population × 10,000; the
    limits (``indicators.funnel_limits``) show how far a hromada of each size strays from it by chance:
    |z| = 2 and 3. Columns: population (log-spaced), reference, lower2, upper2, lower3, upper3. Empty
    for metrics that are not rates of counts (activities per officer-week, residents per officer, trust).
    """
    columns = ["population", "reference", "lower2", "upper2", "lower3", "upper3"]
    count_col = METRICS[metric][1]
    pop = frame["population"].astype(float)
    if count_col is None or frame.empty or not (pop > 0).any():
        return pd.DataFrame(columns=columns)
    counts = pd.to_numeric(frame[count_col], errors="coerce")
    reference = ind.rate_per_10k(float(counts.sum()), float(pop[pop > 0].sum()))
    grid = pd.Series(np.geomspace(pop[pop > 0].min() * 0.8, pop.max() * 1.25, points))
    two, three = ind.funnel_limits(reference, grid, z=2), ind.funnel_limits(reference, grid, z=3)
    return pd.DataFrame(
        {
            "population": grid,
            "reference": reference,
            "lower2": two["lower"],
            "upper2": two["upper"],
            "lower3": three["lower"],
            "upper3": three["upper"],
        }
    )
