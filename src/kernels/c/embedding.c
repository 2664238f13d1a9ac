// Embedding bags for tfjs's wasm backend (see gemm.c for how the module shares tfjs's memory): each output row is a
// weighted sum of table rows picked by token ids, as PyTorch's EmbeddingBag. Why: as one-hot × table, the toy models'
// token lookups and bags of words multiply mostly zeros — for emoji captions (vocabulary ~3,000, a handful of words
// each) that was the largest product of the step.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// out[r, :] = Σ_t weight[r·L + t] · table[ids[r·L + t], :] for rows r < R; weights 0 (the pointer) means all 1.
// Ids outside 0..vocab−1 add nothing (as a one-hot of them would be all zeros).
EXPORT(embedding_bag)
void embedding_bag(const int* ids, const float* weights, const float* table, float* out, int R, int L, int vocab, int w) {
  for (int r = 0; r < R; r++) {
    float* o = out + r * w;
    for (int e = 0; e < w; e++) o[e] = 0.0f;
    for (int t = 0; t < L; t++) {
      int id = ids[r * L + t];
      float c = weights ? weights[r * L + t] : 1.0f;
      if (id < 0 || id >= vocab || c == 0.0f) continue;
      const float* row = table + id * w;
      v128_t vc = wasm_f32x4_splat(c);
      int e = 0;
      for (; e + 4 <= w; e += 4) wasm_v128_store(o + e, wasm_f32x4_add(wasm_v128_load(o + e), wasm_f32x4_mul(vc, wasm_v128_load(row + e))));
      for (; e < w; e++) o[e] += c * row[e];
    }
  }
}

// The table's gradient: dtable [vocab, w] = Σ over (r, t) of weight · dy[r, :] added into row ids[r·L + t].
EXPORT(embedding_bag_grad)
void embedding_bag_grad(const int* ids, const float* weights, const float* dy, float* dtable, int R, int L, int vocab, int w) {
  for (int i = 0; i < vocab * w; i++) dtable[i] = 0.0f;
  for (int r = 0; r < R; r++) {
    const float* g = dy + r * w;
    for (int t = 0; t < L; t++) {
      int id = ids[r * L + t];
      float c = weights ? weights[r * L + t] : 1.0f;
      if (id < 0 || id >= vocab || c == 0.0f) continue;
      float* row = dtable + id * w;
      v128_t vc = wasm_f32x4_splat(c);
      int e = 0;
      for (; e + 4 <= w; e += 4) wasm_v128_store(row + e, wasm_f32x4_add(wasm_v128_load(row + e), wasm_f32x4_mul(vc, wasm_v128_load(g + e))));
      for (; e < w; e++) row[e] += c * g[e];
    }
  }
}
