"""The funding page's view (pure, no `st.`): what was spent, from which source, on what, for whom.

Amounts are UAH as paid, up to the reporting date, not adjusted for inflation. Cost per officer: all that
was spent on the hromadas that have officers on duty at the reporting date ÷ those officers (the kit of
a post outlives the officer who first used it, so it is spread over the officers serving now); spending on
hromadas without an officer on duty is counted in the totals but not in this ratio.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.formatting import DASH, fmt_int, fmt_num, fmt_pct
from dashboard.i18n import label, t
from dashboard.views.kpi import Kpi


def money_text(amount: float, lang: str) -> str:
    """An amount for a card: «233,8 млн грн» from a million up (a card has no room for nine digits),
    otherwise «827 500 грн»; «—» for none."""
    if math.isnan(amount):
        return DASH
    if abs(amount) >= 1_000_000:
        digits = 1 if abs(amount) >= 10_000_000 else 2
        return t("pg.funding.uah_millions", lang, amount=fmt_num(amount / 1_000_000, digits, lang))
    return t("pg.funding.uah", lang, amount=fmt_int(amount, lang))


def cost_per_officer(by_hromada: pd.DataFrame) -> tuple[float, float, int]:
    """(cost per officer on duty, the amount it spreads, the officers) over the hromadas with officers."""
    staffed = by_hromada[by_hromada["officers_on_duty"] > 0]
    officers = int(staffed["officers_on_duty"].sum())
    amount = float(staffed["amount_uah"].sum())
    return (amount / officers if officers else math.nan), amount, officers


def kpis(rows: pd.DataFrame, by_hromada: pd.DataFrame, *, lang: str) -> list[Kpi]:
    """Total spent, of it from donors, cost per officer on duty, payments with a ProZorro tender id."""
    total = float(rows["amount_uah"].sum())
    donor = float(rows.loc[rows["source_type"] == "donor", "amount_uah"].sum())
    per_officer, spread, officers = cost_per_officer(by_hromada)
    with_tender = int(rows["prozorro_id"].notna().sum())
    return [
        Kpi(
            t("pg.funding.kpi_total", lang),
            money_text(total, lang),
            help=t(
                "pg.funding.total_help",
                lang,
                n=fmt_int(len(rows), lang),
                hromadas=fmt_int(rows["hromada"].nunique(), lang),
            ),
        ),
        Kpi(
            t("pg.funding.kpi_donor", lang),
            fmt_pct(donor / total if total else math.nan, 0, lang),
            help=t("pg.funding.donor_help", lang, amount=fmt_int(donor, lang), total=fmt_int(total, lang)),
        ),
        Kpi(
            t("pg.funding.kpi_per_officer", lang),
            money_text(per_officer, lang),
            help=t(
                "pg.funding.per_officer_help",
                lang,
                amount=fmt_int(spread, lang),
                officers=fmt_int(officers, lang),
            ),
        ),
        Kpi(
            t("pg.funding.kpi_prozorro", lang),
            f"{fmt_int(with_tender, lang)} / {fmt_int(len(rows), lang)}",
            help=t("pg.funding.prozorro_help", lang),
        ),
    ]


def _uah(values: pd.Series) -> np.ndarray:
    """Whole hryvnias, halves rounded up (as the KPI cards' fmt_int does), NaN kept."""
    return np.floor(values.astype("float64").to_numpy() + 0.5)


def _name(df: pd.DataFrame, lang: str) -> pd.Series:
    return df["name_en" if lang == "en" else "name_uk"]


def hromada_table(by_hromada: pd.DataFrame, *, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Per hromada: amount, of it donors, payments, officers on duty, cost per officer (NaN: none)."""
    frame = pd.DataFrame(
        {
            "hromada": _name(by_hromada, lang).to_numpy(),
            "amount_uah": _uah(by_hromada["amount_uah"]),
            "donor_uah": _uah(by_hromada["donor_uah"]),
            "n_payments": by_hromada["n_payments"].to_numpy(),
            "officers_on_duty": by_hromada["officers_on_duty"].to_numpy(),
            # Text: «—» where no officer is on duty (a number column would show an empty cell).
            "cost_per_officer": [
                fmt_int(v, lang) if not math.isnan(v) else DASH for v in _uah(by_hromada["cost_per_officer"])
            ],
        }
    )
    keys = ("amount_uah", "donor_uah", "n_payments", "officers_on_duty", "cost_per_officer")
    labels = {"hromada": t("column.hromada", lang)} | {k: t(f"pg.funding.col_{k}", lang) for k in keys}
    return frame, labels


def source_table(by_source: pd.DataFrame, *, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """What each source paid for: source type, source name, item, quantity, amount, hromadas, ProZorro
    ids (plain text a reader can look up on prozorro.gov.ua)."""
    frame = pd.DataFrame(
        {
            "source_type": [label("funding_source", s, lang) for s in by_source["source_type"]],
            "source_name": by_source["source_name"].to_numpy(),
            "item": [label("funding_item", i, lang) for i in by_source["item"]],
            "quantity": by_source["quantity"].to_numpy(),
            "amount_uah": _uah(by_source["amount_uah"]),
            "n_hromadas": by_source["n_hromadas"].to_numpy(),
            "prozorro_ids": by_source["prozorro_ids"].replace("", DASH).to_numpy(),
        }
    )
    return frame, {c: t(f"pg.funding.col_{c}", lang) for c in frame.columns}


def payments_table(rows: pd.DataFrame, *, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every payment, newest first: date, hromada, item, quantity, amount, source, ProZorro id."""
    frame = pd.DataFrame(
        {
            "paid_on": pd.to_datetime(rows["paid_on"]).to_numpy(),
            "hromada": _name(rows, lang).to_numpy(),
            "item": [label("funding_item", i, lang) for i in rows["item"]],
            "quantity": rows["quantity"].to_numpy(),
            "amount_uah": rows["amount_uah"].astype("float64").to_numpy(),
            "source_type": [label("funding_source", s, lang) for s in rows["source_type"]],
            "source_name": rows["source_name"].to_numpy(),
            "prozorro_id": rows["prozorro_id"].fillna(DASH).to_numpy(),
            "funding_id": rows["funding_id"].to_numpy(),
        }
    )
    return frame, {c: t(f"pg.funding.col_{c}", lang) for c in frame.columns}
