"""The partner plays the attacker: no hidden domestic-violence count can be pinned to fewer than 5 values.

The partner's queries read a snapshot whose sensitive cells (domestic violence per hromada and month) are
randomly rounded to base 5 at the source (dashboard/disclosure.py). Two kinds of test:

1. The attacks of the review, performed on the demo through the wrappers the pages and exports use:
   category complements on the crime and compare pages, sums of the monthly series, overview vs crime
   page vs export totals, overlapping periods on the trust page, consecutive snapshots. Each recovered
   number must equal a sum of rounded cells, so the true count behind it has at least five candidates.
2. Indistinguishability, which covers every channel at once (page text, tables, chart and map JSON,
   tooltips, export content): a second world whose true counts differ in every sensitive cell but round
   the same way gives the partner byte-identical pages and export content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.auth.policy import DataPolicy
from dashboard.build.precompute import write_event_studies
from dashboard.demo.writer import write_demo_snapshots
from dashboard.disclosure import ROUNDING_BASE, connect_partner_view, equivalent_counts, rounded
from dashboard.periods import make_period, year_on_year
from dashboard.queries import compare, crime, overview, trust
from dashboard.schema import OFFENCE_CATEGORIES
from dashboard.snapshots import connect_readonly

KEY = "a7" * 32  # a valid key (64 hexadecimal characters)
DV = "domestic_violence"
PARTNER = DataPolicy("partner")
ADMIN = DataPolicy("admin")


# --- the rounding itself --------------------------------------------------------------------------------


def test_rounding_is_unbiased_monotone_and_leaves_five_candidates() -> None:
    rng = np.random.default_rng(7)
    draws = rng.random(20000)
    for x in range(0, 23):
        values = np.array([rounded(x, u) for u in draws])
        assert set(values) <= {ROUNDING_BASE * (x // 5), ROUNDING_BASE * (x // 5 + 1)}
        assert abs(values.mean() - x) < 0.1, x  # unbiased: E[r] = x
    for u in draws[:200]:
        results = [rounded(x, u) for x in range(40)]
        assert results == sorted(results)  # monotone: solved ≤ n survives rounding
        for r in range(5, 35, 5):
            assert len(equivalent_counts(r, u)) == 5  # even knowing the draw, five true values remain
    # Without the key the draw is unknown: a rounded r allows every x from r − 4 to r + 4.
    for r in (0, 5, 10):
        candidates = {x for u in np.linspace(0, 0.999, 101) for x in equivalent_counts(r, u)}
        assert candidates == set(range(max(0, r - 4), r + 5))


def test_sql_rounding_equals_python(demo_worlds: dict[str, Path]) -> None:
    path = demo_worlds["a"] / "snapshots" / "2026-10-31.duckdb"
    con = connect_partner_view(path, key=KEY)
    raw = connect_readonly(path)
    cells = raw.execute(
        "SELECT hromada, month, category, n, solved FROM agg_offence_month WHERE category = $c", {"c": DV}
    ).df()
    draws = _draws(con, cells)
    shown = con.execute(
        "SELECT hromada, month, n, solved FROM agg_offence_month WHERE category = $c", {"c": DV}
    ).df()
    merged = cells.merge(draws, on=["hromada", "month"]).merge(shown, on=["hromada", "month"], how="left",
                                                               suffixes=("", "_shown"))  # fmt: skip
    expected = [rounded(x, u) for x, u in zip(merged["n"], merged["u"], strict=True)]
    got = merged["n_shown"].fillna(0).astype(int).tolist()
    assert got == expected
    assert (merged["n_shown"].fillna(0) % ROUNDING_BASE == 0).all()
    assert (merged["solved_shown"].fillna(0) <= merged["n_shown"].fillna(0)).all()
    assert not merged["n_shown"].eq(0).any(), "a row with a rounded 0 would tell that the true count is 1–4"
    # Raw sensitive events never reach a partner.
    assert con.execute("SELECT count(*) FROM offences WHERE category = $c", {"c": DV}).fetchone() == (0,)
    con.close()
    raw.close()


def _draws(con: duckdb.DuckDBPyConnection, cells: pd.DataFrame) -> pd.DataFrame:
    con.register("cells_in", cells[["hromada", "month", "category"]])
    try:
        return con.execute(
            "SELECT hromada, month, sdc_draw($k, hromada, month, category) AS u FROM cells_in", {"k": KEY}
        ).df()
    finally:
        con.unregister("cells_in")


# --- the demo in two worlds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """World a: the demo. World b: every sensitive cell changed to another count that rounds the same way
    (and new cells of 1–4 offences where a has none but they round to 0), with the same key."""
    root = tmp_path_factory.mktemp("disclosure")
    world_a = root / "a"
    write_demo_snapshots(world_a / "snapshots", 20261204, "oblast", 2, False, log=lambda *_: None)
    world_b = root / "b"
    shutil.copytree(world_a, world_b)
    for world in (world_a, world_b):
        (world / "disclosure.key").write_text(KEY + "\n", encoding="ascii")
    for path in sorted((world_a / "snapshots").glob("*.duckdb")):
        _add_source_files(path)  # world a came "from files" too, with its own exact totals
    for path in sorted((world_b / "snapshots").glob("*.duckdb")):
        _perturb(path)
    return {"a": world_a, "b": world_b}


def _add_source_files(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        total = con.execute("SELECT count(*) FROM offences").fetchone()[0]  # type: ignore[index]
        files = [{"name": "offences.csv", "table": "offences", "sha256": "0" * 64, "rows": int(total),
                  "size_bytes": 80 * int(total)}]  # fmt: skip
        con.execute("UPDATE snapshot_meta SET source_files = $f", {"f": json.dumps(files)})


def _perturb(path: Path) -> None:
    """Change the true sensitive counts of a snapshot without changing a single rounded cell: the monthly
    aggregate, the raw events (rewritten to match it), the metadata's row count and its source files."""
    view = connect_partner_view(path, key=KEY)
    # Every hromada and month, with or without a sensitive row: cells of 0 may become 1–4 where those round to 0.
    cells = view.execute(
        "SELECT h.katottg AS hromada, m.month, sdc_draw($k, h.katottg, m.month, $c) AS u "
        "FROM hromadas AS h, (SELECT DISTINCT month FROM agg_offence_month) AS m",
        {"k": KEY, "c": DV},
    ).df()
    view.close()
    con = duckdb.connect(str(path))
    truth = con.execute(
        "SELECT hromada, month, n, solved FROM agg_offence_month WHERE category = $c", {"c": DV}
    ).df()
    merged = cells.merge(truth, on=["hromada", "month"], how="left").fillna({"n": 0, "solved": 0})
    rows = []
    for cell in merged.itertuples():
        n, solved, u = int(cell.n), int(cell.solved), float(cell.u)
        options = [x for x in equivalent_counts(rounded(n, u), u) if x != n]
        new_n = max(options, key=lambda x: abs(x - n)) if options else n
        solved_options = [s for s in equivalent_counts(rounded(solved, u), u) if s <= new_n]
        new_solved = solved if solved <= new_n else (max(solved_options) if solved_options else None)
        if new_solved is None:
            new_n, new_solved = n, solved
        if new_n > 0:
            rows.append((cell.hromada, cell.month, DV, new_n, new_solved))
    # Inserted from data frames in one statement each (DuckDB's executemany goes row by row: ~25 s here).
    con.execute("DELETE FROM agg_offence_month WHERE category = $c", {"c": DV})
    con.register("new_cells", pd.DataFrame(rows, columns=["hromada", "month", "category", "n", "solved"]))
    con.execute(
        "INSERT INTO agg_offence_month (hromada, month, category, n, solved) "
        "SELECT hromada, month, category, n, solved FROM new_cells"
    )
    # The raw events follow the aggregate: a partner never gets them, and this shows it.
    con.execute("DELETE FROM offences WHERE category = $c", {"c": DV})
    events = pd.DataFrame(
        [
            (f"SYN-{hromada}-{month:%Y%m}-{i}", hromada, pd.Timestamp(month) + pd.Timedelta(days=14), DV,
             pd.Timestamp(month) + pd.Timedelta(days=20) if i < solved else pd.NaT)
            for hromada, month, _, n, solved in rows
            for i in range(n)
        ],
        columns=["offence_id", "hromada", "registered_at", "category", "solved_on"],
    )  # fmt: skip
    con.register("events", events)
    con.execute(
        "INSERT INTO offences (offence_id, hromada, registered_at, category, solved_on) "
        "SELECT offence_id, hromada, registered_at, category, CAST(solved_on AS DATE) FROM events"
    )
    total = con.execute("SELECT sum(n) FROM agg_offence_month").fetchone()[0]  # type: ignore[index]
    counts = json.loads(con.execute("SELECT row_counts FROM snapshot_meta").fetchone()[0])  # type: ignore[index]
    counts["offences"] = int(total)
    # As if the snapshot had come from files: the offences file's rows and size are exact totals.
    files = [{"name": "offences.csv", "table": "offences", "sha256": "0" * 64, "rows": int(total),
              "size_bytes": 80 * int(total)}]  # fmt: skip
    con.execute("UPDATE snapshot_meta SET row_counts = $r, source_files = $f",
                {"r": json.dumps(counts), "f": json.dumps(files)})  # fmt: skip
    # The event studies stored at build follow the counts, as a build of world b would have stored them:
    # a partner view that passed on a stored study of exact sensitive counts would then differ by world.
    reporting_date = con.execute("SELECT reporting_date FROM snapshot_meta").fetchone()[0]  # type: ignore[index]
    con.execute("DROP TABLE agg_event_study")
    write_event_studies(con, reporting_date)
    con.close()


