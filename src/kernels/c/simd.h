// The multiply-add of the kernels, in two builds of one source. Plain SIMD128: a product, then a sum (two roundings).
// Relaxed SIMD (-DRELAXED): f32x4.relaxed_madd, which runs as one fused multiply-add where the CPU has it. clang 14
// knows no final relaxed-SIMD opcodes, so the relaxed build calls an imported placeholder that tools/build-kernels.js
// rewrites into the instruction (and drops the import) before the module is used.
#include <wasm_simd128.h>

#ifdef RELAXED
__attribute__((import_module("env"), import_name("relaxed_madd"))) v128_t relaxed_madd(v128_t a, v128_t b, v128_t c);
#define MADD(a, b, c) relaxed_madd(a, b, c)
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul(a, b), c)
#endif
