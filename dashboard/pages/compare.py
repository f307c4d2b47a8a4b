"""Порівняння громад: a ranking of the hromadas in scope (or my peer group) with n, z and small numbers
greyed, a funnel plot of the chosen indicator against population, and chosen hromadas side by side."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dashboard.charts import compare as charts
from dashboard.formatting import fmt_int
from dashboard.i18n import label
from dashboard.periods import comparison_text
from dashboard.queries import compare as cq
from dashboard.schema import OFFENCE_CATEGORIES
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, page_header, show_chart
from dashboard.ui.tables import data_table
from dashboard.ui.url_list import mirror_list_to_url, seed_list_from_url
from dashboard.ui.url_state import mirror_to_url, seed_from_url
from dashboard.views import compare as view

ctx = get_context()
page_header(ctx, "compare")
lang, tr = ctx.lang, ctx.t

# --- what to compare: indicator, offence category, all hromadas in scope or my peer group ---------------
metrics, categories, groups = list(cq.METRICS), list(OFFENCE_CATEGORIES), ["all", "peers"]
defaults = {"compare_metric": "offence_rate", "compare_category": "theft", "compare_group": "all"}
for key, options in (
    ("compare_metric", metrics),
    ("compare_category", categories),
    ("compare_group", groups),
):
    seed_from_url(key, key, options, defaults[key])
pick_metric, pick_category, pick_group = st.columns([2, 2, 2])
metric = pick_metric.selectbox(
    tr("pg.compare.metric"),
    metrics,
    key="compare_metric",
    format_func=lambda m: tr(f"pg.compare.metric_{m}"),
    placeholder=tr("common.choose_one"),
)
category = pick_category.selectbox(
    tr("pg.compare.category"),
    categories,
    key="compare_category",
    format_func=lambda c: label("offence", c, lang),
    placeholder=tr("common.choose_one"),
)
group = (
    pick_group.segmented_control(
        tr("pg.compare.group"), groups, key="compare_group", format_func=lambda g: tr(f"pg.compare.group_{g}")
    )
    or "all"
)
chosen = {"compare_metric": metric, "compare_category": category, "compare_group": group}
mirror_to_url({key: None if value == defaults[key] else value for key, value in chosen.items()})

# The whole oblast is queried once (cached); the scope, peers and side-by-side are cuts of it.
comparison = ctx.comparison()  # the same months a year earlier, or none before a full year of data
table = ctx.query(
    cq.hromada_table, **comparison.params(), raion=None, reporting_date=ctx.reporting_date, category=category
)
mine = getattr(ctx.user, "hromada", None) or ctx.hromada  # a community head's own hromada first
if mine not in set(table["hromada"]):
    mine = None
# The cut, its ranking, chart and tables are views of the query result (ctx.view): shared by every session
# of the same audience that asks for the same cut.
if group == "peers" and mine is not None:
    peer_group = table.loc[table["hromada"] == mine, "peer_group"].iloc[0]
    subset = ctx.view(view.scope_rows, table, peers_of=mine)
    where = tr(
        "pg.compare.scope_peers", name=ctx.hromada_name(mine), group=view.peer_group_label(peer_group, lang)
    )
else:
    if group == "peers":
        st.info(tr("pg.compare.peers_need_hromada"), icon=":material/person_pin_circle:")
    subset = ctx.view(view.scope_rows, table, raion=ctx.raion)
    raion_name = (
        subset[("raion_en" if lang == "en" else "raion")].iloc[0] if ctx.raion and len(subset) else None
    )
    where = tr("pg.compare.scope_raion", raion=raion_name) if raion_name else tr("pg.compare.scope_oblast")
activity = subset[["offences", "calls", "activities", "officer_days"]].to_numpy().sum()
if subset.empty or activity + subset["respondents"].fillna(0).sum() == 0:
    empty_state(ctx)
    st.stop()

# No rank interval (a test) on rounded counts: the partner view's sensitive category.
withhold = metric == "category_rate" and ctx.policy.withholds_tests(category)
ranked = ctx.view(view.rank_by, subset, metric, intervals=not withhold)
period_text = comparison_text(comparison, lang).rstrip(".")  # the note puts its own full stop
st.caption(tr("pg.compare.scope_note", where=where, n=fmt_int(len(subset), lang), period=period_text))

# --- the ranking ------------------------------------------------------------------------------------------
labels = view.column_labels(lang, category)
pinned = {c: st.column_config.Column(labels[c], pinned=True) for c in ("rank_interval", "name")}
pinned["rank"] = st.column_config.Column(labels["rank"], pinned=True, help=tr("pg.compare.rank_help"))
with chart_box(tr("pg.compare.ranking_title"), tr("pg.compare.ranking_question")):
    data_table(
        ctx.view(view.ranking_styler, ranked, lang=lang, metric=metric, mine=mine),
        name="compare_ranking",
        column_config=labels | pinned,
        height=min(38 + 35 * len(ranked), 560),
    )
    st.caption(tr("pg.compare.rank_note"))
    st.caption(tr("small_numbers.explanation"))

# --- the side-by-side choice comes first in the state so the chart can mark the chosen hromadas ----------
names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))
codes = sorted(names, key=lambda code: names[code])
default = []
if mine is not None:
    # My community and the two peers closest in size: a useful first view for a community head.
    peers = table[(table["peer_group"] == table.loc[table["hromada"] == mine, "peer_group"].iloc[0])]
    distance = np.abs(np.log(peers["population"] / peers.loc[peers["hromada"] == mine, "population"].iloc[0]))
    default = [mine, *peers.assign(d=distance).sort_values("d")["hromada"].iloc[1:3]]
seed_list_from_url("compare_selected", "compare_selected", codes, default)
selected = list(st.session_state["compare_selected"])

with chart_box(tr("pg.compare.scatter_title"), tr("pg.compare.scatter_question")):
    fig = ctx.view(
        charts.value_scatter,
        ranked,
        lang=lang,
        metric=metric,
        names=ctx.name_column(),
        curve=ctx.view(view.funnel_curve, subset, metric),
        mine=mine,
        selected=selected,
        mine_is_own=mine is not None and ctx.policy.own_hromada == mine,  # "my hromada" only for its head
    )
    show_chart(fig, key="compare_scatter")
    st.caption(tr(f"pg.compare.scatter_note_{'funnel' if cq.METRICS[metric][1] else 'plain'}"))

# --- hromadas side by side --------------------------------------------------------------------------------
with chart_box(tr("pg.compare.side_title"), tr("pg.compare.side_question")):
    selected = st.multiselect(
        tr("pg.compare.side_select"),
        codes,
        key="compare_selected",
        format_func=lambda code: names[code],
        placeholder=tr("common.choose_many"),
    )
    mirror_list_to_url("compare_selected", selected, default)
    if len(selected) < 2:
        st.info(tr("pg.compare.side_need_two"), icon=":material/compare_arrows:")
    else:
        data_table(
            ctx.view(view.side_by_side, table, selected, lang=lang, category=category),
            name="compare_side_by_side",
            column_config={"indicator": tr("pg.compare.col_indicator"), **{c: names[c] for c in selected}},
        )
