"""The officers of a hromada's profile: a card per officer on duty (name, rank, phone, since when) where
the viewer may see personal data, else their ranks and how many; in the interface language (ranks from
the locale table, names transliterated in English, dashboard/proper_names.py). A name too long for a
card (data typed by hand) is cut to NAME_MAX characters, the whole name on hover.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import profile_tables as tables
from dashboard.formatting import clamp, fmt_date
from dashboard.i18n import tn
from dashboard.proper_names import proper_name, rank_text
from dashboard.queries import profile as q
from dashboard.ui.context import PageContext

NAME_MAX = 80  # characters of an officer's name or rank on a card


def officers_section(ctx: PageContext, officers: pd.DataFrame, hromada: str) -> None:
    """Draw the officers part of the profile (`officers` is queries.profile.officer_timeline)."""
    on_duty = officers[officers["status"] == "on_duty"]
    cards = None
    if ctx.show_personal:
        cards = ctx.query(q.officer_cards, hromada=hromada, reporting_date=ctx.reporting_date)
    if cards is not None and not cards.empty and "full_name" in cards and cards["full_name"].notna().all():
        for column, card in zip(st.columns(len(cards)), cards.itertuples(), strict=True):
            with column.container(border=True):
                name, rank = proper_name(card.full_name, ctx.lang), rank_text(card.rank, ctx.lang)
                shown = f"**{tables.md_escape(clamp(name, NAME_MAX))}**  \n{tables.md_escape(clamp(rank, NAME_MAX))}"
                st.markdown(shown, help=name if len(name) > NAME_MAX else None)  # the whole name on demand
                if isinstance(card.phone, str) and card.phone:
                    st.markdown(f":material/call: {tables.md_escape(card.phone)}")
                st.caption(ctx.t("pg.profile.on_duty_since", date=fmt_date(card.deployed_on, ctx.lang)))
    elif not on_duty.empty:
        counts = on_duty["rank"].map(lambda r: rank_text(r, ctx.lang)).value_counts()
        ranks = ", ".join(f"{tables.md_escape(r)} ({n})" for r, n in counts.items())
        st.markdown(
            ctx.t("pg.profile.ranks_only", count=tn("count.officers", len(on_duty), ctx.lang), ranks=ranks)
        )
        st.caption(ctx.t("pg.profile.personal_hidden"))
    if on_duty.empty:
        st.info(ctx.t("pg.profile.no_officer"), icon=":material/person_off:")
    pipeline = int((officers["status"] == "in_training").sum())
    if pipeline:
        st.caption(ctx.t("pg.profile.in_pipeline", n=pipeline))
