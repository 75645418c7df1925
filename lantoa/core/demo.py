"""Demo data: each app that has some registers a loader in its `demo.py`; `load_demo` runs them in order."""

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class DemoLoader:
    code: str
    order: int
    load: Callable[[], str]  # returns one line saying what it loaded


loaders = Registry[DemoLoader]("demo loader", discover="demo")


def load_all() -> list[str]:
    return [loader.load() for loader in sorted(loaders, key=lambda loader: loader.order)]
