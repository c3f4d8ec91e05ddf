"""The export equals samples the official generators wrote (tests/data/official), sample for sample.

The golden files were made by running the official generators of cl-1-koi/AP-MDM at
commit 822a2fd unmodified, outside this repository; each file's ``header`` says how
(the call and the versions). They hold every sample's metadata and a digest of its six
fields, and the fields in full for most samples. Compared here: Sudoku 8 puzzles
(12,832 samples: depth 18, 19, 21, 25, 28 and 33 searches, three skull→branch puzzles,
one with six skull→branches at depth ≤ 11 and 10,704 samples), max-flow 2 builder runs
(30 seeds from 0, 2 graphs dropped, 1,198 samples; the generator script's own defaults,
12 seeds from 42, 382 samples), parity the 7 official samples.
"""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from proofs import trajectories
from proofs.trajectory_files import EXTRA_KEYS
from simulators.trace import FIELDS
from theory.families import sudoku

DATA = Path(__file__).resolve().parent.parent / "data" / "official"
COMMIT = "822a2fd153f30fb7f95321ae16cf53e5e2a1f543"


def digest(sample):
    """The golden files' digest: each field as int64 little-endian, prefixed by its length."""
    h = hashlib.blake2b(digest_size=16)
    for key in FIELDS:
        values = np.asarray(sample[key], dtype=np.int64)
        h.update(len(values).to_bytes(8, "little"))
        h.update(values.astype("<i8").tobytes())
    return h.digest()


def debug_infos(name):
    """The official samples' debug_info (parity), or None."""
    with np.load(DATA / name) as data:
        return [json.loads(str(text)) for text in data["debug_info"]] if (
            "debug_info" in data) else None


def load(name):
    """Return (header, metadata list, digests, {sample index: fields}) of a golden file."""
    with np.load(DATA / name) as data:
        header = json.loads(str(data["header"]))
        keys = [str(k) for k in data["metadata_keys"]]
        columns = {k: data["meta_" + k].tolist() for k in keys}
        metadata = [{k: columns[k][i] for k in keys} for i in range(len(data["digest"]))]
        digests = [bytes(row) for row in data["digest"]]
        full = {}
        for n, index in enumerate(data["full_index"].tolist()):
            full[index] = {k: data[k][data[k + "_offsets"][n]:data[k + "_offsets"][n + 1]]
                           for k in FIELDS}
    return header, metadata, digests, full


def compare(ours, golden):
    """The first difference between our samples and a golden file's, or None."""
    _, metadata, digests, full = golden
    if len(ours) != len(metadata):
        return f"{len(ours)} samples, the official generator wrote {len(metadata)}"
    for index, sample in enumerate(ours):
        mine = {k: v for k, v in sample["solver_metadata"].items() if k not in EXTRA_KEYS}
        if "instance_id" not in metadata[index]:      # parity: this package's extra key
            mine.pop("instance_id", None)
        if list(mine.items()) != list(metadata[index].items()):
            return f"sample {index}: metadata {mine} != official {metadata[index]}"
        if index in full:
            for key in FIELDS:
                if not np.array_equal(np.asarray(sample[key]), full[index][key]):
                    where = np.flatnonzero(np.asarray(sample[key]) != full[index][key])
                    return f"sample {index}: {key} differs at {where[:5].tolist()}"
        if digest(sample) != digests[index]:
            return f"sample {index}: the fields' digest differs"
    return None


@pytest.fixture(scope="module")
def sudoku_golden():
    return load("sudoku.npz")


def test_every_golden_file_says_how_it_was_made():
    for name in ("sudoku.npz", "maxflow_seed0.npz", "maxflow_defaults.npz", "parity.npz"):
        header = load(name)[0]
        assert COMMIT in header["made_by"] and "unmodified" in header["made_by"]
        assert header["command"]


def _sudoku_ours(puzzles, encoding="official"):
    ours = []
    for index, text in enumerate(puzzles):
        ours += trajectories.sudoku_samples(sudoku.parse(text), encoding, instance_id=index)
    return ours


