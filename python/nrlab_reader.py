"""Read NR Lab project files (``.nrlab``) with numpy alone — no NR Lab needed.

A ``.nrlab`` file is a ZIP archive holding ``project.json`` (the document: studies, parameter
sets, figures) and one entry per stored array (little-endian float64, optionally byte-shuffled),
each referenced from ``project.json`` with its length and CRC-32 (docs/project-format.md).

Usage::

    import nrlab_reader
    project = nrlab_reader.load("paper.nrlab")
    for study in project.studies:
        print(study.name, study.kind, study.status, study.shape, list(study.arrays))
    study = project.study("Map")          # by name or id
    T = study["a_to_c.T"]                 # float64 array in the grid's shape (axis 0 = first axis)
    delta = study.axes["Delta"]           # 1-D axis values
    study.params["theta"]                 # every parameter as used (the result's provenance)

Arrays are in the study's true shape: a sweep's quantities have one dimension per axis (the first
axis first, as NR Lab's CSV varies it slowest); NaN marks a point that failed (``study.failed``
lists the reasons) or was not computed (a cancelled study). A point study's quantities are 0-d
arrays. Simulate, correlation, spectrum and pulse studies have one axis (``t``, ``tau`` or
``omega``) and one 1-D array per ``<trace>.<field>``; optimize studies the axis ``evaluation``.
Continuation studies keep their arrays as stored (branch points; ``up.*`` and ``down.*`` sweeps).

Damaged files raise :class:`NrlabFileError` naming the entry or field and what is wrong (a
missing entry, a wrong length, a CRC-32 that does not match, a file that is not a ZIP).

Needs Python 3.7+ and numpy; everything else is the standard library (zipfile, json, zlib).
"""

import json
import zipfile
import zlib

import numpy as np

__all__ = ["load", "Project", "Study", "NrlabFileError", "PROJECT_FORMAT"]

PROJECT_FORMAT = "nrlab-project"
TRACE_KINDS = ("simulate", "correlation", "spectrum", "pulse")


class NrlabFileError(ValueError):
    """A ``.nrlab`` file that cannot be read; the message names the entry or field and why."""


class Study:
    """One study of a project and its stored result (if it has one).

    Attributes: ``name``, ``id``, ``kind`` (point, sweep, simulate, optimize, correlation, spectrum,
    pulse, continuation), ``model``, ``definition`` (the study as project.json holds it),
    ``status`` (succeeded, cancelled, failed; None without a result), ``params`` and ``provenance``
    (as the result was computed), ``axes`` (dict key -> 1-D array, in grid order), ``shape``
    (tuple), ``arrays`` (dict key -> array in ``shape``), ``quantities`` (list of dicts with key,
    symbol, label, unit), ``failed`` (list of dicts with index, reason: a flat row-major index),
    ``output`` (the solver's JSON output of point, trace, optimize and continuation studies).
    """

    def __init__(self, definition):
        self.definition = definition
        self.name = definition.get("name")
        self.id = definition.get("id")
        self.kind = definition.get("kind")
        self.model = definition.get("model")
        self.status = None
        self.params = {}
        self.provenance = {}
        self.axes = {}
        self.shape = ()
        self.arrays = {}
        self.quantities = []
        self.failed = []
        self.output = None

    def __getitem__(self, key):
        if key in self.arrays:
            return self.arrays[key]
        if key in self.axes:
            return self.axes[key]
        raise KeyError("study %r has no array %r; it has %s" % (self.name, key, ", ".join(list(self.axes) + list(self.arrays)) or "none"))

    def __repr__(self):
        return "<Study %r (%s, %s): shape %s, %d arrays>" % (self.name, self.kind, self.status or "no result", self.shape, len(self.arrays))


class Project:
    """A project: ``title``, ``document`` (project.json as read), ``studies`` (list of :class:`Study`)."""

    def __init__(self, document, studies):
        self.document = document
        self.title = document.get("title")
        self.studies = studies

    def study(self, ref):
        """The study named ``ref`` (or with id ``ref``)."""
        for s in self.studies:
            if s.name == ref or s.id == ref:
                return s
        raise KeyError("no study %r; the project has: %s" % (ref, ", ".join(repr(s.name) for s in self.studies) or "none"))

    def __repr__(self):
        return "<Project %r: %d studies>" % (self.title, len(self.studies))


