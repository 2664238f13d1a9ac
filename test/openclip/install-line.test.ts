import * as fs from 'fs';
import * as path from 'path';
import { noTorchPython } from '../../src/openclip/python';
import { importRequirements, openClipRequirements, pipInstallLine } from '../../src/openclip/requirements';
import { ROOT } from '../helpers/cli';

/** One install line for open_clip_train, from src/openclip/requirements.txt: the docs, the script and the error quote it. */
describe('the open_clip install line', () => {
  const line = pipInstallLine();

  it('names open_clip with its training extra and the webdataset pin open_clip_train needs', () => {
    expect(openClipRequirements()).toEqual(['open_clip_torch[training]', 'webdataset<=0.2.86']);
    expect(line).toBe("pip install 'open_clip_torch[training]' 'webdataset<=0.2.86'");
  });

  it('is the install line of docs/scale-out.md, and the import adds onnx there', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'scale-out.md'), 'utf8');
    const first = /`(pip install [^`]+)`/.exec(doc);
    expect(first?.[1]).toBe(line);
    expect(importRequirements()).toEqual(['onnx']);
    expect(doc).toContain(`\`${pipInstallLine(importRequirements())}\``);
  });

  it("is the training script's Needs line and the missing-Python message's advice", () => {
    const script = fs.readFileSync(path.join(ROOT, 'src', 'openclip', 'train-open-clip.sh'), 'utf8');
    expect(/^# Needs: (.*?)\s{2,}/m.exec(script)?.[1]).toBe(line);
    expect(noTorchPython()).toContain(`\`${line}\``);
    expect(noTorchPython()).toContain('`pip install onnx`');
  });
});
