"""claims.csv as blocks, one per source: the file is sorted by source, so a re-run after a few
changed sources copies every other source's rows as the bytes they are and renders only the
changed sources' rows (merged with what a person decided on them).

The cache remembers the file's layout as it wrote it: each block's source, length in bytes, row
and human-row counts, and the (kind, subject, place) its rows name, which is all events.csv and
subjects.csv are derived from. The layout is trusted only while claims.csv is the very file the cache saw written.
"""
from __future__ import annotations

import csv
import marshal
from dataclasses import dataclass, field
from itertools import accumulate, groupby
from pathlib import Path

import pandas as pd

from ..claims import HUMAN_STATUSES, merge, read_claims_bytes, text_rows, validated
from ..plumbing import atomic_write_pieces, csv_lines
from ..filing import mentions

LAYOUT_FORMAT = 3  # 1 was JSON; 2 kept tolls' (subject, place) alone


@dataclass(frozen=True)
class Block:
    """One source's rows of claims.csv, as written."""
    source_id: str
    data: bytes
    rows: int
    human: int
    named: frozenset  # (kind, subject, place) its rows name (see events.mentions)


def header(columns: list[str]) -> bytes:
    return csv_lines([columns])[0].encode("utf-8")


def blocks_of(df: pd.DataFrame, columns: list[str]) -> list[Block]:
    """A sorted table's rows, rendered as to_csv_text renders them, in one block per source."""
    if df.empty:
        return []
    lines = csv_lines(text_rows(df, columns))
    df = df.fillna("")
    rows = zip(df["source_id"].astype(str).tolist(), lines, df["status"].tolist(), df["attribute"].tolist(),
               df["subject"].astype(str).tolist(), df["qualifiers"].astype(str).tolist())
    out = []
    for sid, group in groupby(rows, key=lambda r: r[0]):
        group = list(group)
        out.append(Block(sid, "".join(r[1] for r in group).encode("utf-8"), len(group),
                         sum(1 for r in group if r[2] in HUMAN_STATUSES),
                         frozenset(mentions((r[3], r[4], r[5]) for r in group))))
    return out


def write_blocks(path: Path, head: bytes, pieces: list[bytes | memoryview]) -> None:
    atomic_write_pieces(Path(path), [head, *pieces])


@dataclass
class Layout:
    """claims.csv as the cache saw it written: its header, and its blocks in file order, a list
    per field (a list per block would take longer to load than the splice it saves)."""
    header: bytes
    sources: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)      # bytes
    rows: list[int] = field(default_factory=list)
    human: list[int] = field(default_factory=list)
    pairs: list[tuple] = field(default_factory=list)    # every (kind, subject, place) named, once
    named: dict[int, list[int]] = field(default_factory=dict)  # block -> its pairs (by index in `pairs`)

    def __post_init__(self):
        self._codes = {p: i for i, p in enumerate(self.pairs)}

    @classmethod
    def of(cls, head: bytes, blocks: list[Block]) -> "Layout":
        layout = cls(head)
        for b in blocks:
            layout.add(b)
        return layout

    def add(self, block: Block) -> None:
        if block.named:
            for pair in block.named:
                if pair not in self._codes:
                    self._codes[pair] = len(self.pairs)
                    self.pairs.append(pair)
            self.named[len(self.sources)] = sorted(self._codes[p] for p in block.named)
        self._append(block.source_id, len(block.data), block.rows, block.human)

    def copy(self, other: "Layout", i: int) -> None:
        """Block `i` of `other` (whose pairs this layout's begin with) as this layout's next."""
        if i in other.named:
            self.named[len(self.sources)] = other.named[i]
        self._append(other.sources[i], other.sizes[i], other.rows[i], other.human[i])

    def _append(self, sid: str, size: int, rows: int, human: int) -> None:
        self.sources.append(sid)
        self.sizes.append(size)
        self.rows.append(rows)
        self.human.append(human)

    def mentions(self) -> set[tuple]:
        """(source id, kind, subject, place) of every block's rows (see events.mentions)."""
        return {(self.sources[i], *self.pairs[k]) for i, codes in self.named.items() for k in codes}

    def dumps(self) -> bytes:
        """The layout as marshal bytes: a list per field of 100k blocks loads in a third of the
        time JSON takes, and is written in a tenth."""
        return marshal.dumps((LAYOUT_FORMAT, self.header, self.sources, self.sizes, self.rows, self.human,
                              self.pairs, self.named))

    @classmethod
    def loads(cls, data: bytes) -> "Layout":
        """A layout dumped; ValueError (or TypeError, EOFError) for another version's."""
        form, head, sources, sizes, rows, human, pairs, named = marshal.loads(data)
        if form != LAYOUT_FORMAT or not isinstance(head, bytes) or not isinstance(named, dict) \
                or not all(isinstance(f, list) for f in (sources, sizes, rows, human, pairs)):
            raise ValueError("not a layout of this version")
        return cls(head, sources, sizes, rows, human, pairs, named)

    def starts(self, size: int) -> list[int] | None:
        """Each block's first byte in a file of `size` bytes; None when the blocks do not fill it."""
        starts = list(accumulate(self.sizes, initial=len(self.header)))
        return starts if starts[-1] == size else None


