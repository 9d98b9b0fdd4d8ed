"""Exports: spreadsheets, CSV and calendars. Every cell written from user text is sanitised."""
