"""Bundled themes (installed from the top-level themes/ folder)."""
