"""libpsr through ctypes: loading it, the prototypes of psr/flat.h, and one
handle (Flat) that reads logs and frees itself."""

import ctypes
import ctypes.util
import os
import warnings

try:
    from . import _config
except ImportError:  # running from the source tree
    _config = None


class PsrError(Exception):
    """An error of libpsr or psrec: the message is the library's (it names
    the file and what is wrong with it); ``code`` is its negative code."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class PsrFileNotFoundError(PsrError, FileNotFoundError):
    """A log that does not exist (also a FileNotFoundError)."""


class PsrWarning(UserWarning):
    """Damage the reader stepped over (a lost block): what came before and
    after it was read. ``warnings.simplefilter("error", psr.PsrWarning)``
    turns it into an exception."""


ENOENT = 2

c_double_p = ctypes.POINTER(ctypes.c_double)
c_int64_p = ctypes.POINTER(ctypes.c_int64)
c_uint32_p = ctypes.POINTER(ctypes.c_uint32)
c_size_t_p = ctypes.POINTER(ctypes.c_size_t)
vp = ctypes.c_void_p
cp = ctypes.c_char_p
sz = ctypes.c_size_t

# name: (result type, argument types), as psr/flat.h declares them
_PROTOTYPES = {
    "psr_flat_new": (ctypes.c_int, [ctypes.POINTER(vp)]),
    "psr_flat_set": (ctypes.c_int, [vp, cp, cp]),
    "psr_flat_add": (ctypes.c_int, [vp, cp]),
    "psr_flat_load": (ctypes.c_int, [vp]),
    "psr_flat_errmsg": (cp, [vp]),
    "psr_flat_free": (None, [vp]),
    "psr_flat_warnings": (sz, [vp]),
    "psr_flat_warning": (cp, [vp, sz]),
    "psr_flat_tables": (sz, [vp]),
    "psr_flat_table": (vp, [vp, sz]),
    "psr_flat_table_numbers": (None, [vp, c_double_p]),
    "psr_flat_table_name": (cp, [vp]),
    "psr_flat_table_cmdline": (vp, [vp, c_size_t_p]),
    "psr_flat_table_rows": (sz, [vp]),
    "psr_flat_table_epoch_us": (c_int64_p, [vp]),
    "psr_flat_table_t": (c_double_p, [vp]),
    "psr_flat_table_columns": (ctypes.c_uint, [vp]),
    "psr_flat_table_column_name": (cp, [vp, ctypes.c_uint]),
    "psr_flat_table_column_type": (ctypes.c_int, [vp, ctypes.c_uint]),
    "psr_flat_table_column": (c_double_p, [vp, ctypes.c_uint]),
    "psr_flat_table_cpus": (c_uint32_p, [vp]),
    "psr_flat_text": (cp, [vp, ctypes.c_uint32]),
    "psr_flat_worst": (ctypes.c_int, [vp]),
    "psr_flat_runs": (sz, [vp]),
    "psr_flat_run": (vp, [vp, sz]),
    "psr_flat_fields": (ctypes.c_uint, [ctypes.c_int]),
    "psr_flat_field": (cp, [ctypes.c_int, ctypes.c_uint]),
    "psr_flat_run_numbers": (None, [vp, c_double_p]),
    "psr_flat_proc_numbers": (None, [vp, c_double_p]),
    "psr_flat_series_numbers": (None, [vp, c_double_p]),
    "psr_flat_run_text": (cp, [vp, cp]),
    "psr_flat_run_command": (vp, [vp, c_size_t_p]),
    "psr_flat_run_paths": (sz, [vp]),
    "psr_flat_run_path": (cp, [vp, sz]),
    "psr_flat_run_procs": (sz, [vp, ctypes.c_int]),
    "psr_flat_run_proc": (vp, [vp, ctypes.c_int, sz]),
    "psr_flat_proc_name": (cp, [vp]),
    "psr_flat_proc_cmdline": (vp, [vp, c_size_t_p]),
    "psr_flat_proc_series": (sz, [vp]),
    "psr_flat_proc_series_at": (vp, [vp, sz]),
    "psr_flat_series_name": (cp, [vp]),
    "psr_flat_series_unit": (cp, [vp]),
    "psr_verdict_name": (cp, [ctypes.c_int]),
    "psr_leak_gate_name": (cp, [ctypes.c_int]),
    "psr_leak_rules_text": (None, [ctypes.c_uint, cp, sz]),
    "psr_strerror": (cp, [ctypes.c_int]),
}

# enum psr_flat_kind, psr_flat_group, psr_flat_type
RUN, PROC, SERIES, TABLE = range(4)
PROCESSES, TREES, HOST = range(3)
REAL, INTEGER, CHAR = range(3)

_lib = None


def _candidates():
    env = os.environ.get("PSR_LIBPSR")
    if env:
        return [env]
    found = []
    if _config is not None and os.path.exists(_config.LIBPSR):
        found.append(_config.LIBPSR)
    name = ctypes.util.find_library("psr")
    if name:
        found.append(name)
    return found + ["libpsr.so.0"]


def lib():
    """libpsr, loaded once: $PSR_LIBPSR, else where meson installed it,
    else the linker's search path."""
    global _lib
    if _lib is not None:
        return _lib
    errors = []
    for path in _candidates():
        try:
            handle = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append(str(e))
    else:
        raise PsrError("cannot load libpsr: " + "; ".join(errors))
    for name, (res, args) in _PROTOTYPES.items():
        fn = getattr(handle, name)
        fn.restype = res
        fn.argtypes = args
    _lib = handle
    return _lib


