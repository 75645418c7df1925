"""Text to speech for loudspeaker bulletins: one engine interface, an MP3 with its duration and loudness.

`speak(script)` normalises the script for speech (`spoken.to_spoken`), refuses what no engine
can read, splits it at sentence boundaries into chunks the engine accepts, has the engine
synthesise each chunk, joins the chunks (with a short pause) into one MP3, and measures it:
duration with ffprobe, integrated loudness (LUFS, EBU R 128) with ffmpeg's `ebur128` filter.

Engines live in `engines`, a `lantoa.core.registry.Registry`:
- `espeak` (default, offline): `espeak-ng -v vi`, Debian package `espeak-ng`;
- `http`: a Vietnamese cloud service, configured by `TTS_HTTP_URL` and `TTS_HTTP_KEY` (see
  `HttpEngine` for the exchange).
Joining and measuring need `ffmpeg` (Debian package `ffmpeg`, which brings ffprobe); MP3 is
encoded with `lame` when it is installed, otherwise with ffmpeg's libmp3lame.

Bad input raises `ValidationError` (nothing to read, characters the engine cannot read, too
long); a missing program or an unreachable service raises `SpeechUnavailable`, also a
ValidationError, whose message names what to install or configure.
"""

import io
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.registry import Registry

from . import segmentation
from .spoken import SpokenText, to_spoken

SAMPLE_RATE = 22050  # espeak-ng's own rate: its chunks join without resampling
PAUSE_SECONDS = 0.35  # between chunks, a little longer than espeak's own pause after a full stop
MAX_SCRIPT_CHARACTERS = 20_000  # ≈ 4,000 words, more than 20 minutes of speech: longer is a mistake
MP3_BITRATE_KBPS = 64  # mono speech for loudspeakers: clear and small
TIMEOUT_SECONDS = 60


class SpeechUnavailable(ValidationError):
    """The engine cannot run here: a program is missing or a service is unreachable or misconfigured."""


@dataclass(frozen=True)
class Audio:
    data: bytes
    format: str  # "wav" or "mp3"


class SpeechEngine(Protocol):
    """What `speak` needs from an engine.

    `synthesize` receives one chunk of already normalised text (at most `max_chunk_characters`
    long, cut at sentence boundaries) and returns its audio; it raises `SpeechUnavailable` when
    it cannot run. `check` raises the same without synthesising, so a page can say early that
    speech is not available.
    """

    @property
    def code(self) -> str: ...

    @property
    def label(self) -> str | Promise: ...

    @property
    def max_chunk_characters(self) -> int: ...

    def check(self) -> None: ...

    def synthesize(self, text: str) -> Audio: ...


engines = Registry[SpeechEngine]("speech engine")


@dataclass(frozen=True)
class SpeechResult:
    """One finished bulletin: the MP3, what was read (with the replacements made), and measurements."""

    mp3: bytes
    duration_seconds: float
    loudness_lufs: float | None  # None when the audio is too quiet or short for EBU R 128 to gate
    spoken: SpokenText
    chunks: tuple[str, ...]
    engine: str


def _missing_program(program: str, package: str) -> SpeechUnavailable:
    return SpeechUnavailable(
        _(
            "Speech needs the program %(program)s, which is not installed on this server. "
            "Ask the administrator to install the Debian package %(package)s "
            "(apt-get install %(package)s)."
        )
        % {"program": program, "package": package},
        code="speech_unavailable",
    )


def _require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise _missing_program(program, package)
    return path


def _run(command: list[str], *, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"{command[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-500:]}"
        )
    return result


