"""Menu items and panels of the assignments pages (imported by wagtail_hooks)."""