@dataclass(frozen=True)
class Spliced:
    layout: Layout
    rows: int
    human: int


def rewrite(path: Path, layout: Layout, kept: frozenset[str], fresh: list[dict], order: list[str],
            write_tables) -> Spliced | None:
    """claims.csv anew with the rows of `kept` sources copied as they stand and every other
    source's old rows merged with its `fresh` ones (as a whole-file merge would); None when the
    file does not match its layout (then the caller reads the whole file)."""
    path = Path(path)
    data = path.read_bytes()
    starts = layout.starts(len(data)) if data.startswith(layout.header) else None
    index = {sid: i for i, sid in enumerate(layout.sources)}
    if starts is None or len(index) != len(layout.sources):  # not this file's layout, or a source twice
        return None
    columns = next(csv.reader([layout.header.decode("utf-8")]))
    others = b"".join(data[starts[i]:starts[i + 1]] for i, sid in enumerate(layout.sources) if sid not in kept)
    existing = validated(read_claims_bytes(layout.header + others, str(path)), str(path)).frame
    table = merge(existing, fresh, [sid for sid in order if sid not in kept])  # (their order, without a 100k map)
    redone = {b.source_id: b for b in blocks_of(table, columns)}
    new = Layout(layout.header, pairs=list(layout.pairs))
    pieces = []
    for sid in order:
        if sid in kept:
            if sid in index:  # else it has no rows
                i = index[sid]
                new.copy(layout, i)
                pieces.append((starts[i], starts[i + 1]))
        elif sid in redone:
            new.add(redone[sid])
            pieces.append(redone.pop(sid).data)
    for block in redone.values():  # rows of sources no longer in the corpus (a person's) come last
        new.add(block)
        pieces.append(block.data)
    write_tables(new.mentions())
    write_blocks(path, layout.header, _joined(memoryview(data), pieces))
    return Spliced(new, sum(new.rows), sum(new.human))


def _joined(old: memoryview, parts: list) -> list:
    """The new file's pieces from `parts` (a block's (start, end) in the old file, or new bytes):
    old blocks that follow one another in the old file are one view of it, so a re-run writes a
    few long pieces, not 100k copied slices."""
    out, run = [], None
    for part in parts:
        if isinstance(part, tuple) and run and run[1] == part[0]:
            run = (run[0], part[1])
            continue
        if run:
            out.append(old[run[0]:run[1]])
        run = part if isinstance(part, tuple) else None
        if run is None:
            out.append(part)
    if run:
        out.append(old[run[0]:run[1]])
    return out
