"""Thai: lines break only between words of a real dictionary.

Thai has no spaces between words.  Pango asks libthai where a Thai line may
break, and libthai's own dictionary lacks transliterated loanwords and many
compounds: it cut ไฟโบ|รบลาสต์, หนัง|แท้, ต่อ|เนื่อง, and the disclaimer's
คำแนะนำทางการ|แพทย์ (read as "official advice").

The renderer gives libthai a better dictionary: PyThaiNLP's 62,000 words
(the dictionary of its ``newmm`` tokenizer), the medical words of
``th_words.txt`` (loanwords such as ไฟโบรบลาสต์, เมโสเทอราพี) and the
locale's glossary terms, compiled with libdatrie's ``trietool`` into
``thbrk.tri`` (cached under ``~/.cache/clinic-handouts/``).  The renderer
process points ``LIBTHAI_DICTDIR`` at it before its first Thai layout, so
Pango itself breaks only between those words: no markup at all.  (Marking
every word up instead, a ``span`` with ``white-space: nowrap`` and a
``<wbr>`` between words, made WeasyPrint 2.5 to 4 times slower; it remains
the fallback when ``trietool`` is missing, see :func:`keep_thai_words`.)

libthai cuts only between character clusters, so no line starts with a
following vowel or tone mark and none ends with a leading vowel.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from .markup import Marked

_THAI_RUN = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")
_WORDS_FILE = Path(__file__).with_name("th_words.txt")
#: libthai's alphabet (its data/thbrk.abm): a word outside it cannot be stored.
_ALPHABET_MAP = "[0x002d,0x002e]\n[0x0e01,0x0e3a]\n[0x0e40,0x0e4e]\n"
_IN_ALPHABET = re.compile(r"^[\-.\u0e01-\u0e3a\u0e40-\u0e4e]+$")
#: Counters and units after a number (``3 ครั้ง``), longest first.
COUNTERS = tuple(sorted("""
ครั้ง วัน สัปดาห์ เดือน ปี ชั่วโมง นาที วินาที เท่า ชนิด ระยะ ขั้น ข้อ คน ราย แห่ง หน้า
มิลลิกรัม มิลลิลิตร กรัม ลิตร เซนติเมตร มิลลิเมตร เปอร์เซ็นต์ ประเภท ชั้น อย่าง
""".split(), key=len, reverse=True))
ENVIRONMENT = "LIBTHAI_DICTDIR"


@lru_cache(maxsize=1)
def medical_words() -> frozenset[str]:
    """The shipped supplement to the general dictionary."""
    lines = _WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def dictionary_words(extra: frozenset[str] = frozenset()) -> list[str]:
    """Every word of the line-breaking dictionary, sorted: PyThaiNLP's, the
    medical supplement and *extra* (glossary terms), those libthai can store."""
    from pythainlp.corpus import thai_words

    words = set(thai_words()) | medical_words() | {w.strip() for w in extra}
    return sorted(w for w in words if _IN_ALPHABET.match(w))


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "clinic-handouts"


@lru_cache(maxsize=4)
def dictionary_dir(extra: frozenset[str] = frozenset()) -> Path | None:
    """A folder holding ``thbrk.tri`` for libthai, built once per word list;
    ``None`` when libdatrie's ``trietool`` is not installed."""
    tool = shutil.which("trietool") or shutil.which("trietool-0.2")
    if tool is None:
        return None
    words = dictionary_words(extra)
    digest = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]
    folder = _cache_dir() / f"thai-dictionary-{digest}"
    if (folder / "thbrk.tri").is_file():
        return folder
    try:
        _cache_dir().mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=_cache_dir()) as work:
            work_dir = Path(work)
            (work_dir / "thbrk.abm").write_text(_ALPHABET_MAP, encoding="ascii")
            (work_dir / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
            subprocess.run([tool, "thbrk", "add-list", "-e", "utf-8", "words.txt"],
                           cwd=work_dir, check=True, capture_output=True, timeout=60)
            built = work_dir / "built"
            built.mkdir()
            (work_dir / "thbrk.tri").rename(built / "thbrk.tri")
            try:
                built.rename(folder)
            except OSError:     # another process built it meanwhile
                if not (folder / "thbrk.tri").is_file():
                    raise
    except (OSError, subprocess.SubprocessError):
        return None
    return folder


def line_break_environment(extra: frozenset[str] = frozenset()) -> dict[str, str]:
    """What the renderer process needs so that Pango breaks Thai with the
    dictionary (``{}`` when it cannot be built: then the text is marked up)."""
    folder = dictionary_dir(frozenset(extra))
    return {ENVIRONMENT: str(folder)} if folder else {}


# --- the fallback: markup ------------------------------------------------------------

@lru_cache(maxsize=4)
def _trie(extra: frozenset[str]):
    from pythainlp.util import Trie

    return Trie(dictionary_words(extra))


def word_spans(text: str, extra: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) of the dictionary words (``newmm``) of *text*'s Thai runs."""
    from pythainlp.tokenize.newmm import segment

    spans = []
    for match in _THAI_RUN.finditer(text):
        position = match.start()
        for word in segment(match.group(), custom_dict=_trie(frozenset(extra))):
            spans.append((position, position + len(word)))
            position += len(word)
    return spans


def keep_thai_words(marked: Marked, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Without the dictionary for Pango: each word of *spans* longer than one
    character kept whole (returned, for the caller to merge with other units),
    with a ``<wbr>`` between two words, the only places a Thai line may end."""
    whole = []
    ends = {end for _, end in spans}
    for start, end in spans:
        if end - start > 1:
            whole.append((start, end))
        if start in ends:
            marked.insert(start, "<wbr>")
    return whole


def counter_end(text: str, position: int) -> int | None:
    """The end of a counter or unit right after *position* (a space allowed
    before it), for a number's unit: ``3 ครั้ง``."""
    start = position + 1 if text[position:position + 1] == " " else position
    for counter in COUNTERS:
        if text.startswith(counter, start):
            return start + len(counter)
    return None
