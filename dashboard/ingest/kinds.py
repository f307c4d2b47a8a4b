"""The catalogue of ingest problems: each kind's severity, what went wrong and how to fix it (uk, en).

Templates may use `{column}`, `{value}` and `{detail}` (a per-problem text: allowed values, suggested
names, the other row of a duplicate...). docs/DATA_CONTRACT.md lists every kind; a test keeps it so.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Kind:
    code: str
    severity: str
    uk: str
    fix_uk: str
    en: str
    fix_en: str

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.uk

    def fix(self, lang: str) -> str:
        return self.fix_en if lang == "en" else self.fix_uk


_E, _W = ERROR, WARNING
KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        # --- the command and the base snapshot ---
        Kind("no_files", _E, "не вказано жодного файлу CSV чи XLSX", "вкажіть файли або теку з ними",
             "no CSV or XLSX file given", "name the files or a folder holding them"),
        Kind("base_not_found", _E, "базового знімка немає: {detail}",
             "вкажіть --base latest, --base none або дату наявного знімка",
             "the base snapshot does not exist: {detail}",
             "use --base latest, --base none or the date of an existing snapshot"),
        Kind("base_is_demo", _E, "останній знімок {detail} — демонстраційний (вигадані дані)",
             "для першого імпорту реальних даних оберіть базу «немає» (--base none); щоб спробувати імпорт на "
             "демо-даних, оберіть дату демо-знімка явно (--base {detail}): результат теж буде позначено як демо",
             "the latest snapshot {detail} is a demo (synthetic data)",
             "for the first import of real data choose the base «none» (--base none); to try the import on "
             "demo data choose the demo's date (--base {detail}): the result is marked demo too"),
        Kind("date_before_base", _E, "звітна дата не пізніша за дату базового знімка {detail}",
             "вкажіть пізнішу звітну дату або старіший базовий знімок",
             "the reporting date is not after the base snapshot's date {detail}",
             "choose a later reporting date or an older base snapshot"),
        Kind("snapshot_exists", _E, "знімок на дату {detail} уже існує; знімки не змінюються",
             "вкажіть іншу звітну дату", "a snapshot for {detail} already exists; snapshots are immutable",
             "choose another reporting date"),
        Kind("ingest_busy", _E, "інший імпорт зараз виконується", "зачекайте, доки він завершиться, і повторіть",
             "another ingest is running", "wait for it to finish, then try again"),
        # --- whole files ---
        Kind("file_not_found", _E, "файл або теку не знайдено", "перевірте шлях",
             "file or folder not found", "check the path"),
        Kind("unsupported_format", _E, "формат файлу не підтримується ({detail})",
             "збережіть таблицю як CSV (UTF-8) або XLSX",
             "unsupported file format ({detail})", "save the table as CSV (UTF-8) or XLSX"),
        Kind("ignored_file", _W, "файл у теці пропущено: це не CSV і не XLSX", "нічого робити не треба",
             "file in the folder skipped: not CSV or XLSX", "nothing to do"),
        Kind("file_too_large", _E, "файл завеликий: {detail}",
             "розділіть його на кілька файлів або попросіть адміністратора збільшити DASHBOARD_MAX_UPLOAD_MB",
             "file too large: {detail}",
             "split it into several files or ask the administrator to raise DASHBOARD_MAX_UPLOAD_MB"),
        Kind("not_text", _E, "це не текстовий CSV ({detail})", "збережіть таблицю як «CSV UTF-8» або XLSX",
             "not a text CSV ({detail})", "save the table as «CSV UTF-8» or XLSX"),
        Kind("bad_encoding", _E, "пошкоджене кодування UTF-8 (байт {detail})",
             "збережіть файл ще раз як «CSV UTF-8» або у Windows-1251, не змішуючи кодувань",
             "broken UTF-8 (byte {detail})", "save the file again as «CSV UTF-8» or Windows-1251, unmixed"),
        Kind("bad_xlsx", _E, "не вдалося відкрити книгу Excel ({detail})",
             "відкрийте файл в Excel і збережіть як .xlsx ще раз",
             "cannot open the Excel workbook ({detail})", "open the file in Excel and save it as .xlsx again"),
        Kind("wrong_extension", _W, "вміст файлу не відповідає розширенню ({detail})",
             "дайте файлу правильне розширення", "the file's content does not match its extension ({detail})",
             "give the file the right extension"),
        Kind("no_header", _E, "у файлі немає рядка заголовків", "перший рядок має містити назви стовпців",
             "the file has no header row", "the first row must hold the column names"),
        Kind("unknown_table", _E, "не вдалося визначити, яка це таблиця ({detail})",
             "назвіть файл за таблицею (напр. activities.csv) або виправте заголовки стовпців",
             "cannot tell which table this is ({detail})",
             "name the file after its table (e.g. activities.csv) or fix the column headers"),
        Kind("rows_before_header", _W, "рядки перед заголовком пропущено ({detail})", "нічого робити не треба",
             "rows before the header skipped ({detail})", "nothing to do"),
        Kind("missing_column", _E, "немає обов’язкового стовпця «{column}»",
             "додайте стовпець «{column}» (або його українську назву: {detail})",
             "required column «{column}» is missing", "add the column «{column}» (or its Ukrainian name: {detail})"),
        Kind("duplicate_column", _E, "стовпець «{column}» трапляється двічі ({detail})", "залиште один",
             "column «{column}» appears twice ({detail})", "keep one"),
        Kind("unknown_column", _W, "невідомий стовпець «{value}» пропущено", "перевірте назву, якщо він потрібен",
             "unknown column «{value}» skipped", "check its name if it is needed"),
        Kind("empty_file", _W, "у файлі немає рядків з даними", "перевірте, чи це правильний файл",
             "the file holds no data rows", "check that this is the right file"),
        Kind("bad_csv", _E, "файл CSV пошкоджено: {detail}; далі файл не читався",
             "перевірте лапки в цьому рядку або збережіть файл з Excel ще раз",
             "malformed CSV: {detail}; the rest of the file was not read",
             "check the quotes on this row or save the file from Excel again"),
        # --- rows and values ---
        Kind("wrong_field_count", _E, "значень у рядку / заголовків: {detail}",
             "кількість значень має дорівнювати кількості заголовків; число з десятковою комою при "
             "розділювачі «,» беріть у лапки або використовуйте розділювач «;»",
             "values in the row / headers: {detail}",
             "the number of values must equal the number of headers; with the «,» delimiter put numbers "
             "with a decimal comma in quotes or use the «;» delimiter"),
        Kind("missing_value", _E, "порожнє обов’язкове значення", "заповніть «{column}»",
             "required value is empty", "fill in «{column}»"),
        Kind("text_too_long", _E, "текст задовгий ({detail})", "скоротіть його",
             "text too long ({detail})", "shorten it"),
        Kind("control_characters", _E, "текст містить керівні символи ({detail})",
             "видаліть невидимі символи (скопіюйте текст у Блокнот і назад)",
             "text holds control characters ({detail})",
             "remove the invisible characters (copy the text through Notepad)"),
        Kind("bad_date", _E, "не дата", "пишіть дату як 2026-10-31 або 31.10.2026",
             "not a date", "write the date as 2026-10-31 or 31.10.2026"),
        Kind("bad_datetime", _E, "не дата й час", "пишіть як 2026-10-31 14:30 або 31.10.2026 14:30",
             "not a date and time", "write it as 2026-10-31 14:30 or 31.10.2026 14:30"),
        Kind("missing_time", _E, "немає часу", "додайте час: 31.10.2026 14:30",
             "the time is missing", "add the time: 31.10.2026 14:30"),
        Kind("date_in_future", _E, "дата пізніша за звітну дату {detail}",
             "перевірте рік і місяць; якщо дата правильна, імпортуйте її в пізніший знімок",
             "the date is after the reporting date {detail}",
             "check the year and month; if the date is right, ingest it into a later snapshot"),
        Kind("planned_date_in_future", _W, "запланована дата пізніша за звітну дату {detail}",
             "перевірте, чи це справді план", "a planned date is after the reporting date {detail}",
             "check that this is really a plan"),
        Kind("date_too_far", _E, "дата більш ніж на 5 років пізніша за звітну дату", "перевірте рік",
             "the date is more than 5 years after the reporting date", "check the year"),
        Kind("date_too_old", _E, "дата раніша за 2015 рік", "перевірте рік",
             "the date is before 2015", "check the year"),
        Kind("not_a_number", _E, "не число", "пишіть лише цифри, напр. 12 або 48,51",
             "not a number", "write digits only, e.g. 12 or 48.51"),
        Kind("not_integer", _E, "має бути ціле число", "приберіть дробову частину",
             "must be a whole number", "remove the fraction"),
        Kind("negative", _E, "від’ємна кількість", "кількість не може бути меншою за 0",
             "negative count", "a count cannot be below 0"),
        Kind("out_of_range", _E, "значення поза допустимими межами ({detail})", "перевірте значення",
             "value out of range ({detail})", "check the value"),
        Kind("zero_duration", _W, "тривалість 0 хвилин", "перевірте тривалість",
             "duration of 0 minutes", "check the duration"),
        Kind("not_allowed", _E, "недопустиме значення", "допустимі значення: {detail}",
             "value not allowed", "allowed values: {detail}"),
        Kind("unknown_hromada", _E, "невідома громада; схожі назви: {detail}",
             "вкажіть код КАТОТТГ або назву громади з довідника (docs/DATA_CONTRACT.md)",
             "unknown hromada; closest names: {detail}",
             "give the KATOTTG code or a hromada name from the list (docs/DATA_CONTRACT.md)"),
        Kind("coords_incomplete", _E, "вказано лише одну координату", "заповніть і широту, і довготу, або жодної",
             "only one coordinate given", "fill in both latitude and longitude, or neither"),
        Kind("outside_oblast", _E, "координати поза Кіровоградською областю ({detail})",
             "широта має бути між 47,7 і 49,3, довгота — між 29,7 і 33,9; перевірте, чи не переплутано їх",
             "coordinates outside Kirovohrad oblast ({detail})",
             "latitude must lie between 47.7 and 49.3, longitude between 29.7 and 33.9; check they are "
             "not swapped"),
        Kind("arrived_before_received", _E, "час прибуття раніший за час виклику ({detail})",
             "перевірте обидва часи", "arrival is before the call ({detail})", "check both times"),
        Kind("slow_arrival", _W, "прибуття більш ніж через добу після виклику ({detail})", "перевірте обидва часи",
             "arrival more than a day after the call ({detail})", "check both times"),
        Kind("solved_before_registered", _E, "дата розкриття раніша за дату реєстрації ({detail})",
             "перевірте обидві дати", "solved before it was registered ({detail})", "check both dates"),
        Kind("dates_out_of_order", _E, "дати в неправильному порядку: {detail}", "перевірте обидві дати",
             "dates out of order: {detail}", "check both dates"),
        Kind("yes_above_respondents", _E, "«так» більше, ніж респондентів ({detail})",
             "кількість відповідей «так» не може перевищувати кількість респондентів",
             "more «yes» than respondents ({detail})", "the number of «yes» cannot exceed the respondents"),
        Kind("duplicate_id", _E, "ідентифікатор повторюється; уперше: {detail}",
             "залиште один рядок з цим ідентифікатором",
             "duplicate id; first seen at {detail}", "keep one row with this id"),
        Kind("unknown_officer", _E, "офіцера з таким ідентифікатором немає ні в базовому знімку, ні у файлах",
             "додайте офіцера у файл officers або виправте ідентифікатор",
             "no officer with this id in the base snapshot or the files",
             "add the officer to the officers file or fix the id"),
    )
}  # fmt: skip


def kind(code: str) -> Kind:
    return KINDS[code]
