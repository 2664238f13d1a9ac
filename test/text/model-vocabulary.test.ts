import * as fs from 'fs';
import * as path from 'path';
import { loadShapes, splitIndices } from '../../src/data';
import { cellSource, Notebook } from '../../src/jupyter/variants';
import { initBackend } from '../../src/runtime/backend';
import { Tokenizer } from '../../src/text/tokenizer';
import { createToyClip } from '../../src/train';

beforeAll(() => initBackend());

describe("notebook 2's tokenizer is the one of the model notebooks 4 and 5 use", () => {
  test('a toy CLIP reads with the tokenizer built from its training captions, at 12 tokens', () => {
    const ds = loadShapes({ perClass: 2, testPerClass: 1, heldoutPerClass: 1 });
    const clip = createToyClip(ds, { size: 'shapes', seed: 1 });
    const texts = splitIndices(ds, 'train').flatMap((i) => ds.captions[i]);
    const built = Tokenizer.fromTexts(texts, { maxLength: 12 });
    expect(clip.tokenizer.vocab).toEqual(built.vocab);
    expect(clip.tokenizer.maxLength).toBe(12);
    clip.dispose();
  });

  test("notebook 2 builds it from the training captions of the emoji CLIP's own recipe", () => {
    const nb: Notebook = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'notebooks', '02_natural_language_supervision.ipynb'), 'utf8'));
    const cell = nb.cells.map(cellSource).find((s) => s.includes('cw.Tokenizer.fromTexts('))!;
    expect(cell).toContain("cw.recipe('emoji-clip')");
    expect(cell).toMatch(/loadRecipeDataset\(emojiRecipe\.dataset/);
    expect(cell).toMatch(/splitIndices\(modelData, 'train'\)/);
    expect(cell).toMatch(/fromTexts\(englishTexts, \{ maxLength: 12 \}\)/);
  });
});
