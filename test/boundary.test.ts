import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

/** Every .ts file under `dir`. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The module specifiers a file imports or requires. */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe("the kernels' boundary", () => {
  test.each(['models', 'train', 'eval'])('nothing under src/%s imports src/kernels (they call the operations table)', (folder) => {
    const offenders = files(path.join(SRC, folder)).flatMap((f) =>
      imports(f)
        .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(f), spec).startsWith(path.join(SRC, 'kernels')))
        .map((spec) => `${path.relative(SRC, f)} imports ${spec}`),
    );
    expect(files(path.join(SRC, folder)).length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  test('the import scan sees imports of src/kernels where they are (the runtime installs them)', () => {
    const backend = path.join(SRC, 'runtime', 'backend.ts');
    expect(imports(backend).some((s) => s.startsWith('../kernels'))).toBe(true);
  });
});
