"""The Python side of `clip-workshop import --open-clip`.

Loads an open_clip checkpoint into the model its config describes, and writes the transformers.js files (ONNX graph,
CLIP BPE tokenizer built from open_clip's own vocabulary, preprocessor with open_clip's size, mean and std, config)
into an empty folder. Its one argument is a JSON object (checkpoint, config, out, ...). Prints one JSON line:
{"ok": true, ...} or {"error": "one sentence"}.
"""
import importlib.util, inspect, json, sys, os, pathlib, warnings
warnings.filterwarnings("ignore")
args = json.loads(sys.argv[1])

def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(3)

try:
    import torch, open_clip
    from open_clip.factory import load_state_dict
except Exception as e:
    fail("this Python cannot import torch and open_clip (%s)" % e)

config_path = pathlib.Path(args["config"])
try:
    cfg = json.loads(config_path.read_text())
except Exception as e:
    fail("the config %s is not readable JSON (%s)" % (config_path, str(e).splitlines()[0]))
if not isinstance(cfg, dict) or not all(k in cfg for k in ("embed_dim", "vision_cfg", "text_cfg")):
    fail("the config %s is not an open_clip model config (it needs embed_dim, vision_cfg and text_cfg)" % config_path)
name = config_path.stem
open_clip.add_model_config(config_path)
try:
    model = open_clip.create_model(name, device="cpu")
except Exception as e:
    fail("open_clip cannot build a model from the config %s (%s)" % (config_path, str(e).splitlines()[0]))

def read_state(weights_only):
    state = load_state_dict(args["checkpoint"], weights_only=weights_only)
    if not isinstance(state, dict) or not state:
        raise ValueError("it holds no weights")
    return state

# open_clip_train's checkpoints also pickle plain Python values that older torch's weights-only loader refuses.
weights_only = True
try:
    read_state(True)
except Exception:
    weights_only = False
    try:
        read_state(False)
    except Exception as e:
        fail("the checkpoint %s is not a readable open_clip checkpoint (%s)" % (args["checkpoint"], (str(e).splitlines() or [type(e).__name__])[0][:200]))
try:
    open_clip.load_checkpoint(model, args["checkpoint"], weights_only=weights_only)
except Exception as e:
    # The first line of a state-dict error is a heading; the next names the first tensor that differs.
    lines = [l.strip().rstrip(".") for l in str(e).splitlines() if l.strip()]
    detail = (lines[1:2] or lines[:1] or [type(e).__name__])[0][:240]
    fail("the checkpoint %s does not match the config %s (%s)" % (args["checkpoint"], config_path, detail))
model.eval()

ctx = model.context_length
tok = open_clip.get_tokenizer(name)
pp = model.visual.preprocess_cfg
size = pp["size"] if isinstance(pp["size"], int) else pp["size"][0]
out = pathlib.Path(args["out"])
(out / "onnx").mkdir(parents=True, exist_ok=True)

class TransformersClip(torch.nn.Module):
    """CLIPModel's inputs and outputs around open_clip's own encoders (normalised embeddings, scaled logits)."""
    def __init__(self, m):
        super().__init__()
        self.m = m
    def forward(self, input_ids, attention_mask, pixel_values):
        # open_clip's text tower reads a full context: pad with 0 (what open_clip pads with) and cut to it.
        pad = torch.zeros_like(input_ids[:, :1]).expand(-1, ctx)
        ids = torch.cat([input_ids, pad], dim=1)[:, :ctx]
        text = self.m.encode_text(ids, normalize=True)
        image = self.m.encode_image(pixel_values, normalize=True)
        logits_per_text = self.m.logit_scale.exp() * text @ image.t()
        if getattr(self.m, "logit_bias", None) is not None:
            logits_per_text = logits_per_text + self.m.logit_bias
        return logits_per_text.t(), logits_per_text, text, image

