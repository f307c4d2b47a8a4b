"""docs/DATA_CONTRACT.md stays complete: every table, column, Ukrainian alias, allowed value (with its
Ukrainian spellings) and problem kind of the code appears in it."""

from __future__ import annotations

from dashboard.config import PROJECT_ROOT
from dashboard.ingest.kinds import KINDS
from dashboard.schema import CONTRACT, VALUE_ALIASES_UK

DOC = (PROJECT_ROOT / "docs" / "DATA_CONTRACT.md").read_text(encoding="utf-8")


def test_every_table_column_and_alias_is_documented() -> None:
    missing = []
    for name, table in CONTRACT.items():
        if f"`{name}`" not in DOC:
            missing.append(name)
        section = DOC.split(f"`{name}` — ", 1)[-1].split("\n### ", 1)[0]
        for column in table.columns:
            row = next((line for line in section.splitlines() if line.startswith(f"| `{column.name}` |")), "")
            if not row:
                missing.append(f"{name}.{column.name}")
                continue
            if ("| yes |" if column.required else "| no |") not in row:
                missing.append(f"{name}.{column.name} required={column.required}")
            missing += [f"{name}.{column.name} «{a}»" for a in column.alias_uk if f"«{a}»" not in row]
            missing += [f"{name}.{column.name} `{v}`" for v in column.allowed if f"`{v}`" not in row]
    assert missing == []


def test_ukrainian_value_spellings_are_documented() -> None:
    missing = [f"«{uk}» → `{en}`" for aliases in VALUE_ALIASES_UK.values() for uk, en in aliases.items()]
    assert [m for m in missing if m not in DOC] == []


def test_every_problem_kind_is_documented() -> None:
    assert [code for code in KINDS if f"| `{code}` |" not in DOC] == []