def _decode(raw, ref, where):
    """Float64 values of an array entry: check its length and CRC-32, undo the byte shuffle."""
    length = ref.get("length")
    encoding = ref.get("encoding")
    if not isinstance(length, int) or length < 0:
        raise NrlabFileError("%s.length: must be a count of values, got %r" % (where, length))
    if len(raw) != 8 * length:
        raise NrlabFileError("%s: %r holds %d bytes, expected %d (%d values)" % (where, ref.get("entry"), len(raw), 8 * length, length))
    crc = zlib.crc32(raw) & 0xFFFFFFFF
    if crc != ref.get("crc32"):
        raise NrlabFileError("%s: %r is damaged (CRC-32 %08x, project.json recorded %08x)" % (where, ref.get("entry"), crc, ref.get("crc32") or 0))
    data = np.frombuffer(raw, dtype=np.uint8)
    if encoding == "f64le-shuffle":
        data = data.reshape(8, length).T.copy()  # all first bytes, then all second bytes, ...
    elif encoding != "f64le":
        raise NrlabFileError("%s.encoding: must be f64le or f64le-shuffle, got %r" % (where, encoding))
    return np.frombuffer(data.tobytes(), dtype="<f8").astype(np.float64)


def _trace_axis(kind, keys):
    """The axis of a trace study: t, tau or omega (the one array key without a dot)."""
    for k in ("t", "tau", "omega"):
        if k in keys:
            return k
    plain = [k for k in keys if "." not in k]
    return plain[0] if plain else None


def load(path):
    """Open a ``.nrlab`` file and return a :class:`Project` with every study's arrays read and checked."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise NrlabFileError("%s: not a readable NR Lab project (the ZIP container is damaged or truncated: %s)" % (path, e))
    with archive:
        names = set(archive.namelist())

        def entry(name, where):
            if name not in names:
                raise NrlabFileError("%s: %r is missing from the file" % (where, name))
            try:
                return archive.read(name)
            except (zipfile.BadZipFile, zlib.error, EOFError) as e:  # e.g. "Bad CRC-32 for file ..."
                raise NrlabFileError("%s: %r is damaged (%s)" % (where, name, e))

        try:
            document = json.loads(entry("project.json", "project.json").decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            if isinstance(e, NrlabFileError):
                raise
            raise NrlabFileError("project.json: is not valid JSON (%s)" % e)
        if not isinstance(document, dict) or document.get("format") != PROJECT_FORMAT:
            raise NrlabFileError("project.json.format: must be %r (not an NR Lab project)" % PROJECT_FORMAT)
        studies = []
        for i, definition in enumerate(document.get("studies") or []):
            study = Study(definition)
            result = definition.get("result")
            at = "studies[%d] %r.result" % (i, study.name)
            if isinstance(result, dict):
                _read_result(study, result, at, lambda ref, where: _decode(entry(ref.get("entry"), where), ref, where))
            studies.append(study)
        return Project(document, studies)


def _read_result(study, result, at, read):
    study.status = result.get("status")
    study.provenance = result.get("provenance") or {}
    study.params = study.provenance.get("params") or {}
    study.quantities = result.get("quantities") or []
    study.failed = result.get("failed") or []
    study.output = result.get("output")
    arrays = {}
    for key, ref in (result.get("arrays") or {}).items():
        arrays[key] = read(ref, "%s.arrays.%s" % (at, key))
    if study.kind == "point":
        scalars = (study.output or {}).get("scalars") or {} if isinstance(study.output, dict) else {}
        study.shape = ()
        study.arrays = {k: np.array(np.nan if v is None else v, dtype=np.float64) for k, v in scalars.items()}
        return
    if study.kind == "sweep":
        for k, a in enumerate(result.get("axes") or []):
            study.axes[a.get("key")] = read(a.get("values") or {}, "%s.axes[%d].values" % (at, k))
        shape = tuple(result.get("shape") or [len(v) for v in study.axes.values()])
        study.shape = shape
        for key, values in arrays.items():
            if values.size != int(np.prod(shape)):
                raise NrlabFileError("%s.arrays.%s: %d values, the grid %s has %d" % (at, key, values.size, shape, int(np.prod(shape))))
            values = values.copy()
            for f in study.failed:  # a failed point is NaN, whatever was stored there
                if isinstance(f, dict) and isinstance(f.get("index"), int) and 0 <= f["index"] < values.size:
                    values[f["index"]] = np.nan
            study.arrays[key] = values.reshape(shape)
        return
    axis = None
    if study.kind in TRACE_KINDS:
        axis = _trace_axis(study.kind, arrays)
    elif study.kind == "optimize" and "evaluation" in arrays:
        axis = "evaluation"
    if axis is not None and axis in arrays:
        study.axes[axis] = arrays.pop(axis)
        study.shape = (len(study.axes[axis]),)
    study.arrays = arrays
