/**
 * JSON Schema (draft-07) of `project.json`, schema version 1, checked on every open and before
 * every save. It is compiled by Ajv at build time (scripts/gen-project-validator.mjs writes
 * schema-validator.js), never at run time. Objects allow extra properties on purpose: fields
 * written by a newer app or by hand are kept, not dropped. The semantic checks (models,
 * parameters, axes, references) live in validate.ts.
 */
import { MAX_EVALUATIONS, MAX_SWEEP_STEPS_STUDY, MAX_TRACE_SAMPLES, MIN_EVALUATIONS, PROJECT_FORMAT } from './types.js';

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const name = { type: 'string', minLength: 1, maxLength: 500 } as const;
const text = { type: 'string', maxLength: 1_000_000 } as const;
const finite = { type: 'number' } as const;
/**
 * A parameter value: a number, or a text — an expression ("-pi/4") or a model's structure as JSON
 * (a cavity network of 6 fully coupled modes is about 2.6 kB; 20 000 characters leave room).
 */
const paramValue = { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 20_000 }] } as const;
const params = { type: 'object', additionalProperties: paramValue } as const;

const arrayRef = {
  type: 'object',
  required: ['entry', 'length', 'encoding', 'crc32'],
  properties: {
    entry: { type: 'string', pattern: '^results/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+\\.f64$' },
    length: { type: 'integer', minimum: 0 },
    encoding: { enum: ['f64le', 'f64le-shuffle'] },
    crc32: { type: 'integer', minimum: 0, maximum: 4294967295 },
  },
} as const;

const axis = {
  anyOf: [
    {
      type: 'object',
      required: ['key', 'start', 'stop', 'count'],
      properties: { key: id, start: finite, stop: finite, count: { type: 'integer', minimum: 1 }, spacing: { enum: ['linear', 'log'] } },
    },
    { type: 'object', required: ['key', 'values'], properties: { key: id, values: { type: 'array', minItems: 1, items: finite } } },
  ],
} as const;

const provenance = {
  type: 'object',
  required: ['model', 'params', 'solver', 'app', 'date', 'wallMs'],
  properties: {
    model: id,
    params,
    solver: { type: 'string' },
    truncation: { type: 'object' },
    tolerances: { type: 'object', additionalProperties: finite },
    app: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
    date: { type: 'string', minLength: 10 },
    wallMs: { type: 'number', minimum: 0 },
    workers: { type: 'integer', minimum: 1 },
    platform: { type: 'string' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['date', 'app', 'points', 'wallMs'],
        properties: {
          date: { type: 'string', minLength: 10 },
          app: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
          workers: { type: 'integer', minimum: 1 },
          points: { type: 'integer', minimum: 0 },
          wallMs: { type: 'number', minimum: 0 },
        },
      },
    },
  },
} as const;

const storedResult = {
  type: 'object',
  required: ['id', 'status', 'provenance'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9._-]+$' },
    status: { enum: ['succeeded', 'cancelled', 'failed'] },
    shape: { type: 'array', items: { type: 'integer', minimum: 1 } },
    axes: { type: 'array', items: { type: 'object', required: ['key', 'values'], properties: { key: id, values: arrayRef } } },
    arrays: { type: 'object', additionalProperties: arrayRef },
    quantities: {
      type: 'array',
      items: { type: 'object', required: ['key'], properties: { key: id, symbol: { type: 'string' }, label: { type: 'string' }, unit: { type: 'string' } } },
    },
    failed: { type: 'array', items: { type: 'object', required: ['index', 'reason'], properties: { index: { type: 'integer', minimum: 0 }, reason: { type: 'string' } } } },
    warned: {
      type: 'object',
      required: ['count', 'first'],
      properties: { count: { type: 'integer', minimum: 1 }, first: { type: 'object', required: ['index', 'reason'], properties: { index: { type: 'integer', minimum: 0 }, reason: { type: 'string' } } } },
    },
    done: { type: 'integer', minimum: 0 },
    total: { type: 'integer', minimum: 0 },
    output: {},
    provenance,
    fingerprint: { type: 'string', maxLength: 200 },
  },
} as const;

const traces = { type: 'array', minItems: 1, maxItems: 64, uniqueItems: true, items: id } as const;
const axisSamples = {
  type: 'object',
  properties: {
    from: finite,
    to: finite,
    samples: { type: 'integer', minimum: 1, maximum: MAX_TRACE_SAMPLES },
    values: { type: 'array', minItems: 1, maxItems: MAX_TRACE_SAMPLES, items: finite },
    traces,
  },
} as const;

