import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** Every file under a folder, recursively (the tree is small). */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('the README is a front door and the repository stands alone', () => {
  test('the README has at most 1,500 words (counted as wc -w does)', () => {
    const words = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split(/\s+/).filter(Boolean).length;
    expect(words).toBeLessThanOrEqual(1500);
  });

  test('no issue numbers, DESIGN.md or ../shared in src, docs or the README', () => {
    const texts = [path.join(ROOT, 'README.md'), ...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'docs'))].filter((f) => !/\.(png|jpg|svg)$/i.test(f));
    const hits = texts.flatMap((f) =>
      fs.readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (/issue [0-9]+|DESIGN\.md|\.\.\/shared/i.test(line) ? [`${path.relative(ROOT, f)}:${i + 1}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
