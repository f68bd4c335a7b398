"""Presentation: strings in both languages, number formatting, tables, charts, the methodology text and exports.

Modules here turn model results into what a reader sees; they may use the core and :mod:`simulator.io`, and
they are the only part of the package that imports altair, babel, fpdf2, openpyxl or vl-convert.
"""
