"""The figures an analyst would check before believing a (demo) snapshot, measured on the snapshot.

`realism_figures(con)` reads a snapshot the way an analyst would (monthly counts, rates by hromada
type, response times, survey sizes) and returns the figures tests/test_demo_realism.py holds to
realistic ranges and benchmarks/bench_demo.py prints: month-to-month dispersion, the February-2022
break, urban against rural rates, response time against the distance to the police, survey sizes.
The distances use the demo's settlement layout (settlements.py): real data has no settlement points.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from dashboard import reference
from dashboard.demo.settlements import distance_km, settlements

QUIET_MONTHS = ("2018-01-01", "2019-06-01")  # before any deployment and before the war
BREAK_MONTHS = {"war": ("2022-03-01", "2022-04-01"), "year_before": ("2021-03-01", "2021-04-01")}


def _monthly_totals(con: duckdb.DuckDBPyConnection, first: str, last: str) -> pd.DataFrame:
    """Offences per hromada and month between two first-of-month dates (zero months included)."""
    return con.execute(
        """
        WITH months AS (SELECT unnest(generate_series($first::DATE, $last::DATE, INTERVAL 1 MONTH))::DATE AS m),
        counts AS (
            SELECT hromada, date_trunc('month', registered_at)::DATE AS m, count(*) AS n
            FROM offences WHERE registered_at >= $first::DATE
              AND registered_at < $last::DATE + INTERVAL 1 MONTH GROUP BY ALL)
        SELECT h.katottg AS hromada, months.m, coalesce(c.n, 0) AS n
        FROM hromadas h CROSS JOIN months LEFT JOIN counts c ON c.hromada = h.katottg AND c.m = months.m
        """,
        {"first": first, "last": last},
    ).df()


def dispersion_index(monthly: pd.DataFrame) -> pd.Series:
    """Variance ÷ mean of each hromada's monthly counts (1 for Poisson counts with a steady mean)."""
    stats = monthly.groupby("hromada")["n"].agg(["mean", "var"])
    return (stats["var"] / stats["mean"]).where(stats["mean"] > 0)


def _offences_between(con: duckdb.DuckDBPyConnection, first: str, last: str) -> int:
    sql = "SELECT count(*) FROM offences WHERE registered_at >= $f::DATE AND registered_at < $l::DATE + INTERVAL 1 MONTH"
    return int(con.execute(sql, {"f": first, "l": last}).fetchone()[0])  # type: ignore[index]


def break_size(con: duckdb.DuckDBPyConnection) -> float:
    """Offences registered in March–April 2022 ÷ March–April 2021 − 1 (the whole territory)."""
    return (
        _offences_between(con, *BREAK_MONTHS["war"]) / _offences_between(con, *BREAK_MONTHS["year_before"])
        - 1
    )


def category_shares(con: duckdb.DuckDBPyConnection, year: int) -> pd.Series:
    """Each category's share of the offences registered from March to December of `year`."""
    df = con.execute(
        "SELECT category, count(*) AS n FROM offences WHERE registered_at >= make_date($y, 3, 1) "
        "AND registered_at < make_date($y + 1, 1, 1) GROUP BY category",
        {"y": year},
    ).df()
    return df.set_index("category")["n"] / df["n"].sum()


def rates_by_type(con: duckdb.DuckDBPyConnection, year: int = 2021) -> pd.Series:
    """Offences per 10,000 residents (population_2022) in `year`, pooled by hromada type."""
    df = con.execute(
        """
        SELECT h.type, sum(coalesce(o.n, 0)) * 1e4 / sum(h.population_2022) AS rate
        FROM hromadas h LEFT JOIN (
            SELECT hromada, count(*) AS n FROM offences WHERE year(registered_at) = $y GROUP BY hromada
        ) o ON o.hromada = h.katottg GROUP BY h.type
        """,
        {"y": year},
    ).df()
    return df.set_index("type")["rate"]


