"""Printing: topic bundles, the whole-guide page's repair, and PDF files."""
