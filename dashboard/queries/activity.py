"""Query wrappers of the officer-activity page: per-hromada summary, activity by type and month, calendar.

No wrapper here returns officer names or phones, and none ranks officers: figures are per hromada or
for the whole scope, and administrative protocols are never a per-hromada figure (INDICATORS.md).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare
from dashboard.queries.dispersion import activity_dispersion, dispersion_of


@declare(
    officers_on_duty=Role.SAFE,
    officer_days=Role.SAFE,
    n_activities=Role.SAFE,
    patrol_minutes=Role.SAFE,
    n_meetings=Role.SAFE,
    meeting_participants=Role.SAFE,
    minutes=Role.SAFE,
    minutes_inside=Role.SAFE,
    minutes_located=Role.SAFE,
    council_eligible=Role.SAFE,
    council_reached=Role.SAFE,
    officer_days_prev=Role.SAFE,
    n_activities_prev=Role.SAFE,
    patrol_minutes_prev=Role.SAFE,
    n_meetings_prev=Role.SAFE,
    meeting_participants_prev=Role.SAFE,
    minutes_inside_prev=Role.SAFE,
    minutes_located_prev=Role.SAFE,
    is_total=Role.SAFE,
    officer_weeks=Role.SAFE,
    patrol_hours=Role.SAFE,
    council_target_met=Role.SAFE,
    activities_per_officer_week=Role.DERIVED,
    patrol_hours_per_officer_week=Role.DERIVED,
    inside_share=Role.DERIVED,
    located_share=Role.DERIVED,
    mean_attendance=Role.DERIVED,
    council_share=Role.DERIVED,
    activities_per_officer_week_prev=Role.DERIVED,
    patrol_hours_per_officer_week_prev=Role.DERIVED,
    inside_share_prev=Role.DERIVED,
    mean_attendance_prev=Role.DERIVED,
    hromada=Role.KEY,
)
def activity_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    raion: str | None,
    hromada: str | None,
    reporting_date: dt.date,
) -> pd.DataFrame:
    """One row per hromada in scope with officers or activities in the period, and a total row first
    (over every hromada in scope). ``prev_from`` .. ``prev_to``: the window compared with
    (``periods.year_on_year(...).params()``; both None = no comparison, every *_prev is 0).

    Columns: hromada (None on the total row), is_total, officers_on_duty (at the period's end),
    officer_days (days on duty in the period, clipped to it), officer_weeks (officer_days ÷ 7),
    n_activities (every type but administrative protocols), patrol_minutes, patrol_hours, n_meetings,
    meeting_participants, minutes, minutes_inside, minutes_located, council_eligible (officers on duty for
    the whole 12 months ending with month_to), council_reached (of those, with ≥ 2 council reports in
    those months), and the indicators: activities_per_officer_week, patrol_hours_per_officer_week,
    inside_share (NaN when nothing was located), located_share (minutes with coordinates ÷ all),
    mean_attendance (participants per meeting), council_share (reached ÷ eligible, NaN without eligible
    officers), council_target_met (all eligible officers reached the target; <NA> without eligible ones).
    The compared window (the same months a year earlier): officer_days_prev, n_activities_prev, patrol_minutes_prev,
    n_meetings_prev, meeting_participants_prev, minutes_inside_prev, minutes_located_prev and the
    indicators activities_per_officer_week_prev, patrol_hours_per_officer_week_prev, inside_share_prev,
    mean_attendance_prev (NaN where there was nothing to divide by).
    """
    df = run_query(
        con,
        "activity_summary",
        {
            "month_from": month_from,
            "month_to": month_to,
            "prev_from": prev_from,
            "prev_to": prev_to,
            "raion": raion,
            "hromada": hromada,
            "reporting_date": reporting_date,
        },
    )
    df["is_total"] = df["hromada"].isna()
    df["hromada"] = df["hromada"].astype(object).where(~df["is_total"], None)
    df["officer_weeks"] = df["officer_days"] / 7
    df["patrol_hours"] = df["patrol_minutes"] / 60
    df["activities_per_officer_week"] = ind.per_officer_week(df["n_activities"], df["officer_days"])
    df["patrol_hours_per_officer_week"] = ind.per_officer_week(df["patrol_hours"], df["officer_days"])
    df["inside_share"] = ind.time_inside_share(df["minutes_inside"], df["minutes_located"])
    df["located_share"] = df["minutes_located"] / df["minutes"].where(df["minutes"] > 0)
    df["mean_attendance"] = ind.mean_attendance(df["meeting_participants"], df["n_meetings"])
    df["council_share"] = df["council_reached"] / df["council_eligible"].where(df["council_eligible"] > 0)
    met = pd.Series(pd.NA, index=df.index, dtype="boolean")
    eligible = df["council_eligible"] > 0
    met[eligible] = df.loc[eligible, "council_reached"] >= df.loc[eligible, "council_eligible"]
    df["council_target_met"] = met
    df["activities_per_officer_week_prev"] = ind.per_officer_week(
        df["n_activities_prev"], df["officer_days_prev"]
    )
    df["patrol_hours_per_officer_week_prev"] = ind.per_officer_week(
        df["patrol_minutes_prev"] / 60, df["officer_days_prev"]
    )
    df["inside_share_prev"] = ind.time_inside_share(df["minutes_inside_prev"], df["minutes_located_prev"])
    df["mean_attendance_prev"] = ind.mean_attendance(df["meeting_participants_prev"], df["n_meetings_prev"])
    return df


@declare(
    activity_type=Role.KEY,
    n=Role.SAFE,
    minutes=Role.SAFE,
    participants=Role.SAFE,
    n_prev=Role.SAFE,
    minutes_prev=Role.SAFE,
    hours=Role.SAFE,
    change=Role.DERIVED,
    z=Role.TEST,
    p=Role.TEST,
    level=Role.TEST,
    pct_change=Role.DERIVED,
)
def activity_by_type(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """One row per activity type seen in scope, this period and the window it is compared with
    (``prev_from`` .. ``prev_to`` from ``periods.year_on_year(...).params()``; both None = no comparison:
    n_prev and minutes_prev are then NaN, and so are change, z and p).

    Columns: activity_type, n, minutes, participants, n_prev, minutes_prev, hours (minutes ÷ 60), and
    change, z, p, level, pct_change of n against n_prev (indicators.count_changes, widened by the type's
    φ from its monthly history before the compared windows: queries.dispersion.activity_dispersion).
    """
    params = {"month_from": month_from, "month_to": month_to, "prev_from": prev_from, "prev_to": prev_to,
              "raion": raion, "hromada": hromada}  # fmt: skip
    df = run_query(con, "activity_by_type", params)
    df["hours"] = df["minutes"] / 60
    if prev_from is None:  # no window to compare with: unknown, not 0
        df["n_prev"] = np.nan
        df["minutes_prev"] = np.nan
    history = activity_dispersion(con, before=prev_from, raion=raion, hromada=hromada)
    dispersion = dispersion_of(history, df["activity_type"])
    return pd.concat([df, ind.count_changes(df["n"], df["n_prev"], dispersion=dispersion)], axis=1)


@declare(
    month=Role.KEY,
    activity_type=Role.KEY,
    n=Role.SAFE,
    minutes=Role.SAFE,
    participants=Role.SAFE,
)
def activity_monthly(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """Activities per month and type in scope. Columns: month, activity_type, n, minutes, participants."""
    return run_query(
        con,
        "activity_monthly",
        {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada},
    )


@declare(
    day=Role.KEY,
    n=Role.SAFE,
    minutes=Role.SAFE,
)
def activity_calendar(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
    reporting_date: dt.date,
) -> pd.DataFrame:
    """One row per day from month_from to the end of month_to. Columns: day, n, minutes.

    Days without activity are 0; days after the reporting date are missing (<NA>), not 0.
    """
    return run_query(
        con,
        "activity_calendar",
        {
            "month_from": month_from,
            "month_to": month_to,
            "raion": raion,
            "hromada": hromada,
            "reporting_date": reporting_date,
        },
    )
