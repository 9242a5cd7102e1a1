"""Contributing: stories from issues, new articles, the front matter reference, repository links."""
