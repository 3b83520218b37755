"""Indicators, periodic reports and dashboards: see the reports issue."""
