"""A project as a reviewer sees it: the claims, the sources, the comparison and the acceptances,
read together and kept until one of the files changes (what `show` and `serve` read)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path


from ..review import Standing, read_accepted, standings
from ..claims import ClaimTable, read_claims_file, validated
from ..sources import MANIFEST, load_corpus


@dataclass(frozen=True)
class State:
    """Everything read at one moment; never changed afterwards."""
    table: ClaimTable                       # claims.csv as read: the frame, and the rows by id
    meta: dict[str, dict]                   # source id -> manifest fields
    texts: object                           # source id -> text (read lazily)
    comparison: object
    accepted: dict[str, dict]               # discrepancy id -> baseline row
    findings_of: dict[str, list[str]]       # claim id -> ids of the discrepancies it is in
    standing: dict[str, Standing] = field(default_factory=dict)  # accepted id -> what changed since

    def acceptance(self, discrepancy_id: str) -> dict | None:
        """The accepted row that covers a finding (changed since or not); None when none does."""
        stand = self.standing.get(discrepancy_id)
        return stand.row if stand else None

    def stands(self, discrepancy_id: str) -> bool:
        """Whether a finding is accepted and has not changed since."""
        return discrepancy_id in self.standing and not self.standing[discrepancy_id].stale

    @property
    def discrepancies(self) -> dict:
        return {d.id: d for d in self.comparison.discrepancies}

    @property
    def claims(self) -> dict[str, dict]:
        """claim id -> row."""
        return self.table.by_id

    def claims_of(self, source_id: str) -> list[dict]:
        """A source's claims in the order of the text."""
        return self.table.of_source(source_id)


def read_state(claims_path: Path, sources_dir: Path, baseline_path: Path) -> State:
    """Read and compare the project as it stands."""
    from ..compare import compare
    table = validated(read_claims_file(Path(claims_path)), str(claims_path))
    meta, texts = load_corpus(Path(sources_dir), table.frame)
    comparison = compare(table.frame, meta, texts)
    findings_of: dict[str, list[str]] = {}
    for d in comparison.discrepancies:
        for cid in d.claim_ids:
            findings_of.setdefault(cid, []).append(d.id)
    accepted = read_accepted(Path(baseline_path))
    quote_of = {cid: r["quote"] for cid, r in table.by_id.items()}
    return State(table, meta, texts, comparison, accepted, findings_of,
                 standings(accepted, comparison.discrepancies, quote_of))


@dataclass
class Project:
    """The files of one project, and their state read again only when one of them changed."""
    claims_path: Path
    sources_dir: Path
    reports_dir: Path
    baseline_path: Path
    _memo: dict = field(default_factory=dict, repr=False)     # "stamp" -> files' stamp, "state" -> State
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _files_stamp(self) -> tuple:
        stamp = []
        for path in (self.claims_path, Path(self.sources_dir) / MANIFEST, self.baseline_path, self.sources_dir):
            try:
                st = Path(path).stat()
                stamp.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                stamp.append(None)
        return tuple(stamp)

    def state(self) -> State:
        with self._guard:
            stamp = self._files_stamp()
            if self._memo.get("stamp") != stamp:
                self._memo.update(state=read_state(self.claims_path, self.sources_dir, self.baseline_path),
                                  stamp=stamp)
            return self._memo["state"]

    def write_reports(self) -> list[Path]:
        """Rewrite reports/ from the current state (those whose content is unchanged stay as they are)."""
        from ..report import write_reports
        state = self.state()
        return write_reports(state.comparison, state.meta, state.texts, Path(self.reports_dir),
                             rejected=state.table.rejected, in_file=len(state.table))