def test_world_b_differs_in_truth(demo_worlds: dict[str, Path]) -> None:
    """The second world is a real alternative: most sensitive cells hold another true count."""
    sql = "SELECT hromada, month, n FROM agg_offence_month WHERE category = $c ORDER BY 1, 2"
    a = connect_readonly(demo_worlds["a"] / "snapshots" / "2026-10-31.duckdb").execute(sql, {"c": DV}).df()
    b = connect_readonly(demo_worlds["b"] / "snapshots" / "2026-10-31.duckdb").execute(sql, {"c": DV}).df()
    both = a.merge(b, on=["hromada", "month"], how="outer", suffixes=("_a", "_b")).fillna(0)
    assert (both["n_a"] != both["n_b"]).mean() > 0.8
    assert both["n_a"].sum() != both["n_b"].sum()


def test_event_studies_stored_at_build_are_the_computed_ones(demo_worlds: dict[str, Path]) -> None:
    """On the demo, in both worlds: the full view reads every category's stored study, and it is the
    study computed from the counts; a partner reads the stored ones of the non-sensitive categories (the
    rounding leaves their cells as they are) and gets the sensitive category and all categories computed
    from the rounded cells. World b's truth gives another full study of domestic violence (so the
    indistinguishability tests below would catch a stored study passed on to partners)."""
    full_dv = {}
    for name, world in demo_worlds.items():
        path = world / "snapshots" / "2026-10-31.duckdb"
        admin, partner = connect_readonly(path), connect_partner_view(path, key=KEY)
        stored = admin.execute("SELECT DISTINCT category FROM agg_event_study").df()["category"]
        assert set(stored.dropna()) == set(OFFENCE_CATEGORIES) and stored.isna().sum() == 1
        passed_on = set(partner.execute("SELECT DISTINCT category FROM agg_event_study").df()["category"])
        assert passed_on == set(OFFENCE_CATEGORIES) - {DV}
        for category in (None, *OFFENCE_CATEGORIES):
            args = {"category": category, "reporting_date": dt.date(2026, 10, 31)}
            read = crime.crime_event_study(admin, **args)
            assert (read["kind"] == "event").sum() == 25, category
            pd.testing.assert_frame_equal(read, crime._computed_event_study(admin, **args))
            pd.testing.assert_frame_equal(
                crime.crime_event_study(partner, **args), crime._computed_event_study(partner, **args)
            )
        full_dv[name] = crime.crime_event_study(admin, category=DV, reporting_date=dt.date(2026, 10, 31))
        admin.close()
        partner.close()
    assert not np.allclose(full_dv["a"]["att"], full_dv["b"]["att"])


