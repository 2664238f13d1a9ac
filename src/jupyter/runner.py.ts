/**
 * The Python side of notebook execution, run with `python -c`: reads a notebook from stdin, executes it
 * with nbclient on the tslab kernel, writes the executed .ipynb (and .html when nbconvert is present),
 * and prints one JSON line: {"ok": true} or {"ok": false, "cell": i, "ename": ..., "evalue": ...}.
 * Kept as a string so that it ships inside dist/ with the rest of the library.
 */
/** The prefix of the runner's "cell N still running" lines on stderr. */
export const PROGRESS_PREFIX = '[clip-workshop progress]';

export const RUNNER_PY = String.raw`
import json, sys, os, re
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

args = json.loads(sys.argv[1])
nb = nbformat.reads(sys.stdin.read(), as_version=4)
client = NotebookClient(nb, kernel_name=args["kernel"], timeout=args["timeout"], startup_timeout=120,
                        allow_errors=False, resources={"metadata": {"path": args["cwd"]}})
result = {"ok": True}

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

import threading, time

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

PROGRESS = "[clip-workshop progress]"

try:
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            stop = threading.Event()
            if cell.cell_type == "code":
                threading.Thread(target=watch, args=(index, cell, time.time(), stop), daemon=True).start()
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
except Exception as e:
    result = {"ok": False, "cell": None, "ename": type(e).__name__, "evalue": str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)}

tmp = args["out"] + ".tmp"
nbformat.write(nb, tmp)
os.replace(tmp, args["out"])
if args.get("html"):
    try:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(args["html"] + ".tmp", "w", encoding="utf-8") as f:
            f.write(body)
        os.replace(args["html"] + ".tmp", args["html"])
        result["html"] = args["html"]
    except ImportError:
        pass
print(json.dumps(result))
`;
