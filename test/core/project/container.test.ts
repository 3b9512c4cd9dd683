import { strToU8, zipSync, unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ProjectArchive, crc32, decodeFloat64, encodeFloat64 } from '../../../src-core/project/container';
import { ProjectFileError, validateProject } from '../../../src-core/project/validate';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';

/** A parsed project.json being damaged on purpose: any shape goes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = any;

function baseDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Test project',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'opt', name: 'Fig. 2 optimum', model: 'three-cavity', params: { Delta: 0.5, kappa_b: 1 } }],
    studies: [
      {
        id: 'map',
        name: 'Isolation map',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'opt',
        params: { solver: 'classical' },
        axes: [
          { key: 'Delta', start: -2, stop: 2, count: 5 },
          { key: 'kappa_b', values: [0, 1, 2] },
        ],
      },
      { id: 'pt', name: 'Point', kind: 'point', model: 'three-cavity', params: { fock: 3 } },
    ],
    figures: [{ id: 'f', name: 'fig2c', layout: { rows: 1, cols: 1 }, panels: [{ label: '(c)', study: 'map', kind: 'heatmap', quantity: 'isolation' }] }],
  };
}

/** A document with a stored 2-D result, and its archive bytes. */
/** Quantity keys of the three-cavity model (quantum solver), as a stored result names its arrays. */
const KEYS = ['isolation', 'ratio', 'a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'a_to_c.g3', 'c_to_a.g3', 'a_to_c.mean_n', 'c_to_a.mean_n', 'residual', 'fock'];
const key = (q: number): string => KEYS[q]!;

function withResult(n1: number, n2: number, quantities: number) {
  const doc = baseDoc();
  const archive = ProjectArchive.empty();
  const total = n1 * n2;
  const arrays: Record<string, ReturnType<typeof archive.putArray>> = {};
  const values: Record<string, Float64Array> = {};
  for (let q = 0; q < quantities; q++) {
    const v = new Float64Array(total);
    for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) v[i * n2 + j] = Math.exp(-((i / n1 - 0.5) ** 2) * (q + 1)) * Math.cos(j / n2 + q);
    if (total > 3) v[3] = NaN; // a failed point
    values[key(q)] = v;
    arrays[key(q)] = archive.putArray(`results/r1/q${q}.f64`, v);
  }
  doc.studies[0]!.result = {
    id: 'r1',
    status: 'succeeded',
    shape: [n1, n2],
    axes: [
      { key: 'Delta', values: archive.putArray('results/r1/axis0.f64', Float64Array.from({ length: n1 }, (_, i) => i)) },
      { key: 'kappa_b', values: archive.putArray('results/r1/axis1.f64', Float64Array.from({ length: n2 }, (_, i) => i)) },
    ],
    arrays,
    quantities: Object.keys(values).map((key) => ({ key, symbol: key, label: key, unit: '' })),
    failed: [{ index: 3, reason: 'test' }],
    done: total,
    total,
    provenance: { model: 'three-cavity', params: { Delta: 0.5 }, solver: 'classical', app: { name: 'NR Lab', version: 'test' }, date: '2026-01-01T00:00:00Z', wallMs: 1 },
  };
  return { doc, bytes: archive.toBytes(doc), values };
}

function expectProblem(fn: () => unknown, path: RegExp, reason?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected the file to be refused').toBeInstanceOf(ProjectFileError);
  const e = caught as ProjectFileError;
  expect(e.code).toBe('bad-input');
  const hit = e.problems.find((p) => path.test(p) && (!reason || reason.test(p)));
  expect(hit, `problems were:\n${e.problems.join('\n')}`).toBeDefined();
}

function rezip(bytes: Uint8Array, edit: (doc: Record<string, unknown>) => void, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files = unzipSync(bytes);
  const doc = JSON.parse(strFromU8(files['project.json']!)) as Record<string, unknown>;
  edit(doc);
  files['project.json'] = strToU8(JSON.stringify(doc));
  return zipSync({ ...files, ...extra });
}

