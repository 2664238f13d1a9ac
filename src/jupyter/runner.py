"""The Python side of notebook execution (clip-workshop notebooks, through Jupyter).

Reads a JSON list of jobs (a notebook and where its executed copy goes) from stdin and executes them in order with
nbclient on the tslab kernel, writing each executed .ipynb (the caller renders its HTML page). On stdout it prints
one JSON line per event: {"event": "start", "index": i} when a notebook begins, then
{"event": "done", "index": i, "ok": true, "seconds": s} or {..., "ok": false, "cell": c, "ename": ..., "evalue": ...}.
A failing notebook ends the run. Its one argument is a JSON object: kernel, timeout, progress_every, progress_prefix.

While notebook i runs, the kernel of notebook i + 1 starts on the other core and parses the imports of its first code
cell (a completion request: tslab type-checks the code without running it), so the next notebook finds its kernel ready.
"""
import json, sys, os, re, threading, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.blocking import BlockingKernelClient

args = json.loads(sys.argv[1])
jobs = json.loads(sys.stdin.read())
PROGRESS = args["progress_prefix"]  # the caller's marker of "still running" lines on stderr

def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

def error_text(cell, e):
    # tslab reports errors on stderr rather than as an "error" output: take the line naming the error.
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", ""), out.get("evalue", "")
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
    for line in text.splitlines():
        m = re.match(r"^\s*([A-Za-z_$][\w$]*(?:Error|Exception)|Error)\b:?\s*(.*)$", line)
        if m:
            return m.group(1), m.group(2)
    lines = [l for l in text.splitlines() if l.strip()]
    return type(e).__name__, (lines[-1] if lines else str(e).strip().splitlines()[-1] if str(e).strip() else "")

def failure(e):
    # A failure outside any cell (a kernel that does not start or dies): the error's last line.
    return {"ok": False, "cell": None, "ename": type(e).__name__, "evalue": str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)}

def first_line(cell):
    for line in cell.get("source", "").splitlines():
        if line.strip():
            return line.strip()[:70]
    return ""

def watch(index, cell, started, stop):
    # One line on stderr while a cell runs long, so that a waiting user knows what is running.
    every = float(args.get("progress_every") or 0)
    while every > 0 and not stop.wait(every):
        sys.stderr.write("%s cell %d still running after %d s: %s\n" % (PROGRESS, index + 1, time.time() - started, first_line(cell)))
        sys.stderr.flush()

class Kernel:
    """A kernel started ahead of its notebook, warmed on a thread with the imports of the notebook's first code cell."""
    def __init__(self, job, nb):
        self.km = AsyncKernelManager(kernel_name=args["kernel"])
        self.error = None
        code = next((c.source for c in nb.cells if c.cell_type == "code"), "")
        self.thread = threading.Thread(target=self.warm, args=(code,), daemon=True)
        try:
            run_sync(self.km.start_kernel)(cwd=job["cwd"])
            self.thread.start()
        except Exception as e:
            self.error = e

    def warm(self, code):
        try:
            kc = BlockingKernelClient()
            kc.load_connection_info(self.km.get_connection_info())
            # No heartbeat and no wait_for_ready: without a manager of its own, this client would take the kernel's
            # first silent moment for a death. Requests wait in the socket until the kernel is up.
            kc.start_channels(hb=False)
            try:
                deadline = time.time() + 120
                while True:
                    try:
                        kc.kernel_info(reply=True, timeout=1)
                        break
                    except Exception:
                        if self.dead() or time.time() > deadline:
                            return
                if code:
                    kc.complete(code, len(code), reply=True, timeout=120)
            finally:
                kc.stop_channels()
        except Exception:
            pass  # warming is an optimisation: the notebook's own client reports a kernel that does not start

    def dead(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process is not None and process.poll() is not None

    def join(self):
        if self.thread.is_alive():
            self.thread.join(timeout=130)

    def stop(self):
        self.join()
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass

def run_job(job, nb, kernel):
    if kernel.error is not None:
        return failure(kernel.error)
    client = NotebookClient(nb, km=kernel.km, timeout=args["timeout"], startup_timeout=120,
                            allow_errors=False, resources={"metadata": {"path": job["cwd"]}})
    result = {"ok": True}
    count = 0
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                stop = threading.Event()
                if cell.cell_type == "code":
                    threading.Thread(target=watch, args=(index, cell, time.time(), stop), daemon=True).start()
                    count += 1
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                    ename, evalue = error_text(cell, e)
                    if isinstance(e, CellTimeoutError):
                        ename, evalue = "Timeout", "the cell ran longer than %d s" % args["timeout"]
                    result = {"ok": False, "cell": index, "ename": ename, "evalue": evalue}
                    break
                finally:
                    stop.set()
                    # tslab's replies carry no execution count: number the cells as they ran, as a reader expects.
                    if cell.cell_type == "code" and cell.get("execution_count") is None:
                        cell["execution_count"] = count
    except Exception as e:
        result = failure(e)
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
    return result

def write_outputs(job, nb):
    tmp = job["out"] + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, job["out"])

notebooks = [nbformat.reads(json.dumps(job["notebook"]), as_version=4) for job in jobs]
running = []  # kernels started and not yet stopped: stopped on any way out, Ctrl-C included
try:
    for i, job in enumerate(jobs):
        started = time.time()
        emit({"event": "start", "index": i})
        if not running:
            running.append(Kernel(job, notebooks[i]))
        kernel = running[0]
        # The next kernel starts once this notebook's kernel is warm, so that the two starts do not share the cores.
        kernel.join()
        if i + 1 < len(jobs):
            running.append(Kernel(jobs[i + 1], notebooks[i + 1]))
        result = run_job(job, notebooks[i], kernel)
        running.pop(0).stop()
        write_outputs(job, notebooks[i])
        result.update({"event": "done", "index": i, "seconds": time.time() - started})
        emit(result)
        if not result["ok"]:
            break
finally:
    for kernel in running:
        kernel.stop()
