"""Community safety passports (паспорти безпеки громад): problems, measures and their status history.

A covered hromada adopts its passport 6–12 months after its first deployment with 3–8 items and adds a
few at each yearly review, where every open item is looked at again (its `updated_on` moves). Each item
is planned, then mostly taken into work, then done (often late), cancelled, or left hanging, so that
some are overdue at any reporting date. The full status history is kept, so a snapshot shows each
item as it stood on its reporting date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, day

COUNCIL = "Виконавчий комітет ради"
OFFICER = "ПОГ"
HOUSING = "Відділ житлово-комунального господарства"
CHILDREN = "Служба у справах дітей"
SOCIAL = "Центр надання соціальних послуг"
ROADS = "Служба автомобільних доріг"
UTILITY = "КП «Благоустрій»"
EDUCATION = "Відділ освіти, культури, молоді та спорту"


@dataclass(frozen=True)
class Problem:
    text: str  # «{street}» is filled with a street name
    priority: tuple[float, float, float]  # P(high, medium, low)
    measures: tuple[tuple[str, str], ...]  # (measure, responsible)
    since: str = "2019-01-01"  # first day the problem can appear (war-time problems from 2022)


PROBLEMS = (
    Problem("Крадіжки з приватних домоволодінь", (0.5, 0.4, 0.1), (
        ("Встановити камери відеоспостереження на в’їздах до громади", COUNCIL),
        ("Провести профілактичні рейди в нічний час", OFFICER),
        ("Організувати сусідську варту в селах громади", "Старости сіл"))),
    Problem("Відсутність вуличного освітлення на вул. {street}", (0.3, 0.5, 0.2), (
        ("Відновити вуличне освітлення на вул. {street}", HOUSING),
        ("Встановити ліхтарі з датчиками руху на вул. {street}", COUNCIL))),
    Problem("ДТП біля школи на вул. {street}", (0.6, 0.3, 0.1), (
        ("Встановити штучні нерівності та дорожні знаки біля школи", ROADS),
        ("Облаштувати освітлений пішохідний перехід", HOUSING),
        ("Провести уроки безпеки дорожнього руху", OFFICER))),
    Problem("Домашнє насильство", (0.7, 0.25, 0.05), (
        ("Провести інформаційну кампанію «Зупинимо насильство разом»", SOCIAL),
        ("Скласти спільний план реагування з центром соціальних послуг", OFFICER),
        ("Облаштувати кризову кімнату для постраждалих", COUNCIL))),
    Problem("Незаконний обіг наркотиків", (0.4, 0.4, 0.2), (
        ("Виявити та знищити незаконні посіви коноплі", OFFICER),
        ("Провести профілактичні бесіди в школах", CHILDREN))),
    Problem("Пияцтво в громадських місцях", (0.2, 0.5, 0.3), (
        ("Провести рейди біля закладів торгівлі", OFFICER),
        ("Обмежити продаж алкоголю в нічний час рішенням ради", COUNCIL))),
    Problem("Бродячі собаки", (0.1, 0.4, 0.5), (
        ("Укласти договір на стерилізацію безпритульних тварин", COUNCIL),
        ("Облаштувати пункт тимчасового утримання тварин", UTILITY))),
    Problem("Шахрайство щодо людей похилого віку", (0.3, 0.5, 0.2), (
        ("Провести зустрічі з мешканцями про телефонне шахрайство", OFFICER),
        ("Поширити пам’ятки у відділеннях пошти та ЦНАП", SOCIAL))),
    Problem("Порушення громадського порядку в нічний час біля будинку культури", (0.2, 0.5, 0.3), (
        ("Посилити патрулювання у вечірній час", OFFICER),
        ("Встановити камери відеоспостереження біля будинку культури", COUNCIL))),
    Problem("Безконтрольне перебування дітей на вулиці в нічний час", (0.4, 0.4, 0.2), (
        ("Провести спільні рейди «Діти вулиці»", CHILDREN),
        ("Організувати вечірні гуртки в будинку культури", EDUCATION))),
    Problem("Незаконна порубка лісосмуг", (0.2, 0.4, 0.4), (
        ("Провести спільні рейди з лісництвом", OFFICER),
        ("Встановити фотопастки в лісосмугах", COUNCIL))),
    Problem("Крадіжки сільськогосподарської техніки та пального", (0.4, 0.4, 0.2), (
        ("Обладнати охоронну сигналізацію на фермах і токах", "Агровиробники громади"),
        ("Провести зустріч з фермерами щодо охорони майна", OFFICER))),
    Problem("Стихійні сміттєзвалища", (0.1, 0.4, 0.5), (
        ("Ліквідувати стихійні сміттєзвалища", UTILITY),
        ("Встановити камери в місцях незаконного скидання сміття", COUNCIL))),
    Problem("Перевищення швидкості на автодорозі через село", (0.5, 0.4, 0.1), (
        ("Встановити засоби заспокоєння руху", ROADS),
        ("Погодити з патрульною поліцією контроль швидкості", OFFICER))),
    Problem("Відсутність зв’язку з поліцією у віддалених селах", (0.3, 0.5, 0.2), (
        ("Облаштувати кнопку виклику поліції у старостатах", COUNCIL),
        ("Запровадити графік виїзного прийому громадян", OFFICER))),
    Problem("Вибухонебезпечні предмети та мінна небезпека", (0.7, 0.3, 0.0), (
        ("Провести заняття з мінної безпеки в школах", "ДСНС"),
        ("Поширити інструкції щодо поводження з вибухонебезпечними предметами", OFFICER)),
        since="2022-03-01"),
    Problem("Відсутність укриттів під час повітряних тривог", (0.6, 0.3, 0.1), (
        ("Облаштувати укриття в школах і дитсадках", EDUCATION),
        ("Скласти перелік укриттів і позначити їх вказівниками", COUNCIL)),
        since="2022-03-01"),
)  # fmt: skip
STREETS = ("Шевченка", "Центральна", "Миру", "Садова", "Шкільна", "Молодіжна", "Незалежності", "Соборна",
           "Лесі Українки", "Івана Франка", "Польова", "Зелена", "Героїв України", "Набережна")  # fmt: skip
PRIORITIES = ("high", "medium", "low")
DUE_DAYS = {"high": (60, 270), "medium": (120, 450), "low": (180, 540)}
P_STARTED, P_DONE, P_CANCELLED = 0.95, 0.72, 0.10  # the rest of the started items hang in progress


@dataclass(frozen=True)
class Passports:
    items: pd.DataFrame  # row, created_on, problem, priority, measure, responsible, due_on (days)
    history: pd.DataFrame  # item (position in items), date (day), status; ordered by item, date


def _hromada_passport(rng: np.random.Generator, adopted: int) -> tuple[list[list], list[list]]:
    """Items [created, problem, priority, measure, responsible, due] and events [k, date, status]."""
    reviews = list(range(adopted + 365, END_DAY + 1, 365))
    batches = [(adopted, int(rng.integers(3, 9)))]
    batches += [(r, int(rng.integers(1, 3))) for r in reviews if rng.random() < 0.6]
    used: set[int] = set()
    items: list[list] = []
    events: list[list] = []
    for created, size in batches:
        open_problems = [i for i, p in enumerate(PROBLEMS) if i not in used and day(p.since) <= created]
        for index in rng.permutation(open_problems)[:size]:
            used.add(int(index))
            problem = PROBLEMS[int(index)]
            street = STREETS[int(rng.integers(len(STREETS)))]
            measure, responsible = problem.measures[int(rng.integers(len(problem.measures)))]
            priority = PRIORITIES[int(rng.choice(3, p=problem.priority))]
            due = created + int(rng.integers(*DUE_DAYS[priority]))
            k = len(items)
            items.append([created, problem.text.format(street=street), priority,
                          measure.format(street=street), responsible, due])  # fmt: skip
            events.append([k, created, "planned"])
            closed = END_DAY + 1
            if rng.random() < P_STARTED:
                started = created + int(rng.integers(14, 151))
                events.append([k, started, "in_progress"])
                outcome = rng.random()
                if outcome < P_DONE:
                    closed = started + int(rng.integers(30, 541))
                    events.append([k, closed, "done"])
                elif outcome < P_DONE + P_CANCELLED:
                    closed = started + int(rng.integers(30, 301))
                    events.append([k, closed, "cancelled"])
            # The yearly review looks at every item still open and records that it did.
            events += [[k, r, None] for r in reviews if created < r < closed]
    return items, events


def build_passports(territory: Territory, seed: int, first_deployed: np.ndarray) -> Passports:
    items: list[list] = []
    events: list[list] = []
    for row in np.flatnonzero(first_deployed <= END_DAY):
        rng = child_rng(seed, Stream.PASSPORTS, int(territory.replica[row]), int(territory.geo_index[row]))
        adopted = int(first_deployed[row]) + int(rng.integers(180, 366))
        if adopted > END_DAY:
            continue
        hromada_items, hromada_events = _hromada_passport(rng, adopted)
        events += [[k + len(items), d, s] for k, d, s in hromada_events]
        items += [[int(row), *item] for item in hromada_items]
    columns = ["row", "created_on", "problem", "priority", "measure", "responsible", "due_on"]
    item_frame = pd.DataFrame(items, columns=columns)
    history = pd.DataFrame(events, columns=["item", "date", "status"])
    history = history[history["date"] <= END_DAY].sort_values(["item", "date"], kind="stable")
    # A review repeats the item's status at that time.
    history["status"] = history.groupby("item")["status"].ffill()
    order = np.lexsort((item_frame["row"].to_numpy(), item_frame["created_on"].to_numpy()))
    new_position = np.empty(len(order), dtype=np.int64)
    new_position[order] = np.arange(len(order))
    item_frame = item_frame.iloc[order].reset_index(drop=True)
    history["item"] = new_position[history["item"].to_numpy()]
    history = history.sort_values(["item", "date"], kind="stable").reset_index(drop=True)
    width = max(5, len(str(len(item_frame))))
    item_frame.insert(0, "item_id", [f"SP-{k:0{width}d}" for k in range(1, len(item_frame) + 1)])
    item_frame["hromada"] = territory.column("katottg")[item_frame["row"].to_numpy()]
    return Passports(item_frame, history)


# --- contract v1.1: what was done, with what result, and when the passport was reviewed --------------------
ACTIONS = (
    "{d}: проведено {n} спільних рейдів і патрулювань",
    "{d}: проведено {n} зустрічей з мешканцями в старостатах",
    "{d}: підготовлено кошторис, питання внесено на сесію ради",
    "{d}: укладено договір, роботи розпочато",
    "{d}: поширено {n} пам’яток, новину розміщено на сайті громади",
)
OUTCOMES = (
    "{d}: звернень з цього питання за квартал менше на {p} %",
    "{d}: роботи прийнято, скарг мешканців за квартал не було",
    "{d}: виконано; результат оцінять на наступному перегляді паспорта",
    "{d}: обладнання встановлено й передано на баланс громади",
)
NOTES_STREAM = 109  # its own random stream: the other passport draws stay as they were
# How often a hromada reviews its passport with residents, and how many do so: most every quarter.
REVIEW_CADENCE_DAYS = ((91, 0.55), (182, 0.3), (365, 0.15))


def passport_notes(passports: Passports, seed: int) -> pd.DataFrame:
    """Per item (in `passports.items` order): action_taken and outcome as they read once written, the days
    they were written (`_started`, `_done`; NEVER if not), and the hromada's review rhythm (`_adopted`:
    the passport's first day, `_cadence`: days between reviews) from which `asof` dates `reviewed_on`."""
    from dashboard.demo.timeline import NEVER, to_date

    items, history = passports.items, passports.history
    first = history.groupby(["item", "status"])["date"].min().unstack()
    started = first.get("in_progress", pd.Series(dtype=float)).reindex(range(len(items)))
    done = first.get("done", pd.Series(dtype=float)).reindex(range(len(items)))
    adopted = items.groupby("row")["created_on"].transform("min").to_numpy()
    cadences = np.array([c for c, _ in REVIEW_CADENCE_DAYS])
    shares = np.array([s for _, s in REVIEW_CADENCE_DAYS])
    actions, outcomes, cadence = [], [], np.empty(len(items), dtype=np.int64)
    for k, row in enumerate(items["row"].to_numpy()):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(NOTES_STREAM, int(row), k)))
        cadence[k] = cadences[np.random.default_rng((seed, NOTES_STREAM, int(row))).choice(3, p=shares)]
        n, p = int(rng.integers(2, 9)), int(rng.integers(10, 45))
        s, d = started.iloc[k], done.iloc[k]
        action = ACTIONS[int(rng.integers(len(ACTIONS)))]
        outcome = OUTCOMES[int(rng.integers(len(OUTCOMES)))]
        actions.append(None if pd.isna(s) else action.format(d=to_date(int(s)).strftime("%d.%m.%Y"), n=n))
        outcomes.append(None if pd.isna(d) else outcome.format(d=to_date(int(d)).strftime("%d.%m.%Y"), p=p))
    return pd.DataFrame(
        {
            "action_taken": actions,
            "outcome": outcomes,
            "_started": started.fillna(NEVER).astype(np.int64).to_numpy(),
            "_done": done.fillna(NEVER).astype(np.int64).to_numpy(),
            "_adopted": adopted.astype(np.int64),
            "_cadence": cadence,
        }
    )
