"""The browser tests here drive Chromium the way tests/browser/ does, with its fixtures."""

from tests.browser.conftest import browser_context_args, browser_type_launch_args, hanoi_demo, steps

__all__ = ["browser_context_args", "browser_type_launch_args", "hanoi_demo", "steps"]