# --- 1. the attacks of the review, on the demo ----------------------------------------------------------


def _partner(world: Path, date: str = "2026-10-31") -> duckdb.DuckDBPyConnection:
    return connect_partner_view(world / "snapshots" / f"{date}.duckdb", key=KEY)


def _admin(world: Path, date: str = "2026-10-31") -> duckdb.DuckDBPyConnection:
    return connect_readonly(world / "snapshots" / f"{date}.duckdb")


def _rounded_cells(
    con: duckdb.DuckDBPyConnection, hromada: str | None, month_from: dt.date, month_to: dt.date
) -> pd.Series:
    return con.execute(
        "SELECT n FROM agg_offence_month WHERE category = $c AND month BETWEEN $f AND $t "
        "AND ($h::VARCHAR IS NULL OR hromada = $h)",
        {"c": DV, "f": month_from, "t": month_to, "h": hromada},
    ).df()["n"]


def _candidates(rounded_cells: pd.Series) -> range:
    """Every true total the cells can hide: each rounded cell r stands for r − 4 … r + 4 (at least 0)."""
    low = int(sum(max(0, r - 4) for r in rounded_cells))
    high = int(sum(r + 4 for r in rounded_cells))
    return range(low, high + 1)


def _assert_not_pinned(recovered: float, con: duckdb.DuckDBPyConnection, hromada: str | None,
                       period: Any, what: str) -> None:  # fmt: skip
    cells = _rounded_cells(con, hromada, period.month_from, period.month_to)
    assert recovered == cells.sum(), f"{what}: the recovered count is not a sum of rounded cells"
    # Months with no rounded row: the true count is 0–4 each, which only widens the range.
    assert len(_candidates(cells)) >= ROUNDING_BASE or recovered == 0, what


