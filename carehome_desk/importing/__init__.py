"""Reading managers' spreadsheets into the registers: map columns, validate, report every bad row.

Modules here import openpyxl only inside the functions that read or write a file, so the CLI
and the window start without it.
"""
