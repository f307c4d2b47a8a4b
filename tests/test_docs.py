"""Docs that cannot go stale: the module map, the environment variables and the string tables.

1. The module map of docs/ARCHITECTURE.md (its first fenced block, one `<path>  <what>` line each) covers
   every module under dashboard/, by this rule:
   - a module (a `.py` file other than `__init__.py`) is covered when its path (`dashboard/disclosure.py`)
     is named anywhere in the doc, when a map line `dashboard/<folder>/*.py` names its folder, or when a
     map line names its folder (or a folder above it) with a trailing slash (`dashboard/views/`): such a
     line lists that folder as a whole, as the sentence under the map says;
   - every folder under dashboard/ that holds modules has a map line of its own, `dashboard/<folder>/` or
     `dashboard/<folder>/*.py` (or lies inside a folder listed as a whole);
   - every path the map names, and every module path named anywhere in the doc, exists.
2. Only dashboard/config.py reads the environment (os.environ, os.getenv, `from os import environ`), in
   dashboard/ and app.py. Elsewhere only a write `os.environ[...] = ...` is allowed, with a comment on its
   line or right above it saying why. Every DASHBOARD_* variable config.py reads is in README.md's table,
   and README.md names no DASHBOARD_* variable that config.py does not read.
3. uk.toml and en.toml have the same keys, and the code references every key (an AST scan of dashboard/
   and app.py): as a string constant, through an f-string whose constant parts match it
   (f"signal.{level}", f"pg.ingest.kind.{code}.fix"), or as a member of a label group, the first argument
   of a `label` / `labels` call (`label("pg.auth.role", role)` covers every `pg.auth.role.*`: codes that
   come from data). Keys used only where no scan can see them are in ALLOWED_UNUSED, each with its reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from dashboard import i18n

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard"
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
README = ROOT / "README.md"
CONFIG = DASHBOARD / "config.py"


def source_files() -> list[Path]:
    """Every Python file of the app: dashboard/**.py and app.py."""
    files = sorted(p for p in DASHBOARD.rglob("*.py") if "__pycache__" not in p.parts)
    app = ROOT / "app.py"
    return [*files, app] if app.exists() else files


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --- 1. the module map ---------------------------------------------------------------------------------

MODULE_PATH = re.compile(r"\bdashboard/[\w/]+\.py\b")


def map_entries(doc: str) -> list[str]:
    """The paths of the module map: the first token of each line of the doc's first fenced block."""
    match = re.search(r"^```[^\n]*\n(.*?)^```", doc, re.S | re.M)
    assert match, "docs/ARCHITECTURE.md has no module map (a fenced block)"
    return [line.split()[0] for line in match.group(1).splitlines() if line.strip()]


def uncovered(modules: Iterable[str], folders: Iterable[str], doc: str) -> list[str]:
    """The modules and folders (repository paths; folders end with "/") that the doc does not cover."""
    entries = map_entries(doc)
    named = set(MODULE_PATH.findall(doc))
    whole = {e for e in entries if e.endswith("/")}
    globbed = {e.removesuffix("*.py") for e in entries if e.endswith("/*.py")}

    def in_whole(path: str) -> bool:
        return any(path.startswith(w) for w in whole)

    missing = []
    for module in modules:
        folder = str(PurePosixPath(module).parent) + "/"
        if not (module in named or folder in globbed or in_whole(module)):
            missing.append(module)
    for folder in folders:
        if not (folder in globbed or in_whole(folder)):
            missing.append(folder)
    return missing


def test_the_coverage_rule():
    doc = "```\ndashboard/a.py  x\ndashboard/q/*.py  y\ndashboard/views/  z\n```\nSee `dashboard/b/c.py`.\n"
    modules = ["dashboard/a.py", "dashboard/q/w.py", "dashboard/views/new.py", "dashboard/views/x/y.py",
               "dashboard/b/c.py", "dashboard/b/d.py", "dashboard/q/sub/e.py", "dashboard/z.py"]  # fmt: skip
    folders = ["dashboard/q/", "dashboard/views/", "dashboard/views/x/", "dashboard/b/", "dashboard/q/sub/"]
    assert uncovered(modules, folders, doc) == [
        "dashboard/b/d.py",  # its folder is only mentioned, not listed
        "dashboard/q/sub/e.py",  # *.py covers the folder's own modules only
        "dashboard/z.py",
        "dashboard/b/",
        "dashboard/q/sub/",
    ]


def test_every_module_and_package_is_in_the_architecture_doc():
    modules = [rel(p) for p in source_files() if p.name != "__init__.py" and p.parent != ROOT]
    folders = sorted(
        {rel(p.parent) + "/" for p in source_files() if p.parent != DASHBOARD and p.parent != ROOT}
    )
    assert len(modules) > 50 and "dashboard/auth/" in folders, "the scan of dashboard/ found too little"
    assert uncovered(modules, folders, ARCHITECTURE.read_text(encoding="utf-8")) == []


def test_every_path_in_the_architecture_doc_exists():
    doc = ARCHITECTURE.read_text(encoding="utf-8")
    stale = [e for e in map_entries(doc) if not (any(ROOT.glob(e)) if "*" in e else (ROOT / e).exists())]
    stale += [p for p in sorted(set(MODULE_PATH.findall(doc))) if not (ROOT / p).is_file()]
    assert stale == []


# --- 2. environment variables ------------------------------------------------------------------------------


def _is_os_attr(node: ast.AST, *names: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in names
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _explained(lines: list[str], lineno: int) -> bool:
    """Whether line `lineno` (1-based) has a comment, or the line right above it is one."""
    return "#" in lines[lineno - 1] or (lineno >= 2 and lines[lineno - 2].lstrip().startswith("#"))


def environment_uses(source: str, name: str) -> list[str]:
    """Every read of the environment in `source`, and every write without a comment saying why."""
    tree = ast.parse(source)
    lines = source.splitlines()
    writes = {
        id(target.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Subscript) and _is_os_attr(target.value, "environ")
    }
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [
                (line, f"from os import {a.name}") for a in node.names if a.name in ("environ", "getenv")
            ]
        elif _is_os_attr(node, "environ", "environb", "getenv", "getenvb"):
            if id(node) not in writes:
                found.append((line, f"reads os.{node.attr}"))  # type: ignore[attr-defined]
            elif not _explained(lines, line):
                found.append((line, "writes os.environ without a comment saying why"))
    return [f"{name}:{line} {what}" for line, what in sorted(found)]


def test_the_environment_scan():
    sample = """import os
from os import getenv
a = os.environ.get("X")
b = os.getenv("Y")
c = "Z" in os.environ
# chromium reads it at start
os.environ["W"] = "1"
os.environ["V"] = "2"
"""
    assert environment_uses(sample, "s") == [
        "s:2 from os import getenv",
        "s:3 reads os.environ",
        "s:4 reads os.getenv",
        "s:5 reads os.environ",
        "s:8 writes os.environ without a comment saying why",
    ]


def test_only_config_reads_the_environment():
    found = [
        use
        for path in source_files()
        if path != CONFIG
        for use in environment_uses(path.read_text(encoding="utf-8"), rel(path))
    ]
    assert found == []


def config_variables() -> set[str]:
    """The DASHBOARD_* variables dashboard/config.py reads (its string constants that name one)."""
    tree = ast.parse(CONFIG.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"DASHBOARD_[A-Z0-9_]+", node.value)
    }


def test_every_dashboard_variable_is_documented_in_the_readme():
    variables = config_variables()
    assert len(variables) >= 5, "the scan of config.py found too few variables"
    readme = README.read_text(encoding="utf-8")
    assert sorted(v for v in variables if f"`{v}`" not in readme) == []
    assert sorted(set(re.findall(r"\bDASHBOARD_[A-Z0-9_]+", readme)) - variables) == []


# --- 3. locale keys ----------------------------------------------------------------------------------------

# The last resort: keys no scan of the code can see, each with its reason. A group ends with ".*".
ALLOWED_UNUSED = {
    # Labels of the calls' categories (free text in the contract; schema.CALL_CATEGORIES are the usual ones):
    # tests/test_i18n.py::test_every_coded_value_has_a_label requires them; no page shows calls by category yet.
    "call_category.*",
    # The sample text of tests/test_i18n.py::test_translator_binds_a_language.
    "sidebar.whole_oblast",
}
KEY_PREFIX = re.compile(r"[a-z][a-z0-9_]*\.")  # an f-string that starts like a key: "signal.", "pg.auth."


def references(sources: Iterable[str]) -> tuple[set[str], list[re.Pattern[str]], set[str]]:
    """What the code refers to: string constants, f-string patterns, label groups."""
    constants: set[str] = set()
    patterns: set[str] = set()
    groups: set[str] = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                first = node.values[0] if node.values else None
                if isinstance(first, ast.Constant) and KEY_PREFIX.match(str(first.value)):
                    patterns.add(
                        "".join(
                            re.escape(str(v.value)) if isinstance(v, ast.Constant) else ".+"
                            for v in node.values
                        )
                    )
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                group = node.args[0]
                if (
                    name in ("label", "labels")
                    and isinstance(group, ast.Constant)
                    and isinstance(group.value, str)
                ):
                    groups.add(group.value)
    return constants, [re.compile(p) for p in sorted(patterns)], groups


def unreferenced(keys: Iterable[str], sources: Iterable[str]) -> list[str]:
    constants, patterns, groups = references(sources)
    return sorted(
        key
        for key in keys
        if key not in constants
        and not any(p.fullmatch(key) for p in patterns)
        and not any(key.startswith(f"{g}.") for g in groups)
    )


def allowed(key: str) -> bool:
    return key in ALLOWED_UNUSED or any(
        a.endswith(".*") and key.startswith(a.removesuffix("*")) for a in ALLOWED_UNUSED
    )


def test_the_key_scan():
    sample = """t("a.b", lang)
tr(f"signal.{level}")
tr(f"kind.{code}.fix")
label("pg.auth.role", role)
tr.labels("offence")
"""
    keys = ["a.b", "signal.up", "kind.x.fix", "kind.x.message", "pg.auth.role.admin", "offence.theft", "z.z"]
    assert unreferenced(keys, [sample]) == ["kind.x.message", "z.z"]


def test_uk_and_en_have_the_same_keys():
    uk, en = set(i18n.strings("uk")), set(i18n.strings("en"))
    assert (sorted(uk - en), sorted(en - uk)) == ([], [])


def test_every_locale_key_is_used_by_the_code():
    sources = [p.read_text(encoding="utf-8") for p in source_files()]
    unused = unreferenced(i18n.strings("uk"), sources)
    assert [k for k in unused if not allowed(k)] == []
    # The allow-list does not go stale either: each entry still exists and is still unseen by the scan.
    keys = set(i18n.strings("uk"))
    stale = [a for a in ALLOWED_UNUSED if not any(allowed(k) and (k == a or a.endswith(".*")) for k in keys)]
    stale += [a for a in ALLOWED_UNUSED if not a.endswith(".*") and a not in unused]
    stale += [a for a in ALLOWED_UNUSED if a.endswith(".*") and not any(k.startswith(a[:-1]) for k in unused)]
    assert stale == []
