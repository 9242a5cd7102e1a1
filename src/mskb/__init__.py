"""The content logic of the MS spasticity knowledge base, as a pipeline read left to right.

- :mod:`mskb.content`: the kinds of article, the front matter schema, the vocabularies and the
  glossary, reading content/, and the rules that judge it (``./scripts/check``).
- :mod:`mskb.index`: what mentions each treatment and spasticity type.
- :mod:`mskb.pages`: the Markdown of every page (Jinja2 templates), and the glossary links.
- :mod:`mskb.printing`: topic bundles, the repaired whole-guide page, PDFs.
- :mod:`mskb.contributing`: stories from issues, new articles, the front matter reference, links
  to the repository.
- :mod:`mskb.maintenance`: link checks, reviews due, the weekly report.
- :mod:`mskb.server`: the local web server that PDFs, tests and scripts share.

Plain Python, no MkDocs imports: ``hooks/*.py`` wire these into the MkDocs build, ``python -m
mskb`` runs the same checks without building, and the tests import the modules directly.
Moving to another static-site engine means rewriting only the hooks.
"""

from mskb.diagnostics import ContentError, Diagnostic

__all__ = ["ContentError", "Diagnostic"]
