import { zip } from './zip';

/** One cell of a sheet: 1-based row and column, a string or number value, optionally bold at a font size. */
export interface XlsxCell {
  row: number;
  column: number;
  value: string | number;
  bold?: boolean;
  /** Font size in points (default 11). */
  size?: number;
}

export interface XlsxSheet {
  name: string;
  cells: readonly XlsxCell[];
  /** Column widths in characters, by 1-based column. */
  widths?: Readonly<Record<number, number>>;
  creator?: string;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Column letters of a 1-based column: 1 → A, 28 → AB. */
export function columnLetters(column: number): string {
  let s = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/**
 * A one-sheet .xlsx workbook (Office Open XML, as Excel, LibreOffice and Kahoot's importer read it): strings in the
 * shared-string table, numbers as numbers, bold fonts where asked. Small on purpose: what a quiz export needs.
 */
export function xlsxWorkbook(sheet: XlsxSheet): Buffer {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const fonts: string[] = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  const fontIndex = new Map<string, number>();
  const styleOf = (cell: XlsxCell): number => {
    if (!cell.bold && (cell.size ?? 11) === 11) return 0;
    const font = `<font>${cell.bold ? '<b/>' : ''}<sz val="${cell.size ?? 11}"/><name val="Calibri"/><family val="2"/></font>`;
    if (!fontIndex.has(font)) fontIndex.set(font, fonts.push(font) - 1);
    return fontIndex.get(font)!; // style i uses font i
  };
  const rows = new Map<number, XlsxCell[]>();
  for (const cell of sheet.cells) rows.set(cell.row, [...(rows.get(cell.row) ?? []), cell]);
  const sheetRows = [...rows.keys()].sort((a, b) => a - b).map((r) => {
    const cells = rows.get(r)!.sort((a, b) => a.column - b.column).map((cell) => {
      const ref = `${columnLetters(cell.column)}${r}`;
      const s = styleOf(cell);
      const style = s ? ` s="${s}"` : '';
      if (typeof cell.value === 'number') return `<c r="${ref}"${style}><v>${cell.value}</v></c>`;
      if (!stringIndex.has(cell.value)) stringIndex.set(cell.value, strings.push(cell.value) - 1);
      return `<c r="${ref}"${style} t="s"><v>${stringIndex.get(cell.value)}</v></c>`;
    });
    return `<row r="${r}">${cells.join('')}</row>`;
  });
  const widths = Object.entries(sheet.widths ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  const cols = widths.length ? `<cols>${widths.map(([c, w]) => `<col min="${c}" max="${c}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  const sharedStrings = strings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('');
  const files: Array<[string, string]> = [
    [
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ],
    [
      'docProps/core.xml',
      `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${escapeXml(sheet.creator ?? '')}</dc:creator></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(sheet.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/worksheets/sheet1.xml', `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${cols}<sheetData>${sheetRows.join('')}</sheetData></worksheet>`],
    ['xl/sharedStrings.xml', `${XML}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${sharedStrings}</sst>`],
    [
      'xl/styles.xml',
      `${XML}<styleSheet xmlns="${MAIN}"><fonts count="${fonts.length}">${fonts.join('')}</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${fonts.length}">${fonts.map((_, i) => `<xf numFmtId="0" fontId="${i}" fillId="0" borderId="0" xfId="0"${i ? ' applyFont="1"' : ''}/>`).join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    ],
  ];
  return zip(files.map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
}
