"""Trajectory files: write samples as JSONL, .npz or the official .pkl.gz container, streaming, in bounded memory.

Formats (each sample: the six official fields and ``solver_metadata``; parity's official
layout also carries the official ``debug_info``, kept in .jsonl and .pkl.gz):

- ``.jsonl``: one JSON object a line, ``{x_k, y_star, r_star, e_star, c_star,
  x_k_plus_1, solver_metadata}``.
- ``.npz``: for each field ``F``, ``F`` (all samples concatenated; ``uint8`` when every
  token id is below 256, else ``int16``/``int32``; labels ``uint8``) and ``F_offsets``
  (``int64``, ``n + 1`` entries: sample i is ``F[F_offsets[i]:F_offsets[i + 1]]``);
  ``metadata_keys`` (the metadata keys in order) and one array per key, under the
  key's own name (``operation``, ``instance_id``, ``sample_id``, ...); ``mask_id`` and,
  when known, ``vocab`` (token names by id). Written column by column through
  temporary files beside the output, so memory stays bounded whatever the count (the
  temporary files take about the uncompressed size on disk until the end). Members carry
  a fixed date, so the same samples always give the same bytes.
- ``.pkl.gz``: the official container, as the official loaders read it: a gzip'd
  pickle of ``{"samples": [...], "total_samples": n, "format_version": ...}`` (Sudoku
  "3.0", max-flow "1.0" with ``dataset_type``) or a bare list (parity); samples hold the
  official types (Sudoku: ``uint8`` arrays and NumPy scalars; max-flow and parity: lists
  of ints) and only the official metadata keys. Streamed: the list is pickled a batch
  of samples at a time.
"""

import gzip
import json
import pickle
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from simulators.errors import TraceFormatError
from simulators.trace import FIELDS

__all__ = ["SUFFIXES", "write_samples", "suffix_of"]

SUFFIXES = (".jsonl", ".npz", ".pkl.gz")
"""The formats :func:`write_samples` writes, by file suffix."""

EXTRA_KEYS = ("mask_id",)
"""Metadata keys this package adds to the official ones (left out of .pkl.gz)."""

_LABELS = ("r_star", "e_star", "c_star")
_CHUNK = 1 << 20
_BATCH = 1024        # samples kept in memory before their columns are written


def suffix_of(path):
    """Return the format suffix of ``path`` (one of :data:`SUFFIXES`).

    Raises
    ------
    TraceFormatError
        For any other suffix.
    """
    name = Path(path).name
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    raise TraceFormatError(f"cannot tell the format of {path}: use a "
                           f"{', '.join(SUFFIXES)} suffix")


def write_samples(samples, path, *, vocab_names=None, on_instance=None, task=None):
    """Write ``(instance_index, sample)`` pairs to ``path`` (.jsonl, .npz or .pkl.gz), streaming.

    ``on_instance(index)`` is called as each new instance starts (for a progress bar).
    ``vocab_names`` (token names by id) go into a .npz and choose its token dtype.
    ``task`` ("sudoku", "maxflow", "parity") chooses the official container's layout.

    Returns
    -------
    int
        The number of samples written.

    Raises
    ------
    TraceFormatError
        If the suffix is not one of :data:`SUFFIXES`, or .pkl.gz without ``task``.
    """
    path = Path(path)
    suffix = suffix_of(path)
    if suffix == ".pkl.gz" and task not in _CONTAINERS:
        raise TraceFormatError(f"the official container needs the task ({', '.join(_CONTAINERS)})")
    samples = _watched(samples, on_instance)
    if suffix == ".jsonl":
        return _write_jsonl(samples, path)
    if suffix == ".npz":
        return _write_npz(samples, path, vocab_names)
    return _write_container(samples, path, task)


def _watched(samples, on_instance):
    last = None
    for index, sample in samples:
        if index != last and on_instance is not None:
            on_instance(index)
        last = index
        yield sample


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _write_jsonl(samples, path):
    written = 0
    with path.open("w") as handle:
        for sample in samples:
            record = {key: np.asarray(sample[key]).tolist() for key in FIELDS}
            record["solver_metadata"] = {k: _plain(v) for k, v in
                                         sample["solver_metadata"].items()}
            if "debug_info" in sample:
                record["debug_info"] = sample["debug_info"]
            handle.write(json.dumps(record) + "\n")
            written += 1
    return written


