// Matrix products for the training step on tfjs's wasm backend, compiled to a tiny WebAssembly module that
// works in place on the backend's own memory (imported, never copied). Why: XNNPACK (inside tfjs-backend-wasm)
// repacks a product's right operand on every call and needs explicit transposes for gradients; these 4×8 SIMD
// tiles read both operands as they lie. Rebuild with `npm run kernels` (clang + lld); src/kernels/wasmBinary.ts is the output.
// Why 4×8: its 8 accumulators, 2 rows of B and a broadcast fit the 16 vector registers V8 uses on x86; with
// operands in cache it runs at 80–90 % of simd_peak (peak.c) on the models' shapes, so what remains is memory.
// No static data and no stack: the module must never write outside the tensors it is given.
#include "simd.h"

#define EXPORT(name) __attribute__((export_name(#name)))

// Rows k0..k1 of the reduction, accumulated into C rows i..i+3, columns j..j+7.
// op(A)[i, k] = A[i*ai + k*ak] (plain or transposed A); B [K, N] and C [M, N] row-major.
static void tile4x8(const float* A, int ai, int ak, const float* B, float* C, int N, int k0, int k1, int i, int j, const float* bias) {
  v128_t c00, c01, c10, c11, c20, c21, c30, c31;
  float* c = C + i * N + j;
  if (k0 > 0) {
    c00 = wasm_v128_load(c); c01 = wasm_v128_load(c + 4); c10 = wasm_v128_load(c + N); c11 = wasm_v128_load(c + N + 4);
    c20 = wasm_v128_load(c + 2 * N); c21 = wasm_v128_load(c + 2 * N + 4); c30 = wasm_v128_load(c + 3 * N); c31 = wasm_v128_load(c + 3 * N + 4);
  } else if (bias) {
    c00 = c10 = c20 = c30 = wasm_v128_load(bias + j);
    c01 = c11 = c21 = c31 = wasm_v128_load(bias + j + 4);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = wasm_f32x4_splat(0);
  }
  const float* a = A + i * ai + k0 * ak;
  const float* b = B + k0 * N + j;
  for (int k = k0; k < k1; k++, a += ak, b += N) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4), x;
    x = wasm_f32x4_splat(a[0]);      c00 = MADD(x, b0, c00); c01 = MADD(x, b1, c01);
    x = wasm_f32x4_splat(a[ai]);     c10 = MADD(x, b0, c10); c11 = MADD(x, b1, c11);
    x = wasm_f32x4_splat(a[2 * ai]); c20 = MADD(x, b0, c20); c21 = MADD(x, b1, c21);
    x = wasm_f32x4_splat(a[3 * ai]); c30 = MADD(x, b0, c30); c31 = MADD(x, b1, c31);
  }
  wasm_v128_store(c, c00); wasm_v128_store(c + 4, c01); wasm_v128_store(c + N, c10); wasm_v128_store(c + N + 4, c11);
  wasm_v128_store(c + 2 * N, c20); wasm_v128_store(c + 2 * N + 4, c21); wasm_v128_store(c + 3 * N, c30); wasm_v128_store(c + 3 * N + 4, c31);
}

// The same sums one element at a time, for the edges that do not fill a 4×8 tile.
static void edge(const float* A, int ai, int ak, const float* B, float* C, int N, int k0, int k1, int i0, int i1, int j0, int j1, const float* bias) {
  for (int i = i0; i < i1; i++)
    for (int j = j0; j < j1; j++) {
      float s = k0 > 0 ? C[i * N + j] : bias ? bias[j] : 0.0f;
      for (int k = k0; k < k1; k++) s += A[i * ai + k * ak] * B[k * N + j];
      C[i * N + j] = s;
    }
}

// The reduction runs in chunks of KC rows so that a chunk of both operands stays in cache.
#define KC 256

static void gemm(const float* A, int ai, int ak, const float* B, float* C, int M, int K, int N, const float* bias) {
  int M4 = M & ~3, N8 = N & ~7;
  int k0 = 0;
  do {
    int k1 = k0 + KC < K ? k0 + KC : K;
    for (int i = 0; i < M4; i += 4)
      for (int j = 0; j < N8; j += 8) tile4x8(A, ai, ak, B, C, N, k0, k1, i, j, bias);
    edge(A, ai, ak, B, C, N, k0, k1, 0, M4, N8, N, bias);
    edge(A, ai, ak, B, C, N, k0, k1, M4, M, 0, N, bias);
    k0 = k1;
  } while (k0 < K);
}

// C [M, N] = A [M, K] · B [K, N] (+ bias [N] on every row when bias is not 0).
EXPORT(gemm_nn) void gemm_nn(const float* A, const float* B, float* C, int M, int K, int N, const float* bias) {
  gemm(A, K, 1, B, C, M, K, N, bias);
}

// C [M, N] = Aᵀ · B with A [K, M], B [K, N]: a weight gradient xᵀ·dy without transposing x.
EXPORT(gemm_tn) void gemm_tn(const float* A, const float* B, float* C, int M, int K, int N) {
  gemm(A, 1, M, B, C, M, K, N, 0);
}

// C [M, N] = A · Bᵀ with A [M, K], B [N, K]: an input gradient dy·Wᵀ. B (a weight, small) is first transposed into
// `scratch` [K, N], which the caller lends, so the product runs on 4×8 tiles as above; one call instead of two ops.
EXPORT(gemm_nt) void gemm_nt(const float* A, const float* B, float* C, int M, int K, int N, float* scratch) {
  for (int n = 0; n < N; n++)
    for (int k = 0; k < K; k++) scratch[k * N + n] = B[n * K + k];
  gemm(A, K, 1, scratch, C, M, K, N, 0);
}

// out [N] = column sums of A [R, N]: a bias gradient. Row by row, so that A streams once and out stays in cache.
EXPORT(column_sums) void column_sums(const float* A, float* out, int R, int N) {
  int N4 = N & ~3;
  for (int j = 0; j < N; j++) out[j] = 0.0f;
  for (int r = 0; r < R; r++) {
    const float* a = A + r * N;
    for (int j = 0; j < N4; j += 4) wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_v128_load(a + j)));
    for (int j = N4; j < N; j++) out[j] += a[j];
  }
}
