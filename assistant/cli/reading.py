"""`second-chance notes`: what was understood in each note, and what to add where it was not."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from assistant.cli.common import JsonOption, KnowledgeOption, console, err_console, print_json, settings

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    import typer

    from assistant.casefile import NoteReading
    from assistant.config import Settings
    from assistant.notes import LoadResult

PROGRESS_FROM = 20  # show a progress bar when at least this many notes are read afresh
ALONGSIDE_FROM = 64  # from this many notes to read afresh, `index` reads them in a worker while it embeds
# ... and from this many notes in all, it assembles and caches the case file there too (a second of work at 10,000
# notes, the same for one note edited as for all, done while this process imports Chroma and syncs)
ASSEMBLE_ALONGSIDE_FROM = 1000
PATCH_UP_TO = 64  # an edit of at most this many notes may be patched into the cached case (see `_patched`)


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("notes")(list_notes)


def read_all(config: Settings, loaded: LoadResult, *, embedder: Any = None) -> tuple[list[NoteReading], int]:
    """Read every note (cached ones from disk), with a progress bar on a terminal; Ctrl-C keeps what was read."""
    from assistant.reading import read_notes

    stderr = err_console()
    if not stderr.is_terminal:
        return read_notes(loaded.notes, settings=config, embedder=embedder)
    from rich.progress import Progress

    with Progress(console=stderr, transient=True) as bar:
        task = bar.add_task("Reading notes", total=None)

        def advance(done: int, total: int) -> None:
            if total >= PROGRESS_FROM:
                bar.update(task, completed=done, total=total)

        return read_notes(loaded.notes, settings=config, progress=advance, embedder=embedder)


class Reading:
    """Notes being read and assembled alongside the index sync: in a forked worker process when it pays, else in
    this one.

    The worker writes the readings cache as it goes (as `read_notes` always does), assembles the case file and
    caches it (`settle`), and hands back how many notes it read and how many need a hint; `result()` waits for
    that. Ctrl-C reaches both processes and each keeps what it did; a worker that dies, or a system without fork,
    leaves the rest to this process, so the caches and counts are the same.
    """

    def __init__(self, config: Settings, loaded: LoadResult, embedder: Any = None, *, whole: bool = False) -> None:
        self.config, self.loaded, self.embedder = config, loaded, embedder
        self.whole = whole  # assemble the case whole, never patch an edit in (`index --rebuild`)
        self._process: BaseProcess | None = None
        self._pipe: Connection | None = None
        self._unread: list[str] | None = None  # the notes the worker was given to read afresh

    def start(self) -> None:
        """Fork the worker, when fork exists, the reader is offline and there are enough notes to read or assemble."""
        import multiprocessing

        from assistant.readingcache import unread_sources

        if (
            self.config.chat_model != "offline"  # a model reader waits on the network, and its tests mock it here
            or not sys.platform.startswith("linux")  # fork is missing on Windows and unsafe on macOS
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return
        self._unread = unread_sources(self.loaded.notes, settings=self.config)
        if len(self._unread) < ALONGSIDE_FROM and len(self.loaded.notes) < ASSEMBLE_ALONGSIDE_FROM:
            return
        if len(self._unread) >= ALONGSIDE_FROM:  # load the model once, before the fork, so the worker shares it (the
            _preload(self.embedder)  # sync embeds these notes with it anyway: loading it earlier costs no time); for
            # a few notes the worker loads it only if they need it, and starts assembling the case a quarter second
            # earlier (the sync loads it meanwhile)
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(send, self.config, self.loaded, self.embedder, os.getpid(),
                                                                  self._unread, self.whole),
                                  name="second-chance reading", daemon=True)  # never outlives this process
        process.start()
        atexit.register(self.stop)  # the sync failed or was interrupted: let the worker save what it read, then end
        send.close()  # only the worker writes: its end closing tells this one it is gone
        self._process, self._pipe = process, receive

    def result(self) -> tuple[int, int]:
        """How many notes were read afresh and how many need a hint, with a progress bar on a terminal meanwhile."""
        stderr = err_console()
        if not stderr.is_terminal:
            return self._finish(None)
        from rich.progress import Progress

        with Progress(console=stderr, transient=True) as bar:
            task = bar.add_task("Reading notes", total=None)

            def advance(done: int, total: int) -> None:
                if total >= PROGRESS_FROM:
                    bar.update(task, completed=done, total=total)

            return self._finish(advance)

    def _finish(self, progress: Any) -> tuple[int, int]:
        forked = self._pipe is not None
        try:
            answer = self._receive(progress)
        except BaseException:
            self.stop()  # Ctrl-C while waiting: the worker saves what it read and stops too
            raise
        self.stop(interrupt=False)  # it has answered, or is gone: it ends by itself
        if answer is not None:
            if answer[0] == "error":
                raise answer[1]
            return int(answer[1]), int(answer[2])
        from assistant.casecache import paused_gc

        # `unread`: what the worker read before it died is cached, so fewer are unread than it says
        with paused_gc():  # every note's reading and the case file: objects that live as long as the command
            fresh, hints = read_and_settle(self.config, self.loaded, progress=progress, embedder=self.embedder,
                                           unread=self._unread, whole=self.whole)
        return len(self._unread or ()) if forked else fresh, hints  # what the worker read before it died counts too

    def _receive(self, progress: Any) -> tuple[Any, ...] | None:
        """The worker's answer ("done" or "error"), passing its progress on; None when there is no worker (left)."""
        while self._pipe is not None:
            try:
                message: tuple[Any, ...] = self._pipe.recv()
            except EOFError:  # the worker died: this process reads what it had not (its readings are cached)
                return None
            if message[0] != "progress":
                return message
            if progress is not None:
                progress(message[1], message[2])
        return None

    def stop(self, *, interrupt: bool = True) -> None:
        """End the worker, if any: by Ctrl-C (`interrupt`) so it keeps what it read, or by letting it finish."""
        process, self._process = self._process, None
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if process is None:
            return
        atexit.unregister(self.stop)
        if interrupt and process.is_alive() and process.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGINT)
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join()