# --- .npz, column by column -------------------------------------------------------

def _token_dtype(vocab_names):
    size = len(vocab_names) if vocab_names is not None else 1 << 31
    return np.uint8 if size <= 256 else np.int16 if size <= 32768 else np.int32


class _Column:
    """A growing 1-D column kept in a temporary file, written a batch of samples at a time."""

    def __init__(self, folder, name, dtype):
        self.path = Path(folder) / name
        self.handle = self.path.open("wb")
        self.dtype = np.dtype(dtype)
        self.count = 0

    def write(self, values):
        """Append ``values``: an array, or a list of arrays (one per sample) or of scalars."""
        if isinstance(values, list):
            values = (np.concatenate(values) if values and isinstance(values[0], np.ndarray)
                      else np.array(values))
        self.handle.write(np.asarray(values, dtype=self.dtype).tobytes())
        self.count += len(values)

    def close(self):
        self.handle.close()


def _write_npz(samples, path, vocab_names):
    token = _token_dtype(vocab_names)
    folder = tempfile.mkdtemp(prefix=".export-", dir=path.parent)
    try:
        columns = {key: _Column(folder, key, np.uint8 if key in _LABELS else token)
                   for key in FIELDS}
        lengths = {key: _Column(folder, key + "_len", np.int64) for key in ("x_k", "x_k_plus_1")}
        metadata, names, state = {}, {}, {"mask_id": None, "written": 0}
        for batch in _batches(samples):
            if "keys" not in state:
                state["keys"] = set(batch[0]["solver_metadata"])
                _start_metadata(batch[0], folder, metadata, names)
            for key in FIELDS:
                columns[key].write([np.asarray(sample[key]) for sample in batch])
            for key in lengths:
                lengths[key].write([len(sample[key]) for sample in batch])
            _write_metadata(batch, metadata, names, state)
        for column in [*columns.values(), *lengths.values(), *metadata.values()]:
            column.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for key in FIELDS:
                _member(archive, key, columns[key])
                _offsets(archive, key + "_offsets",
                         lengths["x_k_plus_1" if key == "x_k_plus_1" else "x_k"])
            _array(archive, "metadata_keys", np.array(list(metadata), dtype=str))
            for key, column in metadata.items():
                if names[key] is None:
                    _member(archive, key, column)
                else:
                    _coded(archive, key, column, names[key])
            if state["mask_id"] is not None:
                _array(archive, "mask_id", np.array(state["mask_id"]))
            if vocab_names is not None:
                _array(archive, "vocab", np.array(vocab_names))
        return state["written"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _batches(samples, size=_BATCH):
    """The samples in lists of ``size`` (the last one shorter)."""
    batch = []
    for sample in samples:
        batch.append(sample)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_metadata(first, folder, metadata, names):
    """One column per metadata key of the first sample: text keys as codes into ``names``."""
    for key, value in first["solver_metadata"].items():
        if key not in EXTRA_KEYS:
            text = isinstance(value, str)
            metadata[key] = _Column(folder, "meta_" + key, np.int32 if text else np.int64)
            names[key] = {} if text else None


def _write_metadata(batch, metadata, names, state):
    """Append a batch's metadata; every sample must have the first sample's keys."""
    keys = state["keys"]
    for index, sample in enumerate(batch):
        if sample["solver_metadata"].keys() != keys:
            other = sorted(set(sample["solver_metadata"]) ^ keys)
            raise TraceFormatError(f"sample {state['written'] + index} has metadata keys "
                                   f"that differ from the first sample's ({', '.join(other)})")
    for key in EXTRA_KEYS:
        if key in keys:
            state["mask_id"] = batch[-1]["solver_metadata"][key]
    for key, column in metadata.items():
        values = [sample["solver_metadata"][key] for sample in batch]
        if names[key] is not None:
            codes = names[key]
            values = [codes.setdefault(value, len(codes)) for value in values]
        column.write(values)
    state["written"] += len(batch)


def _open(archive, name):
    """A member written with a fixed date, so the same samples give the same bytes."""
    info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return archive.open(info, "w", force_zip64=True)


def _header(handle, dtype, count):
    np.lib.format.write_array_header_2_0(
        handle, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
                 "fortran_order": False, "shape": (count,)})


