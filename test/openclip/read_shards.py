# Reads exported shards back with webdataset (what open_clip's trainer uses) and lists every sample.
# Usage: python read_shards.py URLS   (a brace pattern such as 'DIR/{000000..000005}.tar')
# Prints one JSON line: {"samples": [[key, sha256 of the decoded RGB pixels, caption, concept], ...]}.
import hashlib, io, json, sys
import webdataset as wds
from PIL import Image

samples = []
for s in wds.WebDataset(sys.argv[1], shardshuffle=False):
    rgb = Image.open(io.BytesIO(s["png"])).convert("RGB").tobytes()
    samples.append([s["__key__"], hashlib.sha256(rgb).hexdigest(), s["txt"].decode("utf-8"), json.loads(s["json"])["concept"]])
print(json.dumps({"samples": samples, "webdataset": getattr(wds, "__version__", "?")}))
