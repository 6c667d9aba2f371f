"""A page read as a source: its text and what it says of itself (web pages and PDFs alike)."""
from __future__ import annotations

from dataclasses import dataclass

MIN_WORDS = 12          # fewer words than this is a menu or a script shell, not an article

@dataclass(frozen=True)
class Page:
    """The article's text, and what the page says of itself: title, author, outlet, published, url."""
    text: str
    meta: dict
