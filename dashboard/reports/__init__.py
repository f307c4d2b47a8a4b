"""Exports for partners and councils: the PPTX deck, the PDF report, CSV/XLSX tables and chart PNGs.

`build.build_export(...)` is the one entry point of the CLI (`python -m dashboard report`) and the export
page; the modules are small steps of it: access (who sees what), content (the numbers), figures and
mapfig (plotly figures), render (figures → PNG in one chromium run), pdf and pptx (the files), tables
(CSV/XLSX with formula neutralisation).
"""
