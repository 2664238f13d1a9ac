import { EOS_ID, PAD_ID, SOS_ID, splitWords, Tokenizer, UNK_ID } from '../../src/text/tokenizer';
import { ENSEMBLE_TEMPLATES, fillTemplate } from '../../src/text/templates';

describe('toy tokenizer', () => {
  const tok = Tokenizer.fromTexts(['A red circle.', 'a blue square, small', 'red star'], { maxLength: 8 });

  test('splits into lower-cased words and single punctuation marks', () => {
    expect(splitWords('A Red-Circle, at the TOP!')).toEqual(['a', 'red', '-', 'circle', ',', 'at', 'the', 'top', '!']);
  });

  test('vocabulary starts with the special tokens and holds every training word once', () => {
    expect(tok.vocab.slice(0, 4)).toEqual(['[PAD]', '[UNK]', '[SOS]', '[EOS]']);
    for (const w of ['a', 'red', 'circle', '.', 'blue', 'square', ',', 'small', 'star']) expect(tok.vocab.filter((v) => v === w)).toHaveLength(1);
    expect(tok.vocabSize).toBe(4 + 9);
  });

  test('encodes [SOS] words [EOS] then padding, with a mask of the real tokens', () => {
    const e = tok.encode('Red circle');
    expect(e.ids).toHaveLength(8);
    expect(e.ids.slice(0, 4)).toEqual([SOS_ID, tok.tokenId('red'), tok.tokenId('circle'), EOS_ID]);
    expect(e.ids.slice(4)).toEqual([PAD_ID, PAD_ID, PAD_ID, PAD_ID]);
    expect(e.mask).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(tok.decode(e.ids)).toEqual(['[SOS]', 'red', 'circle', '[EOS]']);
  });

  test('unknown words become [UNK] and are listed once, in order', () => {
    expect(tok.encode('a green circle').ids[2]).toBe(UNK_ID);
    expect(tok.unknownWords('a green circle or a green oven')).toEqual(['green', 'or', 'oven']);
    expect(tok.unknownWords('a red circle.')).toEqual([]);
  });

  test('long texts are cut but keep [EOS] at the end', () => {
    const e = tok.encode('a red circle a red circle a red circle');
    expect(e.ids).toHaveLength(8);
    expect(e.ids[7]).toBe(EOS_ID);
    expect(e.mask.every((m) => m === 1)).toBe(true);
  });

  test('batch encoding matches single encoding', () => {
    const b = tok.encodeBatch(['red star', 'a blue square']);
    expect(Array.from(b.ids.slice(8, 16))).toEqual(tok.encode('a blue square').ids);
    expect(Array.from(b.mask.slice(0, 8))).toEqual(tok.encode('red star').mask);
  });

  test('toJSON → fromJSON gives the same encodings', () => {
    const back = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    for (const t of ['a red circle.', 'green oven', '']) expect(back.encode(t)).toEqual(tok.encode(t));
  });

  test('the vocabulary does not depend on the order of the texts', () => {
    const other = Tokenizer.fromTexts(['red star', 'a blue square, small', 'A red circle.'], { maxLength: 8 });
    expect(other.vocab).toEqual(tok.vocab);
  });

  test('a damaged tokenizer file is refused', () => {
    expect(() => Tokenizer.fromJSON({ ...tok.toJSON(), vocab: ['x', ...tok.vocab] })).toThrow(/damaged/);
  });
});

describe('prompt templates', () => {
  test('fill the class name where {} is', () => {
    expect(fillTemplate('a photo of a {}.', 'cat')).toBe('a photo of a cat.');
    expect(fillTemplate('{}', 'an oven')).toBe('an oven');
  });
  test('every ensemble template has a slot and they are distinct', () => {
    for (const t of ENSEMBLE_TEMPLATES) expect(t).toContain('{}');
    expect(new Set(ENSEMBLE_TEMPLATES).size).toBe(ENSEMBLE_TEMPLATES.length);
  });
});
