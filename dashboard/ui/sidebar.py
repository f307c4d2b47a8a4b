"""The shared sidebar: snapshot, period, raion and hromada filters and the language switch."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import LANGS, t
from dashboard.periods import make_period, period_keys
from dashboard.queries.reference import hromada_list
from dashboard.snapshots import SnapshotInfo
from dashboard.ui.context import PageContext
from dashboard.ui.data import cached_query
from dashboard.ui.url_state import mirror_to_url, seed_from_url

ALL = ""  # the "whole oblast" / "all hromadas" choice


def period_label(key: str, lang: str) -> str:
    if key.startswith("y"):
        return t("period.year", lang, year=key[1:])
    return t(f"period.{key}", lang)


def render_sidebar(snapshots: list[SnapshotInfo], *, default_lang: str = "uk", user=None) -> PageContext:
    """Draw the filters, mirror them in the URL and return the page context."""
    sb = st.sidebar
    seed_from_url("lang", "lang", LANGS, default_lang)
    lang = (
        sb.segmented_control(
            t("sidebar.language", st.session_state["lang"]),
            LANGS,
            key="lang",
            format_func=lambda code: {"uk": "Українська", "en": "English"}[code],
        )
        or default_lang
    )

    dates = [s.reporting_date.isoformat() for s in reversed(snapshots)]  # newest first
    seed_from_url("snapshot", "snapshot", dates, dates[0])
    chosen = sb.selectbox(
        t("sidebar.snapshot", lang), dates, key="snapshot", placeholder=t("common.choose_one", lang)
    )
    snapshot = next(s for s in snapshots if s.reporting_date.isoformat() == chosen)

    keys = period_keys(snapshot.reporting_date)
    seed_from_url("period", "period", keys, "12m")
    period_key = sb.selectbox(
        t("sidebar.period", lang),
        keys,
        key="period",
        format_func=lambda k: period_label(k, lang),
        placeholder=t("common.choose_one", lang),
    )

    hromadas = cached_query(snapshot, hromada_list, controlled=False)
    name_col = "name_en" if lang == "en" else "name_uk"
    raion_col = "raion_en" if lang == "en" else "raion"
    by_raion = hromadas.drop_duplicates("raion_katottg")
    raions: dict[str, str] = dict(zip(by_raion["raion_katottg"], by_raion[raion_col], strict=True))
    raion_options = [ALL, *sorted(raions, key=lambda code: raions[code])]
    seed_from_url("raion", "raion", raion_options, ALL)
    raion = sb.selectbox(
        t("sidebar.raion", lang),
        raion_options,
        key="raion",
        format_func=lambda code: raions.get(code) or t("sidebar.all_raions", lang),
        placeholder=t("common.choose_one", lang),
    )

    in_raion = hromadas if not raion else hromadas[hromadas["raion_katottg"] == raion]
    names = dict(zip(in_raion["katottg"], in_raion[name_col], strict=True))
    hromada_options = [ALL, *sorted(names, key=lambda code: names[code])]
    seed_from_url("hromada", "hromada", hromada_options, ALL)
    hromada = sb.selectbox(
        t("sidebar.hromada", lang),
        hromada_options,
        key="hromada",
        format_func=lambda code: names.get(code) or t("sidebar.all_hromadas", lang),
        placeholder=t("common.choose_one", lang),
    )

    mirror_to_url(
        {
            "lang": lang if lang != default_lang else None,
            "snapshot": chosen if chosen != dates[0] else None,
            "period": period_key if period_key != "12m" else None,
            "raion": raion or None,
            "hromada": hromada or None,
        }
    )
    return PageContext(
        lang=lang,
        snapshot=snapshot,
        period=make_period(period_key, snapshot.reporting_date),
        raion=raion or None,
        hromada=hromada or None,
        hromadas=hromadas,
        user=user,
    )
