"""The data policy per role, read from the wrappers' column declarations: personal data, named text,
tests on rounded counts, page access. (The rounding itself: tests/test_disclosure.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.auth.policy import DataPolicy, may_open, names_a_person
from dashboard.navigation import PAGES
from dashboard.queries.columns import (
    Declaration,
    Role,
    UndeclaredColumnError,
    declaration_of,
    declare,
    rows_of_category,
)
from tests.fixture_snapshot import OFFICERS, A, B, C

ADMIN = DataPolicy("admin")
PARTNER = DataPolicy("partner")
HEAD_A = DataPolicy("head", A)
HEAD_B = DataPolicy("head", B)
OFF = DataPolicy()  # DASHBOARD_AUTH=off

OFFICER_COLUMNS = Declaration(
    {
        "officer_id": Role.KEY,
        "full_name": Role.PERSONAL,
        "hromada": Role.KEY,
        "rank": Role.SAFE,
        "phone": Role.PERSONAL,
    }
)
PASSPORT_COLUMNS = Declaration(
    {
        "item_id": Role.KEY,
        "hromada": Role.KEY,
        "problem": Role.FREE_TEXT,
        "measure": Role.FREE_TEXT,
        "responsible": Role.NAMED_TEXT,
    }
)
CATEGORY_COLUMNS = Declaration(
    {"category": Role.KEY, "n": Role.COUNT, "rate": Role.DERIVED, "z": Role.TEST, "level": Role.TEST},
    sensitive_rows=rows_of_category("category"),
)


def officers() -> pd.DataFrame:
    return OFFICERS[["officer_id", "full_name", "hromada", "rank", "phone"]].copy()


def passport() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item_id": ["P1", "P2", "P3", "P4"],
            "hromada": [A, A, B, C],
            "problem": ["Темні вулиці", "Пияцтво", "Шахрайство", "Підлітки"],
            "measure": ["Ліхтарі", "Рейди", "Лекції", "Гуртки"],
            "responsible": ["Петренко І. П.", "Виконавчий комітет ради", "Іван Сидоренко", "ПОГ"],
        }
    )


def categories() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["theft", "domestic_violence"],
            "n": [40, 5],
            "rate": [3.1, 0.4],
            "z": [-1.2, 0.8],
            "level": ["none", "none"],
        }
    )


def test_page_access_per_role() -> None:
    admin_only = {"upload", "audit", "users"}
    for spec in PAGES:
        assert may_open("admin", spec.slug)
        assert may_open(None, spec.slug), "login off: every page"
        for role in ("head", "partner"):
            assert may_open(role, spec.slug) == (spec.slug not in admin_only), (role, spec.slug)
    assert not may_open("admin", "no-such-page")
    assert not may_open("intruder", "overview")


def test_admin_and_login_off_see_everything_unchanged() -> None:
    frame = officers()
    assert ADMIN.apply(frame, OFFICER_COLUMNS) is frame
    assert OFF.apply(frame, OFFICER_COLUMNS) is frame


def test_partner_never_gets_personal_columns() -> None:
    out = PARTNER.apply(officers(), OFFICER_COLUMNS)
    assert "full_name" not in out.columns and "phone" not in out.columns
    assert list(out["officer_id"]) == ["O1", "O2", "O3", "O4"]


def test_head_sees_own_hromada_names_only() -> None:
    out = HEAD_A.apply(officers(), OFFICER_COLUMNS)
    own, other = out[out["hromada"] == A], out[out["hromada"] != A]
    assert list(own["full_name"]) == list(OFFICERS.loc[OFFICERS.hromada == A, "full_name"])
    assert own["phone"].notna().all()
    assert other["full_name"].isna().all() and other["phone"].isna().all()


def test_head_without_a_hromada_key_goes_by_the_call() -> None:
    declaration = Declaration({"full_name": Role.PERSONAL, "rank": Role.SAFE})
    frame = officers()[["full_name", "rank"]]
    assert HEAD_A.apply(frame, declaration, {"hromada": A})["full_name"].notna().all()
    assert HEAD_A.apply(frame, declaration, {"hromada": B})["full_name"].isna().all()
    assert HEAD_A.apply(frame, declaration, {})["full_name"].isna().all()


def test_passport_texts_for_everyone_names_of_people_only_for_those_allowed() -> None:
    out = PARTNER.apply(passport(), PASSPORT_COLUMNS)
    assert list(out["problem"]) == list(passport()["problem"])  # donors need the community's problems
    assert list(out["measure"]) == list(passport()["measure"])
    assert list(out["responsible"]) == [None, "Виконавчий комітет ради", None, "ПОГ"]
    head = HEAD_A.apply(passport(), PASSPORT_COLUMNS)
    assert list(head["responsible"]) == ["Петренко І. П.", "Виконавчий комітет ради", None, "ПОГ"]
    assert (
        ADMIN.apply(passport(), PASSPORT_COLUMNS)["responsible"].tolist()
        == passport()["responsible"].tolist()
    )


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Петренко І. П.", True),
        ("І.П. Петренко", True),
        ("Іван Петренко", True),
        ("Петренко Іван Іванович", True),
        ("Ганна Коваль-Мельник", True),
        ("ПОГ Іван Петренко", True),
        ("Іван Петренко (ПОГ)", True),
        ("Петренко О.", True),
        ("О. Петренко", True),
        ("Старший лейтенант Петренко", True),
        ("Петренко Іван, тел. 0671234567", True),
        ("Іван ПЕТРЕНКО", True),
        ("Петренко ІП", True),
        ("ГУНП в Кіровоградській області", False),
        ("Новоукраїнська РДА", False),
        ("Відділ освіти, культури, молоді та спорту", False),
        ("Виконавчий комітет ради", False),
        ("ПОГ", False),
        ("КП «Благоустрій»", False),
        ("Старости сіл", False),
        ("ДСНС", False),
        ("Служба у справах дітей", False),
        (None, False),
    ],
)
def test_names_a_person(text: str | None, person: bool) -> None:
    assert names_a_person(text) is person


def test_partner_gets_no_tests_on_sensitive_rows() -> None:
    out = PARTNER.apply(categories(), CATEGORY_COLUMNS)
    theft, dv = out.iloc[0], out.iloc[1]
    assert theft["z"] == -1.2 and theft["level"] == "none"
    assert dv["z"] is None and dv["level"] is None
    assert dv["n"] == 5 and dv["rate"] == 0.4  # computed from rounded counts: shown
    for policy in (ADMIN, HEAD_A, OFF):
        assert policy.apply(categories(), CATEGORY_COLUMNS)["z"].notna().all()


def test_apply_never_mutates_the_cached_frame() -> None:
    for frame, declaration in ((officers(), OFFICER_COLUMNS), (categories(), CATEGORY_COLUMNS)):
        before = frame.copy()
        for policy in (PARTNER, HEAD_A, HEAD_B):
            policy.apply(frame, declaration)
        pd.testing.assert_frame_equal(frame, before)


def test_undeclared_columns_are_refused() -> None:
    @declare(n=Role.COUNT)
    def wrapper(con: object) -> pd.DataFrame:
        return pd.DataFrame({"n": [1], "sneaky_total": [2]})

    with pytest.raises(UndeclaredColumnError, match="sneaky_total"):
        PARTNER.checked(wrapper, {}, wrapper(None))
    with pytest.raises(UndeclaredColumnError, match="declares no columns"):
        declaration_of(len)


def test_may_see_personal_and_for_user() -> None:
    assert ADMIN.may_see_personal(B) and OFF.may_see_personal(None)
    assert HEAD_A.may_see_personal(A) and not HEAD_A.may_see_personal(B) and not HEAD_A.may_see_personal(None)
    assert not PARTNER.may_see_personal(A)
    assert PARTNER.controlled and not HEAD_A.controlled and not ADMIN.controlled
    assert PARTNER.withholds_tests("domestic_violence") and not PARTNER.withholds_tests("theft")
    assert not ADMIN.withholds_tests("domestic_violence")

    class User:
        def __init__(self, role: str, hromada: str | None = None) -> None:
            self.role, self.hromada = role, hromada

    assert DataPolicy.for_user(None) == OFF
    assert DataPolicy.for_user(User("head", A)) == HEAD_A
    assert DataPolicy.for_user(User("partner", A)) == PARTNER