describe('project container', () => {
  it('round-trips results bit for bit (NaN included), byte-shuffled or plain', () => {
    const { bytes, values } = withResult(7, 5, 3);
    const opened = ProjectArchive.open(bytes);
    const ref = opened.doc.studies[0]!.result!.arrays![key(1)]!;
    expect(ref.encoding).toBe('f64le-shuffle');
    const back = opened.archive.readArray(ref);
    expect(Array.from(back)).toEqual(Array.from(values[key(1)]!));
    expect(Number.isNaN(back[3])).toBe(true);
    const odd = Float64Array.from([0, -0, Infinity, -Infinity, NaN, 1e-300, Math.PI]);
    for (const enc of ['f64le', 'f64le-shuffle'] as const) {
      const b = decodeFloat64(encodeFloat64(odd, enc), odd.length, enc);
      expect(Array.from(new Uint8Array(b.buffer))).toEqual(Array.from(new Uint8Array(odd.buffer)));
    }
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926); // the standard CRC-32 check value
  });

  it('stores a 201 × 201 map of 10 quantities compactly (binary, shuffled, deflated), not as a 50 MB JSON', () => {
    const { bytes, doc } = withResult(201, 201, 10);
    const raw = 201 * 201 * 10 * 8;
    expect(bytes.length).toBeLessThan(0.75 * raw);
    // the same numbers as JSON text would be ~2.5× the raw binary
    const asJson = JSON.stringify(Object.values(withResult(201, 201, 10).values).map((v) => Array.from(v)));
    expect(asJson.length).toBeGreaterThan(2 * raw);
    expect(JSON.stringify(doc).length).toBeLessThan(20_000);
  });

  it('refuses at open an array damaged inside (even one no command reads), naming the result it belongs to', () => {
    const { bytes } = withResult(7, 5, 2);
    const files = unzipSync(bytes);
    const entry = files['results/r1/q1.f64']!;
    entry[10] = entry[10]! ^ 0xff;
    const damaged = zipSync(files); // a valid ZIP CRC of the damaged bytes: project.json's crc32 disagrees
    expectProblem(() => ProjectArchive.open(damaged), /^studies\[0\] "Isolation map"\.result\.arrays\.ratio: "results\/r1\/q1\.f64" is damaged \(checksum mismatch/);
  });

  it('keeps unknown fields and unknown entries through open and save', () => {
    const { bytes } = withResult(3, 3, 1);
    const edited = rezip(
      bytes,
      (d) => {
        d.futureTopLevel = { a: 1 };
        (d.studies as Record<string, unknown>[])[0]!.futureStudyField = 'kept';
        ((d.figures as Record<string, unknown>[])[0]!.panels as Record<string, unknown>[])[0]!.futurePanelField = [1, 2];
      },
      { 'attachments/notes.txt': strToU8('lab notebook') },
    );
    const opened = ProjectArchive.open(edited);
    const again = unzipSync(opened.archive.toBytes(opened.doc));
    const doc = JSON.parse(strFromU8(again['project.json']!));
    expect(doc.futureTopLevel).toEqual({ a: 1 });
    expect(doc.studies[0].futureStudyField).toBe('kept');
    expect(doc.figures[0].panels[0].futurePanelField).toEqual([1, 2]);
    expect(strFromU8(again['attachments/notes.txt']!)).toBe('lab notebook');
    expect(again['results/r1/q0.f64']).toBeDefined();
  });

  it('drops arrays no longer referenced when a result is replaced', () => {
    const { bytes } = withResult(3, 3, 1);
    const opened = ProjectArchive.open(bytes);
    delete opened.doc.studies[0]!.result;
    const files = unzipSync(opened.archive.toBytes(opened.doc));
    expect(Object.keys(files).sort()).toEqual(['project.json']);
  });
});

