"""Registries: how a lower app lets higher apps plug in without importing them.

The lower app owns a `Registry`; higher apps register entries from a module that
the registry discovers lazily (`autodiscover_modules(name)`, as Wagtail finds
`wagtail_hooks`), so nothing imports upward.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, Protocol, TypeVar

from django.utils.module_loading import autodiscover_modules


class HasCode(Protocol):
    @property
    def code(self) -> str: ...


T = TypeVar("T", bound=HasCode)


class Registry(Generic[T]):
    def __init__(self, kind: str, *, discover: str | None = None) -> None:
        self.kind = kind
        self._discover = discover
        self._discovered = discover is None
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        if entry.code in self._entries:
            raise ValueError(f"A {self.kind} with code {entry.code!r} is already registered.")
        self._entries[entry.code] = entry
        return entry

    def _ensure_discovered(self) -> None:
        if not self._discovered and self._discover:
            self._discovered = True
            autodiscover_modules(self._discover)

    def get(self, code: str) -> T:
        self._ensure_discovered()
        try:
            return self._entries[code]
        except KeyError:
            raise LookupError(f"No {self.kind} with code {code!r}.") from None

    def __contains__(self, code: object) -> bool:
        self._ensure_discovered()
        return code in self._entries

    def __iter__(self) -> Iterator[T]:
        self._ensure_discovered()
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        self._ensure_discovered()
        return len(self._entries)

    @contextmanager
    def temporarily(self, *entries: T) -> Iterator[None]:
        """Register entries for the length of a `with` block (tests)."""
        self._ensure_discovered()
        saved = dict(self._entries)
        try:
            for entry in entries:
                self.register(entry)
            yield
        finally:
            self._entries = saved
