"""Streamlit's own texts inside widgets, in the interface language where Streamlit offers no parameter.

Select boxes take `placeholder=` (the pages pass `common.choose_one` / `common.choose_many`). The file
uploader has no parameter for its button («Upload») or its limit line («500MB per file • CSV, XLSX»):
a style sheet scoped to the one uploader (its `key` gives the container the class `st-key-<key>`) hides
Streamlit's English text and shows ours as generated content. Only texts of the locale files and numbers
go into the style sheet, and every character outside letters, digits and spaces is written as a CSS escape,
so a text can never end the string or the rule.
"""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import fmt_int
from dashboard.i18n import t


def css_string(text: str) -> str:
    """`text` as a CSS string literal: letters, digits and spaces as they are, everything else escaped
    (a CSS escape swallows one space after it: each is closed by a space of its own)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def uploader_css(key: str, *, lang: str, limit_mb: int, types: list[str]) -> str:
    """The style sheet that puts the button and limit texts of uploader `key` in `lang`."""
    if not key.replace("_", "").isalnum():
        raise ValueError(f"not a widget key usable in a class name: {key!r}")
    zone = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    button = css_string(t("upload.dropzone_button", lang))
    limit = css_string(
        t(
            "upload.dropzone_limit",
            lang,
            mb=fmt_int(limit_mb, lang),
            types=", ".join(x.upper() for x in types),
        )
    )
    return (
        f"{zone} button [data-testid='stMarkdownContainer'] p {{display: none}}"
        f"{zone} button [data-testid='stMarkdownContainer']::after {{content: {button}}}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] > div > span {{display: none}}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] > div::after {{content: {limit}; font-size: 0.875rem; opacity: 0.75}}"
    )


def translate_uploader(key: str, *, lang: str, limit_mb: int, types: list[str]) -> None:
    """Draw (invisibly) the style sheet of `uploader_css` for uploader `key`."""
    st.html(f"<style>{uploader_css(key, lang=lang, limit_mb=limit_mb, types=types)}</style>")
