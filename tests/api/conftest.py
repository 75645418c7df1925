"""The fuzzing summary: how many operations, cases and requests `test_fuzz.py` ran, in every run's log.

Each fuzz test carries its tally in its report's `user_properties`, which pytest-xdist sends from
the workers to the process that writes the summary.
"""

import os


def fuzz_summary(terminalreporter) -> None:
    """Called from the root conftest: with xdist only the controller reports, and it reads no sub-conftest."""
    tallies: dict[str, dict] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, tally in getattr(report, "user_properties", ()):
                if name != "fuzz" or not tally.get("operation"):
                    continue
                seen = tallies.get(tally["operation"])
                if seen is None or tally["requests"] > seen["requests"]:
                    tallies[tally["operation"]] = tally
    if not tallies:
        return
    cases = sum(t["cases"] for t in tallies.values())
    requests = sum(t["requests"] for t in tallies.values())
    identities = max(t["identities"] for t in tallies.values())
    terminalreporter.write_sep("-", "schema fuzzing (Schemathesis)")
    terminalreporter.write_line(
        f"{len(tallies)} operations, {cases} cases, {requests} requests "
        f"(each case as {identities} identities; FUZZ_EXAMPLES={os.environ.get('FUZZ_EXAMPLES', '25')})"
    )
    for operation, tally in sorted(tallies.items(), key=lambda item: item[0].split(" ", 1)[::-1]):
        terminalreporter.write_line(f"  {operation}: {tally['cases']} cases, {tally['requests']} requests")
