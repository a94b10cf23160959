"""The peers measured in one run with qlake (`qlake bench --peers` runs this with the peers' venv, installing them
into it when missing, and writes the report from the JSON it prints).

Each tool starts in a fresh tmux window of 120x40 on a tmux server already running; the clock starts just before the
window is made and stops at the first capture of the pane that shows the tool's complete first screen (polled every
2 ms through one tmux client in control mode, so polling starts no process); the window before is closed and its
program waited for until it has ended. What "complete" means for each tool is written beside it below, and with QLAKE_BENCH_PEERS_KEEP=DIR the last screen of each tool is kept, to see what was waited for.

The peers read the lake the way a DuckDB user would declare it (one view per table folder over its Parquet files,
Hive partitions and union_by_name); nothing of qlake's own view declarations or queries is shared with them but the
text of the dashboard's five queries, which the DuckDB CLI prints (a query with parameters prepared and executed with them).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

COLUMNS, LINES = 120, 40
SOCKET = f"qlake-bench-peers-{os.getpid()}"
LIMIT_S = 300
KILL_AFTER_S = 10


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check)


class Control:
    """One tmux client in control mode: the pane is captured through it, so polling starts no process (a `tmux
    capture-pane` process every few milliseconds took CPU from the tool being timed on a 2-core machine)."""

    def __init__(self):
        self.client = subprocess.Popen(
            ["tmux", "-L", SOCKET, "-C", "attach", "-t", "keeper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def command(self, line):
        """The output of one tmux command: the lines between its %begin and %end (or %error).

        Only a block whose flags say this client sent it is a reply: attaching prints a block of its own first, and
        taking that one for the first reply put every later reply one command behind (a run's first capture was the
        run before's last screen, so every second run ended at once)."""
        self.client.stdin.write(line + "\n")
        self.client.stdin.flush()
        out, inside = [], False
        while True:
            reply = self.client.stdout.readline()
            if not reply:
                raise SystemExit("qlake bench --peers: tmux's control client ended")
            if reply.startswith("%begin"):
                inside, out = reply.split()[-1] == "1", []
            elif reply.startswith(("%end", "%error")) and inside:
                return "\n".join(out)
            elif inside:
                out.append(reply.rstrip("\n"))

    def close(self):
        self.client.stdin.close()
        self.client.wait(timeout=10)


CONTROL = None


def screen():
    return CONTROL.command("capture-pane -p -t peer")


def wait_for(ready, what, since):
    """Milliseconds from `since` until `ready(screen)`; an error naming `what` after LIMIT_S."""
    while True:
        shown = screen()
        if ready(shown):
            return (time.monotonic() - since) * 1000.0, shown
        if time.monotonic() - since > LIMIT_S:
            raise SystemExit(f"qlake bench --peers: {what} did not show its first screen within {LIMIT_S} s:\n{shown}")
        time.sleep(0.002)


def end_session():
    """The run's window closed, and its program waited for until it has ended: a program still ending when the next
    run starts takes CPU from it, and the next run is timed beside that end. One still running after KILL_AFTER_S is
    killed; one still there after LIMIT_S ends the benchmark."""
    panes = tmux("list-panes", "-t", "peer", "-F", "#{pane_pid}", check=False)
    tmux("kill-session", "-t", "peer", check=False)
    since = time.monotonic()
    for pid in panes.stdout.split():
        killed = False
        while True:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[-1].split()
                # A zombie has ended; only its parent has not reaped it.
                if not fields or fields[0] == "Z":
                    break
            except (FileNotFoundError, ProcessLookupError):
                break
            waited = time.monotonic() - since
            if waited > KILL_AFTER_S and not killed:
                try:
                    os.kill(int(pid), 9)
                except (ProcessLookupError, ValueError):
                    pass
                killed = True
            if waited > LIMIT_S:
                raise SystemExit(f"qlake bench --peers: process {pid} still runs {LIMIT_S} s after its window closed")
            time.sleep(0.002)


def run_once(command, ready, what, then=None):
    """One run of `command`: ms to its first screen and, with `then` = [(keys, ready)], ms to the screen after the
    last of those steps."""
    end_session()
    start = time.monotonic()
    tmux("new-session", "-d", "-s", "peer", "-x", str(COLUMNS), "-y", str(LINES), command)
    first, shown = wait_for(ready, what, start)
    second = None
    for keys, ready_after in then or []:
        for key in keys:
            tmux("send-keys", "-t", "peer", *key)
        second, shown = wait_for(ready_after, what + " (after its keys)", start)
    end_session()
    return first, second, shown


def declarations(lake: Path) -> str:
    lines = []
    for table in sorted(p for p in lake.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        lines.append(
            f"CREATE VIEW {table.name} AS FROM read_parquet('{table}/**/*.parquet', "
            "hive_partitioning = true, union_by_name = true);"
        )
    return "\n".join(lines) + "\n"


def largest_parquet(folder: Path) -> Path:
    files = sorted(folder.rglob("*.parquet"), key=lambda p: p.stat().st_size, reverse=True)
    if not files:
        raise SystemExit(f"qlake bench --peers: {folder} has no Parquet file")
    return files[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qlake", required=True)
    parser.add_argument("--bin", required=True, help="the peers' venv bin folder")
    parser.add_argument("--work", required=True)
    parser.add_argument("--lake", default="sample-data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dashboard", required=True, help="the dashboard's five queries, as the DuckDB CLI runs them")
    args = parser.parse_args()
    lake = Path(args.lake).resolve()
    work, peers = Path(args.work), Path(args.bin)
    if not (lake / "enterprises").is_dir():
        raise SystemExit(f"qlake bench --peers: {lake} is not a lake (it has no enterprises folder)")
    init = work / "peers-init.sql"
    init.write_text(declarations(lake))
    dashboard = Path(args.dashboard)
    enterprises_file = largest_parquet(lake / "enterprises")

    done = "QLAKE-PEER-DONE"
    failed = "QLAKE-PEER-FAILED"

    def cli_ready(shown):
        # A statement the CLI refuses is printed and passed over; timing that as a complete screen timed less work
        # (the reconciliations were skipped so until 2026-12-06). The CLI's exit status says whether all ran.
        if failed in shown:
            raise SystemExit(f"qlake bench --peers: the DuckDB CLI failed on the dashboard's queries:\n{shown}")
        return done in shown
    # qlake twice: a first start on this state of the lake (nothing remembered: the tiles' queries run; the cache
    # folder's remembered results and parts are removed before each run), then starts that find the tiles remembered.
    cache = work / "qlake-cache"
    # Complete: every tile filled, which the status bar says by no longer showing a query running (a figure still to
    # come shows "–", not "loading…"). The English interface is asked for: these are its words, and a language kept
    # from an earlier run would otherwise never match (or, for the status bar, always).
    dashboard_ready = lambda s: (
        "key figures per province" in s
        and "coverage against targets" in s
        and "loading…" not in s
        and "Ctrl+C cancels" not in s
    )
    # The first drill step: Enter on the first province opens its cities.
    # (the grid's title line names the path; its status line shows the rows counted).
    first_step = [([["Enter"]], lambda s: "Provinces ›" in s and "city_code" in s and re.search(r"row 1/\d", s) is not None)]
    tools = [
        (
            "qlake, first start on this state of the lake: the dashboard, all four tiles filled",
            f"sh -c 'rm -rf {cache}/results {cache}/parts; QLAKE_CACHE_DIR={cache} exec {args.qlake} --lang en --lake {lake}'",
            dashboard_ready,
            first_step,
        ),
        (
            "qlake, the tiles remembered from the start before: the dashboard, all four tiles filled",
            f"env QLAKE_CACHE_DIR={cache} {args.qlake} --lang en --lake {lake}",
            dashboard_ready,
            first_step,
        ),
        (
            "Harlequin: its IDE ready, the lake's views in its catalog",
            f"{peers}/harlequin --init-path {init} :memory:",
            lambda s: "memory db" in s and "Query Editor" in s and "Executed" in s,
            # No step: Harlequin restores its editor's last buffer a moment after its first screen, replacing text typed
            # before then, so a typed query could not be timed reliably.
            None,
        ),
        (
            "VisiData: the enterprises Parquet file, rows counted",
            f"{peers}/vd {enterprises_file}",
            lambda s: "enterprise_id" in s and re.search(r"\d rows", s) is not None,
            None,
        ),
        (
            "DuckDB CLI: the dashboard's five queries printed",
            f"sh -c '{peers}/duckdb -init {init} -c \"$(cat {dashboard})\" && echo {done} || echo {failed}; sleep 600'",
            cli_ready,
            None,
        ),
    ]
    # QLAKE_BENCH_PEERS_KEEP=DIR keeps the last screen of each tool, to see what was waited for.
    keep = Path(os.environ["QLAKE_BENCH_PEERS_KEEP"]) if os.environ.get("QLAKE_BENCH_PEERS_KEEP") else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    tmux("new-session", "-d", "-s", "keeper", "-x", str(COLUMNS), "-y", str(LINES), "sleep 100000")
    global CONTROL
    CONTROL = Control()
    results = []
    try:
        for what, command, ready, then in tools:
            firsts, seconds, last = [], [], ""
            for _ in range(args.runs):
                first, second, last = run_once(command, ready, what, then)
                firsts.append(first)
                if second is not None:
                    seconds.append(second)
            results.append((what, statistics.median(firsts), statistics.median(seconds) if seconds else None))
            if keep:
                (keep / f"last-screen-{len(results)}.txt").write_text(f"{what}\n{last}")
    finally:
        CONTROL.close()
        tmux("kill-server", check=False)

    print(json.dumps({
        "lake": str(lake),
        "files": sum(1 for _ in (lake / "enterprises").rglob("*.parquet")),
        "visidata_file": str(enterprises_file.relative_to(lake)),
        "runs": args.runs,
        "tools": [{"what": what, "first_ms": first, "step_ms": second} for what, first, second in results],
    }))


if __name__ == "__main__":
    sys.exit(main())
