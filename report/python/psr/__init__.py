"""psr: psrec logs from Python, through libpsr (ctypes; nothing compiled).

    import psr
    procs = psr.read("app.psr")          # one Process per process and run
    procs[0].samples["rss_bytes"]        # a pandas Series over time
    df = procs.frame()                   # psreport --csv's rows, typed
    s = psr.summary("app.psr")           # psreport's statistics, verdicts
    s.process(name="app")["rss_bytes"].growth_per_h

    with psr.record("block.psr", interval=0.1) as rec:
        work()                           # this process, recorded
    rec.process["cpu_percent"].total     # CPU seconds the block took

    @psr.profile(interval=0.1, children=True)
    def job(): ...                       # job.last: the latest call's

pandas and numpy are optional: without pandas, samples are dicts of lists.
libpsr is looked for in $PSR_LIBPSR, where meson installed it, then on the
linker's path; psrec in $PSR_PSREC, where meson installed it, then $PATH.
"""

from ._lib import PsrError, PsrFileNotFoundError, PsrWarning
from ._read import Process, Samples, read
from ._record import Recording, profile, record, run
from ._summary import ProcessSummary, RunSummary, Stats, Summary, summary

try:
    from ._config import VERSION as __version__
except ImportError:  # running from the source tree
    __version__ = "0+source"

__all__ = [
    "read", "summary", "record", "profile", "run",
    "Process", "Samples", "Summary", "RunSummary", "ProcessSummary", "Stats",
    "Recording", "PsrError", "PsrFileNotFoundError", "PsrWarning",
]
