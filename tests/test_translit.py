"""The official Ukrainian transliteration (resolution No. 55 of 27.01.2010): the resolution's own examples."""

from __future__ import annotations

import pytest

from dashboard.translit import transliterate

# The examples column of the resolution's table, letter by letter (Ukrainian → the resolution's Latin).
RESOLUTION_EXAMPLES = {
    "Алушта": "Alushta", "Андрій": "Andrii",
    "Борщагівка": "Borshchahivka", "Борисенко": "Borysenko",
    "Вінниця": "Vinnytsia", "Володимир": "Volodymyr",
    "Гадяч": "Hadiach", "Богдан": "Bohdan", "Згурський": "Zghurskyi",
    "Ґалаґан": "Galagan", "Ґорґани": "Gorgany",
    "Донецьк": "Donetsk", "Дмитро": "Dmytro",
    "Рівне": "Rivne", "Олег": "Oleh", "Есмань": "Esman",
    "Єнакієве": "Yenakiieve", "Гаєвич": "Haievych", "Короп'є": "Koropie",
    "Житомир": "Zhytomyr", "Жанна": "Zhanna", "Жежелів": "Zhezheliv",
    "Закарпаття": "Zakarpattia", "Казимирчук": "Kazymyrchuk",
    "Медвин": "Medvyn", "Михайленко": "Mykhailenko",
    "Іванків": "Ivankiv", "Іващенко": "Ivashchenko",
    "Їжакевич": "Yizhakevych", "Кадиївка": "Kadyivka", "Мар'їне": "Marine",
    "Йосипівка": "Yosypivka", "Стрий": "Stryi", "Олексій": "Oleksii",
    "Київ": "Kyiv", "Коваленко": "Kovalenko",
    "Лебедин": "Lebedyn", "Леонід": "Leonid",
    "Миколаїв": "Mykolaiv", "Маринич": "Marynych",
    "Ніжин": "Nizhyn", "Наталія": "Nataliia",
    "Одеса": "Odesa", "Онищенко": "Onyshchenko",
    "Полтава": "Poltava", "Петро": "Petro",
    "Решетилівка": "Reshetylivka", "Рибчинський": "Rybchynskyi",
    "Суми": "Sumy", "Соломія": "Solomiia",
    "Тернопіль": "Ternopil", "Троць": "Trots",
    "Ужгород": "Uzhhorod", "Уляна": "Uliana",
    "Фастів": "Fastiv", "Філіпчук": "Filipchuk",
    "Харків": "Kharkiv", "Христина": "Khrystyna",
    "Біла Церква": "Bila Tserkva", "Стеценко": "Stetsenko",
    "Чернівці": "Chernivtsi", "Шевченко": "Shevchenko",
    "Шостка": "Shostka", "Кишеньки": "Kyshenky",
    "Щербухи": "Shcherbukhy", "Гоща": "Hoshcha", "Гаращенко": "Harashchenko",
    "Юрій": "Yurii", "Корюківка": "Koriukivka",
    "Яготин": "Yahotyn", "Ярошенко": "Yaroshenko", "Костянтин": "Kostiantyn", "Знам'янка": "Znamianka",
    "Феодосія": "Feodosiia",
    # The special rule for «зг» (the resolution's note): Згорани, Розгон.
    "Згорани": "Zghorany", "Розгон": "Rozghon",
}  # fmt: skip


@pytest.mark.parametrize(("ukrainian", "latin"), RESOLUTION_EXAMPLES.items())
def test_the_resolutions_examples(ukrainian: str, latin: str) -> None:
    assert transliterate(ukrainian) == latin


def test_the_three_apostrophes_are_dropped_inside_a_word():
    assert {transliterate(f"Знам{a}янка") for a in "'’ʼ"} == {"Znamianka"}


def test_names_of_this_oblast():
    assert transliterate("Олександрія") == "Oleksandriia"
    assert transliterate("Кропивницький") == "Kropyvnytskyi"
    assert transliterate("Бобринецька") == "Bobrynetska"
    assert transliterate("Поліцейська станція м. Бобринець") == "Politseiska stantsiia m. Bobrynets"


def test_capitals_initials_and_other_characters():
    assert transliterate("ЯВОРСЬКИЙ Ігор") == "YAVORSKYI Ihor"
    assert transliterate("ЗГОРАНИ") == "ZGHORANY"
    assert transliterate("Петренко І. Ю.") == "Petrenko I. Yu."
    # A word start after a hyphen or a quote takes the initial form; Latin, digits and quotes stay.
    assert transliterate("Яр-Юрівка «Ясна» 2, ПОГ-1") == "Yar-Yurivka «Yasna» 2, POH-1"
    assert transliterate("'Ясна'") == "'Yasna'"
    assert transliterate("") == ""
