"""The data contract v1.1: the nine tables of the oblast's exports, their columns, types and aliases.

One definition serves the snapshot DDL, the ingest parsers (Ukrainian header aliases, allowed values)
and the contract documentation.

Versions: v1 had eight tables. v1.1 adds the optional `passport_items` columns `action_taken`, `outcome`
and `reviewed_on` and the optional table `funding`. Everything v1.1 adds is optional, so a v1 file is a
valid v1.1 file. A snapshot records `SCHEMA_VERSION` (1 = contract v1, 2 = contract v1.1); a snapshot
built before v1.1 lacks the new columns and table, and `schema_compat` shows it to queries as if they
were there and empty (`ADDED_IN_V1_1`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 2  # of the snapshot layout: 2 = data contract v1.1
CONTRACT_VERSION = "1.1"

ACTIVITY_TYPES = (
    "patrol",
    "resident_meeting",
    "reception_hours",
    "school_visit",
    "preventive_talk",
    "home_visit",
    "call_response",
    "council_report",
    "joint_event",
    "admin_protocol",
)
OFFENCE_CATEGORIES = (
    "theft",
    "burglary",
    "fraud",
    "domestic_violence",
    "assault",
    "road_traffic",
    "drugs",
    "vandalism",
    "other",
)
# Categories whose counts the partner view rounds to base 5 at the source (dashboard/disclosure.py).
SENSITIVE_OFFENCE_CATEGORIES = ("domestic_violence",)
RESOURCE_KINDS = ("office", "vehicle", "tablet")
RESOURCE_STATUSES = ("planned", "delivered")
PRIORITIES = ("high", "medium", "low")
PASSPORT_STATUSES = ("planned", "in_progress", "done", "cancelled")
FUNDING_ITEMS = ("office", "vehicle", "tablet", "station", "training", "other")
FUNDING_SOURCES = ("state", "oblast", "hromada", "donor")
# Call categories are free text in the contract; these are the ones the demo and samples use.
CALL_CATEGORIES = ("domestic", "theft", "road", "public_order", "other")

# Ukrainian spellings of allowed values accepted on import (value -> canonical).
VALUE_ALIASES_UK = {
    "resource": {"кабінет": "office", "автомобіль": "vehicle", "планшет": "tablet"},
    "status_resource": {"заплановано": "planned", "доставлено": "delivered", "передано": "delivered"},
    "priority": {"високий": "high", "середній": "medium", "низький": "low"},
    "status_passport": {
        "заплановано": "planned",
        "виконується": "in_progress",
        "в роботі": "in_progress",
        "виконано": "done",
        "скасовано": "cancelled",
    },
    "funding_item": {
        "кабінет": "office",
        "автомобіль": "vehicle",
        "планшет": "tablet",
        "станція": "station",
        "навчання": "training",
        "інше": "other",
    },
    "funding_source": {
        "державний бюджет": "state",
        "держбюджет": "state",
        "обласний бюджет": "oblast",
        "бюджет громади": "hromada",
        "місцевий бюджет": "hromada",
        "донор": "donor",
        "міжнародна допомога": "donor",
    },
}


@dataclass(frozen=True)
class Column:
    """One contract column: its SQL type, whether it is required, its Ukrainian header alias."""

    name: str
    sql_type: str  # VARCHAR, DATE, TIMESTAMP, INTEGER, DOUBLE
    required: bool = True
    alias_uk: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    title_uk: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the id that makes a re-sent row an update
    extra_columns: tuple[Column, ...] = field(default=())  # derived at build time, not imported

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = [*self.columns, *self.extra_columns]
        body = ",\n  ".join(f"{c.name} {c.sql_type}" for c in cols)
        return f"CREATE TABLE {self.name} (\n  {body}\n)"


C = Column
CONTRACT: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "officers",
            "Офіцери громад",
            (
                C("officer_id", "VARCHAR"),
                C("full_name", "VARCHAR", alias_uk=("ПІБ",)),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("rank", "VARCHAR", alias_uk=("звання",)),
                C("phone", "VARCHAR", required=False, alias_uk=("телефон",)),
                C("selected_on", "DATE", alias_uk=("дата відбору",)),
                C("training_from", "DATE", required=False, alias_uk=("початок навчання",)),
                C("training_to", "DATE", required=False, alias_uk=("кінець навчання",)),
                C("deployed_on", "DATE", required=False, alias_uk=("дата призначення",)),
                C("left_on", "DATE", required=False, alias_uk=("дата звільнення",)),
            ),
            key=("officer_id",),
        ),
        Table(
            "stations",
            "Поліцейські станції",
            (
                C("station_id", "VARCHAR"),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("name", "VARCHAR", alias_uk=("назва",)),
                C("lat", "DOUBLE", alias_uk=("широта",)),
                C("lon", "DOUBLE", alias_uk=("довгота",)),
                C("opened_on", "DATE", required=False, alias_uk=("дата відкриття",)),
            ),
            key=("station_id",),
        ),
        Table(
            "resources",
            "Матеріальне забезпечення",
            (
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("resource", "VARCHAR", alias_uk=("ресурс",), allowed=RESOURCE_KINDS),
                C("quantity", "INTEGER", alias_uk=("кількість",)),
                C("status", "VARCHAR", alias_uk=("статус",), allowed=RESOURCE_STATUSES),
                C("date", "DATE", alias_uk=("дата",)),
            ),
            key=("hromada", "resource", "status", "date"),
        ),
        Table(
            "activities",
            "Діяльність офіцерів",
            (
                C("activity_id", "VARCHAR"),
                C("officer_id", "VARCHAR"),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("started_at", "TIMESTAMP", alias_uk=("початок",)),
                C("duration_min", "INTEGER", alias_uk=("тривалість, хв", "тривалість")),
                C("activity_type", "VARCHAR", alias_uk=("вид",), allowed=ACTIVITY_TYPES),
                C("participants", "INTEGER", required=False, alias_uk=("учасників",)),
                C("lat", "DOUBLE", required=False, alias_uk=("широта",)),
                C("lon", "DOUBLE", required=False, alias_uk=("довгота",)),
            ),
            key=("activity_id",),
            # Whether (lat, lon) lies inside the hromada's boundary; NULL without coordinates.
            extra_columns=(C("inside_hromada", "BOOLEAN", required=False),),
        ),
        Table(
            "offences",
            "Зареєстровані правопорушення",
            (
                C("offence_id", "VARCHAR"),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("registered_at", "TIMESTAMP", alias_uk=("дата реєстрації",)),
                C("category", "VARCHAR", alias_uk=("категорія",), allowed=OFFENCE_CATEGORIES),
                C("solved_on", "DATE", required=False, alias_uk=("дата розкриття",)),
                C("lat", "DOUBLE", required=False, alias_uk=("широта",)),
                C("lon", "DOUBLE", required=False, alias_uk=("довгота",)),
            ),
            key=("offence_id",),
        ),
        Table(
            "calls",
            "Виклики 102",
            (
                C("call_id", "VARCHAR"),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("received_at", "TIMESTAMP", alias_uk=("час виклику",)),
                C("arrived_at", "TIMESTAMP", required=False, alias_uk=("час прибуття",)),
                C("category", "VARCHAR", alias_uk=("категорія",)),
            ),
            key=("call_id",),
        ),
        Table(
            "surveys",
            "Опитування мешканців",
            (
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("survey_date", "DATE", alias_uk=("дата опитування",)),
                C("respondents", "INTEGER", alias_uk=("респондентів",)),
                C("trust_yes", "INTEGER", alias_uk=("довіряють",)),
                C("feel_safe_yes", "INTEGER", alias_uk=("почуваються в безпеці",)),
                C("knows_officer_yes", "INTEGER", alias_uk=("знають свого офіцера",)),
            ),
            key=("hromada", "survey_date"),
        ),
        Table(
            "passport_items",
            "Паспорти безпеки громад",
            (
                C("item_id", "VARCHAR"),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("problem", "VARCHAR", alias_uk=("проблема",)),
                C("priority", "VARCHAR", alias_uk=("пріоритет",), allowed=PRIORITIES),
                C("measure", "VARCHAR", alias_uk=("захід",)),
                C("responsible", "VARCHAR", alias_uk=("відповідальний",)),
                C("due_on", "DATE", alias_uk=("термін",)),
                C("status", "VARCHAR", alias_uk=("статус",), allowed=PASSPORT_STATUSES),
                C("updated_on", "DATE", alias_uk=("оновлено",)),
                # v1.1: what was done and with what result (dated notes), and when the passport's
                # priorities were last reviewed with the community.
                C("action_taken", "VARCHAR", required=False, alias_uk=("що зроблено", "вжиті заходи")),
                C("outcome", "VARCHAR", required=False, alias_uk=("результат",)),
                C("reviewed_on", "DATE", required=False, alias_uk=("переглянуто", "дата перегляду")),
            ),
            key=("item_id",),
        ),
        Table(
            "funding",
            "Фінансування та закупівлі",
            (
                C("funding_id", "VARCHAR"),
                C("hromada", "VARCHAR", alias_uk=("громада",)),
                C("item", "VARCHAR", alias_uk=("предмет", "що придбано"), allowed=FUNDING_ITEMS),
                C("quantity", "INTEGER", alias_uk=("кількість",)),
                C("amount_uah", "DOUBLE", alias_uk=("сума, грн", "сума")),
                C("source_type", "VARCHAR", alias_uk=("тип джерела",), allowed=FUNDING_SOURCES),
                C("source_name", "VARCHAR", alias_uk=("джерело", "назва джерела")),
                C("paid_on", "DATE", alias_uk=("дата оплати",)),
                C("prozorro_id", "VARCHAR", required=False, alias_uk=("ідентифікатор prozorro", "prozorro")),
            ),
            key=("funding_id",),
        ),
    )
}
del C

CONTRACT_TABLE_NAMES = tuple(CONTRACT)
# What contract v1.1 added to v1 (all optional): snapshots built before it are read as if these were
# there and empty (dashboard/schema_compat.py).
ADDED_IN_V1_1: dict[str, tuple[str, ...]] = {
    "passport_items": ("action_taken", "outcome", "reviewed_on"),
    "funding": tuple(c.name for c in CONTRACT["funding"].columns),
}
# Tables computed when a snapshot is built (dashboard/build/precompute.py, in Python or by a macro of
# dashboard/queries/_macros.sql), not part of the data contract: results that depend on the snapshot alone,
# stored so that pages read them instead of computing them (snapshots are immutable, so a stored result is
# exact). A snapshot built before one was added reads
# it as an empty table (dashboard/schema_compat.py) and its wrapper computes the result itself.
# Name -> (column, DuckDB type) in stored order.
PRECOMPUTED_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    # The rollout event study (queries.crime.crime_event_study) per offence category; category NULL = all
    # categories. reporting_date: the snapshot's, the one it was computed for; row_index: the row's place
    # in the wrapper's frame (NULL on the one row stored for an empty result: computed, nothing to show).
    "agg_event_study": (
        ("reporting_date", "DATE"),
        ("category", "VARCHAR"),
        ("row_index", "INTEGER"),
        ("kind", "VARCHAR"),
        ("event_time", "INTEGER"),
        ("att", "DOUBLE"),
        ("se", "DOUBLE"),
        ("ci_low", "DOUBLE"),
        ("ci_high", "DOUBLE"),
        ("p", "DOUBLE"),
        ("pre_trend_p", "DOUBLE"),
        ("n_hromadas", "INTEGER"),
        ("n_cohorts", "INTEGER"),
        ("n_never", "INTEGER"),
        ("n_dropped", "INTEGER"),
    ),
    # The histogram of the whole oblast's response times (the call_response_seconds macro over all calls):
    # per month, how many calls police reached in each whole second after the call
    # (queries.response_times: the median and P90 of any months, exactly, without a pass over the calls).
    "agg_call_response": (
        ("month", "DATE"),
        ("seconds", "INTEGER"),
        ("n", "INTEGER"),
    ),
}
# Columns holding personal data: never shown to partners or to heads of other hromadas.
PERSONAL_COLUMNS = {"officers": ("full_name", "phone")}