ids = torch.tensor([[tok.sot_token_id] + tok.encode("a photo") + [tok.eot_token_id]])
# torch >= 2.9 exports through torch.export and onnxscript by default: ask for the tracing exporter (older torch's only
# one), the one whose graphs the kit checks against open_clip.
tracing = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
# Traced with gradients on: under no_grad, nn.MultiheadAttention takes a fused path that ONNX cannot express.
try:
    torch.onnx.export(
        TransformersClip(model), (ids, torch.ones_like(ids), torch.zeros(2, 3, size, size)), str(out / "onnx" / "model.onnx"),
        input_names=["input_ids", "attention_mask", "pixel_values"],
        output_names=["logits_per_image", "logits_per_text", "text_embeds", "image_embeds"],
        dynamic_axes={"input_ids": {0: "texts", 1: "tokens"}, "attention_mask": {0: "texts", 1: "tokens"}, "pixel_values": {0: "images"},
                      "logits_per_image": {0: "images", 1: "texts"}, "logits_per_text": {0: "texts", 1: "images"},
                      "text_embeds": {0: "texts"}, "image_embeds": {0: "images"}},
        opset_version=14, do_constant_folding=True, **tracing)
except Exception:
    # Newer torch writes the graph through the onnx package, which pip does not install with torch.
    if importlib.util.find_spec("onnx") is None:
        fail("torch %s writes ONNX graphs through the onnx package, which this Python lacks: install it with pip install onnx" % torch.__version__.split("+")[0])
    raise

sot, eot = tok.decoder[tok.sot_token_id], tok.decoder[tok.eot_token_id]
merges = [" ".join(pair) for pair, _ in sorted(tok.bpe_ranks.items(), key=lambda kv: kv[1])]
special = lambda i, t: {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
tokenizer = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [special(tok.sot_token_id, sot), special(tok.eot_token_id, eot)],
    # open_clip cleans text by collapsing white space and lower-casing; its word pattern splits, bytes map to unicode, BPE merges.
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "}, {"type": "Lowercase"}]},
    "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": tok.pat.pattern}, "behavior": "Removed", "invert": True},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
    "post_processor": {"type": "RobertaProcessing", "sep": [eot, tok.eot_token_id], "cls": [sot, tok.sot_token_id], "trim_offsets": False, "add_prefix_space": False},
    "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    "model": {"type": "BPE", "dropout": None, "unk_token": eot, "continuing_subword_prefix": "", "end_of_word_suffix": "</w>",
              "fuse_unk": False, "byte_fallback": False, "vocab": tok.encoder, "merges": merges},
}
tokenizer_config = {"tokenizer_class": "CLIPTokenizer", "model_max_length": ctx, "bos_token": sot, "eos_token": eot, "unk_token": eot,
                    "pad_token": eot, "do_lower_case": True, "clean_up_tokenization_spaces": False}
resample = {"bicubic": 3, "bilinear": 2, "nearest": 0}.get(pp["interpolation"], 3)
preprocessor = {
    "image_processor_type": "CLIPImageProcessor", "feature_extractor_type": "CLIPFeatureExtractor", "do_convert_rgb": True,
    "do_resize": True, "size": {"shortest_edge": size}, "resample": resample, "do_center_crop": True, "crop_size": {"height": size, "width": size},
    "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": list(pp["mean"]), "image_std": list(pp["std"]),
}
vision = model.visual
config = {
    "model_type": "clip", "architectures": ["CLIPModel"], "projection_dim": cfg["embed_dim"],
    "logit_scale_init_value": float(model.logit_scale.detach()),
    "text_config": {"model_type": "clip_text_model", "vocab_size": model.vocab_size, "max_position_embeddings": ctx, "hidden_size": cfg["text_cfg"].get("width")},
    "vision_config": {"model_type": "clip_vision_model", "image_size": size, "patch_size": cfg["vision_cfg"].get("patch_size"), "hidden_size": cfg["vision_cfg"].get("width")},
    "open_clip": {"model": name, "model_cfg": cfg, "preprocess_cfg": {k: (list(v) if isinstance(v, tuple) else v) for k, v in pp.items()}},
}
for file, value in (("tokenizer.json", tokenizer), ("tokenizer_config.json", tokenizer_config),
                    ("preprocessor_config.json", preprocessor), ("config.json", config)):
    (out / file).write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n")
print(json.dumps({"ok": True, "model": name, "imageSize": size, "contextLength": ctx, "logitScale": float(model.logit_scale.exp()),
                  "parameters": sum(p.numel() for p in model.parameters()), "torch": torch.__version__, "openClip": open_clip.__version__}))