def test_sudoku_export_equals_the_official_generator_on_deep_and_skull_to_branch_searches(
        sudoku_golden):
    puzzles = sudoku_golden[0]["puzzles"]
    metadata = sudoku_golden[1]
    assert len(puzzles) == 8 and len(metadata) == 12_832
    depths = [max(m["branch_id"] for m in metadata if m["instance_id"] == i) for i in range(8)]
    assert sum(d >= 17 for d in depths) == 6          # deep searches: colours are reused
    skulls = {m["instance_id"] for m in metadata if m["operation"] == "skull_to_branch_step1"}
    assert len(skulls) == 4 and depths[7] <= 15      # one of them stays within 15 colours
    assert compare(_sudoku_ours(puzzles), sudoku_golden) is None


def test_the_sudoku_golden_comparison_catches_depth_colours_and_the_skull_quirk(sudoku_golden):
    """Negative control: the extended encoding (colours by depth, one per depth) is lawful
    and solves the same searches, and differs from the official samples: on the deep
    puzzle at its first colour past 15, on the skull→branch puzzle at its first quirk."""
    puzzles = sudoku_golden[0]["puzzles"]
    header, metadata, digests, full = sudoku_golden
    for index in (0, 7):
        rows = [i for i, m in enumerate(metadata) if m["instance_id"] == index]
        part = ([metadata[i] for i in rows], [digests[i] for i in rows],
                {n: full[i] for n, i in enumerate(rows) if i in full})
        ours = list(trajectories.sudoku_samples(sudoku.parse(puzzles[index]), "extended",
                                                instance_id=index))
        problem = compare(ours, (header,) + part)
        assert problem is not None and ("digest" in problem or "differs" in problem)


@pytest.mark.parametrize("name", ["maxflow_seed0.npz", "maxflow_defaults.npz"])
def test_maxflow_official_export_equals_the_official_dataset_builder(name):
    golden = load(name)
    arguments = golden[0]["arguments"]
    count, seed = arguments.pop("num_instances"), arguments.pop("seed")
    skipped = []
    ours = [sample for _, sample in trajectories.generate_samples(
        "maxflow", count, None, seed, official=True, ranges=arguments,
        on_skip=lambda index, reason: skipped.append(index))]
    assert compare(ours, golden) is None
    kept = {m["instance_id"] for m in golden[1]}
    assert sorted(skipped) == sorted(set(range(count)) - kept)
    if name == "maxflow_seed0.npz":
        assert len(golden[1]) == 1198 and skipped == [17, 23]


def test_the_maxflow_golden_comparison_catches_per_instance_numbering():
    """Negative control: numbering samples per instance (as the export once did) fails."""
    golden = load("maxflow_seed0.npz")
    ours = [sample for _, sample in trajectories.generate_samples(
        "maxflow", 30, None, 0, official=True)]
    for sample in ours:
        sample["solver_metadata"]["sample_id"] = sample["solver_metadata"]["step_id"]
    assert "metadata" in compare(ours, golden)


def test_parity_official_layout_windows_are_the_official_samples():
    golden = load("parity.npz")
    official = {tuple(np.asarray(golden[3][i]["x_k"]).tolist()): i for i in range(7)}
    seen = set()
    for bits in ([0, 1, 1, 0, 0, 1], [1, 1, 0, 1], [0, 0, 1, 0], [1, 0, 1, 1, 1]):
        for sample in trajectories.parity_samples(bits, layout="official"):
            index = official[tuple(sample["x_k"].tolist())]
            single = ([{**golden[1][index], "sample_id": sample["solver_metadata"]["sample_id"]}],
                      [golden[2][index]], {0: golden[3][index]})
            assert compare([sample], (golden[0],) + single) is None
            assert sample["debug_info"] == debug_infos("parity.npz")[index]
            seen.add(index)
    assert seen == set(range(7))


def test_parity_sample_ids_count_from_zero_across_the_file():
    samples = [s for _, s in trajectories.generate_samples("parity", 3, 6, 0, layout="official")]
    assert [s["solver_metadata"]["sample_id"] for s in samples] == list(range(len(samples)))
