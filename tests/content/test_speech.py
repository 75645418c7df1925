import io
import json
import math
import struct
import subprocess
import threading
import wave
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from lantoa.content import speech
from lantoa.content.speech import Audio, SpeechUnavailable, engines, speak, split_for_speech

SENTENCE = "Ủy ban nhân dân phường Hoàn Kiếm mời bà con đến nhà văn hóa học cài đặt ứng dụng."
KEY = "khoa-thu-nghiem-123"


def tone(seconds: float, rate: int = 22050) -> bytes:
    """A 440 Hz WAV, 16-bit mono, at about −20 dBFS."""
    frames = b"".join(
        struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(frames)
    return buffer.getvalue()


def ffprobe_duration(data: bytes, tmp_path) -> float:
    path = tmp_path / "check.mp3"
    path.write_bytes(data)
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", str(path)],
        capture_output=True,
        check=True,
    )
    return float(out.stdout)


def ffprobe_codec(data: bytes, tmp_path) -> str:
    path = tmp_path / "codec.mp3"
    path.write_bytes(data)
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "stream=codec_name",
            "-of",
            "default=nw=1:nk=1",
            str(path),
        ],
        capture_output=True,
        check=True,
    )
    return out.stdout.decode().strip()


# --- the default engine, for real -------------------------------------------------------


def test_espeak_reads_a_vietnamese_sentence_into_an_mp3(tmp_path):
    result = speak(SENTENCE)
    assert result.engine == "espeak"
    assert ffprobe_codec(result.mp3, tmp_path) == "mp3"
    measured = ffprobe_duration(result.mp3, tmp_path)
    assert result.duration_seconds == pytest.approx(measured, abs=0.001)
    assert 3.0 < result.duration_seconds < 12.0  # 19 syllables at 150 words a minute
    assert result.loudness_lufs is not None and -35 < result.loudness_lufs < -8
    assert result.chunks == (
        "Ủy ban nhân dân phường Hoàn Kiếm mời bà con đến nhà văn hóa học cài đặt ứng dụng.",
    )


def test_the_script_is_normalised_before_it_is_read():
    result = speak("UBND phường họp lúc 8h30 ngày 26/11/2026.")
    assert result.chunks == (
        "Ủy ban nhân dân phường họp lúc tám giờ ba mươi phút "
        "ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu.",
    )
    assert [r.original for r in result.spoken.replacements] == ["UBND", "8h30", "26/11/2026"]


def test_a_missing_espeak_names_the_debian_package(monkeypatch):
    real_which = speech.shutil.which
    monkeypatch.setattr(
        speech.shutil, "which", lambda name: None if name == "espeak-ng" else real_which(name)
    )
    with pytest.raises(SpeechUnavailable) as refused:
        speak(SENTENCE)
    assert refused.value.messages == [
        "Speech needs the program espeak-ng, which is not installed on this server. "
        "Ask the administrator to install the Debian package espeak-ng (apt-get install espeak-ng)."
    ]


def test_a_missing_ffprobe_names_ffmpeg(monkeypatch):
    real_which = speech.shutil.which
    monkeypatch.setattr(speech.shutil, "which", lambda name: None if name == "ffprobe" else real_which(name))
    with pytest.raises(SpeechUnavailable, match="install the Debian package ffmpeg"):
        speak(SENTENCE)


def test_without_lame_ffmpeg_encodes_the_mp3(monkeypatch, tmp_path):
    real_which = speech.shutil.which
    monkeypatch.setattr(speech.shutil, "which", lambda name: None if name == "lame" else real_which(name))
    result = speak(SENTENCE)
    assert ffprobe_codec(result.mp3, tmp_path) == "mp3"
    assert result.duration_seconds > 3.0


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("script", ["", "   ", "!!! ... ???", "\n\n"])
def test_a_script_with_nothing_to_read_is_refused(script):
    with pytest.raises(ValidationError) as refused:
        speak(script)
    assert refused.value.messages == ["There is nothing to read aloud: write the script in words first."]


def test_characters_no_voice_can_read_are_refused_and_listed():
    with pytest.raises(ValidationError) as refused:
        speak("Chúc mừng năm mới 😀 新年快乐 Привет")
    assert refused.value.code == "speech_characters"
    assert refused.value.messages == [
        "The speech engine cannot read these characters: 😀 新 年 快 乐 П р и в е т. "
        "Remove them or write them out in Vietnamese words."
    ]


def test_a_script_too_long_is_refused():
    with pytest.raises(ValidationError) as refused:
        speak("Bà con chú ý. " * 2000)
    assert refused.value.messages == [
        "The script is too long to read aloud: 28.000 characters, at most 20.000. "
        "Split it into several bulletins."
    ]


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValidationError, match=r"There is no speech engine called robot\."):
        speak(SENTENCE, engine="robot")


# --- splitting and joining ---------------------------------------------------------------


def test_split_keeps_sentences_whole_and_chunks_within_the_limit():
    text = "Câu thứ nhất ngắn. Câu thứ hai cũng ngắn. Câu thứ ba dài hơn một chút nữa. Hết."
    chunks = split_for_speech(text, 45)
    assert chunks == ["Câu thứ nhất ngắn. Câu thứ hai cũng ngắn.", "Câu thứ ba dài hơn một chút nữa. Hết."]


