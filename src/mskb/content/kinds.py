"""The kinds of article, in one table: where each lives, what it is indexed by, how it is shown.

Every module that needs a folder, a URL section, a vocabulary or "the other kind of topic" reads
it here, so adding a kind or renaming a folder is one edit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of article (the ``kind:`` field of its front matter)."""

    name: str  # as written in front matter: "treatment"
    folder: str  # its folder under content/, which is also its URL section: "treatments"
    role: str  # what a member of this kind is called in a printed bundle's contents list
    index_title: str  # the title of the section's generated index page
    index_description: str
    vocabulary: str | None = None  # topics only: the vocabulary that lists every topic
    other: str | None = None  # topics only: the kind whose topics are related to this one's

    @property
    def is_topic(self) -> bool:
        """Treatments and spasticity types: every vocabulary entry gets a page and a bundle."""
        return self.vocabulary is not None

    @property
    def index_uri(self) -> str:
        """The generated index page of the section; mkdocs.yml's nav names it."""
        return f"{self.folder}/index.md"

    def topic_uri(self, slug: str) -> str:
        """The page of one topic: its article if it has one, else a generated page."""
        return f"{self.folder}/{slug}.md"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("spasticity-type", "types", "Type of spasticity", "Spasticity types",
             "The kinds of spasticity MS can cause and where in the body.",
             vocabulary="spasticity_types", other="treatment"),
        Kind("treatment", "treatments", "Treatment", "Treatments A to Z",
             "Every treatment people with MS use for spasticity, from A to Z.",
             vocabulary="treatments", other="spasticity-type"),
        Kind("experience", "experiences", "Experience", "Experiences",
             "Personal accounts of living with MS spasticity, newest first."),
        Kind("guide", "guides", "Guide", "Guides",
             "Practical guides to understanding and managing MS spasticity."),
    )
}
"""Every kind, in the order the site's sections come in."""

TOPIC_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS.values() if kind.is_topic)
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS.values()}
BY_VOCABULARY: dict[str, Kind] = {kind.vocabulary: kind for kind in TOPIC_KINDS
                                  if kind.vocabulary}
