import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as cw from '../src';

const ROOT = path.join(__dirname, '..');
const INDEX = path.join(ROOT, 'src', 'index.ts');

/** Every name src/index.ts exports, values and types, as the compiler sees them. */
function exportedNames(): Set<string> {
  const program = ts.createProgram([INDEX], { skipLibCheck: true, esModuleInterop: true, resolveJsonModule: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  return new Set(checker.getExportsOfModule(module).map((s) => s.getName()));
}

describe('the public API (src/index.ts)', () => {
  test('has every name the notebooks use (values and types)', () => {
    const notebooks = fs.readdirSync(path.join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
    const used = new Set(notebooks.flatMap((f) => [...fs.readFileSync(path.join(ROOT, 'notebooks', f), 'utf8').matchAll(/\bcw\.([A-Za-z_]\w*)/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(30);
    const exported = exportedNames();
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  test('keeps internals out: no kernels, operation tables or CLI plumbing', () => {
    for (const name of ['installKitKernels', 'kernelOps', 'installOps', 'compileKernels', 'loadBackendPackage', 'emit', 'onnxOps']) expect(name in cw).toBe(false);
    expect(Object.keys(cw).length).toBeLessThan(150);
  });
});