const study = {
  type: 'object',
  required: ['id', 'name', 'kind', 'model', 'params'],
  properties: {
    id,
    name,
    title: { type: 'string' },
    kind: { enum: ['sweep', 'point', 'simulate', 'optimize', 'correlation', 'spectrum', 'pulse', 'continuation'] },
    model: id,
    parameterSet: id,
    params,
    axes: { type: 'array', minItems: 1, maxItems: 2, items: axis },
    quantities: { type: 'array', items: id },
    simulate: {
      type: 'object',
      required: ['port', 'input', 'tEnd'],
      properties: {
        port: { type: 'integer', minimum: 1, maximum: 64 },
        input: { enum: ['gaussian', 'rect', 'cw'] },
        tEnd: { type: 'number', exclusiveMinimum: 0 },
        width: { type: 'number', exclusiveMinimum: 0 },
        t0: { type: 'number' },
        samples: { type: 'integer', minimum: 2, maximum: 1_000_000 },
        compareIdeal: { type: 'boolean' },
      },
    },
    correlation: axisSamples,
    spectrum: axisSamples,
    pulse: {
      type: 'object',
      properties: {
        shape: { enum: ['on', 'off', 'rect', 'gaussian'] },
        amplitude: { type: 'number', minimum: 0 },
        t0: { type: 'number', minimum: 0 },
        width: { type: 'number', exclusiveMinimum: 0 },
        tEnd: { type: 'number', exclusiveMinimum: 0 },
        samples: { type: 'integer', minimum: 2, maximum: MAX_TRACE_SAMPLES },
        initial: { enum: ['vacuum', 'steady'] },
        traces,
      },
    },
    continuation: {
      type: 'object',
      required: ['vary', 'from', 'to'],
      properties: {
        vary: id,
        from: finite,
        to: finite,
        port: { type: 'integer', minimum: 1, maximum: 64 },
        maxPoints: { type: 'integer', minimum: 2, maximum: 100_000 },
        sweepSteps: { type: 'integer', minimum: 0, maximum: MAX_SWEEP_STEPS_STUDY },
      },
    },
    optimize: {
      type: 'object',
      required: ['objective', 'vary'],
      properties: {
        objective: {
          type: 'object',
          required: ['quantity', 'goal'],
          properties: { quantity: id, goal: { enum: ['maximize', 'minimize'] } },
        },
        vary: {
          type: 'array',
          minItems: 1,
          maxItems: 4,
          items: { type: 'object', required: ['key', 'lo', 'hi'], properties: { key: id, lo: finite, hi: finite } },
        },
        maxEvaluations: { type: 'integer', minimum: MIN_EVALUATIONS, maximum: MAX_EVALUATIONS },
      },
    },
    notes: text,
    result: storedResult,
  },
} as const;

const range = { type: 'array', minItems: 2, maxItems: 2, items: finite } as const;

const panel = {
  type: 'object',
  required: ['study', 'kind'],
  properties: {
    label: { type: 'string' },
    study: id,
    kind: { enum: ['line', 'heatmap', 'contour', 'bar', 'trace', 'schematic', 'branches'] },
    x: id,
    series: {
      type: 'array',
      items: {
        type: 'object',
        required: ['quantity'],
        properties: { quantity: id, study: id, label: { type: 'string' }, color: { type: 'string' }, dash: { enum: ['solid', 'dash', 'dot'] }, markers: { type: 'boolean' }, minus: id },
      },
    },
    quantity: id,
    levels: { type: 'array', items: finite },
    logX: { type: 'boolean' },
    logY: { type: 'boolean' },
    xLabel: { type: 'string' },
    yLabel: { type: 'string' },
    xRange: range,
    yRange: range,
    xScale: { type: 'number', not: { const: 0 } },
    xOffset: finite,
    yScale: { type: 'number', not: { const: 0 } },
    colorbarLabel: { type: 'string' },
    zRange: range,
    colormap: { enum: ['viridis', 'cividis', 'magma'] },
    logZ: { type: 'boolean' },
    bands: {
      type: 'array',
      items: {
        type: 'object',
        properties: { x0: finite, x1: finite, quantity: id, study: id, withinDb: { type: 'number', exclusiveMinimum: 0 }, label: { type: 'string' }, color: { type: 'string' } },
      },
    },
    notes: text,
  },
} as const;

const figure = {
  type: 'object',
  required: ['id', 'name', 'layout', 'panels'],
  properties: {
    id,
    name,
    title: { type: 'string' },
    caption: text,
    layout: {
      type: 'object',
      required: ['rows', 'cols'],
      properties: { rows: { type: 'integer', minimum: 1, maximum: 12 }, cols: { type: 'integer', minimum: 1, maximum: 12 } },
    },
    panels: { type: 'array', items: panel },
    style: {
      type: 'object',
      properties: {
        preset: { enum: ['aps-single', 'aps-double', 'nature-single', 'nature-double', 'custom'] },
        widthIn: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        heightIn: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        fontPt: { type: 'number', minimum: 4, maximum: 72 },
        lineWidthPt: { type: 'number', exclusiveMinimum: 0, maximum: 20 },
      },
    },
  },
} as const;

export const PROJECT_JSON_SCHEMA = {
  $id: 'https://nrlab.dev/schema/project-1.json',
  type: 'object',
  required: ['format', 'schemaVersion', 'title', 'created', 'modified', 'app', 'parameterSets', 'studies', 'figures'],
  properties: {
    format: { const: PROJECT_FORMAT },
    schemaVersion: { type: 'integer', minimum: 1 },
    title: { type: 'string', maxLength: 500 },
    created: { type: 'string' },
    modified: { type: 'string' },
    app: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
    notes: text,
    origin: { type: 'string' },
    parameterSets: {
      type: 'array',
      items: { type: 'object', required: ['id', 'name', 'model', 'params'], properties: { id, name, model: id, params, notes: text } },
    },
    studies: { type: 'array', items: study },
    figures: { type: 'array', items: figure },
  },
} as const;
