"""Take the screenshots for scripts/screenshots (see there). Reads the built site in site/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from mskb.printing.pdf import CHROMIUM_ARGS, chromium_path
from mskb.server import serve

PAGE_TYPES = {
    "home": "",
    "types-index": "types/",
    "type": "types/stiffness/",
    "treatments-a-to-z": "treatments/",
    "compare": "treatments/compare/",
    "treatment": "treatments/baclofen/",
    "experiences-index": "experiences/",
    "experience": "experiences/physio-for-stiff-legs/",
    "guide": "guides/symptom-diary/",
    "glossary": "glossary/",
    "whole-guide": "print_page/",
    "bundle": "print/treatments/baclofen/",
    "not-found": "404.html",
}
SITE = Path(os.environ.get("KB_SITE", "site"))  # the scripts build into a scratch folder
MOUNT = "knowledge-base/"  # the path of site_url, so the 404 page finds its styles


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with serve(SITE, mount=MOUNT) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for width in (375, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900},
                                        color_scheme=scheme)
                for name, url in PAGE_TYPES.items():
                    page.goto(base + url, wait_until="networkidle")
                    path = output / f"{name}-{width}-{scheme}.png"
                    page.screenshot(path=str(path))
                page.close()
        browser.close()
    count = len(PAGE_TYPES) * 4
    print(f"{count} screenshots in {output}/ (page type, width, colour scheme)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