describe('bad project files: refused with the path of what is wrong', () => {
  const good = withResult(3, 3, 1).bytes;

  it('not a ZIP, empty, or truncated anywhere', () => {
    expectProblem(() => ProjectArchive.open(new Uint8Array(0)), /^file: /, /damaged or truncated/);
    expectProblem(() => ProjectArchive.open(strToU8('{"format":"nrlab-project"}')), /^file: /);
    for (const cut of [10, Math.floor(good.length / 3), Math.floor(good.length / 2), good.length - 30, good.length - 1]) {
      expectProblem(() => ProjectArchive.open(good.slice(0, cut)), /^(file|project\.json|studies)/);
    }
  });

  it('a ZIP without project.json, or with broken JSON', () => {
    expectProblem(() => ProjectArchive.open(zipSync({ 'x.txt': strToU8('x') })), /^project\.json: is missing/);
    expectProblem(() => ProjectArchive.open(zipSync({ 'project.json': strToU8('{"format": "nrlab-project", ') })), /^project\.json: is not valid JSON/);
  });

  it.each([
    ['wrong format', (d: Editable) => (d.format = 'something-else'), /^format: must be "nrlab-project"/],
    ['version as a string', (d: Editable) => (d.schemaVersion = '1'), /^schemaVersion: must be a positive integer/],
    ['missing studies', (d: Editable) => delete d.studies, /^studies: is required/],
    ['wrong type of a count', (d: Editable) => (d.studies[0].axes[0].count = 'five'), /^studies\[0\] "Isolation map"\.axes\[0\]\.count: must be integer/],
    ['a bad study kind', (d: Editable) => (d.studies[1].kind = 'magic'), /^studies\[1\] "Point"\.kind: must be one of "sweep", "point", "simulate"/],
    ['a parameter of the wrong type', (d: Editable) => (d.studies[1].params.fock = true), /^studies\[1\] "Point"\.params\.fock: must be a number or an expression string/],
    ['an out-of-range parameter', (d: Editable) => (d.studies[1].params.kappa_b = -1), /^studies\[1\] "Point"\.params\.kappa_b: must be ≥ 0/],
    ['an unknown parameter', (d: Editable) => (d.studies[1].params.kapa = 1), /^studies\[1\] "Point"\.params\.kapa: unknown parameter/],
    ['an unknown model', (d: Editable) => (d.studies[1].model = 'four-cavity'), /^studies\[1\] "Point"\.model: unknown model "four-cavity"/],
    ['an axis out of range', (d: Editable) => (d.studies[0].axes[1].values = [0, -1]), /^studies\[0\] "Isolation map"\.axes: axis kappa_b \(value 2\): must be ≥ 0/],
    ['a panel on a missing study', (d: Editable) => (d.figures[0].panels[0].study = 'nope'), /^figures\[0\] "fig2c"\.panels\[0\]\.study: no study with id "nope"/],
    ['a duplicate study id', (d: Editable) => (d.studies[1].id = 'map'), /^studies\[1\] "Point"\.id: "map" is used twice/],
    ['a missing parameter set', (d: Editable) => (d.studies[0].parameterSet = 'gone'), /^studies\[0\] "Isolation map"\.parameterSet: no parameter set with id "gone"/],
    ['a result entry missing', (d: Editable) => (d.studies[0].result.arrays.isolation.entry = 'results/r1/zz.f64'), /^studies\[0\] "Isolation map"\.result\.arrays\.isolation\.entry: "results\/r1\/zz\.f64" is missing/],
    ['a result length that disagrees', (d: Editable) => (d.studies[0].result.arrays.isolation.length = 10), /^studies\[0\] "Isolation map"\.result\.arrays\.isolation\.length: is 10\b/],
  ])('%s', (_what, edit, path) => {
    expectProblem(() => ProjectArchive.open(rezip(good, edit)), path);
  });

  it('a newer schema version opens read-only with a warning when it fits, and refuses clearly when it does not', () => {
    const newer = ProjectArchive.open(rezip(good, (d) => ((d.schemaVersion = PROJECT_SCHEMA_VERSION + 1), (d.newThing = { x: 1 }))));
    expect(newer.readOnly).toBe(true);
    expect(newer.warnings[0]).toMatch(/saved by a newer NR Lab .* read-only/);
    expect((newer.doc as unknown as Record<string, unknown>).newThing).toEqual({ x: 1 });
    expectProblem(
      () => ProjectArchive.open(rezip(good, (d) => ((d.schemaVersion = PROJECT_SCHEMA_VERSION + 1), (d.studies = 'moved elsewhere')))),
      /^schemaVersion: 2 is newer than this NR Lab understands/,
    );
  });

  it('validation never modifies what it is given', () => {
    const doc = baseDoc();
    const before = JSON.stringify(doc);
    validateProject(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

/** Offsets of an entry's local and central headers (found by signature and name, independently of the reader). */
function headersOf(bytes: Uint8Array, name: string): { local: number; central: number } {
  const n = strToU8(name);
  const at = (sig: number[], nameAt: number): number => {
    for (let p = 0; p + nameAt + n.length <= bytes.length; p++) {
      if (bytes[p] === sig[0] && bytes[p + 1] === sig[1] && bytes[p + 2] === sig[2] && bytes[p + 3] === sig[3] && n.every((b, i) => bytes[p + nameAt + i] === b)) return p;
    }
    throw new Error(`no header for ${name}`);
  };
  return { local: at([0x50, 0x4b, 0x03, 0x04], 30), central: at([0x50, 0x4b, 0x01, 0x02], 46) };
}

/** Set an entry's declared uncompressed size in both headers (as a damaged or hostile file would). */
function declareSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  const out = bytes.slice();
  const { local, central } = headersOf(out, name);
  const dv = new DataView(out.buffer);
  dv.setUint32(local + 22, size, true);
  dv.setUint32(central + 24, size, true);
  return out;
}

describe('integrity: nothing damaged or inconsistent opens', () => {
  const good = withResult(3, 3, 2);

  it("project.json's CRC is checked: a flipped bit in it is refused, not opened with changed content", () => {
    const files = unzipSync(good.bytes);
    // stored (not deflated), so the flipped bit changes one letter and nothing else notices
    const bytes = zipSync({ ...files, 'project.json': [files['project.json']!, { level: 0 }] });
    const title = strToU8('"title": "Test project"');
    let at = -1;
    for (let p = 0; p < bytes.length && at < 0; p++) if (title.every((b, i) => bytes[p + i] === b)) at = p;
    expect(at).toBeGreaterThan(0);
    expect(ProjectArchive.open(bytes).doc.title).toBe('Test project');
    const flipped = bytes.slice();
    flipped[at + 10] = flipped[at + 10]! ^ 0x02; // "Test" → "Vest"
    expectProblem(() => ProjectArchive.open(flipped), /^project\.json: "project\.json" is damaged \(checksum mismatch\)/);
  });

  it('an entry no study refers to (kept on save) is checked at open too', () => {
    const files = unzipSync(good.bytes);
    const bytes = zipSync({ ...files, 'attachments/notes.txt': [strToU8('lab notebook, page 1'), { level: 0 }] });
    expect(ProjectArchive.open(bytes).doc.title).toBe('Test project');
    const { local } = headersOf(bytes, 'attachments/notes.txt');
    const flipped = bytes.slice();
    const at = local + 30 + 'attachments/notes.txt'.length + 3;
    flipped[at] = flipped[at]! ^ 0x10;
    expectProblem(() => ProjectArchive.open(flipped), /^attachments\/notes\.txt: "attachments\/notes\.txt" is damaged \(checksum mismatch\)/);
  });

  it('a decompression bomb (an entry inflating past its declared size) is refused naming the entry', () => {
    const files = unzipSync(good.bytes);
    const bomb = zipSync({ ...files, 'attachments/bomb.bin': [new Uint8Array(20_000_000), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    expectProblem(() => ProjectArchive.open(declareSize(bomb, 'attachments/bomb.bin', 1000)), /^attachments\/bomb\.bin: .* inflates to more than its declared 1000 bytes/);
  });

  it('a declared size beyond the limit is refused before anything is allocated', () => {
    const files = unzipSync(good.bytes);
    const bytes = zipSync({ ...files, 'attachments/big.bin': [new Uint8Array(1000), { level: 9 }] });
    expectProblem(() => ProjectArchive.open(declareSize(bytes, 'attachments/big.bin', 0xf0000000)), /^attachments\/big\.bin: declares 3840 MiB uncompressed; the limit for this entry is 64 MiB/);
    expectProblem(() => ProjectArchive.open(declareSize(good.bytes, 'results/r1/q0.f64', 0x7fffffff)), /^results\/r1\/q0\.f64: declares 2048 MiB uncompressed; the limit for this entry is 38 MiB/);
  });

  const proto = (d: Editable, field: 'arrays', to: string): void => {
    const a = d.studies[0].result[field];
    Object.defineProperty(a, to, { value: a.isolation, enumerable: true, configurable: true, writable: true });
    delete a.isolation;
    d.studies[0].result.quantities[0].key = to;
  };
  const at = 'studies\\[0\\] "Isolation map"\\.result';
  it.each([
    ['a shape of [1e9]', (d: Editable) => (d.studies[0].result.shape = [1e9]), `${at}\\.shape\\[0\\]: is 1000000000; the limit is 5000000 points per axis`],
    ['a shape of [2e6, 2e6]', (d: Editable) => (d.studies[0].result.shape = [2e6, 2e6]), `${at}\\.shape: is 2000000 × 2000000 = 4000000000000 points; the limit is 5000000`],
    ['a shape that does not match the arrays', (d: Editable) => (d.studies[0].result.shape = [3, 4]), `${at}\\.axes\\[1\\]\\.values\\.length: is 3, but shape\\[1\\] is 4`],
    ['a 1-D shape over two axes', (d: Editable) => (d.studies[0].result.shape = [9]), `${at}\\.axes: has 2 axes, but shape has 1`],
    ['a shape and axes of another grid', (d: Editable) => ((d.studies[0].result.shape = [9]), d.studies[0].result.axes.pop()), `${at}\\.axes\\[0\\]\\.values\\.length: is 3, but shape\\[0\\] is 9`],
    ['no shape', (d: Editable) => delete d.studies[0].result.shape, `${at}\\.shape: is required`],
    ['a quantity key __proto__', (d: Editable) => proto(d, 'arrays', '__proto__'), `${at}\\.arrays: "__proto__" is a reserved name`],
    ['a quantity key constructor', (d: Editable) => proto(d, 'arrays', 'constructor'), `${at}\\.arrays: "constructor" is a reserved name`],
    ['a quantity key toString', (d: Editable) => proto(d, 'arrays', 'toString'), `${at}\\.arrays: "toString" is a reserved name`],
    ['a quantity key with odd characters', (d: Editable) => proto(d, 'arrays', 'a b/c'), `${at}\\.arrays: "a b/c" is not a valid key`],
    ['a quantity the model does not have', (d: Editable) => proto(d, 'arrays', 'g7'), `${at}\\.arrays: "g7" is not a quantity of three-cavity`],
    ['a quantity listed without an array', (d: Editable) => (d.studies[0].result.quantities[0].key = 'a_to_c.T'), `${at}\\.quantities\\[0\\]\\.key: "a_to_c\\.T" has no stored array`],
    ['an axis key __proto__', (d: Editable) => (d.studies[0].result.axes[0].key = '__proto__'), `${at}\\.axes\\[0\\]\\.key: "__proto__" is a reserved name`],
    ['a failed index of 1e9', (d: Editable) => (d.studies[0].result.failed[0].index = 1e9), `${at}\\.failed\\[0\\]\\.index: is 1000000000; grid indices run from 0 to 8`],
    ['a failed index one past the grid', (d: Editable) => (d.studies[0].result.failed[0].index = 9), `${at}\\.failed\\[0\\]\\.index: is 9`],
    ['done beyond total', (d: Editable) => ((d.studies[0].result.done = 10), (d.studies[0].result.status = 'cancelled')), `${at}\\.done: is 10, more than total \\(9\\)`],
    ['a succeeded result with points missing', (d: Editable) => (d.studies[0].result.done = 5), `${at}\\.done: is 5 of 9 points, but the result says it succeeded`],
    ['a total beyond the grid', (d: Editable) => ((d.studies[0].result.total = 12), (d.studies[0].result.done = 12)), `${at}\\.total: is 12, more than the 9 points of shape 3 × 3`],
    ['a point result with arrays', (d: Editable) => (d.studies[1].result = { ...d.studies[0].result, shape: undefined, axes: undefined, failed: undefined }), 'studies\\[1\\] "Point"\\.result\\.arrays: a point result has no arrays or grid'],
    ['a panel quantity __proto__', (d: Editable) => (d.figures[0].panels[0].quantity = '__proto__'), 'figures\\[0\\] "fig2c"\\.panels\\[0\\]\\.quantity: "__proto__" is a reserved name'],
  ])('%s is refused, naming the field', (_what, edit, path) => {
    expectProblem(() => ProjectArchive.open(rezip(good.bytes, edit)), new RegExp(`^${path}`));
  });

  it('an unrun study of 10^9 points is refused from its counts, without building its axes', () => {
    const count = (d: Editable): void => void (d.studies[0].axes[0].count = 1e9);
    const heap = process.memoryUsage().arrayBuffers;
    expectProblem(() => ProjectArchive.open(rezip(good.bytes, (d: Editable) => (delete d.studies[0].result, count(d)))), /^studies\[0\] "Isolation map"\.axes: axis Delta: count is 1000000000 points; the limit is 5000000 per axis/);
    expect(process.memoryUsage().arrayBuffers - heap).toBeLessThan(100e6);
  });

  it.each([
    ['an unknown field', (d: Editable) => (d.futureField = 'DEEP'), /^futureField\[0\]\[0\]\[0\]\[0\]\[0\]…: nests objects and arrays more than 64 levels deep/],
    ['a point output', (d: Editable) => (d.studies[1].result = { ...d.studies[0].result, arrays: undefined, axes: undefined, shape: undefined, failed: undefined, quantities: undefined, output: 'DEEP' }), /^studies\[1\] "Point"\.result\.output\[0\]\[0\]…: nests objects and arrays more than 64/],
  ])('5,000 levels of nesting in %s: a clear error naming the field, not a stack overflow', (_what, edit, path) => {
    const files = unzipSync(good.bytes);
    const doc = JSON.parse(strFromU8(files['project.json']!));
    edit(doc);
    // written as text: JSON.stringify itself cannot nest that deep
    const text = JSON.stringify(doc).replace('"DEEP"', `${'['.repeat(5000)}1${']'.repeat(5000)}`);
    expectProblem(() => ProjectArchive.open(zipSync({ ...files, 'project.json': strToU8(text) })), path);
  });

  it('after a successful open, saving never fails on the file content (every entry was checked)', () => {
    const files = unzipSync(good.bytes);
    const bytes = zipSync({ ...files, 'attachments/notes.txt': strToU8('kept') });
    const opened = ProjectArchive.open(bytes);
    const again = unzipSync(opened.archive.toBytes(opened.doc));
    expect(strFromU8(again['attachments/notes.txt']!)).toBe('kept');
    expect(Object.keys(again).sort()).toEqual(Object.keys(files).concat('attachments/notes.txt').sort());
  });
});
