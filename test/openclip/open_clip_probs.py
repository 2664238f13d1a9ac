# open_clip's own zero-shot probabilities, the reference the imported transformers.js folder must match.
# Usage: python open_clip_probs.py CHECKPOINT CONFIG.json TEMPLATE IMAGE... -- LABEL...
# Prints one JSON line: {"probs": [[p(label) for label] for image]}.
import json, pathlib, sys, warnings
warnings.filterwarnings("ignore")
import torch, open_clip
from PIL import Image

checkpoint, config, template, rest = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4:]
split = rest.index("--")
images, labels = rest[:split], rest[split + 1:]
open_clip.add_model_config(config)
model, _, preprocess = open_clip.create_model_and_transforms(config.stem, pretrained=checkpoint, weights_only=False)
model.eval()
tokenizer = open_clip.get_tokenizer(config.stem)
with torch.no_grad():
    image = torch.stack([preprocess(Image.open(f).convert("RGB")) for f in images])
    text = tokenizer([template.replace("{}", l) for l in labels])
    i = model.encode_image(image, normalize=True)
    t = model.encode_text(text, normalize=True)
    probs = (model.logit_scale.exp() * i @ t.T).softmax(dim=-1)
print(json.dumps({"probs": probs.tolist()}))
