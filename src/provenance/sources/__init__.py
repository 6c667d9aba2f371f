"""The sources: articles as text files in sources/, listed in sources/sources.csv (the manifest).

    manifest.py  reads the manifest: `Source`, `load_sources`, texts, hashes, stamps, `LazyTexts`
    update.py    writes the manifest, changing only the rows given
    intake.py    a new source read, checked and registered (copy, archive, manifest row)
    page.py      a page read as a source: `Page`, `MIN_WORDS`
    webpage.py   saved web pages (trafilatura), kept raw under sources/raw/
    pdf.py       PDF sources, page by page; `page_of`
    fetch.py     a URL fetched once, with a whole-download timeout and a size limit
"""
from .fetch import fetch as fetch_url, is_url
from .intake import read_new_source, register_source
from .manifest import (MANIFEST, PLAIN_NAME, TEXT_SUFFIXES, LazyTexts, Source, SourceWarning, Stamp, UnreadLanguage, child_path,
                       load_corpus, load_sources, read_csv_rows, read_source, sha256_file, stamp_of)
from .pdf import page_of
from .update import update_manifest
from .webpage import RAW_FOLDER, read_archived

__all__ = ["MANIFEST", "PLAIN_NAME", "RAW_FOLDER", "TEXT_SUFFIXES", "LazyTexts", "Source", "SourceWarning", "Stamp", "UnreadLanguage",
           "child_path", "fetch_url", "is_url", "load_corpus", "load_sources", "page_of", "read_archived",
           "read_csv_rows", "read_new_source", "read_source", "register_source", "sha256_file", "stamp_of",
           "update_manifest"]
