"""Benchmark: a 500-word loudspeaker bulletin to MP3 (the issue asks for under 5 s).

The bulletin is the residents' calibration samples plus a paragraph with numbers, dates,
times and abbreviations, cut to 500 written words. `speak()` normalises it, splits it at
sentence boundaries, reads it with espeak-ng, joins the chunks, encodes the MP3 and measures
duration (ffprobe) and loudness (ffmpeg ebur128): the whole path a bulletin takes. Prints the
median of N runs and, for comparison in the same run, the bare pipeline
`espeak-ng -v vi | lame` on the same (already normalised) text.

    .venv/bin/python bench/content_speech.py [--runs N]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
django.setup()

from lantoa.content.speech import speak  # noqa: E402

WORDS = 500
COMMAND = ".venv/bin/python bench/content_speech.py"
NUMBERS = (
    "Thông báo của UBND phường Hoàn Kiếm. Thực hiện Nghị quyết 57-NQ/TW và Kế hoạch 179/KH-UBND, "
    "từ ngày 26/11/2026, phường tổ chức 12 lớp học kỹ năng số, mỗi lớp 30 người, lúc 8h30 sáng thứ 7. "
    "Mục tiêu đến năm 2030 có 80% người dân biết dùng dịch vụ công trực tuyến. "
    "Mọi thắc mắc xin gọi đường dây nóng 1022 hoặc số 0912 345 678."
)


def bulletin(words: int) -> str:
    paragraphs = [NUMBERS] + [
        path.read_text(encoding="utf-8").strip()
        for path in sorted((ROOT / "tests" / "content" / "fixtures").glob("residents_*.txt"))
    ]
    tokens: list[str] = []
    while len(tokens) < words:
        for paragraph in paragraphs:
            tokens += paragraph.split()
    text = " ".join(tokens[:words])
    return text if text.endswith(".") else text + "."


def bare_pipeline(text: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        espeak = subprocess.Popen(
            ["espeak-ng", "-v", "vi", "-s", "150", "-b", "1", "--stdout", "--stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        lame = subprocess.Popen(["lame", "--quiet", "-", str(Path(folder) / "bare.mp3")], stdin=espeak.stdout)
        assert espeak.stdin is not None and espeak.stdout is not None
        espeak.stdin.write(text.encode("utf-8"))
        espeak.stdin.close()
        espeak.stdout.close()
        lame.wait()
        espeak.wait()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    runs = parser.parse_args().runs
    for program in ("espeak-ng", "lame", "ffmpeg", "ffprobe"):
        if shutil.which(program) is None:
            sys.exit(f"{program} is missing: apt-get install espeak-ng lame ffmpeg")
    text = bulletin(WORDS)
    assert len(text.split()) == WORDS
    speak("Bà con chú ý.")  # load underthesea once, as a running server has
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = speak(text)
        timings.append(time.perf_counter() - started)
    assert result is not None
    bare = statistics.median(bare_pipeline(result.spoken.text) for _ in range(runs))
    median = statistics.median(timings)
    size = len(result.mp3) // 1024
    print(f"A {WORDS}-word bulletin to MP3: {result.duration_seconds:.1f} s of speech, {size} KiB,")
    replacements = len(result.spoken.replacements)
    print(f"  {result.loudness_lufs} LUFS, {len(result.chunks)} chunks, {replacements} replacements")
    print(f"  median of {runs} runs: {median:.2f} s (target < 5 s: {'met' if median < 5 else 'NOT met'})")
    print(f"  fastest run: {min(timings):.2f} s")
    print(f"  comparison, bare espeak-ng | lame on the same text: {bare:.2f} s")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  command: {COMMAND}")


if __name__ == "__main__":
    main()
