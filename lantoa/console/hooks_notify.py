"""Menu items and panels of the notify pages (imported by wagtail_hooks)."""
