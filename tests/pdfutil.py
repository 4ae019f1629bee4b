"""Open produced PDFs the way a reviewer would: text, fonts, pages, metadata."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def page_texts(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    return pdf_text(path).split("\f")[:-1]


@dataclass(frozen=True)
class FontInfo:
    name: str
    embedded: bool
    subset: bool


def pdf_fonts(path: Path) -> list[FontInfo]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    fonts = []
    for line in out:
        fields = line.split()
        # name ... emb sub uni object ID: the last five columns are fixed
        fonts.append(FontInfo(fields[0].split("+")[-1], fields[-5] == "yes", fields[-4] == "yes"))
    return fonts


def page_sizes(path: Path) -> set[tuple[int, int]]:
    reader = PdfReader(path)
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


def catalog(path: Path):
    return PdfReader(path).trailer["/Root"]


def outline_titles(path: Path) -> list[str]:
    reader = PdfReader(path)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def word_heights(path: Path) -> list[float]:
    """Heights of the words on page 2 (body text), from pdftotext's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [float(m[2]) - float(m[1]) for m in
            re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', html)
            for m in [(None, m.group(1), m.group(2))]]


def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def word_boxes(path: Path) -> list[tuple[float, float, float, float]]:
    """(xMin, yMin, xMax, yMax) of every word on every page, in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [tuple(float(v) for v in m.groups()) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', html)]
