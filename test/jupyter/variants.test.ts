import { applyVariant, Notebook } from '../../src/jupyter/variants';

const nb: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'tslab' } },
  cells: [
    { cell_type: 'markdown', source: '# Exercise', metadata: {} },
    { cell_type: 'code', source: '// TODO: your turn\nlet answer = 0;', metadata: { tags: ['workshop'] }, outputs: [{ x: 1 }], execution_count: 3 },
    { cell_type: 'code', source: 'let answer = 42;', metadata: { tags: ['solution'] }, outputs: [], execution_count: null },
    { cell_type: 'code', source: 'console.log(answer);', metadata: {}, outputs: [], execution_count: null },
  ],
};

describe('notebook variants from one source', () => {
  it('the solutions variant drops the TODO cells and keeps the solutions', () => {
    const out = applyVariant(nb, 'solutions');
    expect(out.cells.map((c) => c.source)).toEqual(['# Exercise', 'let answer = 42;', 'console.log(answer);']);
  });

  it('the workshop variant drops the solutions, keeps the TODO and clears outputs', () => {
    const out = applyVariant(nb, 'workshop');
    expect(out.cells.map((c) => c.source)).toEqual(['# Exercise', '// TODO: your turn\nlet answer = 0;', 'console.log(answer);']);
    expect(out.cells[1].outputs).toEqual([]);
    expect(out.cells[1].execution_count).toBeNull();
    expect(out.metadata.clip_workshop).toEqual({ variant: 'workshop' });
  });

  it('a core-only hand-out also drops the cells tagged optional, in both variants', () => {
    const withOptional: Notebook = { ...nb, cells: [...nb.cells, { cell_type: 'code', source: 'extra();', metadata: { tags: ['optional', 'solution'] }, outputs: [] }, { cell_type: 'markdown', source: 'side road', metadata: { tags: ['optional'] } }] };
    expect(applyVariant(withOptional, 'solutions').cells.map((c) => c.source)).toContain('side road');
    expect(applyVariant(withOptional, 'solutions', { coreOnly: true }).cells.map((c) => c.source)).toEqual(['# Exercise', 'let answer = 42;', 'console.log(answer);']);
    expect(applyVariant(withOptional, 'workshop', { coreOnly: true }).cells.map((c) => c.source)).toEqual(['# Exercise', '// TODO: your turn\nlet answer = 0;', 'console.log(answer);']);
  });

  it('does not change the source notebook', () => {
    applyVariant(nb, 'workshop');
    expect(nb.cells).toHaveLength(4);
    expect(nb.cells[1].outputs).toEqual([{ x: 1 }]);
  });
});

describe('hand-outs', () => {
  it('point the library import at dist/ from wherever they are written', () => {
    const { retargetLibraryImports } = require('../../src/jupyter/handout');
    const { packageRoot } = require('../../src/runtime/paths');
    const path = require('path');
    const withImport: Notebook = { ...nb, cells: [{ cell_type: 'code', source: "import * as cw from '../dist';\nconst x = '../distance';", metadata: {} }] };
    const folder = path.join(packageRoot(), 'notebooks', 'handout', 'workshop');
    const out = retargetLibraryImports(withImport, folder);
    expect(out.cells[0].source).toBe("import * as cw from '../../../dist';\nconst x = '../distance';");
    expect(path.resolve(folder, '../../../dist')).toBe(path.join(packageRoot(), 'dist'));
  });
});
