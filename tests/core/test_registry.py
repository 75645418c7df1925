from dataclasses import dataclass

import pytest

from lantoa.core import registry as registry_module
from lantoa.core.demo import DemoLoader, loaders
from lantoa.core.registry import Registry


@dataclass(frozen=True)
class Entry:
    code: str
    label: str = ""


def test_register_then_get_by_code():
    things = Registry[Entry]("thing")
    entry = things.register(Entry("a", "first"))
    assert entry == Entry("a", "first")
    assert things.get("a") is entry
    assert "a" in things
    assert "b" not in things
    assert len(things) == 1
    assert list(things) == [entry]


def test_entries_keep_their_registration_order():
    things = Registry[Entry]("thing")
    for code in ("c", "a", "b"):
        things.register(Entry(code))
    assert [e.code for e in things] == ["c", "a", "b"]


def test_a_code_registers_once():
    things = Registry[Entry]("thing")
    things.register(Entry("a", "first"))
    with pytest.raises(ValueError, match=r"^A thing with code 'a' is already registered\.$"):
        things.register(Entry("a", "second"))
    assert things.get("a") == Entry("a", "first")
    assert len(things) == 1


def test_an_unknown_code_raises_lookup_error():
    things = Registry[Entry]("metric provider")
    with pytest.raises(LookupError, match=r"^No metric provider with code 'x'\.$"):
        things.get("x")


def test_temporarily_registers_for_a_block_only():
    things = Registry[Entry]("thing")
    things.register(Entry("kept"))
    with things.temporarily(Entry("t1"), Entry("t2")):
        assert [e.code for e in things] == ["kept", "t1", "t2"]
    assert [e.code for e in things] == ["kept"]


def test_temporarily_restores_after_an_error():
    things = Registry[Entry]("thing")
    with pytest.raises(RuntimeError), things.temporarily(Entry("t1")):
        raise RuntimeError("boom")
    assert len(things) == 0
    with pytest.raises(ValueError), things.temporarily(Entry("t1"), Entry("t1")):
        pass
    assert len(things) == 0


def test_iterating_yields_a_copy():
    things = Registry[Entry]("thing")
    things.register(Entry("a"))
    for _entry in things:
        things.register(Entry("b"))  # no "dictionary changed size during iteration"
    assert [e.code for e in things] == ["a", "b"]


def test_discovery_runs_lazily_and_once(monkeypatch):
    calls = []
    monkeypatch.setattr(registry_module, "autodiscover_modules", lambda name: calls.append(name))
    things = Registry[Entry]("thing", discover="lantoa_things")
    things.register(Entry("a"))  # registering does not discover
    assert calls == []
    assert "a" in things
    assert calls == ["lantoa_things"]
    things.get("a")
    len(things)
    list(things)
    assert calls == ["lantoa_things"]


def test_without_discover_nothing_is_imported(monkeypatch):
    calls = []
    monkeypatch.setattr(registry_module, "autodiscover_modules", lambda name: calls.append(name))
    things = Registry[Entry]("thing")
    assert len(things) == 0
    assert calls == []


def test_demo_loaders_are_discovered_from_each_apps_demo_module():
    assert {"org.units", "accounts.people"} <= {loader.code for loader in loaders}
    assert loaders.get("org.units").order == 10
    assert loaders.get("accounts.people").order == 20
    assert isinstance(loaders.get("org.units"), DemoLoader)