def text(b):
    """A C string as str (undecodable bytes kept as surrogates)."""
    return None if b is None else b.decode("utf-8", "surrogateescape")


def args_of(ptr, n):
    """NUL-separated arguments (a command line) as a list of str."""
    if not ptr or not n:
        return []
    raw = ctypes.string_at(ptr, n)
    parts = raw.split(b"\0")
    if raw.endswith(b"\0"):
        parts.pop()
    return [text(a) for a in parts]


def fields(kind):
    """The names of an object's numbers, in the library's order."""
    L = lib()
    return [text(L.psr_flat_field(kind, i)) for i in range(L.psr_flat_fields(kind))]


def numbers(fn, obj, names):
    """obj's numbers as a dict by name (fn fills a double array)."""
    out = (ctypes.c_double * max(len(names), 1))()
    fn(obj, out)
    return dict(zip(names, out))


def verdict_name(v):
    return text(lib().psr_verdict_name(int(v)))


def gate_name(g):
    """None when the series passed every gate (the rules decided)."""
    return None if int(g) == 0 else text(lib().psr_leak_gate_name(int(g)))


def rules_text(bits):
    buf = ctypes.create_string_buffer(64)
    lib().psr_leak_rules_text(int(bits), buf, len(buf))
    t = text(buf.value)
    return t.split(",") if t else []


def encode(s):
    return os.fsencode(s) if not isinstance(s, bytes) else s


class Flat:
    """One psr_flat handle: the logs, read and analysed by psr_flat_load."""

    def __init__(self, paths, options=(), samples=True):
        self.L = lib()
        h = vp()
        if self.L.psr_flat_new(ctypes.byref(h)) != 0 or not h:
            raise MemoryError("libpsr: out of memory")
        self.h = h
        try:
            self._check(self.L.psr_flat_set(h, b"samples", b"1" if samples else b"0"))
            for key, value in options:
                self._check(self.L.psr_flat_set(h, key.encode(), encode(str(value))))
            for p in paths:
                self._check(self.L.psr_flat_add(h, encode(os.fspath(p))))
            self._check(self.L.psr_flat_load(h))
            for i in range(self.L.psr_flat_warnings(h)):
                warnings.warn(PsrWarning(text(self.L.psr_flat_warning(h, i))), stacklevel=4)
        except BaseException:
            self.close()
            raise

    def _check(self, rc):
        if rc >= 0:
            return
        msg = text(self.L.psr_flat_errmsg(self.h)) or text(self.L.psr_strerror(rc))
        if rc == -ENOENT:
            raise PsrFileNotFoundError(msg, rc)
        raise PsrError(msg, rc)

    def close(self):
        if getattr(self, "h", None):
            self.L.psr_flat_free(self.h)
            self.h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()
