"""The document's language for screen readers: `<html lang="uk">` or `lang="en"`, following the interface.

Streamlit serves `<html lang="en">` whatever the app speaks, so a screen reader would read Ukrainian with
English rules (WCAG 3.1.1). A tiny script, drawn once per run where the language is known, sets
`document.documentElement.lang`; the same script marks the sidebar menu's link to the current page with
`aria-current="page"` (Streamlit only highlights it visually). A MutationObserver keeps both true while
Streamlit re-renders and switches pages without reloading the document.

The only value interpolated into the script is the language code, taken from the allowlist `LANGS`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import normalize_lang
from dashboard.navigation import DEFAULT_PAGE
from dashboard.ui.nav import MENU_KEY

_SCRIPT = """<script>
(() => {
  window.__pogLang = "%(lang)s";
  // Page links are relative ("compare"; "" for the default page, which lives at the root).
  const slug = (path) => path.split("?")[0].split("/").pop() || "%(default)s";
  const apply = () => {
    const root = document.documentElement;
    if (root.lang !== window.__pogLang) root.lang = window.__pogLang;
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
        _SCRIPT % {"lang": normalize_lang(lang), "menu": MENU_KEY, "default": DEFAULT_PAGE},
        unsafe_allow_javascript=True,
    )
