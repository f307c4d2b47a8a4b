"""The SQL macros of dashboard/queries/_macros.sql: what they compute, where they exist, and that the
rules they define are not written out again in the queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import reference
from dashboard.indicators import on_duty_mask
from dashboard.queries import SQL_DIR, load_sql, run_query, sql_names
from dashboard.snapshots import connect_readonly
from dashboard.sql_macros import MACROS_SQL, create_macros, has_shared_macros, macro_names, open_duckdb
from tests.fixture_snapshot import LATEST_DATE, A, B, C

# The raw rules. An on-duty test: deployed_on <= D AND (left_on IS NULL OR left_on > D), with the same D
# on both sides (or its "< D ... >= D" form, on duty the day before D). The scope: $raion anywhere but as
# the raion argument of in_scope, or the "optional hromada" test $hromada::VARCHAR IS NULL.
_DAY = r"(?P<d>[\w$.:]+(?:\s*-\s*\d+)?)"
_LEFT = r"\(\s*(?:\w+\.)?left_on\s+IS\s+NULL\s+OR\s+(?:\w+\.)?left_on\s*"
RAW_ON_DUTY = [
    re.compile(rf"deployed_on\s*<=\s*{_DAY}\s+AND\s+{_LEFT}>\s*(?P=d)\s*\)", re.IGNORECASE),
    re.compile(rf"deployed_on\s*<\s*{_DAY}\s+AND\s+{_LEFT}>=\s*(?P=d)\s*\)", re.IGNORECASE),
]
# In the pipeline (or in training) at D: started by D, not yet deployed at D, not left at D.
RAW_PIPELINE = [
    re.compile(
        rf"(?:selected_on|training_from)\s*<=\s*{_DAY}\s+AND\s+\(\s*(?:\w+\.)?deployed_on\s+IS\s+NULL\s+OR"
        rf"\s+(?:\w+\.)?deployed_on\s*>\s*(?P=d)\s*\)",
        re.IGNORECASE,
    ),
]
RAW_SCOPE = [
    re.compile(r"\$hromada\s*::\s*VARCHAR\s+IS\s+NULL", re.IGNORECASE),
    re.compile(r"\$raion\b", re.IGNORECASE),  # checked after removing the allowed in_scope(x, $raion, ...)
]
_ALLOWED_RAION = re.compile(r"\bin_scope\s*\(\s*[\w.]+\s*,\s*\$raion\s*,", re.IGNORECASE)
# A macro that applies in_scope itself takes the scope parameters last: monthly_history(..., $raion, $hromada).
_ALLOWED_SCOPED_CALL = re.compile(
    r"\b(?:monthly_history|call_response_seconds)\s*\([^()]*?\$raion\s*,\s*\$hromada\s*\)", re.IGNORECASE
)


def _code(sql: str) -> str:
    """The SQL without its comments (comments may describe the rules)."""
    return re.sub(r"--[^\n]*", "", sql)


def raw_rules(sql: str) -> list[str]:
    """The raw on-duty and scope expressions written out in `sql`."""
    code = _code(sql)
    found = [m.group(0) for pattern in (*RAW_ON_DUTY, *RAW_PIPELINE) for m in pattern.finditer(code)]
    code = _ALLOWED_RAION.sub("in_scope(x, <raion>,", code)
    code = _ALLOWED_SCOPED_CALL.sub("monthly_history(<scope>)", code)
    found += [m.group(0) for pattern in RAW_SCOPE for m in pattern.finditer(code)]
    return found


@pytest.mark.parametrize(
    "snippet",
    [
        "WHERE deployed_on <= $reporting_date AND (left_on IS NULL OR left_on > $reporting_date)",
        "count(*) FILTER (WHERE o.deployed_on <= p.day AND (o.left_on IS NULL OR o.left_on > p.day))",
        "WHERE hromada = $h\n  AND deployed_on <= $reporting_date\n  AND (left_on IS NULL OR left_on > $reporting_date)",
        "o.deployed_on < b.day_to AND (o.left_on IS NULL OR o.left_on >= b.day_to) AS on_duty_at_end",
        "WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion) AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)",
        "AND ($raion::VARCHAR IS NULL OR hromada IN (SELECT katottg FROM hromadas WHERE raion_katottg = $raion))",
        "AND ($raion::VARCHAR IS NULL OR starts_with(hromada, left($raion, 6)))",
        "WHERE $hromada::VARCHAR IS NULL OR hromada = $hromada",
        "WHERE in_scope(hromada, $raion, NULL) AND raion_katottg = $raion",
        "FROM monthly_history('agg_call_month', ['hromada'], $month_from, $month_to, $hromada, $raion)",
        "WHERE selected_on <= $d AND (deployed_on IS NULL OR deployed_on > $d) AND (left_on IS NULL OR left_on > $d)",
        "WHERE o.training_from <= p.day\n AND (o.deployed_on IS NULL OR o.deployed_on > p.day)",
    ],
)
def test_the_detector_finds_raw_rules(snippet: str) -> None:
    assert raw_rules(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "WHERE on_duty(o.deployed_on, o.left_on, $reporting_date) AND in_scope(o.hromada, $raion, $hromada)",
        "-- On duty at D: deployed_on <= D AND (left_on IS NULL OR left_on > D)\nSELECT 1",
        # another rule: on duty during a whole period
        "o.deployed_on <= b.year_from AND (o.left_on IS NULL OR o.left_on >= b.day_to) AS council_eligible",
        "WHERE hromada = $hromada AND opened_on <= $reporting_date",
        "FROM monthly_history('agg_call_month', ['hromada'], $month_from, $month_to, $raion, $hromada)",
    ],
)
def test_the_detector_leaves_other_sql_alone(snippet: str) -> None:
    assert raw_rules(snippet) == []


@pytest.mark.parametrize("name", sql_names())
def test_no_query_writes_the_rules_out_again(name: str) -> None:
    found = raw_rules(load_sql(name))
    assert not found, f"{name}.sql: use the on_duty / in_scope macros of _macros.sql instead of {found}"


def test_the_macro_file_is_not_a_query() -> None:
    assert MACROS_SQL.parent == SQL_DIR
    assert "_macros" not in sql_names()
    assert macro_names() == ["on_duty", "in_pipeline", "in_scope", "monthly_history", "call_response_seconds"]


def test_the_queries_use_the_macros() -> None:
    texts = [_code(load_sql(n)) for n in sql_names()]
    assert sum("on_duty(" in t for t in texts) >= 10
    assert sum("in_scope(" in t for t in texts) >= 30


# --- what the macros compute -------------------------------------------------------------------------

D = dt.date(2026, 10, 31)
ON_DUTY_CASES = [  # deployed_on, left_on, on duty at D
    (dt.date(2025, 1, 1), None, True),
    (D, None, True),  # deployed on D: on duty that day
    (dt.date(2025, 1, 1), D, False),  # leaves on D: off duty that day
    (dt.date(2025, 1, 1), D + dt.timedelta(days=1), True),
    (dt.date(2025, 1, 1), dt.date(2026, 1, 1), False),
    (D + dt.timedelta(days=1), None, False),  # not deployed yet
    (None, None, False),  # never deployed (the macro gives NULL: false in WHERE and FILTER)
]


@pytest.fixture()
def mem() -> Iterator[duckdb.DuckDBPyConnection]:
    with open_duckdb() as con:
        yield con


def test_on_duty(mem: duckdb.DuckDBPyConnection) -> None:
    frame = pd.DataFrame(ON_DUTY_CASES, columns=["deployed_on", "left_on", "expected"])
    mem.register("cases", frame)
    got = mem.execute(
        "SELECT coalesce(on_duty(deployed_on::DATE, left_on::DATE, $d), false) FROM cases", {"d": D}
    ).fetchall()
    assert [g[0] for g in got] == frame["expected"].tolist()
    # the same rule as the pandas one of dashboard.indicators
    assert on_duty_mask(frame["deployed_on"], frame["left_on"], D).tolist() == frame["expected"].tolist()
    counted = mem.execute(
        "SELECT count(*) FILTER (WHERE on_duty(deployed_on::DATE, left_on::DATE, $d)) FROM cases", {"d": D}
    )
    assert counted.fetchone()[0] == frame["expected"].sum()


PIPELINE_CASES = [  # started_on, deployed_on, left_on, on the way to duty at D
    (dt.date(2026, 1, 1), None, None, True),  # selected, not deployed yet
    (D, None, None, True),  # selected on D
    (D + dt.timedelta(days=1), None, None, False),  # selected after D
    (dt.date(2026, 1, 1), D + dt.timedelta(days=1), None, True),  # deployed after D
    (dt.date(2026, 1, 1), D, None, False),  # deployed on D: on duty, no longer in the pipeline
    (dt.date(2026, 1, 1), None, D, False),  # left on D before being deployed
    (dt.date(2026, 1, 1), None, D + dt.timedelta(days=1), True),
    (None, None, None, False),  # never started (NULL: false in WHERE and FILTER)
]


def test_in_pipeline(mem: duckdb.DuckDBPyConnection) -> None:
    frame = pd.DataFrame(PIPELINE_CASES, columns=["started_on", "deployed_on", "left_on", "expected"])
    mem.register("cases", frame)
    got = mem.execute(
        "SELECT coalesce(in_pipeline(started_on::DATE, deployed_on::DATE, left_on::DATE, $d), false) FROM cases",
        {"d": D},
    ).fetchall()
    assert [g[0] for g in got] == frame["expected"].tolist()


def _raion(hromada: str) -> str:
    return str(reference.hromadas().set_index("katottg").loc[hromada, "raion_katottg"])


@pytest.mark.parametrize(
    ("raion", "hromada", "code", "expected"),
    [
        (None, None, A, True),  # whole oblast
        ("of A", None, A, True),
        ("of A", None, C, True),  # C lies in A's raion
        ("of A", None, B, False),
        (None, A, A, True),
        (None, A, C, False),
        ("of A", A, A, True),
        ("of B", A, A, False),  # a hromada outside the chosen raion: nothing
    ],
)
def test_in_scope(
    mem: duckdb.DuckDBPyConnection, raion: str | None, hromada: str | None, code: str, expected: bool
) -> None:
    raion_code = {"of A": _raion(A), "of B": _raion(B), None: None}[raion]
    got = mem.execute(
        "SELECT in_scope($code, $raion, $hromada)", {"code": code, "raion": raion_code, "hromada": hromada}
    )
    assert got.fetchone()[0] is expected


def test_in_scope_agrees_with_the_reference_raions(mem: duckdb.DuckDBPyConnection) -> None:
    hromadas = reference.hromadas()[["katottg", "raion_katottg"]]
    mem.register("h", hromadas)
    disagree = mem.execute(
        "SELECT count(*) FROM h AS x, (SELECT DISTINCT raion_katottg AS raion FROM h) AS r "
        "WHERE in_scope(x.katottg, r.raion, NULL) <> (x.raion_katottg = r.raion)"
    ).fetchone()[0]
    assert disagree == 0
    assert mem.execute("SELECT count(*) FROM h WHERE in_scope(katottg, 'UA35', NULL)").fetchone()[0] == 0


@pytest.mark.parametrize(("raion", "hromada"), [(None, None), ("of A", None), (None, A), ("of B", A)])
def test_monthly_history_is_the_hand_written_sum(
    fixture_data_dir: Path, raion: str | None, hromada: str | None
) -> None:
    # Written out the long way: sum(n) per hromada, category and month of the window in scope, and the
    # first month of the whole table (not of the scope: a narrow scope keeps the table's first month).
    raion_code = {"of A": _raion(A), "of B": _raion(B), None: None}[raion]
    params = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1), "raion": raion_code,
              "hromada": hromada}  # fmt: skip
    by_hand = """
        SELECT hromada, category, month, sum(n)::BIGINT AS n, (SELECT min(month) FROM agg_offence_month) AS first_month
        FROM agg_offence_month
        WHERE month BETWEEN $month_from AND $month_to
          AND ($raion::VARCHAR IS NULL OR left(hromada, 6) = left($raion::VARCHAR, 6))
          AND ($hromada::VARCHAR IS NULL OR hromada = $hromada::VARCHAR)
        GROUP BY hromada, category, month ORDER BY hromada, category, month"""
    with connect_readonly(_snapshot(fixture_data_dir)) as con:
        expected = con.execute(by_hand, params).df()
        got = con.execute(
            "SELECT * FROM monthly_history('agg_offence_month', ['hromada', 'category'], $month_from, $month_to,"
            " $raion, $hromada) ORDER BY ALL",
            params,
        ).df()
        first = con.execute("SELECT min(month) FROM agg_offence_month").fetchone()[0]
    pd.testing.assert_frame_equal(got, expected)
    assert (raion, hromada) == ("of B", A) or len(got) > 0
    assert (got["first_month"].dt.date == first).all() and first < params["month_from"]


# --- where the macros exist ---------------------------------------------------------------------------


def _snapshot(fixture_data_dir: Path) -> Path:
    return fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb"


def test_a_read_only_snapshot_connection_has_the_macros(fixture_data_dir: Path) -> None:
    with connect_readonly(_snapshot(fixture_data_dir)) as con:
        n = con.execute(
            "SELECT count(*) FROM officers WHERE on_duty(deployed_on, left_on, $d)", {"d": LATEST_DATE}
        )
        assert n.fetchone()[0] > 0
        # A cursor is a new DuckDB connection: TEMP macros do not follow it, hence run_query creates them.
        cursor = con.cursor()
        with pytest.raises(duckdb.CatalogException):
            cursor.execute("SELECT on_duty(DATE '2026-01-01', NULL, DATE '2026-01-02')")
        create_macros(cursor)
        assert cursor.execute("SELECT on_duty(DATE '2026-01-01', NULL, DATE '2026-01-02')").fetchone() == (
            True,
        )
        cursor.close()
        officers = run_query(con, "report_officers_on_duty", {"reporting_date": LATEST_DATE})
        assert len(officers) == n_on_duty(con)


def n_on_duty(con: duckdb.DuckDBPyConnection) -> int:
    sql = "SELECT count(*) FROM officers WHERE deployed_on <= $d AND (left_on IS NULL OR left_on > $d)"
    return con.execute(sql, {"d": LATEST_DATE}).fetchone()[0]


def test_a_plain_read_only_connection_can_create_them(fixture_data_dir: Path) -> None:
    with duckdb.connect(str(_snapshot(fixture_data_dir)), read_only=True) as con:
        create_macros(con)
        create_macros(con)  # again: replaces them
        got = con.execute(
            "SELECT count(*) FROM officers WHERE on_duty(deployed_on, left_on, $d)", {"d": LATEST_DATE}
        )
        assert got.fetchone()[0] == n_on_duty(con)


def test_an_in_memory_connection_attaching_a_snapshot(fixture_data_dir: Path) -> None:
    with open_duckdb() as con:
        con.execute("ATTACH $path AS snap (READ_ONLY)", {"path": str(_snapshot(fixture_data_dir))})
        got = con.execute(
            "SELECT count(*) FROM snap.officers WHERE on_duty(deployed_on, left_on, $d) AND in_scope(hromada, NULL, $h)",
            {"d": LATEST_DATE, "h": A},
        ).fetchone()[0]
    with connect_readonly(_snapshot(fixture_data_dir)) as ro:
        expected = ro.execute(
            "SELECT count(*) FROM officers WHERE deployed_on <= $d AND (left_on IS NULL OR left_on > $d) AND hromada = $h",
            {"d": LATEST_DATE, "h": A},
        ).fetchone()[0]
    assert got == expected > 0


def test_shared_macros_on_an_in_memory_connection(fixture_data_dir: Path) -> None:
    # The in-memory kind of connection: the snapshot ATTACHed READ_ONLY, views in the writable memory
    # database. Shared (non-TEMP) macros live there too, so its cursors see them without creating them.
    with duckdb.connect() as con:
        con.execute("ATTACH $path AS snap (READ_ONLY)", {"path": str(_snapshot(fixture_data_dir))})
        con.execute("CREATE VIEW officers AS SELECT * FROM snap.officers")
        create_macros(con, shared=True)
        assert has_shared_macros(con)
        cursor = con.cursor()
        assert cursor.execute("SELECT in_scope('UA35040030000074104', NULL, NULL)").fetchone() == (True,)
        cursor.close()
        officers = run_query(con, "report_officers_on_duty", {"reporting_date": LATEST_DATE})
        assert len(officers) == n_on_duty(con)
    with open_duckdb() as plain:
        assert not has_shared_macros(plain)


def test_run_query_creates_only_the_macros_a_query_calls(fixture_data_dir: Path) -> None:
    with connect_readonly(_snapshot(fixture_data_dir)) as con:
        statements: list[str] = []

        class Recorder:
            def execute(self, sql: str, *args: object) -> None:
                statements.append(sql)

        create_macros(Recorder(), used_by=load_sql("report_officers_on_duty"))  # type: ignore[arg-type]
        assert len(statements) == 1 and "on_duty" in statements[0]
        statements.clear()
        create_macros(Recorder(), used_by="SELECT 1 -- on_duty(a, b, c)")  # type: ignore[arg-type]
        assert statements == []
        assert run_query(con, "hromada_list").shape[0] > 0  # a query without macros
