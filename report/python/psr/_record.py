"""psr.record(), psr.profile(), psr.run(): psrec recording this process (or
a command it launches) while a block of code runs."""

import functools
import os
import select
import shutil
import signal
import subprocess
import tempfile

from ._lib import PsrError
from ._read import read
from ._summary import summary

try:
    from . import _config
except ImportError:  # running from the source tree
    _config = None


def psrec_path():
    """$PSR_PSREC, else the psrec installed with this module, else PATH."""
    env = os.environ.get("PSR_PSREC")
    if env:
        return env
    if _config is not None and os.access(_config.PSREC, os.X_OK):
        return _config.PSREC
    found = shutil.which("psrec")
    if not found:
        raise PsrError("cannot find psrec (install it, or set PSR_PSREC)")
    return found


class Recording:
    """psrec recording, from start() (or entering a ``with``) to stop().

    After the first sample is taken start() returns, so the block that
    follows is recorded from its first instruction; stop() makes psrec take
    a last sample and close the log (SIGTERM). Then ``path`` is the log,
    ``returncode`` psrec's exit status (a launched command's status),
    ``summary`` the log's psr.Summary (computed once, on first use),
    ``process`` the recorded process's ProcessSummary and ``tree`` its
    tree total (with children=True, once it had a recorded child)."""

    def __init__(self, path=None, *, interval=1.0, children=False, pid=None,
                 command=None, extended=False, uss=False, system=False,
                 force=False, flush=None, args=(), timeout=30.0):
        if command is not None and pid is not None:
            raise ValueError("record: pid and command exclude each other")
        self.interval = float(interval)
        self.children = bool(children)
        self.pid = None if command is not None else int(pid or os.getpid())
        self.command = None if command is None else [os.fspath(c) for c in command]
        self._temp = path is None
        if path is None:
            fd, path = tempfile.mkstemp(prefix="psr-", suffix=".psr")
            os.close(fd)
            force = True
        self.path = os.fspath(path)
        self.argv = [psrec_path(), "-q", "-i", repr(self.interval), "-o", self.path]
        self.argv += ["-c"] if children else []
        self.argv += ["-x"] if extended else []
        self.argv += ["--uss"] if uss else []
        self.argv += ["--system"] if system else []
        self.argv += ["--force"] if force else []
        self.argv += ["--flush", repr(float(flush))] if flush is not None else []
        self.argv += [str(a) for a in args]
        self.timeout = timeout
        self.returncode = None
        self._proc = None
        self._summary = None

    def start(self):
        if self._proc is not None:
            raise PsrError("record: '%s' is recording already" % self.path)
        r, w = os.pipe()
        argv = self.argv + ["--ready-fd", str(w)]
        argv += ["--", *self.command] if self.command else ["-p", str(self.pid)]
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL,
                                          stderr=self._stderr, pass_fds=(w,))
        except OSError as e:
            os.close(r)
            raise PsrError("cannot run psrec '%s': %s" % (argv[0], e)) from e
        finally:
            os.close(w)
        try:
            self._wait_ready(r)
        finally:
            os.close(r)
        return self

    def _wait_ready(self, r):
        """Until psrec closes its end of the pipe: after its first sample,
        or when it exits (then with its message)."""
        ready, _, _ = select.select([r], [], [], self.timeout)
        if not ready:
            self._proc.kill()
            self._proc.wait()
            raise PsrError("psrec took no sample in %g s" % self.timeout)
        os.read(r, 1)
        if self._proc.poll() is not None and self._proc.returncode in (1, 2):
            self.returncode = self._proc.returncode
            raise PsrError(self._message())

    def _message(self):
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "psrec exited with status %d" % self.returncode

    def stop(self):
        """The last sample, the log closed; returns self."""
        p = self._proc
        if p is None:
            raise PsrError("record: not started")
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            self.returncode = p.wait(self.timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            self.returncode = p.wait()
            raise PsrError("psrec did not stop in %g s" % self.timeout) from None
        self._proc = None
        failed = self.returncode in (1, 2) and self.command is None
        msg = self._message() if failed else None
        self._stderr.close()
        if failed:
            raise PsrError(msg)
        return self

    def wait(self):
        """With a command: until it exits (psrec then closes the log)."""
        if self._proc is None:
            raise PsrError("record: not started")
        self._proc.wait()
        return self.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def summary(self):
        if self._summary is None:
            self._summary = summary(self.path)
        return self._summary

    def read(self, **kw):
        """psr.read() of the log."""
        return read(self.path, **kw)

    @property
    def process(self):
        """The recorded process (a launched command: the first process
        with its command line) as a ProcessSummary, or None."""
        for p in self.summary.processes:
            if (p.pid == self.pid if self.pid is not None
                    else p.cmdline == self.command):
                return p
        return None

    @property
    def tree(self):
        """The recorded process's tree total (children=True), or None."""
        root = self.process
        for r in self.summary.runs:
            for t in r.trees:
                if root is not None and t.pid == root.pid:
                    return t
        return None

    def __repr__(self):
        return "<psr.Recording '%s'%s>" % (
            self.path, "" if self.returncode is None else
            " status %d" % self.returncode)


def record(path=None, **kw):
    """A Recording: ``with psr.record("out.psr", interval=0.1) as rec:``
    records this process (pid=N another one, children=True its
    descendants too, command=[...] a command psrec launches) for the
    block; afterwards ``rec.path``, ``rec.summary``, ``rec.process``.
    Keyword arguments: interval (s), children, pid, command, extended
    (psrec -x), uss, system, force (overwrite path), flush (s), args
    (more psrec options), timeout (s to wait for psrec). Without a path,
    a new temporary file."""
    return Recording(path, **kw)


def run(command, path=None, **kw):
    """Launch command under psrec and wait for it: its Recording, with the
    command's exit status in returncode."""
    return Recording(path, command=command, **kw).start().wait()


def profile(path=None, *, report=None, **kw):
    """A decorator recording each call of a function (this process, or
    with children=True its descendants too): the call returns what the
    function returns; ``f.last`` is the latest call's Recording (path,
    summary) and report, when given, is called with it. A path is
    overwritten at each call; without one each call gets a temporary
    file. ``@psr.profile`` works without arguments too."""
    if callable(path):
        return profile()(path)
    kw.setdefault("force", True)

    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            rec = Recording(path, **kw)
            wrapper.last = rec
            with rec:
                result = fn(*a, **k)
            if report is not None:
                report(rec)
            return result

        wrapper.last = None
        return wrapper

    return deco

