"""A tiny hand-made snapshot pair whose indicator values are computed by hand below.

Three hromadas carry data (the other 46 of the reference list have none):
  A  Бобринецька  UA35040030000074104  pilot, population 11 158
  B  Ганнівська   UA35060010000018331  pilot, population  3 473
  C  Аджамська    UA35040010000022631  not pilot, population 5 851 (officer in training: not covered)
and one more has a survey only (before the period), with A: the INDICATORS.md worked example of a
population-weighted figure:
  S  Соколівська  UA35040290000046019  population 9 946, raion Кропивницький like A
Reporting dates: 2026-09-30 (previous) and 2026-10-31 (latest). Oblast population: 903 712.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import publication
from dashboard.snapshots import SnapshotBuilder
from dashboard.sql_ident import fill_identifiers

A, B, C = "UA35040030000074104", "UA35060010000018331", "UA35040010000022631"
S = "UA35040290000046019"
PREVIOUS_DATE = dt.date(2026, 9, 30)
LATEST_DATE = dt.date(2026, 10, 31)
D = dt.date
T = pd.Timestamp

OFFICERS = pd.DataFrame(
    [
        # id, name, hromada, rank, phone, selected, training from, to, deployed, left
        ("O1", "Петренко Іван Петрович", A, "капітан поліції", "+380 50 111 11 11",
         D(2019, 3, 1), D(2019, 5, 1), D(2019, 7, 31), D(2019, 9, 1), None),
        ("O2", "Коваль Олена Андріївна", A, "лейтенант поліції", "+380 50 222 22 22",
         D(2020, 1, 10), D(2020, 1, 15), D(2020, 2, 28), D(2020, 3, 1), D(2026, 10, 15)),
        ("O3", "Шевчук Андрій Олегович", B, "старший лейтенант поліції", "+380 67 333 33 33",
         D(2019, 3, 1), D(2019, 5, 1), D(2019, 7, 31), D(2019, 10, 1), None),
        ("O4", "Бондар Марія Іванівна", C, "лейтенант поліції", None,
         D(2026, 9, 1), D(2026, 10, 1), None, None, None),
    ],
    columns=["officer_id", "full_name", "hromada", "rank", "phone", "selected_on", "training_from",
             "training_to", "deployed_on", "left_on"],
)  # fmt: skip

STATIONS = pd.DataFrame(
    [("S1", A, "Поліцейська станція м. Бобринець", 48.0573, 32.1594, D(2020, 1, 15))],
    columns=["station_id", "hromada", "name", "lat", "lon", "opened_on"],
)

# A needs 2 of each (2 officers deployed over time), B needs 1.
RESOURCES = pd.DataFrame(
    [
        (A, "office", 1, "delivered", D(2019, 12, 1)),
        (A, "vehicle", 1, "delivered", D(2020, 6, 1)),
        (A, "tablet", 2, "delivered", D(2019, 10, 1)),
        (B, "office", 1, "delivered", D(2020, 2, 1)),
        (B, "vehicle", 1, "planned", D(2026, 12, 1)),
        (B, "tablet", 1, "delivered", D(2019, 11, 1)),
    ],
    columns=["hromada", "resource", "quantity", "status", "date"],
)


def _offences() -> pd.DataFrame:
    rows = []

    def add(prefix, hromada, category, when, n, solved=0):
        for i in range(n):
            solved_on = (when + pd.Timedelta(days=10)).date() if i < solved else None
            rows.append((f"{prefix}-{i}", hromada, when + pd.Timedelta(hours=i), category, solved_on))

    # Rolling 12 months to 2026-10 (2025-11 .. 2026-10) vs the same months a year earlier.
    add("A-th-cur", A, "theft", T("2026-03-10 10:00"), 9, solved=3)
    add("A-th-prev", A, "theft", T("2025-03-10 10:00"), 4, solved=2)
    add("A-bu-cur", A, "burglary", T("2026-10-05 12:00"), 1)
    add("B-dv-cur", B, "domestic_violence", T("2026-06-01 20:00"), 3, solved=3)
    add("B-dv-prev", B, "domestic_violence", T("2025-06-01 20:00"), 1, solved=1)
    add("C-fr-cur", C, "fraud", T("2026-01-20 09:00"), 2)
    add("A-old", A, "theft", T("2019-01-15 09:00"), 5, solved=5)  # before deployment
    return pd.DataFrame(rows, columns=["offence_id", "hromada", "registered_at", "category", "solved_on"])


OFFENCES = _offences()

# Response times in minutes: A 10, 20, 30, (no arrival); B 40. In the last 12 months.
CALLS = pd.DataFrame(
    [
        ("K1", A, T("2026-02-01 08:00"), T("2026-02-01 08:10"), "theft"),
        ("K2", A, T("2026-04-01 08:00"), T("2026-04-01 08:20"), "domestic"),
        ("K3", A, T("2026-10-20 08:00"), T("2026-10-20 08:30"), "other"),
        ("K4", A, T("2026-05-01 08:00"), None, "other"),
        ("K5", B, T("2026-07-01 22:00"), T("2026-07-01 22:40"), "domestic"),
    ],
    columns=["call_id", "hromada", "received_at", "arrived_at", "category"],
)

SURVEYS = pd.DataFrame(
    [
        # 2025 H1, before the period: trust 130/200 in A (11 158) and 40/100 in S (9 946) give the
        # population-weighted 53.2 % ± 5.7 pp of INDICATORS.md (pooled: 170/300 = 56.7 %).
        (A, D(2025, 5, 15), 200, 130, 120, 70),
        (S, D(2025, 5, 15), 100, 40, 50, 30),
        (A, D(2025, 11, 15), 200, 100, 110, 60),
        (A, D(2026, 5, 15), 200, 120, 130, 90),
        (B, D(2026, 5, 15), 80, 60, 50, 40),  # n < 100: unreliable
    ],
    columns=["hromada", "survey_date", "respondents", "trust_yes", "feel_safe_yes", "knows_officer_yes"],
)

PASSPORT_ITEMS = pd.DataFrame(
    [
        ("P1", A, "Крадіжки з домоволодінь", "high", "Камери на в'їздах", "Виконком", D(2026, 6, 1), "done",
         D(2026, 6, 20)),
        ("P2", A, "ДТП біля школи", "high", "Лежачі поліцейські", "Виконком", D(2026, 9, 1), "in_progress",
         D(2026, 8, 1)),
        ("P3", A, "Вуличне освітлення", "medium", "Ліхтарі на вул. Миру", "Виконком", D(2026, 12, 1),
         "planned", D(2026, 7, 1)),
        ("P4", A, "Бродячі собаки", "low", "Програма стерилізації", "Виконком", D(2026, 3, 1), "cancelled",
         D(2026, 4, 1)),
    ],
    columns=["item_id", "hromada", "problem", "priority", "measure", "responsible", "due_on", "status",
             "updated_on"],
)  # fmt: skip
# Contract v1.1: what was done, with what result, and when the priorities were last reviewed. P1's note
# names an officer and a phone (masked for partners); P3 and P4 have none (as in a v1 file). The last
# review stays 2026-08-01 (P2): 91 days at 2026-10-31, within 3 months (since 2026-07-31).
PASSPORT_ITEMS["action_taken"] = [
    "15.06.2026: встановлено 4 камери на в'їздах; записи переглядає ПОГ Іван Петренко, тел. 067 123 45 67",
    "01.08.2026: погоджено кошторис з виконкомом",
    None,
    None,
]
PASSPORT_ITEMS["outcome"] = ["За липень–вересень 2 крадіжки проти 5 роком раніше", None, None, None]
PASSPORT_ITEMS["reviewed_on"] = [D(2026, 6, 20), D(2026, 8, 1), None, None]

# Funding, all paid by 2026-10-31 (F4 after 2026-09-30: not in the previous snapshot).
#   A: F1 vehicle 1 200 000 (donor, ProZorro), F2 tablets 60 000 (state) → 1 260 000; 1 officer on duty (O1)
#   B: F3 office 350 000.50 (hromada, ProZorro), F4 training 45 000 (oblast) → 395 000.50; 1 officer (O3)
#   All: 1 655 000.50; donors 1 200 000 (72.5 %); cost per officer on duty 827 500.25.
FUNDING = pd.DataFrame(
    [
        ("F1", A, "vehicle", 1, 1_200_000.0, "donor", "Demo Fund (демо)", D(2025, 3, 10),
         "UA-2025-02-01-000123-a"),
        ("F2", A, "tablet", 2, 60_000.0, "state", "МВС України", D(2026, 2, 15), None),
        ("F3", B, "office", 1, 350_000.5, "hromada", "Бюджет Ганнівської громади", D(2026, 9, 20),
         "UA-2026-08-01-004567-b"),
        ("F4", B, "training", 3, 45_000.0, "oblast", "Обласна програма безпеки", D(2026, 10, 20), None),
    ],
    columns=["funding_id", "hromada", "item", "quantity", "amount_uah", "source_type", "source_name",
             "paid_on", "prozorro_id"],
)  # fmt: skip

# O1 in A: 2 patrols (120 min each, inside), 1 resident meeting (60 min, 25 people), one council report.
# O3 in B: 1 school visit (45 min, 30 pupils, outside the hromada), 1 patrol without coordinates.
ACTIVITIES = pd.DataFrame(
    [
        ("AC1", "O1", A, T("2026-10-06 09:00"), 120, "patrol", None, 48.06, 32.16, True),
        ("AC2", "O1", A, T("2026-10-07 09:00"), 120, "patrol", None, 48.06, 32.16, True),
        ("AC3", "O1", A, T("2026-09-10 18:00"), 60, "resident_meeting", 25, 48.06, 32.16, True),
        ("AC4", "O1", A, T("2026-03-02 10:00"), 30, "council_report", None, None, None, None),
        ("AC5", "O3", B, T("2026-09-15 10:00"), 45, "school_visit", 30, 48.60, 31.00, False),
        ("AC6", "O3", B, T("2026-10-01 10:00"), 90, "patrol", None, None, None, None),
    ],
    columns=["activity_id", "officer_id", "hromada", "started_at", "duration_min", "activity_type",
             "participants", "lat", "lon", "inside_hromada"],
)  # fmt: skip

TABLES = {
    "officers": OFFICERS,
    "stations": STATIONS,
    "resources": RESOURCES,
    "activities": ACTIVITIES,
    "offences": OFFENCES,
    "calls": CALLS,
    "surveys": SURVEYS,
    "passport_items": PASSPORT_ITEMS,
    "funding": FUNDING,
}

# Hand-computed values at 2026-10-31, period = rolling 12 months (2025-11 .. 2026-10).
EXPECTED = {
    "hromadas_covered": 2,  # A (O1) and B (O3); O2 left on 2026-10-15; C only in training
    "pilot_covered": 2,
    "officers_on_duty": 2,  # O1, O3
    "population_covered": 11_158 + 3_473,  # 14 631
    "population_covered_share": 14_631 / 903_712,  # 0.01619...
    "offences_12m": 9 + 1 + 3 + 2,  # 15 in all hromadas
    "offences_prev_12m": 4 + 1,  # 5
    "offence_rate_12m": 15 / 903_712 * 10_000,  # 0.1660 per 10 000 (whole oblast population)
    "poisson_z_12m": 2**0.5 * (15**0.5 - 5**0.5),  # 2.3149
    "a_theft_12m": 9,
    "a_theft_prev": 4,
    "response_median_min": 25.0,  # median of 10, 20, 30, 40
    "calls_12m": 5,
    "trust_latest_a": 0.6,  # 120 / 200, moe = 1.96*sqrt(.6*.4/200) = 0.0679
    "trust_moe_a": 1.96 * (0.6 * 0.4 / 200) ** 0.5,
    "passport_overdue_a": 1,  # P2 due 2026-09-01, in progress
    "passport_done_share_a": 1 / 2,  # due by 2026-10-31, not cancelled: P1, P2; done: P1
    "activities_12m": 6,
    "patrol_minutes_12m": 330,
}
# At the previous snapshot (2026-09-30) O2 was still on duty: 3 officers, the same 2 hromadas covered.
EXPECTED_PREVIOUS = {"officers_on_duty": 3, "hromadas_covered": 2}


def _as_of(table: str, frame: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """What was known at `day`: later events dropped, later dates blanked."""
    frame = frame.copy()
    limit = pd.Timestamp(day) + pd.Timedelta(days=1)
    time_col = {"activities": "started_at", "offences": "registered_at", "calls": "received_at"}.get(table)
    if time_col:
        frame = frame[frame[time_col] < limit]
    if table == "officers":
        frame = frame[frame["selected_on"] <= day]
        for col in ("training_from", "training_to", "deployed_on", "left_on"):
            frame[col] = frame[col].map(lambda v: v if v is not None and v <= day else None)
    if table == "stations":
        frame = frame[frame["opened_on"] <= day]
    if table in ("resources",):
        frame = frame[frame["date"] <= day]
    if table == "surveys":
        frame = frame[frame["survey_date"] <= day]
    if table == "passport_items":
        frame = frame[frame["updated_on"] <= day]
    if table == "funding":
        frame = frame[frame["paid_on"] <= day]
    return frame


def build_fixture_snapshots(directory: Path, *, publish: bool = True) -> list[Path]:
    """Write the two fixture snapshots into `directory` (the snapshots folder), published unless told
    otherwise (every role then sees them), and return their paths."""
    paths = []
    for day in (PREVIOUS_DATE, LATEST_DATE):
        with SnapshotBuilder(day, is_demo=True, directory=directory, generator="tests fixture") as builder:
            for table, frame in TABLES.items():
                builder.insert(table, _as_of(table, frame, day))
        paths.append(builder.final_path)
        if publish:
            publication.publish(directory, day, publication.Actor("tests"), four_eyes=False)
    return paths


def copy_built_before(snapshot: Path, into: Path, table: str) -> Path:
    """A copy of `snapshot` in the folder `into` without the precomputed `table`: a snapshot built before that
    table existed (the pages must compute its content instead, and leave the file as it is)."""
    old = into / snapshot.name
    shutil.copy(snapshot, old)
    with duckdb.connect(str(old)) as con:
        con.execute(fill_identifiers("DROP TABLE {t}", t=table))
    return old
