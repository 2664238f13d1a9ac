#!/usr/bin/env node
// `npm run kernels`: rebuilds src/kernels/wasmBinary.ts from the kernels' C sources, twice: plain SIMD128 and relaxed
// SIMD (needs clang and lld, and wabt: it checks the modules and writes the relaxed build's multiply-add).
// A maintainer's tool, not part of the library: the kit ships the compiled module.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const KERNELS_DIR = path.join(__dirname, '..', 'src', 'kernels');
/** The C sources of the kit's wasm kernels (one module) and the TypeScript file that carries the compiled module. */
const KERNEL_SOURCES = ['gemm.c', 'peak.c', 'attention.c', 'layernorm.c', 'gelu.c', 'embedding.c', 'adam.c'].map((f) => path.join(KERNELS_DIR, 'c', f));
const KERNELS_GENERATED = path.join(KERNELS_DIR, 'wasmBinary.ts');

/** clang flags: wasm32 with 128-bit SIMD (as tfjs-backend-wasm's SIMD build), no libc, memory imported from tfjs. */
const CLANG_FLAGS = ['--target=wasm32', '-O3', '-msimd128', '-fno-builtin', '-nostdlib', '-Wl,--no-entry', '-Wl,--import-memory', '-Wl,-z,stack-size=0'];

/** The first of `names` on PATH, or undefined. */
function findTool(names) {
  for (const name of names) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
      return name;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

/** clang that can link wasm32 (needs lld's wasm-ld), or undefined. */
function findClang() {
  return findTool(['clang', 'clang-14', 'clang-15', 'clang-16']);
}

/** wabt's text form of a module (folded expressions with `fold`), or undefined without wasm2wat. */
function disassemble(file, fold = false) {
  const tool = findTool(['wasm2wat']);
  return tool ? execFileSync(tool, [...(fold ? ['--fold-exprs'] : []), file], { encoding: 'utf8' }) : undefined;
}

/**
 * The relaxed build's text with its placeholder (c/simd.h: an imported `relaxed_madd`, called with a, b, c) turned into
 * the instruction f32x4.relaxed_madd, which takes the same operands in the same order; the import goes.
 */
function relaxedText(wat) {
  const lines = wat.split('\n');
  const imports = lines.filter((l) => /\(import "env" "relaxed_madd"/.test(l));
  if (imports.length !== 1) throw new Error('the relaxed build must import env.relaxed_madd once (see src/kernels/c/simd.h).');
  const name = /\(func (\$[^\s)]+)/.exec(imports[0])?.[1];
  if (!name) throw new Error('the relaxed build names no function for env.relaxed_madd: keep clang\'s name section.');
  const out = lines.filter((l) => l !== imports[0]).join('\n').split(`(call ${name}`).join('(f32x4.relaxed_madd');
  if (out.includes(name)) throw new Error(`the relaxed build uses ${name} other than by calling it.`);
  return out;
}

/** wabt's wat2wasm with relaxed SIMD: the text's module as bytes. */
function assembleRelaxed(wat, dir) {
  const tool = findTool(['wat2wasm']);
  if (!tool) throw new Error('wat2wasm is not installed: install wabt (Debian: apt-get install wabt) to build the relaxed-SIMD kernels.');
  const [src, out] = [path.join(dir, 'relaxed.wat'), path.join(dir, 'relaxed.wasm')];
  fs.writeFileSync(src, wat);
  execFileSync(tool, ['--enable-relaxed-simd', '-o', out, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

/** Checks that a module imports only tfjs's memory and, where wabt can show it, uses neither a stack nor static data. */
function checkModule(file, bytes) {
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${i.module}.${i.name}:${i.kind}`);
  if (imports.join() !== 'env.memory:memory') throw new Error(`the kernels must import only env.memory, not ${imports.join(', ')}`);
  const wat = disassemble(file);
  if (wat !== undefined && /global\.(get|set)|\(data /.test(wat)) throw new Error('the kernels use a stack or static data: keep them free of both.');
}

/**
 * Compiles the kernels to wasm bytes, both builds: `simd128` (plain 128-bit SIMD, runs everywhere tfjs's SIMD build
 * runs) and `relaxed` (f32x4.relaxed_madd in the products; Node ≥ 22, Chromium ≥ 114). Each is checked to be safe on
 * tfjs's memory: it imports only that memory, has no data segments and never touches a global (its stack pointer
 * would point into tfjs's data).
 */
function compileKernels(clang = findClang() ?? null) {
  if (!clang) throw new Error('clang is not installed: install clang and lld (Debian: apt-get install clang lld wabt) to rebuild the kernels.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-kernels-'));
  try {
    const plain = path.join(dir, 'kernels.wasm');
    execFileSync(clang, [...CLANG_FLAGS, '-o', plain, ...KERNEL_SOURCES], { stdio: ['ignore', 'ignore', 'pipe'] });
    const simd128 = new Uint8Array(fs.readFileSync(plain));
    checkModule(plain, simd128);
    const placeholder = path.join(dir, 'placeholder.wasm');
    execFileSync(clang, [...CLANG_FLAGS, '-DRELAXED', '-Wl,--allow-undefined', '-o', placeholder, ...KERNEL_SOURCES], { stdio: ['ignore', 'ignore', 'pipe'] });
    const wat = disassemble(placeholder, true);
    if (wat === undefined) throw new Error('wasm2wat is not installed: install wabt (Debian: apt-get install wabt) to build the relaxed-SIMD kernels.');
    const text = relaxedText(wat);
    // Checked on its text, since runtimes without relaxed SIMD cannot compile it.
    const imports = text.split('\n').filter((l) => l.includes('(import '));
    if (imports.length !== 1 || !imports[0].includes('(import "env" "memory" (memory')) throw new Error(`the relaxed kernels must import only env.memory, not ${imports.join(', ')}`);
    if (/global\.(get|set)|\(data /.test(text)) throw new Error('the relaxed kernels use a stack or static data: keep them free of both.');
    const relaxed = new Uint8Array(fs.readFileSync(assembleRelaxed(text, dir)));
    return { simd128, relaxed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The generated TypeScript file for both builds. */
function generatedSource({ simd128, relaxed }) {
  return [
    '// Generated by `npm run kernels` from src/kernels/c/*.c (clang, wasm32 + SIMD128; the relaxed build via wabt). Do not edit.',
    '/** The kernels with plain 128-bit SIMD: products as a multiply, then an add. */',
    `export const KERNELS_WASM_BASE64 = '${Buffer.from(simd128).toString('base64')}';`,
    '/** The same kernels with relaxed SIMD: the products\' multiply-adds as f32x4.relaxed_madd (fused where the CPU has FMA). */',
    `export const KERNELS_RELAXED_WASM_BASE64 = '${Buffer.from(relaxed).toString('base64')}';`,
    '',
  ].join('\n');
}

/** Rebuilds src/kernels/wasmBinary.ts (written to a temporary file, then renamed). */
function rebuildKernels() {
  try {
    const builds = compileKernels();
    const tmp = `${KERNELS_GENERATED}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, generatedSource(builds));
    fs.renameSync(tmp, KERNELS_GENERATED);
    process.stdout.write(`wrote ${path.relative(process.cwd(), KERNELS_GENERATED)} (${builds.simd128.length} bytes of wasm, ${builds.relaxed.length} relaxed)\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}

module.exports = { KERNEL_SOURCES, KERNELS_GENERATED, findClang, compileKernels, disassemble, relaxedText, generatedSource, rebuildKernels };

if (require.main === module) rebuildKernels();
