"""Importing the spreadsheets managers already keep (a training matrix, a staff list, an incident log),
in their own shape: read any format into tables, find the header row, map columns to fields, then
plan and write through the same planners as the template imports (one transaction, audited,
importing twice changes nothing).
"""
