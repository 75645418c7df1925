"""Menu items and panels of the reporting pages (imported by wagtail_hooks)."""
