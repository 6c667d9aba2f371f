"""The blind clusters of tests/data/blind (real CC-licensed texts on subjects no rule had seen,
gold written by an annotator who saw neither code nor output; see its README for each cluster's
blind score). Once scored blind they are tests like the others: the floors are the scores the
extraction reaches on them now, so a change that loses a claim there fails, and
`python tests/realset.py --set tests/data/blind/<cluster> --show` says which.
"""
from pathlib import Path

import pytest

from realset import score

BLIND = Path(__file__).parent / "data" / "blind"

# cluster: (core found, all-level found, claims backed by the gold) at least
FLOORS = {
    "amis_darfur": (13, 20, 19),
    "anjouan_2008": (1, 8, 8),
    "arab_league": (10, 26, 25),
    "artemis_ituri": (6, 8, 8),
    "council_of_europe": (12, 19, 16),
    "dominican_1965": (2, 14, 14),
    "eufor_tchad_rca": (10, 24, 23),
    "grenada_1983": (6, 8, 8),
    "haiti_2010": (12, 15, 14),
    "igad": (13, 32, 30),
    "interfet": (2, 6, 6),
    "isaf": (4, 5, 5),
    "lac_megantic_2013": (9, 16, 12),
    "fiji_suspensions": (7, 9, 7),
    "licorne_unoci": (13, 18, 17),
    "mumbai_2008": (16, 18, 18),
    "opec_membership": (15, 16, 14),
    "ramsi": (9, 15, 15),
    "russo_georgian_2008": (4, 7, 6),
    "sadc_lesotho": (4, 14, 12),
    "tiananmen_1989": (0, 9, 9),
    "turquoise_unamir_1994": (5, 8, 8),
    "unamsil_sierra_leone": (9, 19, 17),
    "unficyp": (5, 11, 9),
    "unifil": (14, 18, 19),
}


@pytest.mark.parametrize("cluster", sorted(FLOORS))
def test_blind_cluster_keeps_its_claims(cluster):
    s = score(BLIND / cluster)
    core, every, backed = FLOORS[cluster]
    report = "\n".join(s.misses + s.unexpected)
    assert s.core[0] >= core and s.all[0] >= every and s.precision[0] >= backed, report


def test_every_blind_cluster_is_tested():
    assert {p.name for p in BLIND.iterdir() if p.is_dir()} == set(FLOORS)
