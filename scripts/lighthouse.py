"""Run Lighthouse on three pages of the built site and print the four category scores.

The site is served from localhost the way GitHub Pages serves it: text compressed with gzip
and assets cacheable, so the performance score reflects the published site, not Python's
plain development server.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mskb.printing.pdf import CHROMIUM_ARGS, chromium_path
from mskb.server import QuietHandler, serve

TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml")


class PagesLikeHandler(QuietHandler):
    """Static files with gzip and a cache lifetime, like GitHub Pages."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if not path.is_file() or not kind.startswith(TEXT) or \
                "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


PAGES = {"home": "", "article": "treatments/baclofen/", "treatments A to Z": "treatments/",
         "compare": "treatments/compare/", "type": "types/stiffness/", "glossary": "glossary/"}
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
SITE = Path(os.environ.get("KB_SITE", "site"))  # the scripts build into a scratch folder
MOUNT = "knowledge-base/"  # the path of site_url


def main() -> int:
    lighthouse = Path(".tools/node_modules/.bin/lighthouse").resolve()
    below = 0
    print(f"{'page':20} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    with tempfile.TemporaryDirectory() as scratch, \
            serve(SITE, mount=MOUNT, handler=PagesLikeHandler) as base:
        for name, url in PAGES.items():
            report = Path(scratch) / "report.json"
            subprocess.run(
                [str(lighthouse), base + url, "--quiet", "--output=json",
                 f"--output-path={report}", "--form-factor=mobile",
                 f"--only-categories={','.join(CATEGORIES)}",
                 "--chrome-flags=" + " ".join(CHROMIUM_ARGS)],
                check=True, env={**os.environ, "CHROME_PATH": chromium_path() or ""},
            )
            scores = json.loads(report.read_text())["categories"]
            row = {c: round(scores[c]["score"] * 100) for c in CATEGORIES}
            below += sum(row[c] < TARGETS[c] for c in CATEGORIES)
            print(f"{name:20} " + " ".join(f"{row[c]:>15}" for c in CATEGORIES))
    print("targets: " + ", ".join(f"{c} {t}" for c, t in TARGETS.items()))
    if below:
        print(f"{below} score(s) below target", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
