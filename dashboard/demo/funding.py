"""Demo spending (contract v1.1 `funding`): who paid for each hromada's kit, station and training.

Each delivered resource (office fit-out, vehicles, tablets), each opened police station and each training
course of a hromada's officers becomes a payment shortly before it was delivered / opened / began, at a
price of its year (rising with inflation, sharper from 2022), paid by the state, the oblast, the hromada
or a donor in shares plausible for the item. Donors are fictitious and say so in their names («(демо)»).
Payments from public budgets of 200 000 UAH or more went through a ProZorro tender (its id's date is the
tender's, 30–90 days before payment); donors' direct purchases mostly did not. Deterministic from the
seed, with its own random stream per hromada, so the other demo tables are not affected.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.demo import arrow
from dashboard.demo.infrastructure import Infrastructure
from dashboard.demo.rollout import Rollout
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, NEVER, START_DAY, to_date

FUNDING_STREAM = 101  # the random stream of this module (seeds.Stream numbers 1–10 are taken)
DONORS = (
    "Фонд «Безпечні громади» (демо)",
    "Програма «Партнерство заради безпеки» (демо)",
    "Фонд «Спільна варта» (демо)",
)
SOURCE_NAMES = {"state": "МВС України", "oblast": "Обласна програма «Безпечна громада»"}
# (UAH at 2019 prices: low, high) per unit, and P(state, oblast, hromada, donor).
PRICES = {
    "office": ((120_000, 320_000), (0.0, 0.2, 0.7, 0.1)),
    "vehicle": ((520_000, 780_000), (0.3, 0.2, 0.0, 0.5)),
    "tablet": ((11_000, 18_000), (0.4, 0.0, 0.0, 0.6)),
    "station": ((900_000, 2_400_000), (0.0, 0.3, 0.4, 0.3)),
    "training": ((6_000, 11_000), (0.7, 0.0, 0.0, 0.3)),  # per officer trained
}
SOURCES = ("state", "oblast", "hromada", "donor")
TENDER_THRESHOLD = 200_000  # public purchases from this amount go through a ProZorro tender
P_DONOR_TENDER = 0.2
INFLATION = {2019: 1.0, 2020: 1.05, 2021: 1.15, 2022: 1.38, 2023: 1.55, 2024: 1.68, 2025: 1.90, 2026: 2.05}


def _rng(seed: int, replica: int, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(FUNDING_STREAM, replica, index)))


def _purchases(territory: Territory, rollout: Rollout, infrastructure: Infrastructure) -> pd.DataFrame:
    """(row, item, quantity, day) of everything bought: delivered kit, opened stations, training courses."""
    kit = infrastructure.resources[infrastructure.resources["status"] == "delivered"]
    parts = [kit.rename(columns={"resource": "item", "date": "day"})[["row", "item", "quantity", "day"]]]
    stations = infrastructure.stations[infrastructure.stations["opened_on"] < NEVER]
    parts.append(stations.assign(item="station", quantity=1).rename(columns={"opened_on": "day"}))
    officers = rollout.officers[rollout.officers["training_from"] < NEVER]
    row_of = dict(zip(territory.column("katottg"), range(territory.size), strict=False))
    courses = officers.groupby(["hromada", "training_from"]).size().reset_index(name="quantity")
    courses["row"] = courses["hromada"].map(row_of)
    parts.append(courses.rename(columns={"training_from": "day"}).assign(item="training"))
    columns = ["row", "item", "quantity", "day"]
    frame = pd.concat([p[columns] for p in parts], ignore_index=True).dropna(subset=["row"])
    return frame.astype({"row": "int64", "quantity": "int64", "day": "int64"}).sort_values(
        ["row", "day", "item"], kind="stable", ignore_index=True
    )


def build_funding(
    territory: Territory, rollout: Rollout, infrastructure: Infrastructure, seed: int
) -> pa.Table:
    """The `funding` table (contract column order) of the whole history."""
    purchases = _purchases(territory, rollout, infrastructure)
    rows = []
    for key, part in purchases.groupby("row", sort=True):
        row = int(key)  # type: ignore[arg-type]  # groupby keys are typed as any scalar
        rng = _rng(seed, int(territory.replica[row]), int(territory.geo_index[row]))
        donor = DONORS[int(rng.integers(len(DONORS)))]  # a hromada mostly works with one donor
        hromada_name = f"Бюджет громади ({territory.column('name_uk')[row]})"
        for item, quantity, when in part[["item", "quantity", "day"]].itertuples(index=False):
            (low, high), shares = PRICES[item]
            paid = max(int(when) - int(rng.integers(7, 46)), START_DAY)
            price = rng.uniform(low, high) * INFLATION.get(to_date(paid).year, INFLATION[2026])
            amount = round(price * quantity, -2)
            source = SOURCES[int(rng.choice(4, p=shares))]
            name = {"donor": donor, "hromada": hromada_name}.get(source) or SOURCE_NAMES[source]
            tender = ""
            if amount >= TENDER_THRESHOLD and (source != "donor" or rng.random() < P_DONOR_TENDER):
                published = to_date(paid - int(rng.integers(30, 91)))
                letter = "abcdef"[int(rng.integers(6))]
                tender = f"UA-{published.isoformat()}-{int(rng.integers(1, 999_999)):06d}-{letter}"
            rows.append([row, item, int(quantity), float(amount), source, name, paid, tender or None])
    frame = pd.DataFrame(
        rows,
        columns=[
            "row",
            "item",
            "quantity",
            "amount_uah",
            "source_type",
            "source_name",
            "paid_on",
            "prozorro_id",
        ],
    )
    frame = frame[frame["paid_on"] <= END_DAY].sort_values(["paid_on", "row", "item"], kind="stable")
    width = max(5, len(str(len(frame))))
    return pa.table(
        {
            "funding_id": pa.array([f"FN-{k:0{width}d}" for k in range(1, len(frame) + 1)], pa.string()),
            "hromada": pa.array(territory.column("katottg")[frame["row"].to_numpy()].tolist(), pa.string()),
            "item": pa.array(frame["item"].tolist(), pa.string()),
            "quantity": arrow.integers(frame["quantity"].to_numpy()),
            "amount_uah": arrow.floats(frame["amount_uah"].to_numpy()),
            "source_type": pa.array(frame["source_type"].tolist(), pa.string()),
            "source_name": pa.array(frame["source_name"].tolist(), pa.string()),
            "paid_on": arrow.dates(frame["paid_on"].to_numpy()),
            "prozorro_id": pa.array(
                [v if isinstance(v, str) else None for v in frame["prozorro_id"]], pa.string()
            ),
        }
    )
