import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { figuresTable, FIGURES_END, FIGURES_START, readmeWithFigures } from '../../src/experiments/figures';
import { ROOT } from '../helpers/cli';

describe("the README's figures come from results/", () => {
  test('the committed README carries exactly the table generated from the committed results', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readmeWithFigures(readme, figuresTable())).toBe(readme);
  });

  test('a changed result changes the table, and a missing one says so instead of a number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-figures-'));
    try {
      fs.cpSync(path.join(ROOT, 'results'), dir, { recursive: true });
      const r = JSON.parse(fs.readFileSync(path.join(dir, 'shapes-zero-shot.json'), 'utf8'));
      r.zeroShot.heldout.top1 = 0.1234;
      fs.writeFileSync(path.join(dir, 'shapes-zero-shot.json'), JSON.stringify(r));
      fs.rmSync(path.join(dir, 'retrieval.json'));
      fs.rmSync(path.join(dir, 'probe-shots.json'));
      const table = figuresTable(dir);
      expect(table).toContain('**12.3 %** vs');
      expect(table).toMatch(/probe needs to beat zero-shot with class names.*not measured yet/);
      expect(table.split('\n').length).toBeLessThanOrEqual(2 + 8);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a README without the markers is refused with one sentence', () => {
    expect(() => readmeWithFigures('# no table here\n', 'x')).toThrow(new RegExp(`no figures block.*${FIGURES_START}.*${FIGURES_END}`));
  });
});