class EspeakEngine:
    """`espeak-ng -v vi` (Northern voice; `vi-vn-x-central`, `vi-vn-x-south` also ship). Offline."""

    code = "espeak"
    label = gettext_lazy("eSpeak NG (offline)")
    max_chunk_characters = 2000

    def __init__(self, *, voice: str = "vi", words_per_minute: int = 150) -> None:
        self.voice = voice
        self.words_per_minute = words_per_minute  # a little slower than espeak's 175: loudspeakers echo

    def check(self) -> None:
        _require("espeak-ng", "espeak-ng")

    def synthesize(self, text: str) -> Audio:
        program = _require("espeak-ng", "espeak-ng")
        with tempfile.TemporaryDirectory(prefix="lantoa-tts-") as folder:
            target = Path(folder) / "chunk.wav"
            command = [
                program,
                "-v",
                self.voice,
                "-s",
                str(self.words_per_minute),
                "-b",
                "1",
                "-w",
                str(target),
            ]
            _run([*command, "--stdin"], data=text.encode("utf-8"))
            return Audio(target.read_bytes(), "wav")


class HttpEngine:
    """A cloud text-to-speech service reached over HTTP(S).

    The exchange: `POST TTS_HTTP_URL` with the key in the header `TTS_HTTP_KEY_HEADER`
    (default `api-key`) and a JSON body `{"text": …, "voice": TTS_HTTP_VOICE, "format": "mp3"}`;
    the answer is the audio itself (`audio/mpeg` or `audio/wav`). A service that answers
    otherwise (e.g. with a link to fetch later) needs its own small engine class.
    """

    code = "http"
    label = gettext_lazy("Cloud speech service (HTTP)")
    max_chunk_characters = 1000

    def _settings(self) -> tuple[str, str, str, str]:
        url = getattr(settings, "TTS_HTTP_URL", "")
        key = getattr(settings, "TTS_HTTP_KEY", "")
        if not url or not key:
            raise SpeechUnavailable(
                _(
                    "The cloud speech service is not configured: "
                    "set TTS_HTTP_URL and TTS_HTTP_KEY in the server's settings."
                ),
                code="speech_unconfigured",
            )
        header = getattr(settings, "TTS_HTTP_KEY_HEADER", "") or "api-key"
        return url, key, header, getattr(settings, "TTS_HTTP_VOICE", "")

    def check(self) -> None:
        self._settings()

    def synthesize(self, text: str) -> Audio:
        url, key, header, voice = self._settings()
        body = json.dumps({"text": text, "voice": voice, "format": "mp3"}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={header: key, "Content-Type": "application/json; charset=utf-8", "Accept": "audio/*"},
        )
        host = urllib.parse.urlsplit(url).netloc
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                data = response.read()
                content_type = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            raise SpeechUnavailable(
                _("The speech service at %(host)s refused the request (HTTP %(status)s).")
                % {"host": host, "status": error.code},
                code="speech_refused",
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SpeechUnavailable(
                _("The speech service at %(host)s did not answer. Try again later.") % {"host": host},
                code="speech_unreachable",
            ) from error
        if data[:4] == b"RIFF" or content_type in {"audio/wav", "audio/x-wav", "audio/wave"}:
            return Audio(data, "wav")
        if (
            content_type in {"audio/mpeg", "audio/mp3"}
            or data[:3] == b"ID3"
            or data[:2] in {b"\xff\xfb", b"\xff\xf3"}
        ):
            return Audio(data, "mp3")
        raise SpeechUnavailable(
            _("The speech service at %(host)s did not send audio.") % {"host": host}, code="speech_not_audio"
        )


engines.register(EspeakEngine())
engines.register(HttpEngine())

# --- checking the script ------------------------------------------------------------------

_ALLOWED_PUNCTUATION = set(" \n\t.,;:!?\"'()[]-–—…/«»“”‘’*•·")


def _speakable(char: str) -> bool:
    if char.isdigit() or char in _ALLOWED_PUNCTUATION:
        return True
    if not char.isalpha():
        return False
    # Vietnamese and other Latin letters: Basic Latin, Latin-1, Latin Extended-A/B and Additional.
    return "LATIN" in unicodedata.name(char, "")


def unspeakable_characters(text: str) -> list[str]:
    """The characters (once each, in order) that no Vietnamese voice can read: "中", "😀", "Ж"…"""
    return list(dict.fromkeys(ch for ch in text if not _speakable(ch)))


def check_script(script: str, *, spoken: SpokenText | None = None) -> SpokenText:
    """The script's spoken form, or a ValidationError saying why it cannot be read aloud."""
    if len(script) > MAX_SCRIPT_CHARACTERS:
        raise ValidationError(
            _(
                "The script is too long to read aloud: %(length)s characters, at most %(limit)s. "
                "Split it into several bulletins."
            )
            % {
                "length": f"{len(script):,}".replace(",", "."),
                "limit": f"{MAX_SCRIPT_CHARACTERS:,}".replace(",", "."),
            },
            code="speech_too_long",
        )
    spoken = spoken or to_spoken(script)
    if not any(ch.isalpha() for ch in spoken.text):
        raise ValidationError(
            _("There is nothing to read aloud: write the script in words first."), code="speech_empty"
        )
    strange = unspeakable_characters(spoken.text)
    if strange:
        raise ValidationError(
            _(
                "The speech engine cannot read these characters: %(characters)s. "
                "Remove them or write them out in Vietnamese words."
            )
            % {"characters": " ".join(strange)},
            code="speech_characters",
        )
    return spoken


# --- splitting ----------------------------------------------------------------------------


def split_for_speech(text: str, max_characters: int) -> list[str]:
    """Chunks of at most `max_characters`, cut at sentence ends; a longer sentence is cut at a
    comma or semicolon, and a longer clause between words. No chunk is empty."""
    chunks: list[str] = []
    current = ""
    for sentence in (span.text.strip() for span in segmentation.sentences(text)):
        for piece in _fit(sentence, max_characters):
            if current and len(current) + 1 + len(piece) > max_characters:
                chunks.append(current)
                current = piece
            else:
                current = f"{current} {piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def _fit(sentence: str, limit: int) -> Iterable[str]:
    if len(sentence) <= limit:
        yield sentence
        return
    for clause in _pack(re.split(r"(?<=[,;:])\s+", sentence), limit):
        if len(clause) <= limit:
            yield clause
        else:
            yield from _pack(clause.split(), limit)


def _pack(parts: list[str], limit: int) -> list[str]:
    packed: list[str] = []
    for part in parts:
        if packed and len(packed[-1]) + 1 + len(part) <= limit:
            packed[-1] = f"{packed[-1]} {part}"
        else:
            packed.append(part)
    return packed


# --- audio --------------------------------------------------------------------------------


def _pcm(audio: Audio) -> bytes:
    """16-bit mono PCM at SAMPLE_RATE: espeak's WAV as it is, anything else through ffmpeg."""
    if audio.format == "wav":
        try:
            with wave.open(io.BytesIO(audio.data)) as reader:
                shape = (reader.getnchannels(), reader.getsampwidth(), reader.getframerate())
                if shape == (1, 2, SAMPLE_RATE):
                    return reader.readframes(reader.getnframes())
        except (wave.Error, EOFError):
            pass
    ffmpeg = _require("ffmpeg", "ffmpeg")
    command = [ffmpeg, *f"-v error -i pipe:0 -f s16le -ac 1 -ar {SAMPLE_RATE} pipe:1".split()]
    try:
        return _run(command, data=audio.data).stdout
    except RuntimeError as error:
        raise SpeechUnavailable(
            _("The speech engine sent audio that cannot be read."), code="speech_bad_audio"
        ) from error


def _encode_mp3(pcm: bytes, folder: Path) -> Path:
    source = folder / "bulletin.wav"
    with wave.open(str(source), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(pcm)
    target = folder / "bulletin.mp3"
    # Quality 7 is lame's (and libmp3lame's) fast mode: for speech at 64 kbit/s no one hears the
    # difference, and it encodes about twice as fast as the default.
    lame = shutil.which("lame")
    if lame:
        _run([lame, "--quiet", "-m", "m", "-q", "7", "-b", str(MP3_BITRATE_KBPS), str(source), str(target)])
    else:
        ffmpeg = _require("ffmpeg", "ffmpeg")
        options = f"-codec:a libmp3lame -compression_level 7 -b:a {MP3_BITRATE_KBPS}k".split()
        _run([ffmpeg, "-v", "error", "-y", "-i", str(source), *options, str(target)])
    return target


def _duration_command(path: Path) -> list[str]:
    ffprobe = _require("ffprobe", "ffmpeg")
    return [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", str(path)]


def _loudness_command(path: Path) -> list[str]:
    # framelog=verbose keeps the per-frame log out of the output; the summary is still printed.
    ffmpeg = _require("ffmpeg", "ffmpeg")
    return [
        ffmpeg,
        "-nostats",
        "-hide_banner",
        "-i",
        str(path),
        *("-af", "ebur128=framelog=verbose", "-f", "null", "-"),
    ]


_INTEGRATED = re.compile(r"I:\s+(-?\d+(?:\.\d+)?|-inf)\s+LUFS")


def _parse_duration(output: bytes) -> float:
    return round(float(output.decode().strip()), 3)


def _parse_loudness(output: bytes) -> float | None:
    found = _INTEGRATED.findall(output.decode(errors="replace"))
    if not found or found[-1] == "-inf" or float(found[-1]) <= -70:
        return None
    return float(found[-1])


def duration_seconds(path: Path) -> float:
    """The duration ffprobe reads from the file."""
    return _parse_duration(_run(_duration_command(path)).stdout)


def loudness_lufs(path: Path) -> float | None:
    """Integrated loudness (EBU R 128) from ffmpeg's ebur128 filter; None for silence."""
    return _parse_loudness(_run(_loudness_command(path)).stderr)


def measure(path: Path) -> tuple[float, float | None]:
    """(duration, loudness) of an audio file, ffprobe and ffmpeg running side by side."""
    with (
        subprocess.Popen(_duration_command(path), stdout=subprocess.PIPE, stderr=subprocess.PIPE) as probe,
        subprocess.Popen(_loudness_command(path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as meter,
    ):
        probe_out, probe_err = probe.communicate(timeout=TIMEOUT_SECONDS)
        _, meter_err = meter.communicate(timeout=TIMEOUT_SECONDS)
    if probe.returncode or meter.returncode:
        raise RuntimeError(
            f"measuring {path.name} failed: {(probe_err + meter_err).decode(errors='replace')[-500:]}"
        )
    return _parse_duration(probe_out), _parse_loudness(meter_err)


def speak(script: str, *, engine: str = "espeak") -> SpeechResult:
    """Read `script` aloud with the engine `engine` and return the bulletin as one MP3.

    Raises ValidationError for a script that cannot be read and SpeechUnavailable (also a
    ValidationError) when the engine or ffmpeg cannot run. Nothing is stored: the caller
    saves `result.mp3` where it belongs.
    """
    try:
        chosen = engines.get(engine)
    except LookupError:
        raise ValidationError(
            _("There is no speech engine called %(engine)s.") % {"engine": engine}, code="speech_engine"
        ) from None
    spoken = check_script(script)
    chosen.check()
    _require("ffmpeg", "ffmpeg")
    _require("ffprobe", "ffmpeg")
    chunks = split_for_speech(spoken.text, chosen.max_chunk_characters)
    pause = b"\x00\x00" * int(SAMPLE_RATE * PAUSE_SECONDS)
    pcm = pause.join(_pcm(chosen.synthesize(chunk)) for chunk in chunks)
    with tempfile.TemporaryDirectory(prefix="lantoa-tts-") as folder:
        mp3 = _encode_mp3(pcm, Path(folder))
        duration, loudness = measure(mp3)
        return SpeechResult(
            mp3=mp3.read_bytes(),
            duration_seconds=duration,
            loudness_lufs=loudness,
            spoken=spoken,
            chunks=tuple(chunks),
            engine=chosen.code,
        )
