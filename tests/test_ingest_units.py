"""Unit tests of the ingest building blocks: converters, header and value aliases, hromada names,
encoding/delimiter/table detection, the point-in-polygon helper and formula neutralisation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import geo, reference
from dashboard.export_safety import neutralise_cells, neutralise_text, unneutralise_text
from dashboard.ingest import convert, detect
from dashboard.ingest.normalize import HromadaMatcher, header_key, map_headers, normalise_choices
from dashboard.ingest.report import terminal_safe
from dashboard.schema import CONTRACT


def s(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


# --- converters -------------------------------------------------------------------------------------


def test_dates_accept_iso_and_ukrainian_forms_and_midnight() -> None:
    values, bad = convert.parse_dates(s("2026-10-31", "31.10.2026", "1.2.2026", "2026-10-31 00:00:00", None))
    october_31, february_1 = dt.date(2026, 10, 31), dt.date(2026, 2, 1)
    assert values.dt.date.tolist()[:4] == [october_31, october_31, february_1, october_31]
    assert not bad.any()


@pytest.mark.parametrize(
    "text", ["31/10/2026", "2026-02-30", "31.13.2026", "вчора", "2026-10-31 10:30", "20261031"]
)
def test_dates_refuse_other_forms(text: str) -> None:
    _, bad = convert.parse_dates(s(text))
    assert bad.tolist() == [True]


def test_timestamps_and_date_only() -> None:
    values, bad, date_only = convert.parse_timestamps(
        s(
            "2026-10-31 14:30",
            "31.10.2026 14:30:15",
            "2026-10-31T08:00:00",
            "2026-10-31 08:00:00.250",
            "31.10.2026",
        )
    )
    assert not bad.any()
    assert date_only.tolist() == [False, False, False, False, True]
    assert values[1] == pd.Timestamp("2026-10-31 14:30:15")
    assert values[3] == pd.Timestamp("2026-10-31 08:00:00.250")


def test_integers() -> None:
    values, not_number, not_whole, too_large = convert.parse_ints(
        s("12", "+3", "-4", "12.0", "1 234", "1\u00a0234", "12,5", "абв", "99999999999", "12 5")
    )
    assert values.tolist()[:6] == [12, 3, -4, 12, 1234, 1234]
    assert not_whole.tolist() == [False] * 6 + [True, False, False, False]
    assert not_number.tolist() == [False] * 7 + [True, False, True]  # «12 5» is not a grouped number
    assert too_large.tolist() == [False] * 8 + [True, False]


def test_floats_decimal_point_or_comma_never_nan_or_exponent() -> None:
    values, bad = convert.parse_floats(s("48,51", "48.51", ".5", "nan", "inf", "1e5", "48,5,1"))
    assert values.tolist()[:3] == [48.51, 48.51, 0.5]
    assert bad.tolist() == [False, False, False, True, True, True, True]


def test_clean_cells_strips_and_undoes_our_formula_quote() -> None:
    frame = convert.clean_cells(pd.DataFrame({"a": ["  x ", "", "'=1+1", "'text", "'+380 50"]}))
    assert frame["a"].tolist()[0] == "x"
    assert pd.isna(frame["a"][1])
    assert frame["a"].tolist()[2:] == ["=1+1", "'text", "+380 50"]


# --- headers, values, hromadas -----------------------------------------------------------------------


def test_headers_match_english_and_ukrainian_ignoring_case_spaces_underscores() -> None:
    header = ["Activity ID", "officer_id", "ГРОМАДА", " Початок ", "Тривалість, хв", "вид", "extra"]
    mapping = map_headers(CONTRACT["activities"], header)
    assert mapping.columns == [
        "activity_id",
        "officer_id",
        "hromada",
        "started_at",
        "duration_min",
        "activity_type",
        None,
    ]
    assert mapping.missing == []
    assert mapping.unknown == [(6, "extra")]
    assert header_key("\ufeffofficer_id") == header_key("Officer ID")


def test_every_alias_maps_to_its_column() -> None:
    for table in CONTRACT.values():
        for column in table.columns:
            for alias in column.alias_uk:
                assert map_headers(table, [alias.upper()]).columns == [column.name]


def test_allowed_values_with_ukrainian_aliases() -> None:
    values, bad = normalise_choices(
        s("Кабінет", "автомобіль", "TABLET", "стілець", None), "resources", "resource"
    )
    assert values.tolist()[:3] == ["office", "vehicle", "tablet"]
    assert bad.tolist() == [False, False, False, True, False]
    values, bad = normalise_choices(
        s("в роботі", "In progress", "in-progress", "done"), "passport_items", "status"
    )
    assert values.tolist() == ["in_progress"] * 3 + ["done"] and not bad.any()


@pytest.fixture(scope="module")
def matcher() -> HromadaMatcher:
    return HromadaMatcher(reference.hromadas())


@pytest.mark.parametrize(
    "text",
    [
        "Знам’янська",
        "Знам'янська міська громада",
        "знамʼянська тг",
        "ЗНАМ`ЯНСЬКА ОТГ",
        "Знамянська",
        "Знам’янська міська територіальна громада",
        "«Знам’янська» громада",
        "Znamianska",
        " UA35040130000021732 ",
        "ua35040130000021732",
    ],
)
def test_hromada_names_are_normalised(matcher: HromadaMatcher, text: str) -> None:
    assert matcher.resolve_one(text) == "UA35040130000021732"


def test_the_two_renamings_since_2020(matcher: HromadaMatcher) -> None:
    assert matcher.resolve_one("Новгородківська селищна громада") == matcher.resolve_one("Кам’янецька")
    assert matcher.resolve_one("Новгородківська ОТГ") == "UA35040230000015609"
    assert matcher.resolve_one("Мар’янівська сільська громада") == "UA35060110000056063"
    assert matcher.resolve_one("Великовисківська") == "UA35060110000056063"


def test_latin_letters_typed_inside_a_ukrainian_name(matcher: HromadaMatcher) -> None:
    assert matcher.resolve_one("Олександрiвська") == matcher.resolve_one("Олександрівська")  # Latin «i»


def test_unknown_names_get_suggestions(matcher: HromadaMatcher) -> None:
    assert matcher.resolve_one("Кропивницкая") is None
    assert matcher.suggestions("Кропивницкая")[0] == "Кропивницька"
    assert matcher.resolve_one("UA35999999999999999") is None
    codes, bad, hints = matcher.resolve(s("Кропивницька", "Кропивницкая", None))
    assert codes[0] == "UA35040210000014072"
    assert bad.tolist() == [False, True, False]
    assert hints["Кропивницкая"].startswith("Кропивницька")


def test_every_reference_name_resolves_to_itself(matcher: HromadaMatcher) -> None:
    hromadas = reference.hromadas()
    for code, current, full in zip(
        hromadas["katottg"], hromadas["name_current_uk"], hromadas["name_full_uk"], strict=True
    ):
        assert matcher.resolve_one(current) == code
        assert matcher.resolve_one(full) == code


# --- detection -------------------------------------------------------------------------------------


def test_encodings(tmp_path: Path) -> None:
    text = "громада;дата\nЗнам’янська;2026-10-01\n"
    cases = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 BOM"}
    for encoding, label in cases.items():
        path = tmp_path / f"{encoding}.csv"
        path.write_text(text, encoding=encoding)
        assert detect.detect_encoding(path).label == label
    path = tmp_path / "cp.csv"
    path.write_bytes(text.replace("’", "'").encode("cp1251"))
    assert detect.detect_encoding(path).name == "cp1251"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_and_title_rows(delimiter: str) -> None:
    sample = "Звіт за жовтень\n\n" + delimiter.join(["hromada", "survey_date", "respondents"]) + "\nx\n"
    layout = detect.detect_csv_layout(sample)
    assert layout == detect.CsvLayout(delimiter, 2)


def test_semicolon_wins_over_a_comma_inside_an_alias() -> None:
    sample = "activity_id;officer_id;тривалість, хв;вид\n"
    assert detect.detect_csv_layout(sample).delimiter == ";"


@pytest.mark.parametrize(
    ("name", "header", "table"),
    [
        ("activities_2026-10.csv", ["x"], "activities"),
        (
            "Діяльність офіцерів.xlsx",
            ["activity_id", "officer_id", "hromada", "started_at", "duration_min", "вид"],
            "activities",
        ),
        ("export.csv", ["officer_id", "ПІБ", "громада", "звання", "дата відбору"], "officers"),
        (
            "export.csv",
            ["hromada", "survey_date", "respondents", "trust_yes", "feel_safe_yes", "knows_officer_yes"],
            "surveys",
        ),
        ("паспорт безпеки.csv", ["x"], "passport_items"),
        ("виклики 102.csv", ["x"], "calls"),
    ],
)
def test_table_detection(name: str, header: list[str], table: str) -> None:
    assert detect.choose_table(name, header) == table


def test_table_detection_refuses_to_guess() -> None:
    with pytest.raises(detect.DetectError) as info:
        detect.choose_table("export.csv", ["hromada", "сума"])
    assert info.value.code == "unknown_table"


# --- geometry and text safety ------------------------------------------------------------------------


def test_points_in_polygon_square_with_hole() -> None:
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    lon = np.array([1, 5, 11, 9.9, -0.1])
    lat = np.array([1, 5, 5, 9.9, 5])
    assert geo.points_in_polygon(lon, lat, square).tolist() == [True, True, False, True, False]
    polygon = {"type": "Polygon", "coordinates": [square, hole]}
    assert geo.points_in_geometry(lon, lat, polygon).tolist() == [True, False, False, True, False]


def test_hromada_centres_lie_in_their_polygons() -> None:
    hromadas = reference.hromadas()
    shapes = geo.hromada_geometries()
    inside = [
        bool(geo.points_in_geometry(np.array([lon]), np.array([lat]), shapes[code])[0])
        for code, lat, lon in zip(
            hromadas["katottg"], hromadas["center_lat"], hromadas["center_lon"], strict=True
        )
    ]
    assert sum(inside) >= 47  # simplified polygons may cut a centre off at a border


def test_oblast_bbox() -> None:
    min_lon, min_lat, max_lon, max_lat = geo.oblast_bbox()
    assert 29.5 < min_lon < 30 and 33.5 < max_lon < 34.1 and 47.5 < min_lat < 48 and 49 < max_lat < 49.5


@pytest.mark.parametrize("text", ["=1+1", "+380", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(text: str) -> None:
    assert neutralise_text(text) == "'" + text
    assert unneutralise_text(neutralise_text(text)) == text


def test_neutralise_cells_leaves_numbers_and_safe_text() -> None:
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x")', "Іван", None],
            "n": [-1, 2, 3],
            "mixed": pd.Series(["-x", 5, None], dtype=object),
        }
    )
    out = neutralise_cells(frame)
    assert out["name"].tolist()[:2] == ['\'=HYPERLINK("http://x")', "Іван"]
    assert out["n"].tolist() == [-1, 2, 3]
    assert out["mixed"].tolist()[:2] == ["'-x", 5]
    assert frame["name"][0].startswith("=")  # the input is not modified


def test_terminal_safe_escapes_control_and_bidi_characters() -> None:
    assert terminal_safe("a\x1b[31mb\u202ec") == "a\\x1b[31mb\\u202ec"
    assert len(terminal_safe("я" * 500, 80)) == 80
