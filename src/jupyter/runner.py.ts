/**
 * The Python side of notebook execution, run with `python -c`: reads a notebook from stdin, executes it
 * with nbclient on the tslab kernel, writes the executed .ipynb (and .html when nbconvert is present),
 * and prints one JSON line: {"ok": true} or {"ok": false, "cell": i, "ename": ..., "evalue": ...}.
 * Kept as a string so that it ships inside dist/ with the rest of the library.
 */
export const RUNNER_PY = String.raw`
import json, sys, os, traceback
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

args = json.loads(sys.argv[1])
nb = nbformat.reads(sys.stdin.read(), as_version=4)
client = NotebookClient(nb, kernel_name=args["kernel"], timeout=args["timeout"], startup_timeout=120,
                        allow_errors=False, resources={"metadata": {"path": args["cwd"]}})
result = {"ok": True}
try:
    client.execute()
except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
    result = {"ok": False, "cell": None, "ename": type(e).__name__, "evalue": str(e).strip().splitlines()[-1] if str(e).strip() else ""}
    for i, cell in enumerate(nb.cells):
        errs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errs:
            result.update(cell=i, ename=errs[0].get("ename", ""), evalue=errs[0].get("evalue", ""))
            break
    if result["cell"] is None and isinstance(e, CellTimeoutError):
        result["evalue"] = "a cell ran longer than %d s" % args["timeout"]
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
