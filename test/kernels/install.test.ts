import * as fs from 'fs';
import * as path from 'path';
import { KERNELS_BUILT_FOR, loadedVersions, versionMismatch } from '../../src/kernels/install';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe("the kernels' version check", () => {
  test('package.json pins exactly the tfjs versions the kernels were built for', () => {
    expect(pkg.dependencies['@tensorflow/tfjs-backend-wasm']).toBe(KERNELS_BUILT_FOR['tfjs-backend-wasm']);
    const core = pkg.dependencies['@tensorflow/tfjs-core'];
    expect(core).toBe(KERNELS_BUILT_FOR['tfjs-core']);
  });

  test('the installed versions match, so the kernels run', () => {
    expect(loadedVersions()).toEqual(KERNELS_BUILT_FOR);
    expect(versionMismatch(loadedVersions())).toBeUndefined();
  });

  test('any other version of either package turns them off, naming the package, both versions and what to do', () => {
    const other = versionMismatch({ ...KERNELS_BUILT_FOR, 'tfjs-backend-wasm': '4.21.0' });
    expect(other).toMatch(/@tensorflow\/tfjs-backend-wasm 4\.21\.0 \(built for 4\.22\.0\); running plain tf \(reinstall with npm ci/);
    expect(other).not.toMatch(/tfjs-core/);
    expect(versionMismatch({ 'tfjs-core': '5.0.0', 'tfjs-backend-wasm': undefined })).toMatch(/tfjs-core 5\.0\.0 .*tfjs-backend-wasm \(none\)/);
  });
});
