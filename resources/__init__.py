"""Shipped data files (icons, framework data); see README.md here."""
