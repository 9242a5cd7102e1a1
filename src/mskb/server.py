"""A local web server for the built site: PDFs, tests and the report scripts share it.

Python's own ``http.server`` on a free localhost port, in a thread: enough for one browser, and
nothing to install. Never reachable from another machine.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(
    site_dir: Path, *, mount: str = "", handler: type[QuietHandler] = QuietHandler
) -> Iterator[str]:
    """Serve ``site_dir`` on a free localhost port; yields the site's base URL.

    ``mount`` puts the site under a path, as published (``knowledge-base/`` for a GitHub Pages
    project site): the 404 page links its styles from there.
    """
    with tempfile.TemporaryDirectory() as root:
        served = Path(site_dir).resolve()
        if mount:
            served = Path(root)
            (served / mount.strip("/")).symlink_to(Path(site_dir).resolve(),
                                                   target_is_directory=True)
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(served)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/{mount}"
        finally:
            httpd.shutdown()
            httpd.server_close()
