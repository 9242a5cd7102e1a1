"""Content: what an article is, where it lives, how it is read, and the rules it must follow."""