def _hromadas(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT katottg FROM hromadas ORDER BY 1").fetchall()]


@pytest.mark.parametrize("period_key", ["12m", "3m", "y2026"])
def test_attack_crime_page_trend_minus_categories(demo_worlds: dict[str, Path], period_key: str) -> None:
    """Leak 1: the all-categories monthly trend minus the category table gives the hidden cell."""
    con, truth = _partner(demo_worlds["a"]), _admin(demo_worlds["a"])
    period = make_period(period_key, dt.date(2026, 10, 31))
    exact = 0
    for hromada in _hromadas(con):
        area = {"raion": None, "hromada": hromada}
        trend = PARTNER.run(con, crime.crime_monthly, **period.params(), **area, category=None)
        table = PARTNER.run(con, crime.crime_by_category, **_yoy(period), **area)
        recovered = trend.loc[trend["in_period"], "n"].sum() - table.loc[table["category"] != DV, "n"].sum()
        assert recovered == table.loc[table["category"] == DV, "n"].sum(), (
            "page total and categories disagree"
        )
        _assert_not_pinned(recovered, con, hromada, period, f"{hromada} {period_key}")
        true = ADMIN.run(truth, crime.crime_by_category, **_yoy(period), **area)
        exact += int(recovered == true.loc[true["category"] == DV, "n"].sum())
    assert exact < len(_hromadas(con)), "every recovered count equals the truth: no protection"


def test_attack_compare_total_minus_other_categories(demo_worlds: dict[str, Path]) -> None:
    """Leak 3: total offences minus the other eight categories on the compare page."""
    con = _partner(demo_worlds["a"])
    for period_key in ("12m", "3m"):
        period = make_period(period_key, dt.date(2026, 10, 31))
        base = {
            **year_on_year(period, dt.date(2018, 1, 1)).params(),
            "raion": None,
            "reporting_date": dt.date(2026, 10, 31),
        }
        tables = {c: PARTNER.run(con, compare.hromada_table, **base, category=c).set_index("hromada")
                  for c in OFFENCE_CATEGORIES}  # fmt: skip
        total = tables[DV]["offences"]
        others = sum(tables[c]["category_n"] for c in OFFENCE_CATEGORIES if c != DV)
        recovered = total - others
        assert (recovered == tables[DV]["category_n"]).all()
        for hromada, value in recovered.items():
            _assert_not_pinned(value, con, str(hromada), period, f"compare {hromada} {period_key}")


def test_attack_overview_crime_page_and_export_agree(demo_worlds: dict[str, Path]) -> None:
    """Leak 4: the overview, the crime page and the partner's export must give one total, per hromada
    and for the oblast, and the hromada totals must add up to the oblast's."""
    from dashboard.reports.content import gather

    con = _partner(demo_worlds["a"])
    period = make_period("12m", dt.date(2026, 10, 31))
    oblast_kpi = PARTNER.run(con, overview.period_kpis, **period.params(), raion=None, hromada=None).iloc[0]
    oblast_crime = PARTNER.run(con, crime.crime_by_category, **_yoy(period), raion=None, hromada=None)
    assert oblast_kpi["offences"] == oblast_crime["n"].sum()
    per_hromada = sum(
        PARTNER.run(con, overview.period_kpis, **period.params(), raion=None, hromada=h).iloc[0]["offences"]
        for h in _hromadas(con)
    )
    assert per_hromada == oblast_kpi["offences"]
    content = gather(con, lang="en", hromadas=None, policy=PARTNER)
    assert content.oblast.headline.offences == oblast_kpi["offences"]
    assert content.oblast.by_category.set_index("category")["n"].equals(
        oblast_crime.set_index("category")["n"]
    )


def _yoy(period) -> dict[str, dt.date | None]:
    """The period and the same months a year earlier (the demo's data begin in 2018)."""
    return year_on_year(period, dt.date(2018, 1, 1)).params()


def test_attack_trust_overlapping_periods(demo_worlds: dict[str, Path]) -> None:
    """Leak 5: twelve months minus the year to date on the trust page leaves the months in between."""
    con = _partner(demo_worlds["a"])
    twelve = make_period("12m", dt.date(2026, 10, 31))
    ytd = make_period("y2026", dt.date(2026, 10, 31))
    for hromada in _hromadas(con):
        area = {"raion": None, "hromada": hromada}
        a = PARTNER.run(con, trust.trust_dv_period, **_yoy(twelve), **area).iloc[0]["n_current"]
        b = PARTNER.run(con, trust.trust_dv_period, **_yoy(ytd), **area).iloc[0]["n_current"]
        gap = dataclasses.replace(twelve, month_to=dt.date(2025, 12, 1))
        _assert_not_pinned(a - b, con, hromada, gap, f"trust {hromada}")
        assert PARTNER.run(con, trust.trust_dv_period, **_yoy(twelve), **area).iloc[0]["z"] is None


def test_attack_consecutive_snapshots(demo_worlds: dict[str, Path]) -> None:
    """A month's count in two snapshots: the same cell gets the same rounding (no second draw)."""
    now, before = _partner(demo_worlds["a"]), _partner(demo_worlds["a"], "2026-09-30")
    sql = "SELECT hromada, month, n FROM agg_offence_month WHERE category = $c AND month <= DATE '2026-08-01'"
    a = now.execute(sql, {"c": DV}).df().set_index(["hromada", "month"])["n"]
    b = before.execute(sql, {"c": DV}).df().set_index(["hromada", "month"])["n"]
    assert a.sort_index().equals(b.sort_index())


def test_tests_on_rounded_counts_are_withheld(demo_worlds: dict[str, Path]) -> None:
    """The partner gets no z or signal on a domestic-violence row ("None" shown as «—» by the pages)."""
    con = _partner(demo_worlds["a"])
    period = make_period("12m", dt.date(2026, 10, 31))
    table = PARTNER.run(con, crime.crime_by_category, **_yoy(period), raion=None, hromada=None)
    dv = table[table["category"] == DV].iloc[0]
    assert dv["z"] is None and dv["level"] is None
    assert table.loc[table["category"] != DV, "z"].notna().all()


# --- 2. indistinguishability: every page, chart, table and export of the partner ---------------------------

PAGES = ("overview", "map", "compare", "profile", "activity", "crime", "trust", "passports", "data")
# (page, extra session state): the views the review attacked, plus the other pages as they open.
VIEWS = [
    *((page, {}) for page in PAGES),
    ("crime", {"crime_category": DV}),
    ("crime", {"crime_category": DV, "period": "3m"}),
    ("compare", {"compare_category": DV, "period": "3m"}),
    ("trust", {"period": "y2026"}),
    ("overview", {"snapshot": "2026-09-30"}),
    ("data", {"data_diff_details": True}),  # the key-by-key diff of the two snapshot files
]
SMALL_HROMADA = "UA35060010000018331"  # Ганнівська, the smallest: its monthly counts are mostly 0–4


def _partner_page_texts(world: Path, monkeypatch: pytest.MonkeyPatch, page: str, state: dict[str, Any],
                        hromada: str | None) -> list[str]:  # fmt: skip
    from dashboard.auth.ratelimit import reset_limiter
    from dashboard.auth.users import add_user
    from tests.auth_helpers import element_texts, new_app, select_hromada, sign_in

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(world))
    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setenv("DASHBOARD_AUTH", "on")
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    reset_limiter()
    if not (world / "users.toml").exists():
        add_user("ptn", "partner", "partner-pass-1", None)
    at = new_app()
    sign_in(at, "ptn", "partner-pass-1")
    select_hromada(at, hromada)
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return element_texts(at)


