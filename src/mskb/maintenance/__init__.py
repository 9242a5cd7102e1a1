"""Maintenance: link checks, reviews that are due, the weekly report, and the growth benchmark."""
