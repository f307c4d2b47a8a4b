"""Exports for partners and councils: the PPTX deck, the PDF report, CSV/XLSX tables and chart PNGs.

`build.build_export(...)` is the one entry point of the CLI (`python -m dashboard report`) and the export
page. Its steps, one small module each:
- access    the audience's DataPolicy (the pages' rules: personal data; partners read rounded sensitive counts)
- content   gathers the numbers: oblast (through the pages' query wrappers) and profiles (per hromada)
- images    which charts, at which size: the pages' chart builders, figures (forest plot, hromada strips)
            and mapfig (a static coverage map); render draws them all in one chromium run
- text      the words and formatted numbers both documents share
- readability  the rules a chart must meet where it is shown (fonts, labels, titles, nothing cut)
- pdf, locator  the report; pptx (building blocks) and slides (which slides, in order) the deck
- tables    any DataFrame → CSV/XLSX with spreadsheet formulas neutralised (used by ui/downloads.py)
"""
