"""The shared sidebar: snapshot, period, raion and hromada filters and the language switch."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.charts.profile_tables import md_escape
from dashboard.i18n import LANGS, t
from dashboard.periods import make_period, period_keys
from dashboard.queries.reference import hromada_list
from dashboard.snapshots import SnapshotInfo
from dashboard.ui.context import PageContext
from dashboard.ui.data import cached_query, default_snapshot
from dashboard.ui.document import document_language
from dashboard.ui.url_state import mirror_to_url, seed_from_url

ALL = ""  # the "whole oblast" / "all hromadas" choice


def default_lang(user=None) -> str:
    """The interface language before anyone chooses one: English for partners, else Ukrainian."""
    return "en" if user is not None and user.role == "partner" else "uk"


def run_lang(user=None) -> str:
    """The language this run is drawn in (what the sidebar's language switch will hold): the session's
    choice, else the URL's `lang`, else the role's default. Call it before anything is drawn, so that the
    menu and the page titles are in the same language as the page from the first run on."""
    seed_from_url("lang", "lang", LANGS, default_lang(user))
    return st.session_state["lang"]


def period_label(key: str, lang: str) -> str:
    if key.startswith("y"):
        return t("period.year", lang, year=key[1:])
    return t(f"period.{key}", lang)


def language_control(default_lang: str = "uk") -> str:
    """The sidebar's language switch (seeded from the URL); returns the chosen language."""
    seed_from_url("lang", "lang", LANGS, default_lang)
    return (
        st.sidebar.segmented_control(
            t("sidebar.language", st.session_state["lang"]),
            LANGS,
            key="lang",
            format_func=lambda code: {"uk": "Українська", "en": "English"}[code],
        )
        or default_lang
    )


def link_notice(refused: dict[str, str | None], *, known: set[str], lang: str) -> None:
    """Say it when a link names a raion or hromada the sidebar cannot show (a mistyped or outdated code,
    or a hromada outside the link's raion) instead of silently showing the whole oblast. The code comes
    from the URL: shortened and escaped before it is shown."""
    for param, code in refused.items():
        if code:
            why = "outside" if code in known else "unknown"
            shown = md_escape(code[:40] + ("…" if len(code) > 40 else ""))
            st.warning(t(f"notice.link_{param}_{why}", lang, code=shown), icon=":material/link_off:")


def render_sidebar(
    snapshots: list[SnapshotInfo],
    *,
    default_lang: str = "uk",
    user=None,
    published: frozenset[dt.date] | None = None,
) -> PageContext:
    """Draw the filters, mirror them in the URL and return the page context.

    `snapshots` are those the person may see (ui.data.visible_snapshots); `published` the dates among them
    that are published (None: all). The default is the newest published one; drafts are labelled.
    """
    sb = st.sidebar
    lang = language_control(default_lang)

    published = frozenset(s.reporting_date for s in snapshots) if published is None else published
    dates = [s.reporting_date.isoformat() for s in reversed(snapshots)]  # newest first
    default = default_snapshot(snapshots, published).reporting_date.isoformat()
    drafts = {d for d in dates if dt.date.fromisoformat(d) not in published}
    # A date no longer offered (withdrawn meanwhile) falls back to the default, also from the URL.
    seed_from_url("snapshot", "snapshot", dates, default)
    chosen = sb.selectbox(
        t("sidebar.snapshot", lang),
        dates,
        key="snapshot",
        format_func=lambda d: t("sidebar.snapshot_draft", lang, date=d) if d in drafts else d,
        placeholder=t("common.choose_one", lang),
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
    refused = {"raion": seed_from_url("raion", "raion", raion_options, ALL)}
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
    refused["hromada"] = seed_from_url("hromada", "hromada", hromada_options, ALL)
    hromada = sb.selectbox(
        t("sidebar.hromada", lang),
        hromada_options,
        key="hromada",
        format_func=lambda code: names.get(code) or t("sidebar.all_hromadas", lang),
        placeholder=t("common.choose_one", lang),
    )

    link_notice(refused, known=set(hromadas["katottg"]) | set(raions), lang=lang)
    document_language(lang, where=sb)
    mirror_to_url(
        {
            "lang": lang if lang != default_lang else None,
            "snapshot": chosen if chosen != default else None,
            "period": period_key if period_key != "12m" else None,
            "raion": raion or None,
            "hromada": hromada or None,
        }
    )
    return PageContext(
        lang=lang,
        snapshot_or_none=snapshot,
        period=make_period(period_key, snapshot.reporting_date),
        raion=raion or None,
        hromada=hromada or None,
        hromadas=hromadas,
        user=user,
        snapshots=tuple(snapshots),
        published=published,
    )
