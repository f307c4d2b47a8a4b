"""The string tables: uk/en parity, every key the code uses exists, coded values all have labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import formatting, i18n, periods, reference, schema
from dashboard.i18n import LANGS, MissingTranslationError, Translator, label, labels, plural_category, t, tn

ROOT = Path(__file__).resolve().parent.parent
UK, EN = i18n.strings("uk"), i18n.strings("en")

# t("key"), tr("key"), ctx.t("key"), tn("key", n), translate("key"), also with f-strings: t(f"period.{k}").
KEY_CALL = re.compile(r"""\b(?P<func>t|tr|tn|translate)\(\s*(?P<f>f?)(?P<q>["'])(?P<key>[^"'\n]*)(?P=q)""")
# label("group", value), labels("group"), tr.label("group", value)
GROUP_CALL = re.compile(r"""\blabels?\(\s*(?P<q>["'])(?P<group>[\w.]+)(?P=q)""")

PAGES = (
    "overview", "map", "compare", "profile", "activity", "crime", "trust", "passports", "data",
    "upload", "audit", "users", "login",
)  # fmt: skip
INDICATOR_FIELDS = ("name", "definition", "formula", "notes")


def source_files() -> list[Path]:
    files = sorted((ROOT / "dashboard").rglob("*.py"))
    app = ROOT / "app.py"
    return [*files, app] if app.exists() else files


def used_keys() -> list[tuple[str, str, str, bool]]:
    """(file, function, key, is_fstring) for every translation call with a literal key."""
    found = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        for match in KEY_CALL.finditer(text):
            found.append((str(path.relative_to(ROOT)), match["func"], match["key"], bool(match["f"])))
    return found


def placeholders(entry: i18n.Entry) -> set[str]:
    forms = [entry] if isinstance(entry, str) else list(entry.values())
    return {field for form in forms for field in i18n.placeholders(form)}


# --- the tables --------------------------------------------------------------------------------------


def test_uk_and_en_have_exactly_the_same_keys():
    assert sorted(set(UK) - set(EN)) == [], "keys missing in en.toml"
    assert sorted(set(EN) - set(UK)) == [], "keys missing in uk.toml"


def test_keys_are_dotted_snake_case():
    # population bands keep the codes reference.population_band() returns ("lt7.5k", "30k+").
    bad = [
        k
        for k in UK
        if not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", k) and not k.startswith("population_band.")
    ]
    assert bad == []


def test_placeholders_match_across_languages():
    # i18n.placeholders also raises on a malformed brace ("{date" or a lone "}").
    assert [k for k in UK if k in EN and placeholders(UK[k]) != placeholders(EN[k])] == []


def test_plural_entries_have_the_forms_of_their_language():
    for lang in LANGS:
        for key, entry in i18n.strings(lang).items():
            if not isinstance(entry, str):
                assert tuple(entry) == i18n.PLURAL_FORMS[lang], (lang, key)
        plural_keys = {k for k, v in i18n.strings(lang).items() if not isinstance(v, str)}
        assert plural_keys == {k for k, v in UK.items() if not isinstance(v, str)}


def test_texts_are_clean():
    for lang in LANGS:
        for key, entry in i18n.strings(lang).items():
            for text in [entry] if isinstance(entry, str) else entry.values():
                assert text.strip() == text and text, (lang, key)
                assert "$" not in text, (lang, key, "Streamlit renders $…$ as LaTeX")
                assert "~" not in text, (lang, key, "~…~ is strike-through in Markdown")
    for key, entry in UK.items():
        for text in [entry] if isinstance(entry, str) else entry.values():
            assert "'" not in text and "\u02bc" not in text, (key, "Ukrainian apostrophe is ’ (U+2019)")


# --- keys the code uses ---------------------------------------------------------------------------------


def test_the_scan_finds_every_call_form():
    sample = """t("a.b", lang)  ctx.t('c.d')  tr("e.f")  tr.tn("g.h", 3)  t(f"period.{key}", lang)
    translate(
        "i.j", lang)  format("x.y")  st("z.z")"""
    found = [(m["func"], m["key"], bool(m["f"])) for m in KEY_CALL.finditer(sample)]
    assert found == [
        ("t", "a.b", False),
        ("t", "c.d", False),
        ("tr", "e.f", False),
        ("tn", "g.h", False),
        ("t", "period.{key}", True),
        ("translate", "i.j", False),
    ]
    assert [
        m["group"] for m in GROUP_CALL.finditer('label("offence", v) tr.labels("priority") x_label("q")')
    ] == [
        "offence",
        "priority",
    ]


def test_every_key_used_in_the_code_exists():
    uses = used_keys()
    assert uses, "the scan found no translation call at all: is the regex broken?"
    missing = []
    for path, func, key, is_fstring in uses:
        if is_fstring:
            prefix = key.split("{", 1)[0]
            if prefix and not any(k.startswith(prefix) for k in UK):
                missing.append((path, f"{key} (no key starts with {prefix!r})"))
        elif key not in UK:
            missing.append((path, key))
        elif func != "tn" and not isinstance(UK[key], str):
            missing.append((path, f"{key} is a plural entry: call tn()"))
    assert missing == []


def test_every_label_group_used_in_the_code_exists():
    groups = {
        (str(path.relative_to(ROOT)), m["group"])
        for path in source_files()
        for m in GROUP_CALL.finditer(path.read_text(encoding="utf-8"))
    }
    assert [(path, g) for path, g in sorted(groups) if not labels(g)] == []


# --- what the dashboard needs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("activity_type", schema.ACTIVITY_TYPES),
        ("offence", schema.OFFENCE_CATEGORIES),
        ("resource", schema.RESOURCE_KINDS),
        ("resource_status", schema.RESOURCE_STATUSES),
        ("priority", schema.PRIORITIES),
        ("passport_status", schema.PASSPORT_STATUSES),
        ("call_category", schema.CALL_CATEGORIES),
        ("hromada_type", tuple(reference.TYPE_EN.values())),
        ("population_band", tuple(reference.population_band(n) for n in (3_500, 10_000, 20_000, 60_000))),
        ("period", (*periods.ROLLING_KEYS, "year")),
        ("stage", ("selection", "training", "deployment", "station_open")),
        ("coverage_status", ("uncovered", "in_training", "deployed", "vacant")),
        ("lang", LANGS),
    ],
)
def test_every_coded_value_has_a_label(group, codes):
    missing = [code for code in codes if not isinstance(UK.get(f"{group}.{code}"), str)]
    assert missing == []


def test_every_page_has_a_title_and_description():
    for page in PAGES:
        assert {f"page.{page}.title", f"page.{page}.description"} <= set(UK)


def test_every_indicator_has_name_definition_formula_notes():
    indicators = {k.split(".")[1] for k in UK if k.startswith("indicator.")}
    assert len(indicators) >= 25
    for name in indicators:
        fields = {k.rsplit(".", 1)[1] for k in UK if k.startswith(f"indicator.{name}.")}
        assert fields == set(INDICATOR_FIELDS), name


def test_formatting_knows_every_language():
    assert set(formatting.LOCALES) == set(LANGS)


# --- behaviour -----------------------------------------------------------------------------------------


def test_exact_texts():
    assert t("page.passports.title") == "Паспорти безпеки"
    assert t("page.passports.title", "en") == "Safety passports"
    assert t("notice.data_as_of", "uk", date="31.10.2026") == "Дані станом на 31.10.2026"
    assert t("period.year", "en", year="2025") == "Calendar year 2025"
    assert t("notice.demo") == (
        "Демонстраційні дані: синтетичні, згенеровані з реального довідника 49 громад. Не для висновків."
    )
    assert t("small_numbers.note") == "Мала кількість — дивіться абсолютні числа і z."
    assert t("map.osm_credit", "uk") == t("map.osm_credit", "en") == "© OpenStreetMap contributors"
    assert t("kpi.offence_rate") == "Правопорушень на 10\u00a0000 мешканців (за 12 місяців)"


def test_unknown_language_is_ukrainian():
    assert t("page.map.title", "de") == "Карта"
    assert Translator("de").lang == "uk"


def test_english_falls_back_to_ukrainian(monkeypatch):
    tables = {"uk": {"only.uk": "лише українською"}, "en": {}}
    monkeypatch.setattr(i18n, "strings", lambda lang: tables[lang])
    assert t("only.uk", "en") == "лише українською"


def test_a_missing_key_raises_under_pytest_and_shows_the_key_otherwise(monkeypatch):
    with pytest.raises(MissingTranslationError):
        t("no.such.key", "en")
    with pytest.raises(MissingTranslationError):
        t("notice.data_as_of", "uk")  # the {date} placeholder not given
    monkeypatch.setattr(i18n.config, "i18n_strict", lambda: False)
    assert t("no.such.key", "en") == "no.such.key"
    assert t("notice.data_as_of", "uk") == "Дані станом на {date}"


@pytest.mark.parametrize(
    ("count", "uk", "en"),
    [
        (0, "many", "other"),
        (1, "one", "one"),
        (2, "few", "other"),
        (4, "few", "other"),
        (5, "many", "other"),
        (11, "many", "other"),
        (12, "many", "other"),
        (14, "many", "other"),
        (21, "one", "other"),
        (22, "few", "other"),
        (101, "one", "other"),
        (111, "many", "other"),
        (1.5, "other", "other"),
    ],
)
def test_plural_categories(count, uk, en):
    assert plural_category(count, "uk") == uk
    assert plural_category(count, "en") == en


def test_plural_texts():
    assert [tn("count.hromadas", n) for n in (1, 3, 5, 21)] == [
        "1 громада",
        "3 громади",
        "5 громад",
        "21 громада",
    ]
    assert tn("count.officers", 1500, "uk") == "1\u00a0500 офіцерів"
    assert tn("count.officers", 1, "en") == "1 officer"
    assert tn("count.officers", 1500, "en") == "1,500 officers"
    assert tn("count.days", 1.5, "uk") == "1,5 дня"


def test_labels_of_coded_values():
    assert label("activity_type", "patrol", "en") == "Patrol"
    assert label("offence", "domestic_violence") == "Домашнє насильство"
    assert label("call_category", "пожежа") == "пожежа"  # free text in the contract: shown as it is
    assert label("priority", None) == "—"
    assert label("priority", float("nan")) == "—"
    assert list(labels("priority", "en").items()) == [("high", "High"), ("medium", "Medium"), ("low", "Low")]
    assert list(labels("population_band")) == ["lt7.5k", "7.5-15k", "15-30k", "30k+"]
    assert label("population_band", "lt7.5k", "en") == "under 7.5k"
    assert "year" not in labels("period")  # a template, not a code


def test_translator_binds_a_language():
    tr = Translator("en")
    assert tr("page.overview.title") == "Overview"
    assert tr.tn("count.hromadas", 2) == "2 hromadas"
    assert tr.label("priority", "high") == "High"
    assert Translator()("sidebar.whole_oblast") == "Уся область"


def test_every_ingest_problem_kind_has_a_label_a_message_and_a_fix():
    from dashboard.ingest.kinds import KINDS

    wanted = {f"pg.ingest.kind.{code}.{part}" for code in KINDS for part in ("label", "message", "fix")}
    assert sorted(wanted - set(UK)) == []
    assert sorted(k for k in UK if k.startswith("pg.ingest.kind.") and k not in wanted) == []