def start_reading(config: Settings, loaded: LoadResult, *, embedder: Any = None, whole: bool = False) -> Reading:
    """Start reading the notes (in a worker process when it pays) while the caller syncs the index; `whole`:
    assemble the case file from every reading even after an edit that could be patched in (`index --rebuild`)."""
    reading = Reading(config, loaded, embedder, whole=whole)
    reading.start()
    return reading


class _Orphaned(Exception):
    """The process that started the worker is gone."""


def _work(pipe: Connection, config: Settings, loaded: LoadResult, embedder: Any, parent: int,
          unread: list[str] | None = None, whole: bool = False) -> None:
    """The worker: read every note, report progress, assemble and cache the case, and send the counts back."""
    import gc

    gc.disable()  # a short life building long-lived objects: the collector would only walk them over and over
    # The tokenizer's own thread pool would compete with the sync's two processes for the cores: one thread here
    # (readcost measured 30% less tokenizing CPU on 100-text batches); set in this process only.
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    # Not niced: `index` ends when both it and the sync are done (on two cores the three processes share both);
    # niced, it starved on a busy machine and was what the user waited for at the end.

    def progress(done: int, total: int) -> None:
        if os.getppid() != parent:
            raise _Orphaned
        pipe.send(("progress", done, total))

    try:
        pipe.send(("done", *read_and_settle(config, loaded, progress=progress, embedder=embedder, unread=unread,
                                            whole=whole)))
    except (KeyboardInterrupt, _Orphaned, BrokenPipeError):  # what was read is in the cache; the parent reports
        pass
    except Exception as exc:  # handed to the parent, which reports it as it would its own
        try:
            pipe.send(("error", exc))
        except Exception:  # an error that cannot be pickled: keep its words
            pipe.send(("error", RuntimeError(str(exc))))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C has nothing left to stop here
        pipe.close()


def read_and_settle(config: Settings, loaded: LoadResult, *, progress: Any = None, embedder: Any = None,
                    unread: list[str] | None = None, whole: bool = False) -> tuple[int, int]:
    """Read the notes (cached ones from disk) and settle the case file: how many notes were read afresh, and how
    many need a hint. An edit that changes nothing the assembly reads across notes is patched into the cached case
    (`_patched`); anything else assembles every note's reading again. `unread`: the notes with no cached reading,
    when the caller has found them (`unread_sources`), or more. `whole`: never patch (`index --rebuild`)."""
    from assistant.reading import read_notes  # the rules: only when this process reads

    fresh, hints = (0, None) if whole else _patched(config, loaded, progress=progress, embedder=embedder,
                                                    unread=unread)
    if hints is not None:
        return fresh, hints
    readings, more = read_notes(loaded.notes, settings=config, progress=progress, embedder=embedder)
    return fresh + more, settle(config, loaded, readings)


