"""Checks that compare columns of the same row, and the derived `activities.inside_hromada`.

Funding: a ProZorro tender id must have the form UA-YYYY-MM-DD-NNNNNN-x with a real date, not before
ProZorro began (2015) and not after the reporting date.

Coordinates: both or neither, inside the oblast's bounding box (with a hint when lat and lon look
swapped). Calls: arrival not before the call. Offences: solved not before registered. Surveys: no more
«yes» than respondents. Officers: their dates in a possible order. Resources: only a planned delivery
may be dated after the reporting date.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from dashboard import geo
from dashboard.ingest.check import PLAN_HORIZON_YEARS, ChunkCheck, Context
from dashboard.schema import Table

BBOX_MARGIN_DEG = 0.05  # about 5 km: officers of border hromadas do cross the oblast line
SLOW_ARRIVAL = pd.Timedelta(hours=24)
# (earlier, later): the later date may not precede the earlier one.
OFFICER_DATE_ORDER = (
    ("selected_on", "deployed_on"),
    ("training_from", "training_to"),
    ("deployed_on", "left_on"),
)
YES_COLUMNS = ("trust_yes", "feel_safe_yes", "knows_officer_yes")


def apply_rules(table: Table, typed: pd.DataFrame, ctx: Context, check: ChunkCheck) -> None:
    if "lat" in typed and "lon" in typed:
        _check_coordinates(typed, ctx, check)
    if table.name == "activities":
        typed["inside_hromada"] = inside_hromada(typed, ctx)
    elif table.name == "calls":
        _check_calls(typed, check)
    elif table.name == "offences":
        solved, registered = typed["solved_on"], typed["registered_at"].dt.normalize()
        check.report(
            "solved_before_registered",
            "solved_on",
            solved.lt(registered),
            details=check.raw_text("registered_at"),
        )
    elif table.name == "surveys":
        for column in YES_COLUMNS:
            above = typed[column].gt(typed["respondents"])
            detail = typed[column].astype("str") + " > " + typed["respondents"].astype("str")
            check.report("yes_above_respondents", column, above, details=detail)
    elif table.name == "officers":
        for earlier, later in OFFICER_DATE_ORDER:
            check.report(
                "dates_out_of_order", later, typed[later].lt(typed[earlier]), details=f"{earlier} > {later}"
            )
    elif table.name == "resources":
        _check_resource_dates(typed, ctx, check)
    elif table.name == "funding":
        typed["prozorro_id"] = _check_prozorro_ids(typed["prozorro_id"], ctx, check)


def _check_coordinates(typed: pd.DataFrame, ctx: Context, check: ChunkCheck) -> None:
    lat, lon = typed["lat"], typed["lon"]
    check.report("coords_incomplete", "lat", lat.isna() & lon.notna(), check.raw_text("lon"))
    check.report("coords_incomplete", "lon", lon.isna() & lat.notna(), check.raw_text("lat"))
    min_lon, min_lat, max_lon, max_lat = ctx.bbox
    m = BBOX_MARGIN_DEG

    def inside(la: pd.Series, lo: pd.Series) -> pd.Series:
        return la.between(min_lat - m, max_lat + m) & lo.between(min_lon - m, max_lon + m)

    both = lat.notna() & lon.notna()
    outside = both & ~inside(lat, lon).fillna(False)
    if outside.any():
        shown = check.raw_text("lat") + ", " + check.raw_text("lon")
        swapped = inside(lon, lat).fillna(False)
        detail = shown.where(~swapped, shown + " — lat ↔ lon?")
        check.report("outside_oblast", "lat", outside, shown, detail)


def inside_hromada(typed: pd.DataFrame, ctx: Context) -> pd.Series:
    """Whether each activity's point lies in its hromada's polygon; NA without coordinates or hromada."""
    result = pd.Series(pd.NA, index=typed.index, dtype="boolean")
    located = typed["lat"].notna() & typed["lon"].notna() & typed["hromada"].notna()
    if not located.any():
        return result
    for code, rows in typed[located].groupby("hromada", sort=False):
        geometry = ctx.geometries.get(str(code))
        if geometry is None:
            continue
        lon = rows["lon"].to_numpy(dtype=float)
        lat = rows["lat"].to_numpy(dtype=float)
        result.loc[rows.index] = geo.points_in_geometry(lon, lat, geometry)
    return result


def _check_calls(typed: pd.DataFrame, check: ChunkCheck) -> None:
    received, arrived = typed["received_at"], typed["arrived_at"]
    waited = arrived - received
    details = check.raw_text("received_at")
    check.report("arrived_before_received", "arrived_at", arrived.lt(received), details=details)
    check.report("slow_arrival", "arrived_at", waited.gt(SLOW_ARRIVAL), details=details)


# ProZorro tender ids: «UA-2025-03-14-001234-a» (the date the tender was published, a six-digit number,
# a lower-case Latin letter). Case and surrounding spaces are forgiven; the stored form is canonical.
PROZORRO_ID = re.compile(r"UA-(\d{4})-(\d{2})-(\d{2})-(\d{6})-([a-z])", re.IGNORECASE)
PROZORRO_FIRST_DAY = dt.date(2015, 2, 12)  # the first tenders published on ProZorro (pilot, 2015)


def prozorro_problem(text: str, reporting_date: dt.date) -> str | None:
    """Why `text` is not a usable ProZorro tender id (None: it is one): the form or its date."""
    match = PROZORRO_ID.fullmatch(text.strip())
    if match is None:
        return "UA-YYYY-MM-DD-NNNNNN-x"
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        published = dt.date(year, month, day)
    except ValueError:
        return f"{year:04d}-{month:02d}-{day:02d}: немає такої дати / no such date"
    if published < PROZORRO_FIRST_DAY:
        return f"{published.isoformat()} < {PROZORRO_FIRST_DAY.isoformat()}"
    if published > reporting_date:
        return f"{published.isoformat()} > {reporting_date.isoformat()}"
    return None


def canonical_prozorro_id(text: str) -> str:
    """«ua-2025-03-14-001234-A » → «UA-2025-03-14-001234-a» (for a text prozorro_problem accepts)."""
    text = text.strip()
    return "UA" + text[2:-1] + text[-1].lower()


def _check_prozorro_ids(ids: pd.Series, ctx: Context, check: ChunkCheck) -> pd.Series:
    present = ids.dropna().astype(str)
    problems = {value: prozorro_problem(value, ctx.reporting_date) for value in present.unique()}
    why = ids.map(problems).astype(object)  # all-NaN (float) when every id is fine or missing
    check.report("bad_prozorro_id", "prozorro_id", why.notna(), details=why.where(why.notna(), ""))
    canonical = ids.map(
        lambda v: canonical_prozorro_id(v) if isinstance(v, str) and not problems.get(v) else v
    )
    return canonical.astype("str")


def _check_resource_dates(typed: pd.DataFrame, ctx: Context, check: ChunkCheck) -> None:
    dates = typed["date"]
    planned = typed["status"].eq("planned").fillna(False)
    future = dates.ge(ctx.day_after).fillna(False)
    too_far = dates.ge(ctx.day_after + pd.DateOffset(years=PLAN_HORIZON_YEARS)).fillna(False)
    check.report("date_in_future", "date", future & ~planned, details=ctx.reporting_date.isoformat())
    check.report("date_too_far", "date", np.asarray(too_far & planned))