@pytest.mark.parametrize("hromada", [None, SMALL_HROMADA], ids=["oblast", "small-hromada"])
@pytest.mark.parametrize(
    ("slug", "state"), VIEWS, ids=[f"{p}-{'-'.join(map(str, s.values()))}" for p, s in VIEWS]
)
def test_partner_pages_are_identical_in_both_worlds(
    demo_worlds: dict[str, Path], monkeypatch: pytest.MonkeyPatch, slug: str, state: dict[str, Any],
    hromada: str | None,
) -> None:  # fmt: skip
    a = _partner_page_texts(demo_worlds["a"], monkeypatch, slug, state, hromada)
    b = _partner_page_texts(demo_worlds["b"], monkeypatch, slug, state, hromada)
    assert len(a) == len(b)
    for text_a, text_b in zip(a, b, strict=True):
        assert _stable(text_a) == _stable(text_b)


def _stable(text: str) -> str:
    """Element text without what differs on every run whatever the data: pandas Styler ids, and the ids of
    download buttons' files (their content is built lazily from the tables compared here)."""
    text = re.sub(r'(uuid|file_id): "[0-9a-f]+"', "", text)
    return re.sub(r"T_[0-9a-f]{5}", "T_", text)


def _frames(value: Any, path: str = "") -> dict[str, Any]:
    """Every value inside an export's content, flattened to comparable leaves (frames as CSV)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return {path: value.to_csv()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            out |= _frames(getattr(value, field.name), f"{path}.{field.name}")
        return out
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out |= _frames(item, f"{path}[{key}]")
        return out
    if isinstance(value, list | tuple):
        out = {}
        for i, item in enumerate(value):
            out |= _frames(item, f"{path}[{i}]")
        return out
    if isinstance(value, float) and np.isnan(value):
        return {path: "nan"}
    return {path: repr(value)}


def test_partner_export_content_is_identical_in_both_worlds(demo_worlds: dict[str, Path]) -> None:
    """The deck and the report are drawn from this content (charts included): equal content, equal files."""
    from dashboard.reports.content import gather

    contents = []
    for world in ("a", "b"):
        con = _partner(demo_worlds[world])
        contents.append(_frames(gather(con, lang="en", hromadas=None, policy=PARTNER)))
        con.close()
    assert contents[0].keys() == contents[1].keys()
    different = [k for k in contents[0] if contents[0][k] != contents[1][k]]
    assert not different, different[:5]
    admin = [
        _frames(gather(_admin(demo_worlds[w]), lang="en", hromadas=None, policy=ADMIN)) for w in ("a", "b")
    ]
    assert admin[0] != admin[1], "the admin's export must differ: the worlds are really different"


def test_tests_on_totals_of_rounded_counts_are_withheld(demo_worlds: dict[str, Path]) -> None:
    """A total that includes a rounded count gets no z either (compare and map): the rounding would move it."""
    con = _partner(demo_worlds["a"])
    period = make_period("12m", dt.date(2026, 10, 31))
    base = {
        **year_on_year(period, dt.date(2018, 1, 1)).params(),
        "raion": None,
        "reporting_date": dt.date(2026, 10, 31),
    }
    table = PARTNER.run(con, compare.hromada_table, **base, category="theft")
    assert table["offence_z"].isna().all() and table["offence_level"].isna().all()
    assert table["category_z"].notna().any()  # theft alone is exact: its test stays
    assert PARTNER.withholds_tests(None) and not ADMIN.withholds_tests(None)


def test_the_key_is_created_once_whole_and_validated(tmp_path: Path) -> None:
    """Processes racing to create the key all end with the same, complete key; a malformed one is refused."""
    import multiprocessing

    from dashboard.disclosure import DisclosureKeyError, disclosure_key

    for attempt in range(5):
        path = tmp_path / f"k{attempt}" / "disclosure.key"
        with multiprocessing.get_context("fork").Pool(4) as pool:
            keys = pool.map(disclosure_key, [path] * 8)
        assert len(set(keys)) == 1 and len(keys[0]) == 64
        assert (path.stat().st_mode & 0o777) == 0o600
        assert not [p for p in path.parent.iterdir() if p.name != "disclosure.key"], "temporary files left"
    bad = tmp_path / "bad.key"
    bad.write_text("\n", encoding="ascii")
    with pytest.raises(DisclosureKeyError, match="valid key"):
        disclosure_key(bad)


def test_partner_calls_have_no_domestic_category(demo_worlds: dict[str, Path]) -> None:
    """102 calls about domestic violence cannot be split out by any partner query: the category is blank."""
    con = _partner(demo_worlds["a"])
    categories = {r[0] for r in con.execute("SELECT DISTINCT category FROM calls").fetchall()}
    assert "domestic" not in categories and None in categories
    admin = _admin(demo_worlds["a"])
    assert (
        con.execute("SELECT count(*) FROM calls").fetchone()
        == admin.execute("SELECT count(*) FROM calls").fetchone()
    )


def test_partner_metadata_hides_the_offences_file_totals(demo_worlds: dict[str, Path]) -> None:
    from dashboard.queries.data import data_meta, data_source_files

    con = _partner(demo_worlds["a"])
    files = PARTNER.run(con, data_source_files)
    assert files.loc[files["table"] == "offences", ["rows", "size_bytes"]].isna().all(axis=None)
    raw = json.loads(PARTNER.run(con, data_meta).iloc[0]["source_files"])
    assert all("rows" not in f for f in raw if f["table"] == "offences")
