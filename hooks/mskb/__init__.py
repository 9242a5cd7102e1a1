"""The content logic of the MS spasticity knowledge base.

Plain Python, no MkDocs imports: `hooks/*.py` wire these functions into the MkDocs build, the
`python -m mskb check` command runs the same validation without building, and the tests import
the modules directly. Moving to another static-site engine means rewriting only the hooks.
"""

from mskb.diagnostics import ContentError, Diagnostic
from mskb.site import Site, build_site, check_content

__all__ = ["ContentError", "Diagnostic", "Site", "build_site", "check_content"]
