"""Maintenance: link checks, reviews that are due, and the weekly report."""