def _member(archive, name, column):
    with _open(archive, name) as handle:
        _header(handle, column.dtype, column.count)
        with column.path.open("rb") as source:
            shutil.copyfileobj(source, handle, _CHUNK)


def _offsets(archive, name, lengths):
    with _open(archive, name) as handle:
        _header(handle, np.int64, lengths.count + 1)
        handle.write(np.zeros(1, np.int64).tobytes())
        total = 0
        for chunk in _chunks(lengths):
            sums = np.cumsum(chunk) + total
            handle.write(sums.tobytes())
            total = int(sums[-1]) if sums.size else total


def _chunks(column):
    with column.path.open("rb") as source:
        while True:
            data = source.read(_CHUNK)
            if not data:
                return
            yield np.frombuffer(data, column.dtype)


def _coded(archive, name, column, codes):
    table = np.array(list(codes), dtype=str)
    with _open(archive, name) as handle:
        _header(handle, table.dtype, column.count)
        for chunk in _chunks(column):
            handle.write(table[chunk].tobytes())


def _array(archive, name, array):
    with _open(archive, name) as handle:
        np.lib.format.write_array(handle, np.asanyarray(array), allow_pickle=False)


# --- the official .pkl.gz container ------------------------------------------------

_SUDOKU_TYPES = {"sample_id": np.uint32, "instance_id": np.uint32,
                 "sequence_length": np.uint16, "branch_id": np.uint8}
_CONTAINERS = {
    "sudoku": {"format_version": "3.0"},
    "maxflow": {"format_version": "1.0", "dataset_type": "maxflow_apmdm"},
    "parity": None,            # the official parity file is a bare list
}


def _official_sample(sample, task):
    metadata = {k: v for k, v in sample["solver_metadata"].items() if k not in EXTRA_KEYS}
    if task == "sudoku":
        record = {key: np.asarray(sample[key]).astype(np.uint8) for key in FIELDS}
        metadata = {k: _SUDOKU_TYPES[k](v) if k in _SUDOKU_TYPES else v
                    for k, v in metadata.items()}
    else:
        record = {key: np.asarray(sample[key]).tolist() for key in FIELDS}
        if task == "parity":
            metadata.pop("instance_id", None)
    record["solver_metadata"] = metadata
    if "debug_info" in sample:
        record["debug_info"] = sample["debug_info"]
    return record


def _body(obj):
    """The pickle opcodes of ``obj`` alone (protocol 2: no framing), without PROTO and STOP."""
    data = pickle.dumps(obj, protocol=2)
    return data[2:-1]


_LIST_HEAD = b"\x80\x02]q\x00"   # PROTO 2, EMPTY_LIST, BINPUT 0


def _appends(items):
    """Opcodes that append ``items`` to the list on top of the unpickler's stack.

    ``pickle.dumps(items)`` is PROTO, EMPTY_LIST, BINPUT 0, then MARK ... APPENDS runs and
    STOP; without its head and STOP the runs append to the list already there.
    """
    data = pickle.dumps(items, protocol=2)
    assert data.startswith(_LIST_HEAD) and data.endswith(b"."), "unexpected pickle layout"
    return data[len(_LIST_HEAD):-1]


def _write_container(samples, path, task):
    """Pickle ``{"samples": [...], ...}`` (or the bare list) a batch at a time.

    Each batch is its own pickle of 1000 samples whose MARK ... APPENDS runs extend the
    one list; every batch only reads back the memo entries it wrote itself, so the batches
    can follow one another in one stream.
    """
    extra = _CONTAINERS[task]
    written = 0
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6,
                                               mtime=0) as handle:
        handle.write(b"\x80\x02")
        if extra is not None:
            handle.write(b"}(" + _body("samples"))
        handle.write(b"]")
        for batch in _batches((_official_sample(sample, task) for sample in samples), 1000):
            handle.write(_appends(batch))
            written += len(batch)
        if extra is not None:
            for key, value in {"total_samples": written, **extra}.items():
                handle.write(_body(key) + _body(value))
            handle.write(b"u")
        handle.write(b".")
    return written
