"""Pages: the Markdown of every page, rendered from the content with Jinja2 templates."""