def test_split_cuts_a_long_sentence_at_commas_then_between_words():
    sentence = (
        "Bà con mang theo căn cước, điện thoại đã sạc pin, "
        "sổ hộ khẩu cũ nếu còn giữ lại trong nhà từ nhiều năm trước, và giấy bút."
    )
    chunks = split_for_speech(sentence, 50)
    assert chunks == [
        "Bà con mang theo căn cước, điện thoại đã sạc pin,",  # two clauses fit
        "sổ hộ khẩu cũ nếu còn giữ lại trong nhà từ nhiều",  # a clause too long: cut between words
        "năm trước, và giấy bút.",
    ]
    assert all(len(chunk) <= 50 for chunk in chunks)
    assert " ".join(chunks) == sentence


def test_split_treats_a_line_break_as_a_sentence_end():
    assert split_for_speech("THÔNG BÁO\nBà con chú ý", 12) == ["THÔNG BÁO", "Bà con chú ý"]


@dataclass(frozen=True)
class ToneEngine:
    """An engine that answers each chunk with one second of tone, and remembers the chunks."""

    code: str = "tone"
    label: str = "Tone"
    max_chunk_characters: int = 60
    received: list[str] = field(default_factory=list)

    def check(self) -> None:
        return None

    def synthesize(self, text: str) -> Audio:
        self.received.append(text)
        return Audio(tone(1.0), "wav")


def test_long_scripts_are_read_in_chunks_joined_into_one_mp3_with_pauses():
    engine = ToneEngine()
    script = "Bà con chú ý lắng nghe. " * 6  # 144 characters: three chunks of at most 60
    with engines.temporarily(engine):
        result = speak(script, engine="tone")
    assert engine.received == ["Bà con chú ý lắng nghe. Bà con chú ý lắng nghe."] * 3
    assert result.chunks == tuple(engine.received)
    # Three seconds of tone and two pauses of 0.35 s; MP3 framing adds a few milliseconds.
    assert result.duration_seconds == pytest.approx(3 + 2 * speech.PAUSE_SECONDS, abs=0.08)
    assert result.loudness_lufs is not None and -28 < result.loudness_lufs < -18


# --- the HTTP engine against a local server ----------------------------------------------


class FakeSpeechService(BaseHTTPRequestHandler):
    answer: tuple[int, str, bytes] = (200, "audio/wav", b"")
    requests: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeSpeechService.requests.append({"headers": dict(self.headers), "body": json.loads(body)})
        if self.headers.get("api-key") != KEY:
            self.send_response(401)
            self.end_headers()
            return
        status, content_type, data = FakeSpeechService.answer
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        return None


@pytest.fixture
def service(settings):
    FakeSpeechService.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSpeechService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TTS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/v1/tts"
    settings.TTS_HTTP_KEY = KEY
    settings.TTS_HTTP_VOICE = "banmai"
    yield server
    server.shutdown()
    server.server_close()


def test_http_engine_posts_the_text_with_the_key_and_reads_a_wav(service, tmp_path):
    FakeSpeechService.answer = (200, "audio/wav", tone(1.5, rate=16000))  # another rate: resampled
    result = speak("Bà con chú ý: 5G đã phủ sóng 100% phường.", engine="http")
    assert result.engine == "http"
    assert FakeSpeechService.requests[0]["body"] == {
        "text": "Bà con chú ý: năm gờ đã phủ sóng một trăm phần trăm phường.",
        "voice": "banmai",
        "format": "mp3",
    }
    assert FakeSpeechService.requests[0]["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert result.duration_seconds == pytest.approx(1.5, abs=0.08)
    assert ffprobe_codec(result.mp3, tmp_path) == "mp3"


def test_http_engine_reads_an_mp3_answer(service, tmp_path):
    wav = tmp_path / "tone.wav"
    wav.write_bytes(tone(2.0))
    mp3 = tmp_path / "tone.mp3"
    subprocess.run(["lame", "--quiet", str(wav), str(mp3)], check=True)
    FakeSpeechService.answer = (200, "audio/mpeg", mp3.read_bytes())
    result = speak("Bà con chú ý.", engine="http")
    # lame's encoder delay and padding are decoded as silence, then encoded again: up to 0.15 s more.
    assert result.duration_seconds == pytest.approx(2.0, abs=0.15)


def test_http_engine_with_a_wrong_key_says_the_service_refused(service, settings):
    settings.TTS_HTTP_KEY = "sai"
    with pytest.raises(SpeechUnavailable) as refused:
        speak("Bà con chú ý.", engine="http")
    host = settings.TTS_HTTP_URL.split("/")[2]
    assert refused.value.messages == [f"The speech service at {host} refused the request (HTTP 401)."]


def test_http_engine_that_answers_without_audio_is_refused(service):
    FakeSpeechService.answer = (200, "text/html", b"<html>maintenance</html>")
    with pytest.raises(SpeechUnavailable, match="did not send audio"):
        speak("Bà con chú ý.", engine="http")


def test_http_engine_not_configured(settings):
    settings.TTS_HTTP_URL = ""
    settings.TTS_HTTP_KEY = ""
    with pytest.raises(SpeechUnavailable) as refused:
        speak("Bà con chú ý.", engine="http")
    assert refused.value.messages == [
        "The cloud speech service is not configured: "
        "set TTS_HTTP_URL and TTS_HTTP_KEY in the server's settings."
    ]


def test_http_engine_unreachable(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSpeechService)
    port = server.server_port
    server.server_close()  # nothing listens on this port any more
    settings.TTS_HTTP_URL = f"http://127.0.0.1:{port}/v1/tts"
    settings.TTS_HTTP_KEY = KEY
    with pytest.raises(SpeechUnavailable) as refused:
        speak("Bà con chú ý.", engine="http")
    assert refused.value.messages == [
        f"The speech service at 127.0.0.1:{port} did not answer. Try again later."
    ]


def test_both_engines_are_registered():
    assert [engine.code for engine in engines] == ["espeak", "http"]
