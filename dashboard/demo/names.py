"""Synthetic personal data for demo officers: Ukrainian names (gender-consistent), ranks, phone numbers.

Names are combined at random from lists of common Ukrainian surnames, first names and patronymics, so
they look real but belong to nobody in particular; phone numbers use real mobile operator codes with
random digits.
"""

from __future__ import annotations

import numpy as np

# Surnames that are the same for men and women.
SURNAMES_COMMON = (
    "Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко", "Олійник", "Мельник", "Поліщук",
    "Бойко", "Ткачук", "Савченко", "Руденко", "Марченко", "Лисенко", "Петренко", "Мороз", "Кравчук",
    "Клименко", "Павленко", "Гончаренко", "Левченко", "Кузьменко", "Швець", "Іваненко", "Литвиненко",
    "Сидоренко", "Романенко", "Бондар", "Панченко", "Приходько", "Коваль", "Ковальчук", "Антоненко",
    "Яковенко", "Тимошенко", "Костенко", "Гриценко", "Мартинюк", "Гнатюк", "Дяченко", "Карпенко",
    "Остапенко", "Нестеренко", "Волошин", "Давиденко", "Вакуленко", "Степаненко", "Семенюк", "Білоус",
    "Захарченко", "Головко", "Осадчук", "Сорока", "Гуменюк", "Тарасенко", "Дорошенко", "Журавель",
    "Кириленко", "Білик", "Заїка", "Пономаренко", "Гаврилюк", "Назаренко", "Симоненко", "Стець",
)  # fmt: skip
# (male, female) forms of surnames that change with gender.
SURNAMES_GENDERED = (
    ("Ковальський", "Ковальська"), ("Савицький", "Савицька"), ("Вишневський", "Вишневська"),
    ("Яворський", "Яворська"), ("Чорний", "Чорна"), ("Білий", "Біла"), ("Лозинський", "Лозинська"),
    ("Заворотний", "Заворотна"), ("Березовський", "Березовська"), ("Новицький", "Новицька"),
    ("Кучерявий", "Кучерява"), ("Садовський", "Садовська"), ("Гордієнко", "Гордієнко"),
)  # fmt: skip
FIRST_NAMES_MALE = (
    "Олександр", "Андрій", "Сергій", "Володимир", "Дмитро", "Віталій", "Юрій", "Олег", "Іван",
    "Максим", "Богдан", "Василь", "Микола", "Роман", "Ігор", "Віктор", "Тарас", "Євген", "Артем",
    "Денис", "Руслан", "Павло", "Ярослав", "Вадим", "Анатолій",
)  # fmt: skip
FIRST_NAMES_FEMALE = (
    "Олена", "Ірина", "Наталія", "Тетяна", "Оксана", "Юлія", "Світлана", "Анна", "Марія", "Катерина",
    "Вікторія", "Людмила", "Галина", "Інна", "Алла", "Яна", "Олександра", "Дарина",
)  # fmt: skip
# (son's, daughter's) patronymic from the father's first name.
PATRONYMICS = (
    ("Олександрович", "Олександрівна"), ("Андрійович", "Андріївна"), ("Сергійович", "Сергіївна"),
    ("Володимирович", "Володимирівна"), ("Дмитрович", "Дмитрівна"), ("Віталійович", "Віталіївна"),
    ("Юрійович", "Юріївна"), ("Олегович", "Олегівна"), ("Іванович", "Іванівна"),
    ("Миколайович", "Миколаївна"), ("Васильович", "Василівна"), ("Петрович", "Петрівна"),
    ("Вікторович", "Вікторівна"), ("Анатолійович", "Анатоліївна"), ("Григорович", "Григорівна"),
    ("Леонідович", "Леонідівна"), ("Степанович", "Степанівна"), ("Михайлович", "Михайлівна"),
)  # fmt: skip
SHARE_FEMALE = 0.22

RANKS = ("лейтенант поліції", "старший лейтенант поліції", "капітан поліції", "майор поліції")
RANK_WEIGHTS = (0.42, 0.36, 0.18, 0.04)
MOBILE_CODES = ("50", "66", "95", "99", "67", "68", "96", "97", "98", "63", "73", "93")


def full_names(rng: np.random.Generator, n: int) -> list[str]:
    """«Прізвище Ім’я По батькові», gender-consistent."""
    female = rng.random(n) < SHARE_FEMALE
    n_common = len(SURNAMES_COMMON)
    surname_pick = rng.integers(0, n_common + len(SURNAMES_GENDERED), n)
    first_pick = rng.integers(0, 1 << 30, n)
    patronymic_pick = rng.integers(0, len(PATRONYMICS), n)
    names = []
    for is_f, s, f, p in zip(female, surname_pick, first_pick, patronymic_pick, strict=True):
        surname = SURNAMES_COMMON[s] if s < n_common else SURNAMES_GENDERED[s - n_common][int(is_f)]
        firsts = FIRST_NAMES_FEMALE if is_f else FIRST_NAMES_MALE
        names.append(f"{surname} {firsts[f % len(firsts)]} {PATRONYMICS[p][int(is_f)]}")
    return names


def ranks(rng: np.random.Generator, n: int) -> list[str]:
    return [RANKS[i] for i in rng.choice(len(RANKS), size=n, p=RANK_WEIGHTS)]


def phones(rng: np.random.Generator, n: int) -> list[str]:
    """'+380 XX XXX XX XX' with a real mobile operator code and random digits."""
    codes = rng.integers(0, len(MOBILE_CODES), n)
    digits = rng.integers(0, 10_000_000, n)
    return [
        f"+380 {MOBILE_CODES[c]} {d // 10_000:03d} {d // 100 % 100:02d} {d % 100:02d}"
        for c, d in zip(codes, digits, strict=True)
    ]