def response_against_distance(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """Per hromada with a station open all of the last 12 months: the median response time then, and
    the population-weighted mean distance from its settlements to the nearest of its open stations."""
    since = reporting_date - dt.timedelta(days=365)
    medians = con.execute(
        """
        SELECT c.hromada, median(date_diff('second', received_at, arrived_at) / 60.0) AS median_min, count(*) AS n
        FROM calls c
        WHERE received_at >= $since AND arrived_at IS NOT NULL
          AND c.hromada IN (SELECT hromada FROM stations WHERE opened_on <= $since)
        GROUP BY c.hromada
        """,
        {"since": since},
    ).df()
    stations = con.execute(
        "SELECT hromada, lat, lon FROM stations WHERE opened_on <= $since", {"since": since}
    ).df()
    rows = {code: i for i, code in enumerate(reference.hromadas()["katottg"])}
    distances = []
    for code in medians["hromada"]:
        place = settlements()[rows[code]]
        mine = stations[stations["hromada"] == code]
        to_station = distance_km(
            place.lat[:, None],
            place.lon[:, None],
            mine["lat"].to_numpy()[None, :],
            mine["lon"].to_numpy()[None, :],
        ).min(axis=1)
        distances.append(float((to_station * place.weights).sum()))
    return medians.assign(distance_km=distances)


def survey_sizes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per surveyed hromada: population, mean and minimum respondents, the spread of trust."""
    return con.execute(
        """
        SELECT s.hromada, h.population_2022 AS population, avg(respondents) AS mean_n, min(respondents) AS min_n,
               count(*) AS waves, avg(trust_yes / respondents) AS mean_trust
        FROM surveys s JOIN hromadas h ON h.katottg = s.hromada GROUP BY ALL
        """
    ).df()


def realism_figures(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> dict[str, float]:
    """The headline figures of a snapshot's realism (see the module docstring)."""
    quiet = dispersion_index(_monthly_totals(con, *QUIET_MONTHS))
    rates = rates_by_type(con)
    response = response_against_distance(con, reporting_date)
    surveys = survey_sizes(con)
    mean_n_by_size = surveys.sort_values("population")["mean_n"].to_numpy(float)
    shares_2021, shares_2022 = category_shares(con, 2021), category_shares(con, 2022)
    trust_by_wave = con.execute(
        "SELECT stddev_samp(trust_yes / respondents) FROM surveys GROUP BY date_trunc('month', survey_date) "
        "HAVING count(*) >= 10"
    ).fetchall()
    return {
        "dispersion_median": float(quiet.median()),
        "dispersion_share_above_1_2": float((quiet > 1.2).mean()),
        "break_mar_apr_2022": break_size(con),
        "road_share_2021": float(shares_2021.get("road_traffic", 0.0)),
        "road_share_2022": float(shares_2022.get("road_traffic", 0.0)),
        "fraud_share_2021": float(shares_2021.get("fraud", 0.0)),
        "fraud_share_2022": float(shares_2022.get("fraud", 0.0)),
        "rate_urban": float(rates["міська"]),
        "rate_selyshchna": float(rates["селищна"]),
        "rate_rural": float(rates["сільська"]),
        "urban_rural_ratio": float(rates["міська"] / rates["сільська"]),
        "response_distance_spearman": float(spearmanr(response["median_min"], response["distance_km"])[0]),
        "response_median_min": float(response["median_min"].median()),
        "survey_min_n": float(surveys["min_n"].min()),
        "survey_n_population_spearman": float(spearmanr(surveys["population"], surveys["mean_n"])[0]),
        "survey_n_largest": float(mean_n_by_size[-1]),
        "survey_n_smallest": float(mean_n_by_size[0]),
        "trust_sd_between_hromadas": float(np.nanmedian([r[0] for r in trust_by_wave])),
    }


def call_distance_spearman(calls: pd.DataFrame) -> float:
    """Spearman correlation of response minutes with the straight distance, over individual calls
    (the generator's helper columns `_straight_km` and the arrival time)."""
    minutes = (calls["arrived_at"] - calls["received_at"]).dt.total_seconds() / 60
    known = minutes.notna()
    return float(spearmanr(calls.loc[known, "_straight_km"], minutes[known])[0])
