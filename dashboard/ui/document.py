"""The document's language for screen readers: `<html lang="uk">` or `lang="en"`, following the interface.

Streamlit serves `<html lang="en">` whatever the app speaks, so a screen reader would read Ukrainian with
English rules (WCAG 3.1.1). A tiny script, drawn once per run where the language is known, sets
`document.documentElement.lang`; the same script marks the sidebar menu's link to the current page with
`aria-current="page"` (Streamlit only highlights it visually), and adds one style sheet: a visible focus
ring (WCAG 2.4.7) on every element reached by keyboard — Streamlit draws none on page links, and on
select boxes and text fields only a 1 px border colour. A MutationObserver keeps the language and the
current-page mark true while Streamlit re-renders and switches pages without reloading the document.

The values interpolated into the script are the language code, taken from the allowlist `LANGS`, and
the upload button's name from the locale files, as a JSON string.
"""

from __future__ import annotations

import json

import streamlit as st

from dashboard.i18n import normalize_lang, t
from dashboard.navigation import DEFAULT_PAGE
from dashboard.ui.nav import MENU_KEY

FOCUS_RING = "#005B8E"  # the theme's primaryColor (.streamlit/config.toml): 7.3:1 on white
# Links, buttons, expander headers and other focusable elements get an outline when focused from the
# keyboard; text fields, select boxes (react-aria) and check boxes on their visible frame, around the
# inner <input>.
FOCUS_CSS = (
    "a:focus-visible, button:focus-visible, summary:focus-visible, [role='button']:focus-visible, "
    "[role='tab']:focus-visible, [role='radio']:focus-visible, [role='checkbox']:focus-visible, "
    "[role='slider']:focus-visible, [tabindex]:not(input):focus-visible, "
    "div:has(> input:focus-visible), div:has(> textarea:focus-visible), label:has(> input:focus-visible) "
    f"{{ outline: 2px solid {FOCUS_RING} !important; outline-offset: 2px; }}"
)

_SCRIPT = """<script>
(() => {
  window.__pogLang = "%(lang)s";
  window.__pogUploadLabel = %(upload)s;
  if (!document.getElementById("pog-focus-style")) {
    const style = document.createElement("style");
    style.id = "pog-focus-style";
    style.textContent = `%(css)s`;
    document.head.appendChild(style);
  }
  // Page links are relative ("compare"; "" for the default page, which lives at the root).
  const slug = (path) => path.split("?")[0].split("/").pop() || "%(default)s";
  const apply = () => {
    const root = document.documentElement;
    if (root.lang !== window.__pogLang) root.lang = window.__pogLang;
    // The file uploader's button: its own (English) text is hidden by ui/widget_text.py and ours shown
    // as generated content, which is no accessible name (axe: button-name); name it for screen readers.
    document.querySelectorAll("[data-testid='stFileUploaderDropzone'] button").forEach((b) => {
      if (b.getAttribute("aria-label") !== window.__pogUploadLabel) b.setAttribute("aria-label", window.__pogUploadLabel);
    });
    const current = slug(window.location.pathname);
    document.querySelectorAll(".st-key-%(menu)s a[href]").forEach((a) => {
      const here = slug(a.getAttribute("href")) === current;
      if (here && a.getAttribute("aria-current") !== "page") a.setAttribute("aria-current", "page");
      if (!here && a.hasAttribute("aria-current")) a.removeAttribute("aria-current");
    });
  };
  apply();
  if (!window.__pogObserver) {
    window.__pogObserver = new MutationObserver(apply);
    window.__pogObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def document_language(lang: str, *, where=st) -> None:
    """Set the document's language to `lang` ("uk" / "en"; anything else: Ukrainian) in the browser.

    `where` is the container to draw the (invisible) script element in: `st.sidebar` on signed-in pages
    (the sidebar persists across pages, so the script is not re-run needlessly), `st` on the sign-in form.
    """
    where.html(
        _SCRIPT
        % {
            "lang": normalize_lang(lang),
            "menu": MENU_KEY,
            "default": DEFAULT_PAGE,
            "css": FOCUS_CSS,
            # A text of the locale files, as a JSON string that cannot end the script element.
            "upload": json.dumps(t("upload.dropzone_button", normalize_lang(lang))).replace("</", "<\\/"),
        },
        unsafe_allow_javascript=True,
    )
