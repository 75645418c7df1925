"""Benchmark: the plain-language check of a 1,000-word text (the issue asks for under 200 ms).

The text is the calibration samples of tests/content/fixtures, an official's paragraph then
a resident's in turn, until it has 1,000 written words (syllables between spaces, as an editor's word
count gives), checked for residents with the demo glossary's 33 terms. Prints the median of
N warm runs, the first (cold) run that loads underthesea's model, and, for comparison, the
time underthesea's word segmentation alone takes on the same text in the same run.

    .venv/bin/python bench/content_readability.py [--runs N]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
django.setup()

from lantoa.content import segmentation  # noqa: E402
from lantoa.content.demo import TERMS  # noqa: E402
from lantoa.content.glossary import Term, TermMatcher  # noqa: E402
from lantoa.content.readability import analyse  # noqa: E402

WORDS = 1000
COMMAND = ".venv/bin/python bench/content_readability.py"


def sample_text(words: int) -> str:
    folder = ROOT / "tests" / "content" / "fixtures"
    officials = sorted(folder.glob("officials_*.txt"))
    residents = sorted(folder.glob("residents_*.txt"))
    fixtures = [path for pair in zip(officials, residents, strict=False) for path in pair]
    tokens: list[str] = []
    paragraphs = [path.read_text(encoding="utf-8").strip() for path in fixtures]
    while len(tokens) < words:
        for paragraph in paragraphs:
            tokens += [*paragraph.split(), "\n"]
    text = " ".join(tokens[: words + tokens[:words].count("\n")])
    return text.replace(" \n ", "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs (default 15)")
    runs = parser.parse_args().runs
    text = sample_text(WORDS)
    assert len(text.split()) == WORDS, len(text.split())
    glossary = TermMatcher(Term(term, explanation, example) for term, explanation, example, _ in TERMS)

    started = time.perf_counter()
    result = analyse(text, audience="nhan-dan", glossary=glossary)
    cold = time.perf_counter() - started

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        analyse(text, audience="nhan-dan", glossary=glossary)
        timings.append(time.perf_counter() - started)

    segmentation_only = []
    for _ in range(runs):
        started = time.perf_counter()
        for sentence in segmentation.sentences(text):
            segmentation.words(sentence.text)
        segmentation_only.append(time.perf_counter() - started)

    median = statistics.median(timings) * 1000
    counts = f"{result.sentences} sentences, {len(result.marks)} marks, grade {result.grade}"
    print(f"Readability of {WORDS} words ({counts})")
    print(
        f"  median of {runs} runs: {median:.0f} ms (target < 200 ms: {'met' if median < 200 else 'NOT met'})"
    )
    print(f"  fastest run: {min(timings) * 1000:.0f} ms")
    print(f"  first run, loading underthesea's model: {cold * 1000:.0f} ms")
    print(
        f"  comparison, underthesea segmentation alone: {statistics.median(segmentation_only) * 1000:.0f} ms"
    )
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  command: {COMMAND}")


if __name__ == "__main__":
    main()
