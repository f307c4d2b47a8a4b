"""Write data/samples/: a small valid monthly export set and a few broken files (deterministic).

    .venv/bin/python scripts/make_ingest_samples.py

The valid set covers three hromadas for the reporting date 2026-10-31 and deliberately mixes what real
exports do: UTF-8 with and without BOM and Windows-1251, `;` and `,`, Ukrainian and English headers,
DD.MM.YYYY and ISO dates, the decimal comma, hromadas by name (old and new) and by KATOTTG code, and
one XLSX workbook. See data/samples/README.md for what each broken file must produce.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import reference  # noqa: E402

OUT = ROOT / "data" / "samples"
REPORTING_DATE = dt.date(2026, 10, 31)
# (KATOTTG, how the officers' file names it, how the offences file names it)
HROMADAS = (
    ("UA35040210000014072", "Кропивницька міська громада", "кропивницька тг"),
    ("UA35040130000021732", "Знам'янська ТГ", "ЗНАМ’ЯНСЬКА"),
    ("UA35040230000015609", "Новгородківська селищна громада", "Кам’янецька"),
)
OFFICERS = (
    ("POG-101", "Коваленко Олена Петрівна", 0, "капітан поліції", "+380 50 111 22 33", "12.02.2019", "27.05.2019", "20.08.2019", "30.08.2019", ""),
    ("POG-102", "Мельник Андрій Іванович", 0, "старший лейтенант поліції", "", "10.01.2021", "01.03.2021", "30.05.2021", "15.06.2021", ""),
    ("POG-103", "Шевчук Ігор Васильович", 1, "лейтенант поліції", "", "05.09.2019", "01.11.2019", "31.01.2020", "10.02.2020", "30.06.2024"),
    ("POG-104", "Бондар Марія Олегівна", 1, "лейтенант поліції", "+380 67 444 55 66", "01.06.2024", "01.08.2024", "31.10.2024", "11.11.2024", ""),
    ("POG-105", "Ткаченко Сергій Миколайович", 2, "капітан поліції", "", "20.08.2026", "01.10.2026", "20.11.2026", "01.12.2026", ""),
    ("POG-106", "Олійник Тарас Богданович", 2, "старший лейтенант поліції", "", "15.03.2020", "01.05.2020", "31.07.2020", "14.08.2020", ""),
)  # fmt: skip
ON_DUTY = ("POG-101", "POG-102", "POG-104", "POG-106")  # officers working in October 2026
ACTIVITY_TYPES = ("patrol", "resident_meeting", "reception_hours", "school_visit", "preventive_talk",
                  "home_visit", "call_response", "council_report")  # fmt: skip
OFFENCE_CATEGORIES = ("theft", "burglary", "fraud", "domestic_violence", "road_traffic", "vandalism", "other")
CALL_CATEGORIES = ("domestic", "theft", "road", "public_order", "other")


def _centre(code: str) -> tuple[float, float]:
    row = reference.hromadas().set_index("katottg").loc[code]
    return float(row["center_lat"]), float(row["center_lon"])


def _near(rng: random.Random, code: str) -> tuple[float, float]:
    lat, lon = _centre(code)
    return round(lat + rng.uniform(-0.012, 0.012), 5), round(lon + rng.uniform(-0.012, 0.012), 5)


def _csv(rows: list[list[object]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _write(path: Path, rows: list[list[object]], *, encoding: str, delimiter: str) -> None:
    path.write_bytes(_csv(rows, delimiter).encode(encoding))


def _comma(value: float) -> str:
    return f"{value}".replace(".", ",")


def officers() -> list[list[object]]:
    header = ["officer_id", "ПІБ", "Громада", "Звання", "Телефон", "Дата відбору", "Початок навчання",
              "Кінець навчання", "Дата призначення", "Дата звільнення"]  # fmt: skip
    return [header] + [[o[0], o[1], HROMADAS[o[2]][1], *o[3:]] for o in OFFICERS]


def stations(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [["station_id", "громада", "назва", "широта", "довгота", "дата відкриття"]]
    names = ("Робочий кабінет ПОГ, вул. Велика Перспективна", "Поліцейська станція м. Знам’янка",
             "Поліцейська станція смт Кам’янець")  # fmt: skip
    for i, ((code, name, _), title) in enumerate(zip(HROMADAS, names, strict=True)):
        lat, lon = _near(rng, code)
        rows.append(
            [f"ST-9{i + 1:02d}", name.replace("'", "’"), title, _comma(lat), _comma(lon), f"0{i + 1}.03.2021"]
        )
    return rows


def resources_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Пояснення"
    notes.append(["Матеріальне забезпечення офіцерів громад, жовтень 2026"])
    sheet = book.create_sheet("resources")
    sheet.append(["Громада", "Ресурс", "Кількість", "Статус", "Дата"])
    deliveries = (
        (0, "кабінет", 1, "доставлено", dt.date(2021, 3, 1)),
        (0, "автомобіль", 2, "доставлено", dt.date(2021, 5, 12)),
        (0, "планшет", 2, "доставлено", dt.date(2021, 5, 12)),
        (1, "кабінет", 1, "доставлено", dt.date(2021, 3, 2)),
        (1, "автомобіль", 1, "доставлено", dt.date(2022, 9, 1)),
        (1, "планшет", 2, "доставлено", dt.date(2024, 11, 11)),
        (2, "кабінет", 1, "доставлено", dt.date(2021, 3, 3)),
        (2, "планшет", 1, "доставлено", dt.date(2020, 8, 14)),
        (2, "автомобіль", 1, "заплановано", dt.date(2026, 12, 15)),
    )
    for index, kind, quantity, status, day in deliveries:
        sheet.append([HROMADAS[index][0], kind, quantity, status, day])
    for cell in sheet["E"][1:]:
        cell.number_format = "DD.MM.YYYY"
    book.save(path)


def activities(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            "activity_id",
            "officer_id",
            "hromada",
            "started_at",
            "duration_min",
            "activity_type",
            "participants",
            "lat",
            "lon",
        ]
    ]
    home = {o[0]: HROMADAS[o[2]][0] for o in OFFICERS}
    for n in range(48):
        officer = ON_DUTY[n % len(ON_DUTY)]
        code = home[officer]
        kind = ACTIVITY_TYPES[rng.randrange(len(ACTIVITY_TYPES))]
        start = dt.datetime(2026, 10, 1, 8) + dt.timedelta(
            days=rng.randrange(31), minutes=15 * rng.randrange(40)
        )
        participants = (
            rng.randrange(3, 60) if kind in ("resident_meeting", "school_visit", "council_report") else ""
        )
        lat, lon = _near(rng, code) if kind != "council_report" else ("", "")
        rows.append([f"A-2610-{n + 1:04d}", officer, code, f"{start:%Y-%m-%d %H:%M}", rng.choice((30, 45, 60, 90, 120)),
                     kind, participants, lat, lon])  # fmt: skip
    return rows


def offences(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [
        ["offence_id", "громада", "дата реєстрації", "категорія", "дата розкриття", "широта", "довгота"]
    ]
    for n in range(30):
        code, _, name = HROMADAS[n % 3]
        at = dt.datetime(2026, 10, 1) + dt.timedelta(days=rng.randrange(31), minutes=rng.randrange(1440))
        solved = at.date() + dt.timedelta(days=rng.randrange(1, 20))
        solved_text = f"{solved:%d.%m.%Y}" if rng.random() < 0.5 and solved <= REPORTING_DATE else ""
        lat, lon = _near(rng, code)
        rows.append([f"O-2610-{n + 1:04d}", name, f"{at:%d.%m.%Y %H:%M}", rng.choice(OFFENCE_CATEGORIES), solved_text,
                     _comma(lat), _comma(lon)])  # fmt: skip
    return rows


def calls(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [["call_id", "громада", "час виклику", "час прибуття", "категорія"]]
    for n in range(36):
        code = HROMADAS[n % 3][0]
        at = dt.datetime(2026, 10, 1) + dt.timedelta(days=rng.randrange(31), minutes=rng.randrange(1440))
        arrived = at + dt.timedelta(minutes=rng.randrange(6, 45), seconds=rng.randrange(60))
        arrived_text = f"{arrived:%Y-%m-%d %H:%M:%S}" if n % 9 else ""  # some calls never got a patrol
        rows.append(
            [
                f"C-2610-{n + 1:04d}",
                code,
                f"{at:%Y-%m-%d %H:%M:%S}",
                arrived_text,
                rng.choice(CALL_CATEGORIES),
            ]
        )
    return rows


def surveys() -> list[list[object]]:
    rows: list[list[object]] = [
        ["hromada", "survey_date", "respondents", "trust_yes", "feel_safe_yes", "knows_officer_yes"]
    ]
    rows += [
        ["Кропивницька", "2026-10-15", 412, 231, 260, 118],
        ["Знам’янська", "2026-10-16", 186, 109, 122, 77],
        ["Кам’янецька", "2026-10-17", 120, 74, 88, 69],
    ]
    return rows


def passport_items() -> list[list[object]]:
    header = [
        "item_id",
        "громада",
        "проблема",
        "пріоритет",
        "захід",
        "відповідальний",
        "термін",
        "статус",
        "оновлено",
        "що зроблено",  # contract v1.1 (optional): what was done, with what result, last review
        "результат",
        "переглянуто",
    ]
    return [
        header,
        ["SP-9001", "Кропивницька", "Крадіжки з дач у приміських селах", "високий",
         "Спільне патрулювання з ДФТГ у вихідні", "ПОГ, староста", "31.12.2026", "в роботі", "20.10.2026",
         "05.09.2026: 6 спільних патрулів у с. Нове та Гаївка", "", "10.10.2026"],
        ["SP-9002", "Кропивницька", "Погане освітлення біля шкіл", "середній",
         "Встановити ліхтарі на вул. Шкільній", "Виконавчий комітет ради", "30.06.2026", "виконано", "01.07.2026",
         "28.06.2026: встановлено 12 ліхтарів", "Скарг батьків на темряву більше немає", "10.10.2026"],
        ["SP-9003", "Знам’янська", "Порушення ПДР біля залізничного вокзалу", "високий",
         "Облаштувати «лежачих поліцейських»", "Управління ЖКГ", "01.03.2027", "заплановано", "15.10.2026",
         "", "", "15.10.2026"],
        ["SP-9004", "Новгородківська", "Домашнє насильство: мало звернень", "середній",
         "Інформаційні зустрічі в старостатах", "ПОГ", "30.11.2026", "в роботі", "25.10.2026",
         "", "", ""],
    ]  # fmt: skip


FUNDING_HEADER = ["funding_id", "громада", "предмет", "кількість", "сума, грн", "тип джерела", "джерело",
                  "дата оплати", "ідентифікатор ProZorro"]  # fmt: skip
# The donor is fictitious (a sample), marked so in its name.
SAMPLE_DONOR = "Фонд «Приклад» (вигаданий донор)"


def funding() -> list[list[object]]:
    """A budget / procurement export as finance departments keep it: Ukrainian headers and values, amounts
    with grouped thousands and a decimal comma, ProZorro tender ids where there was a tender."""
    return [
        FUNDING_HEADER,
        ["F-2026-001", "Кропивницька", "автомобіль", 2, "1 450 000,00", "донор", SAMPLE_DONOR, "15.03.2026",
         "UA-2026-02-10-001234-a"],
        ["F-2026-002", "Знам’янська", "планшет", 4, "96 000,00", "державний бюджет", "МВС України", "01.04.2026",
         ""],
        ["F-2026-003", "Новгородківська", "кабінет", 1, "385 500,50", "бюджет громади",
         "Бюджет Новгородківської громади", "20.05.2026", "UA-2026-04-22-004321-b"],
        ["F-2026-004", "Кропивницька", "навчання", 12, "54 000", "обласний бюджет",
         "Обласна програма «Безпечна Кіровоградщина»", "10.09.2026", ""],
        ["F-2026-005", "Знам’янська", "станція", 1, "1 200 000,00", "донор", SAMPLE_DONOR, "30.09.2026",
         "UA-2026-07-01-000777-c"],
    ]  # fmt: skip


def write_valid() -> None:
    rng = random.Random(2610)
    out = OUT / "valid"
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "officers.csv", officers(), encoding="utf-8-sig", delimiter=";")
    _write(out / "stations.csv", stations(rng), encoding="cp1251", delimiter=";")
    resources_xlsx(out / "resources.xlsx")
    _write(out / "activities_2026-10.csv", activities(rng), encoding="utf-8", delimiter=",")
    _write(out / "offences_2026-10.csv", offences(rng), encoding="utf-8", delimiter=";")
    _write(out / "calls_2026-10.csv", calls(rng), encoding="cp1251", delimiter=",")
    _write(out / "surveys.csv", surveys(), encoding="utf-8-sig", delimiter=",")
    _write(out / "passport_items.csv", passport_items(), encoding="utf-8", delimiter=";")
    # A budget file is a funding table (contract v1.1): recognised by its name «budget…».
    _write(out / "budget_2026.csv", funding(), encoding="utf-8-sig", delimiter=";")


def write_broken() -> None:
    out = OUT / "broken"
    out.mkdir(parents=True, exist_ok=True)
    activity_header = ["activity_id", "officer_id", "hromada", "started_at", "duration_min", "activity_type",
                       "participants", "lat", "lon"]  # fmt: skip
    _write(
        out / "activities_broken.csv",
        [
            activity_header,
            ["B-1", "POG-101", "Кропивницкая", "2026-10-03 10:00", 60, "patrol", "", "48.51", "32.26"],
            ["B-2", "POG-999", "UA35040210000014072", "2026-10-03 11:00", 60, "patrol", "", "", ""],
            ["B-3", "POG-101", "UA35040210000014072", "2026-10-03 12:00", 1500, "patrol", "", "", ""],
            ["B-4", "POG-101", "UA35040210000014072", "2026-11-03 12:00", 60, "patrol", "", "", ""],
            ["B-5", "POG-101", "UA35040210000014072", "2026-10-04 09:00", 45, "зустріч", "", "", ""],
            ["B-6", "POG-101", "UA35040210000014072", "2026-10-04 10:00", 45, "patrol", "", "32.26", "48.51"],
            ["B-6", "POG-102", "UA35040210000014072", "2026-10-04 11:00", 45, "patrol", "-3", "", ""],
        ],
        encoding="utf-8",
        delimiter=",",
    )
    _write(
        out / "calls_broken.csv",
        [
            ["call_id", "hromada", "received_at", "arrived_at", "category"],
            ["BC-1", "Знам’янська", "2026-10-05 10:00", "2026-10-05 09:40", "theft"],
            ["BC-2", "Знам’янська", "31/10/2026 10:00", "", "road"],
            ["BC-3", "Знам’янська", "2026-10-06 10:00", "2026-10-06 10:20", ""],
        ],
        encoding="utf-8",
        delimiter=";",
    )
    _write(
        out / "surveys_broken.csv",
        [
            [
                "громада",
                "дата опитування",
                "респондентів",
                "довіряють",
                "почуваються в безпеці",
                "знають свого офіцера",
            ],
            ["Кропивницька", "15.10.2026", "100", "120", "50", "20"],
            ["Кропивницька", "15.10.2026", "100", "20", "50,5", "20"],
        ],
        encoding="cp1251",
        delimiter=";",
    )
    (out / "officers_missing_column.csv").write_text(
        "officer_id;ПІБ;громада;дата відбору\nPOG-201;Литвин Ольга;Кропивницька;01.02.2026\n"
        "POG-202;Гнатюк Петро;Знам’янська;01.02.2026;зайве\n",
        encoding="utf-8",
    )
    (out / "decimal_comma_split.csv").write_text(
        "station_id,hromada,name,lat,lon,opened_on\nST-990,Кропивницька,Кабінет,48,51,32,26,2021-03-01\n",
        encoding="utf-8",
    )
    (out / "articles_2026.csv").write_text("стаття;примітка\nпатрулювання;1000\n", encoding="utf-8")
    _write(
        out / "funding_broken.csv",
        [
            FUNDING_HEADER,
            ["BF-1", "Кропивницкая", "автомобіль", 1, "900 000", "донор", SAMPLE_DONOR, "01.03.2026", ""],
            ["BF-2", "Кропивницька", "дрон", 1, "90 000", "донор", SAMPLE_DONOR, "01.03.2026", ""],
            ["BF-3", "Кропивницька", "планшет", 0, "0", "державний бюджет", "МВС України", "01.03.2026", ""],
            [
                "BF-4",
                "Кропивницька",
                "планшет",
                2,
                "-48 000",
                "державний бюджет",
                "МВС України",
                "01.03.2026",
                "",
            ],
            ["BF-5", "Кропивницька", "кабінет", 1, "200 000", "спонсор", "ТОВ «Приклад»", "01.03.2026", ""],
            ["BF-6", "Кропивницька", "кабінет", 1, "200 000", "бюджет громади", "", "01.03.2026", ""],
            [
                "BF-7",
                "Кропивницька",
                "кабінет",
                1,
                "200 000",
                "бюджет громади",
                "Бюджет громади",
                "01.12.2026",
                "",
            ],
            [
                "BF-8",
                "Кропивницька",
                "автомобіль",
                1,
                "900 000",
                "донор",
                SAMPLE_DONOR,
                "01.03.2026",
                "UA-2026-2-10-1234-a",
            ],
            [
                "BF-9",
                "Кропивницька",
                "автомобіль",
                1,
                "900 000",
                "донор",
                SAMPLE_DONOR,
                "01.03.2026",
                "UA-2026-02-30-001234-a",
            ],
            [
                "BF-9",
                "Кропивницька",
                "автомобіль",
                1,
                "900 000",
                "донор",
                SAMPLE_DONOR,
                "01.03.2026",
                "UA-2027-01-15-001234-a",
            ],
        ],
        encoding="utf-8",
        delimiter=";",
    )


if __name__ == "__main__":
    write_valid()
    write_broken()
    print(f"samples written to {OUT.relative_to(ROOT)}")