def _patched(config: Settings, loaded: LoadResult, *, progress: Any, embedder: Any,
             unread: list[str] | None) -> tuple[int, int | None]:
    """Read the notes that changed since the case was cached and, when their readings change nothing the assembly
    reads across notes (`assembly_change`), patch them into the cached case (their hashes, their share of the
    progress, promises and touches): the edit costs those notes, not loading every reading and assembling them. How many
    notes were read afresh, and how many notes need a hint (None when the case was not patched: the caller
    assembles it whole).
    """
    import datetime as dt

    from assistant.casecache import case_edit

    if config.chat_model != "offline":
        return 0, None  # only the offline case is cached
    edit = case_edit(config, loaded)
    if edit is None or not edit.changed or len(edit.changed) > PATCH_UP_TO:
        return 0, None
    from assistant.casefile import Touch
    from assistant.reading import read_notes
    from assistant.reading.assemble import assembly_change, link_progress
    from assistant.readingcache import ReadingCache, content_key, rules_version, unread_sources

    if unread is None:
        unread = unread_sources(loaded.notes, settings=config)
    if not edit.changed.keys() >= set(unread):
        return 0, None  # notes no reading of which is cached (the readings removed): read them all
    name, version, year = "offline", rules_version(), dt.date.today().year
    cache = ReadingCache(config.state_dir, name)
    before = {source: cache.peek(content_key(digest, source, name, version, year))
              for source, digest in edit.changed.items()}
    after, fresh = read_notes(loaded.notes, settings=config, progress=progress, embedder=embedder,
                              only=edit.changed.keys())
    lists: dict[str, dict[str, list[Any]]] = {}
    for now in after:
        was = before[now.source]
        change = None if was is None else assembly_change(was, now, edit.companies)
        if change is None:
            return fresh, None
        for list_name in change:
            lists.setdefault(list_name, {})[now.source] = list(getattr(now, list_name))
    for source, share in lists.get("touches", {}).items():  # whom they are with, as the assembly wrote it
        cached = edit.share("touches", source)
        if cached is None or len(cached) != len(share):
            return fresh, None
        lists["touches"][source] = [touch.model_copy(update={"with_": Touch.model_validate(old).with_})
                                    for touch, old in zip(share, cached, strict=True)]
    if "progress" in lists:  # the gaps new progress answers, as the assembly finds them
        rejections = edit.rejections()
        if rejections is None:
            return fresh, None
        link_progress([item for share in lists["progress"].values() for item in share], rejections)
    return (fresh, edit.hints) if edit.save(lists) else (fresh, None)


def settle(config: Settings, loaded: LoadResult, readings: list[NoteReading]) -> int:
    """Assemble `readings` into the case file, cache it for `people`, `plan` and `draft`; how many notes need a hint.

    Assembling settles the hints that need every note (a rejection's company).
    """
    from assistant.reading import assemble

    companies: list[str] = []
    case = assemble(readings, companies=companies)
    if not loaded.examples and all(r.reader == "offline" for r in case.notes):
        from assistant.casecache import save_offline_case

        # the same case file `people`, `plan` and `draft` would assemble, with what an edit is checked against
        save_offline_case(config, loaded, case, companies)
    return sum(1 for r in case.notes if r.hints)


def _preload(embedder: Any) -> None:
    from assistant.embeddings import LocalEmbedder, wordllama_model

    if embedder is not None and embedder.fingerprint == LocalEmbedder.fingerprint:
        wordllama_model()


def hint_line(count: int) -> str | None:
    """`3 notes need a hint: run `second-chance notes``, or None when every note was understood."""
    if not count:
        return None
    return f"{count} note{'s' if count != 1 else ''} need{'s' if count == 1 else ''} a hint: run `second-chance notes`."


def list_notes(knowledge: KnowledgeOption = None, json_output: JsonOption = False) -> None:
    """List each note: its type, who or what it is about, what was found, and what to add where it was unclear."""
    from rich.markup import escape

    from assistant.notes import load_notes
    from assistant.reading import assemble

    config = settings(knowledge)
    loaded = load_notes(config.knowledge_dir, cache_dir=config.state_dir)
    readings, _ = read_all(config, loaded)
    case = assemble(readings)  # assembling adds the hints that need every note (a rejection's company)
    if json_output:
        print_json({"notes": [_as_json(r) for r in case.notes], "hints": len(case.hints), "skipped": loaded.skipped})
        return
    out = console()
    for reading in case.notes:
        about = reading.about_person or reading.about_company or ""
        out.print(
            f"[bold]{escape(reading.source)}[/bold]  {reading.kind or 'note'}"
            + (f"  about {escape(about)}" if about else "")
        )
        for found in reading.found:
            out.print(f"    {escape(found)}")
        for hint in reading.hints:
            out.print(f"    [yellow]hint:[/yellow] {escape(hint.message)}")
    line = hint_line(sum(1 for r in case.notes if r.hints))
    out.print(f"\n{len(case.notes)} notes read" + (f"; {line}" if line else "; every note was understood."))


def _as_json(reading: NoteReading) -> dict[str, Any]:
    return {
        "source": reading.source,
        "type": reading.kind,
        "person": reading.about_person,
        "company": reading.about_company,
        "reader": reading.reader,
        "found": reading.found,
        "hints": [h.message for h in reading.hints],
    }
