"""The rollout event study from the snapshot to the crime page: the query on the hand-made fixture
(computed by hand below), the partner's view (rounded cells, tests withheld), the chart, the reading in
both languages and the page.

Fixture (tests/fixture_snapshot.py): offence data from 2019-01 to 2026-10; A (11 158 residents) covered
from 2019-09, B from 2019-10, the other 47 hromadas never. The only offences within 12 months of a
deployment are A's 5 thefts in 2019-01 (event time −8 for A, base month 2019-08); the data start at B's
month −9, so the event times are −9…12. At event time −8:
A (t = 2019-01): its rate changed by 5 ÷ 11 158 × 10 000 = 4.481 per 10 000, the not-yet-covered (B and
the 47) by 0 → 4.481; B (t = 2019-02): 0 − 0 = 0. Mean over the two deployment months (one hromada each):
2.2406. Every other event time is 0.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from dashboard import event_study as es
from dashboard.auth.policy import DataPolicy
from dashboard.charts import event_study as charts
from dashboard.disclosure import connect_partner_view
from dashboard.i18n import t
from dashboard.queries import crime as q
from dashboard.queries import run_query
from dashboard.views.event_study import event_study
from tests.fixture_snapshot import LATEST_DATE
from tests.page_helpers import open_app_page

PARTNER = DataPolicy("partner")
A_RATE = 5 / 11_158 * 10_000


def test_the_query_on_the_fixture_by_hand(con) -> None:
    frame = q.crime_event_study(con, category=None, reporting_date=LATEST_DATE)
    events = frame[frame["kind"] == "event"].set_index("event_time")
    assert list(events.index) == list(range(-9, 13))  # B's month −9 is the first month of the data
    assert events.loc[-8, "att"] == pytest.approx(A_RATE / 2)
    assert events.drop(index=-8)["att"].abs().max() == pytest.approx(0.0)
    assert (events.loc[-8, "n_hromadas"], events.loc[-8, "n_cohorts"]) == (2, 2)
    first = frame.iloc[0]
    assert (first["n_never"], first["n_dropped"]) == (47, 0)
    post, pre = (frame[frame["kind"] == kind].iloc[0] for kind in ("post", "pre"))
    assert post["att"] == pytest.approx(0.0)
    assert pre["att"] == pytest.approx(A_RATE / 2 / 8)  # the mean over event times −9…−2
    assert (post["n_hromadas"], post["n_cohorts"]) == (2, 2)
    # A category without offences near a deployment: zero everywhere, no interval to speak of.
    burglary = q.crime_event_study(con, category="burglary", reporting_date=LATEST_DATE)
    assert burglary["att"].abs().max() == pytest.approx(0.0)


def test_partner_gets_rounded_cells_and_no_tests_on_sensitive_or_total(fixture_data_dir) -> None:
    path = fixture_data_dir / "snapshots" / "2026-10-31.duckdb"
    with connect_partner_view(path, key="event-study-test") as view:
        frames = {
            category: PARTNER.run(view, q.crime_event_study, category=category, reporting_date=LATEST_DATE)
            for category in (None, "domestic_violence", "theft")
        }
        months = {"month_from": dt.date(2019, 1, 1), "month_to": dt.date(2026, 10, 1)}
        counts = run_query(view, "crime_wave_counts", {**months, "category": "domestic_violence"})
        deployment = run_query(view, "crime_deployment", {"raion": None, "hromada": None})
    assert (counts["n"] % 5 == 0).all()  # the partner's cells are rounded at the source (3 → 0 or 5)
    # The estimate comes from those cells only.
    expected = es.rate_event_study(
        counts, deployment, first_month=months["month_from"], last_month=months["month_to"]
    )
    np.testing.assert_allclose(frames["domestic_violence"]["att"], es.to_frame(expected)["att"], atol=1e-12)
    for category in (None, "domestic_violence"):  # a sensitive category, and the total that includes it
        assert frames[category][["p", "pre_trend_p"]].isna().all().all()
    assert frames["theft"].loc[frames["theft"]["kind"] == "pre", "pre_trend_p"].notna().all()
    # The view draws no verdict from withheld tests.
    reading = charts.event_study_reading(frames[None], lang="en", withhold_tests=True)
    assert reading[0].startswith(
        t("event_study.reading_no_test", "en", value="+0.00", low="x", high="y")[:40]
    )
    assert t("event_study.not_random", "en") in reading


def study_frame(att_post: float, low: float, high: float, p: float, pre_trend_p: float) -> pd.DataFrame:
    rows = [
        {"kind": "event", "event_time": e, "att": 0.1 if e < -1 else (0.0 if e == -1 else att_post),
         "se": math.nan if e == -1 else 0.5, "ci_low": math.nan if e == -1 else -0.9,
         "ci_high": math.nan if e == -1 else 1.1, "p": math.nan, "pre_trend_p": math.nan,
         "n_hromadas": 45, "n_cohorts": 18}
        for e in range(-12, 13)
    ]  # fmt: skip
    rows.append({"kind": "post", "event_time": pd.NA, "att": att_post, "se": 0.3, "ci_low": low, "ci_high": high,
                 "p": p, "pre_trend_p": math.nan, "n_hromadas": 46, "n_cohorts": 19})  # fmt: skip
    rows.append({"kind": "pre", "event_time": pd.NA, "att": 0.1, "se": 0.3, "ci_low": -0.5, "ci_high": 0.7,
                 "p": 0.7, "pre_trend_p": pre_trend_p, "n_hromadas": 46, "n_cohorts": 19})  # fmt: skip
    return pd.DataFrame(rows).assign(n_never=3, n_dropped=1)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_reading_says_what_the_numbers_allow(lang: str) -> None:
    fall = charts.event_study_reading(
        study_frame(-1.2, -2.0, -0.4, 0.003, 0.6), lang=lang, withhold_tests=False
    )
    assert fall[0] == t("event_study.reading_decrease", lang, value="−1,20" if lang == "uk" else "−1.20",
                        low="−2,00" if lang == "uk" else "−2.00", high="−0,40" if lang == "uk" else "−0.40")  # fmt: skip
    assert fall[1] == t("event_study.pre_flat", lang, p="0,60" if lang == "uk" else "0.60")
    assert fall[2] == t("event_study.not_random", lang)
    flat = charts.event_study_reading(
        study_frame(-0.2, -1.2, 0.8, 0.7, 0.01), lang=lang, withhold_tests=False
    )
    assert flat[0].startswith(t("event_study.reading_inconclusive", lang, value="", low="", high="")[:30])
    assert flat[1] == t("event_study.pre_not_flat", lang, p="0,01" if lang == "uk" else "0.01")
    rise = charts.event_study_reading(study_frame(0.9, 0.2, 1.6, 0.01, 0.5), lang=lang, withhold_tests=False)
    assert rise[0].startswith(t("event_study.reading_increase", lang, value="", low="", high="")[:30])
    caption = charts.event_study_caption(study_frame(0.9, 0.2, 1.6, 0.01, 0.5), lang=lang)
    assert "46" in caption and "19" in caption and t("event_study.dropped", lang, n="1") in caption


def test_chart_shows_intervals_the_shaded_pre_period_and_deployment() -> None:
    frame = study_frame(-1.2, -2.0, -0.4, 0.003, 0.6)
    fig = charts.event_study_figure(frame, lang="uk")
    estimates = fig.data[0]
    assert list(estimates.x) == [e for e in range(-12, 13) if e != -1]
    assert estimates.error_y.array[0] == pytest.approx(1.1 - 0.1)  # up to ci_high
    assert estimates.error_y.arrayminus[0] == pytest.approx(0.1 + 0.9)  # down to ci_low
    reference = fig.data[1]
    assert list(reference.x) == [-1] and list(reference.y) == [0.0]
    post_line = fig.data[2]
    assert list(post_line.x) == [0, 12] and list(post_line.y) == [-1.2, -1.2]
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shaded) == 1 and (shaded[0].x0, shaded[0].x1) == (-12.5, -0.5)
    assert any(s.type == "line" and s.x0 == s.x1 == -0.5 for s in fig.layout.shapes)  # deployment
    assert fig.layout.yaxis.title.text == t("event_study.axis_y", "uk")


def test_view_without_an_estimate() -> None:
    empty = es.to_frame(es.empty_result())
    assert event_study(empty, lang="uk", withhold_tests=False) is None


def test_the_crime_page_shows_the_event_study(fixture_env) -> None:
    at = open_app_page("crime")
    assert any(chart.key == "crime_event_study" for chart in at.get("plotly_chart"))
    text = "\n".join(m.value for m in at.markdown)
    assert t("event_study.not_random") in text
    assert any("47" in c.value and "Callaway" in c.value for c in at.caption)
    labels = [m.label for m in at.metric]
    assert t("event_study.kpi_post") in labels and t("event_study.kpi_pre") in labels
