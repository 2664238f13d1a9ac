"""Packs an importable package folder into a wheel, for a package the machine's pip sources lack.

Usage: python folder-wheel.py SRC_DIR PACKAGE NAME VERSION OUT_DIR [REQUIREMENT ...]
SRC_DIR holds PACKAGE/ (and maybe a LICENSE); the wheel is pure Python (py3-none-any) and declares REQUIREMENTs.
"""
import base64
import hashlib
import os
import sys
import zipfile


def record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
    return f'{path},sha256={digest},{len(data)}'


def main() -> None:
    if len(sys.argv) < 6:
        sys.exit('usage: folder-wheel.py SRC_DIR PACKAGE NAME VERSION OUT_DIR [REQUIREMENT ...]')
    src, package, name, version, out, *requires = sys.argv[1:]
    if not os.path.isdir(os.path.join(src, package)):
        sys.exit(f'{src} has no folder {package}.')
    dist = f'{name.replace("-", "_")}-{version}'
    files: list[tuple[str, bytes]] = []
    for root, dirs, names in os.walk(os.path.join(src, package)):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__')
        for n in sorted(names):
            if not n.endswith(('.pyc', '.pyo')):
                full = os.path.join(root, n)
                with open(full, 'rb') as f:
                    files.append((os.path.relpath(full, src).replace(os.sep, '/'), f.read()))
    metadata = [f'Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}'] + [f'Requires-Dist: {r}' for r in requires]
    files.append((f'{dist}.dist-info/METADATA', ('\n'.join(metadata) + '\n').encode()))
    files.append((f'{dist}.dist-info/WHEEL', b'Wheel-Version: 1.0\nGenerator: folder-wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n'))
    licence = os.path.join(src, 'LICENSE')
    if os.path.isfile(licence):
        with open(licence, 'rb') as f:
            files.append((f'{dist}.dist-info/LICENSE', f.read()))
    record = f'{dist}.dist-info/RECORD'
    lines = [record_line(p, d) for p, d in files] + [f'{record},,']
    files.append((record, ('\n'.join(lines) + '\n').encode()))
    os.makedirs(out, exist_ok=True)
    target = os.path.join(out, f'{dist}-py3-none-any.whl')
    partial = target + '.part'
    with zipfile.ZipFile(partial, 'w', zipfile.ZIP_DEFLATED) as z:
        for p, d in files:
            z.writestr(zipfile.ZipInfo(p, date_time=(1980, 1, 1, 0, 0, 0)), d, zipfile.ZIP_DEFLATED)
    os.replace(partial, target)
    print(target)


main()
