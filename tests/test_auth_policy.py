"""The data policy per role: personal columns, passport details, sensitive small counts, page access."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.auth.policy import (
    SENSITIVE_CATEGORIES,
    DataPolicy,
    declared_sensitive,
    may_open,
    numeric,
    sensitive_counts,
)
from dashboard.navigation import PAGES
from tests.fixture_snapshot import OFFICERS, A, B, C

ADMIN = DataPolicy("admin")
PARTNER = DataPolicy("partner")
HEAD_A = DataPolicy("head", A)
HEAD_B = DataPolicy("head", B)
OFF = DataPolicy()  # DASHBOARD_AUTH=off


def officers() -> pd.DataFrame:
    return OFFICERS[["officer_id", "full_name", "hromada", "rank", "phone"]].copy()


def offences_long() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hromada": [A, B, B, C, B],
            "category": ["theft", "domestic_violence", "domestic_violence", "domestic_violence", "theft"],
            "n": [3, 3, 0, 12, 2],
            "solved": [1, 3, 0, 7, 2],
            "rate": [2.7, 8.6, 0.0, 20.5, 5.8],
            "pct_change": [0.5, 2.0, np.nan, 0.2, 1.0],
            "population": [11158, 3473, 3473, 5851, 3473],
        }
    )


# --- pages -------------------------------------------------------------------------------------------------


def test_page_access_per_role():
    admin_only = {"upload", "audit", "users"}
    for spec in PAGES:
        assert may_open("admin", spec.slug)
        assert may_open(None, spec.slug), "login off: every page"
        for role in ("head", "partner"):
            assert may_open(role, spec.slug) == (spec.slug not in admin_only), (role, spec.slug)
    assert not may_open("admin", "no-such-page")
    assert not may_open("intruder", "overview")


# --- personal data ------------------------------------------------------------------------------------------


def test_admin_and_login_off_see_everything_unchanged():
    frame = officers()
    assert ADMIN.apply(frame) is frame
    assert OFF.apply(frame) is frame


def test_partner_never_gets_personal_columns():
    out = PARTNER.apply(officers())
    assert "full_name" not in out.columns and "phone" not in out.columns
    assert list(out["officer_id"]) == ["O1", "O2", "O3", "O4"]


def test_head_sees_own_hromada_names_only():
    out = HEAD_A.apply(officers())
    own = out[out["hromada"] == A]
    other = out[out["hromada"] != A]
    assert list(own["full_name"]) == list(OFFICERS.loc[OFFICERS.hromada == A, "full_name"])
    assert own["phone"].notna().all()
    assert other["full_name"].isna().all() and other["phone"].isna().all()


def test_head_gets_no_personal_columns_without_a_hromada_column():
    frame = officers().drop(columns="hromada")
    out = HEAD_A.apply(frame)
    assert "full_name" not in out.columns and "phone" not in out.columns


def test_katottg_column_counts_as_hromada():
    frame = officers().rename(columns={"hromada": "katottg"})
    out = HEAD_B.apply(frame)
    assert out.loc[out.katottg == B, "full_name"].tolist() == ["Шевчук Андрій Олегович"]
    assert out.loc[out.katottg != B, "full_name"].isna().all()


def test_passport_details_are_own_hromada_only():
    items = pd.DataFrame(
        {
            "item_id": ["p1", "p2"],
            "hromada": [A, B],
            "problem": ["Освітлення вулиць", "Бродячі собаки"],
            "measure": ["Ліхтарі", "Притулок"],
            "responsible": ["Іваненко І. І.", "Петрук П. П."],
            "status": ["done", "planned"],
        }
    )
    head = HEAD_A.apply(items)
    assert head.loc[0, "responsible"] == "Іваненко І. І." and head.loc[0, "problem"] == "Освітлення вулиць"
    assert head.loc[1, ["problem", "measure", "responsible"]].isna().all()
    assert head["status"].tolist() == ["done", "planned"]
    partner = PARTNER.apply(items)
    assert list(partner.columns) == ["item_id", "hromada", "status"]


def test_measure_outside_passport_frames_is_not_restricted():
    surveys = pd.DataFrame({"survey_date": ["2026-05-01"], "measure": ["trust"], "share": [0.6]})
    assert PARTNER.apply(surveys) is surveys
    assert HEAD_A.apply(surveys) is surveys


def test_personal_data_in_nested_results_and_series():
    result = {"officers": officers(), "pair": (officers(), 3)}
    out = PARTNER.apply(result)
    assert "full_name" not in out["officers"].columns and "full_name" not in out["pair"][0].columns
    assert out["pair"][1] == 3
    names = PARTNER.apply(OFFICERS["full_name"])
    assert names.isna().all()


def test_may_see_personal():
    assert ADMIN.may_see_personal(None) and OFF.may_see_personal(B)
    assert HEAD_A.may_see_personal(A) and not HEAD_A.may_see_personal(B) and not HEAD_A.may_see_personal(None)
    assert not PARTNER.may_see_personal(A)


def test_apply_never_mutates_the_cached_frame():
    frame = officers()
    before = frame.copy()
    HEAD_A.apply(frame)
    PARTNER.apply(frame)
    pd.testing.assert_frame_equal(frame, before)


# --- sensitive small counts ---------------------------------------------------------------------------------


def test_partner_long_format_suppression():
    out = PARTNER.apply(offences_long())
    # theft rows untouched, even with small counts
    assert out.loc[0, "n"] == 3 and out.loc[4, "n"] == 2 and out.loc[4, "rate"] == 5.8
    # domestic violence 3 → «<5», its solved count too, and the rate / change that would reveal it
    assert out.loc[1, "n"] == "<5" and out.loc[1, "solved"] == "<5"
    assert np.isnan(out.loc[1, "rate"]) and np.isnan(out.loc[1, "pct_change"])
    assert out.loc[1, "population"] == 3473
    # zero stays zero; 12 and 7 are shown with their rate
    assert out.loc[2, "n"] == 0
    assert out.loc[3, "n"] == 12 and out.loc[3, "solved"] == 7 and out.loc[3, "rate"] == 20.5


def test_heads_and_admin_see_sensitive_counts():
    for policy in (ADMIN, HEAD_A, HEAD_B, OFF):
        out = policy.apply(offences_long())
        assert out.loc[1, "n"] == 3 and out.loc[1, "rate"] == 8.6


def test_partner_wide_format_suppression():
    frame = pd.DataFrame(
        {
            "hromada": [A, B, C],
            "theft": [3, 1, 9],
            "domestic_violence": [0, 3, 6],
            "dv_rate": [0.0, 8.6, 10.3],
            "n_dv_prev": [2, 0, 5],
        }
    )
    out = PARTNER.apply(frame)
    assert out["theft"].tolist() == [3, 1, 9]
    assert out["domestic_violence"].tolist() == [0, "<5", 6]
    assert out["n_dv_prev"].tolist() == ["<5", 0, 5]
    assert (
        np.isnan(out.loc[0, "dv_rate"]) and np.isnan(out.loc[1, "dv_rate"]) and out.loc[2, "dv_rate"] == 10.3
    )


def test_partner_derived_without_count_is_hidden():
    frame = pd.DataFrame({"hromada": [A, B], "dv_rate": [1.2, 30.0]})
    assert PARTNER.apply(frame)["dv_rate"].isna().all()


def test_partner_event_rows_of_sensitive_categories_are_removed():
    events = pd.DataFrame(
        {
            "offence_id": ["x1", "x2", "x3"],
            "hromada": [A, B, B],
            "category": ["theft", "domestic_violence", "theft"],
            "lat": [48.0, 47.9, 47.8],
            "lon": [32.1, 32.2, 32.3],
        }
    )
    out = PARTNER.apply(events)
    assert out["offence_id"].tolist() == ["x1", "x3"]
    assert out.attrs["policy_rows_removed"] == 1
    assert len(HEAD_A.apply(events)) == 3


def test_domestic_call_category_is_sensitive():
    assert "domestic" in SENSITIVE_CATEGORIES
    calls = pd.DataFrame({"hromada": [B, B], "category": ["domestic", "theft"], "n": [2, 2]})
    assert PARTNER.apply(calls)["n"].tolist() == ["<5", 2]


def test_suppression_is_idempotent_and_numeric_helper():
    once = PARTNER.apply(offences_long())
    twice = PARTNER.apply(once)
    pd.testing.assert_frame_equal(once, twice)
    assert numeric(once["n"]).tolist()[:2] == [3.0, pytest.approx(np.nan, nan_ok=True)]
    assert np.isnan(numeric(once["n"])[1])


def test_declared_sensitive_columns():
    @sensitive_counts("n_current", "n_previous", derived=("rate_current",))
    def dv_period(con): ...

    @sensitive_counts("category_n", when=lambda kw: kw.get("category") in SENSITIVE_CATEGORIES)
    def table(con, *, category): ...

    frame = pd.DataFrame({"n_current": [3, 9], "n_previous": [7, 0], "rate_current": [8.6, 2.0]})
    spec = declared_sensitive(dv_period, {})
    out = PARTNER.apply(frame, spec)
    assert out["n_current"].tolist() == ["<5", 9]
    assert np.isnan(out.loc[0, "rate_current"]) and out.loc[1, "rate_current"] == 2.0
    assert ADMIN.apply(frame, spec)["n_current"].tolist() == [3, 9]
    assert declared_sensitive(table, {"category": "theft"}) is None
    assert declared_sensitive(table, {"category": "domestic_violence"}) is not None
    assert declared_sensitive(len, {}) is None


def test_for_user():
    class U:
        def __init__(self, role, hromada=None):
            self.role, self.hromada = role, hromada

    assert DataPolicy.for_user(None) == OFF
    assert DataPolicy.for_user(U("head", A)) == HEAD_A
    assert DataPolicy.for_user(U("partner", A)) == PARTNER
