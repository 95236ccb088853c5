// Cross-checks a landscape4j run directory with Apache Arrow JS, an Arrow implementation independent of the
// Java writers: reads metrics.arrows, snapshots.arrows, and (if expected) curvature.arrows and result vector
// tables with tableFromIPC and compares every value (nulls apart from NaN, -0 apart from 0, each vector float)
// and the schema metadata with the expected JSON the Java test wrote.
//
// usage: node check-run.mjs RUN_DIR EXPECTED_JSON
// Expected JSON: {"run_id": ID or absent, "metrics": [row...], "snapshots": {"parameter_count": P, "rows": [row...]},
//   "curvature": [row...] (optional), "results": [{"file": "results/x.arrows", "table": KIND, "columns":
//   [[name, type, nullable]...], "vector": NAME, "parameter_count": P, "metadata": {key: value}, "rows": [row...]}]
//   (optional)}; int64 values are decimal strings, non-finite numbers the strings "NaN", "Infinity", "-Infinity",
//   nulls JSON null.
// Exits 0 if all match, 1 with one line per mismatch otherwise, 2 on bad usage or unreadable input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, DataType } from 'apache-arrow';

const [runDir, expectedFile] = process.argv.slice(2);
if (!runDir || !expectedFile) {
  console.error('usage: node check-run.mjs RUN_DIR EXPECTED_JSON');
  process.exit(2);
}

const problems = [];
const problem = (text) => problems.push(text);

function readTable(name) {
  const path = join(runDir, name);
  try {
    return tableFromIPC(readFileSync(path));
  } catch (e) {
    console.error(`${path}: Arrow JS cannot read it: ${e.message}`);
    process.exit(2);
  }
}

function decode(value) {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

const show = (v) => (typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v));

function sameNumber(actual, expected) {
  return expected === null ? actual === null : actual !== null && Object.is(actual, decode(expected));
}

function sameCell(type, actual, want) {
  if (want === null) return actual === null;
  if (type === 'int64') return typeof actual === 'bigint' && actual === BigInt(want);
  if (type === 'int32' || type === 'bool') return actual === want;
  return sameNumber(actual, want);
}

const TYPES = {
  int64: (t) => DataType.isInt(t) && t.bitWidth === 64 && t.isSigned,
  int32: (t) => DataType.isInt(t) && t.bitWidth === 32 && t.isSigned,
  float64: (t) => DataType.isFloat(t) && t.precision === 2,
  float32: (t) => DataType.isFloat(t) && t.precision === 1,
  bool: (t) => DataType.isBool(t),
};

const vectorType = (p) => (t) => DataType.isFixedSizeList(t) && t.listSize === p && TYPES.float32(t.children[0].type)
  && t.children[0].name === 'item' && t.children[0].nullable === false;

function checkSchema(file, table, columns) {
  const names = table.schema.fields.map((f) => f.name);
  const wanted = columns.map((c) => c[0]);
  if (names.join(',') !== wanted.join(',')) {
    problem(`${file}: columns are [${names}], expected [${wanted}]`);
    return false;
  }
  columns.forEach(([name, type, nullable], i) => {
    const field = table.schema.fields[i];
    const check = typeof type === 'function' ? type : TYPES[type];
    if (!check(field.type)) problem(`${file}: column ${name} has type ${field.type}, expected ${typeof type === 'function' ? 'a vector' : type}`);
    if (field.nullable !== nullable) problem(`${file}: column ${name} nullable=${field.nullable}, expected ${nullable}`);
    if (!nullable && table.getChild(name).nullCount !== 0) {
      problem(`${file}: column ${name} must have no nulls but has ${table.getChild(name).nullCount}`
        + ' (validity bits not set?)');
    }
  });
  return true;
}

function checkMetadata(file, table, wanted) {
  const metadata = table.schema.metadata;
  for (const [key, value] of Object.entries(wanted)) {
    if (metadata.get(key) !== value) {
      problem(`${file}: metadata ${key} is ${metadata.get(key)}, expected ${value}`);
    }
  }
}

function identity(kind) {
  const wanted = { 'landscape4j.format_version': '2', 'landscape4j.table': kind };
  if (expected.run_id) wanted['landscape4j.run_id'] = expected.run_id;
  return wanted;
}

function checkRows(file, table, columns, rows) {
  if (table.numRows !== rows.length) {
    problem(`${file}: ${table.numRows} rows, expected ${rows.length}`);
  }
  rows.forEach((row, i) => {
    for (const [name, type] of columns) {
      const actual = table.getChild(name).get(i);
      const want = row[name];
      if (!sameCell(type, actual, want)) {
        problem(`${file} row ${i} column ${name}: Arrow JS reads ${show(actual)}, expected ${want}`);
      }
    }
  });
}

let floatsChecked = 0;

function checkVectors(file, table, column, p, rows) {
  rows.forEach((row, i) => {
    const vector = table.getChild(column).get(i);
    if (vector === null) {
      problem(`${file} row ${i}: ${column} is null`);
      return;
    }
    if (vector.length !== p) problem(`${file} row ${i}: ${column} has ${vector.length} values, expected ${p}`);
    for (let j = 0; j < p; j++) {
      const actual = vector.get(j); // null if the validity bit is unset
      if (!sameNumber(actual, row[column][j])) {
        problem(`${file} row ${i} ${column}[${j}]: Arrow JS reads ${show(actual)}, expected ${row[column][j]}`);
      }
      floatsChecked++;
    }
  });
}

const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));

// metrics.arrows
const METRIC_COLUMNS = [
  ['iteration', 'int64', false], ['epoch', 'int32', false], ['batch_size', 'int32', false],
  ['score', 'float64', false], ['grad_norm', 'float64', false], ['update_norm', 'float64', false],
  ['learning_rate', 'float64', false], ['wall_time_s', 'float64', false],
];
const metrics = readTable('metrics.arrows');
checkMetadata('metrics.arrows', metrics, identity('metrics'));
if (checkSchema('metrics.arrows', metrics, METRIC_COLUMNS)) {
  checkRows('metrics.arrows', metrics, METRIC_COLUMNS, expected.metrics);
}

// snapshots.arrows
const snapshots = readTable('snapshots.arrows');
const p = expected.snapshots.parameter_count;
checkMetadata('snapshots.arrows', snapshots, { ...identity('snapshots'), 'landscape4j.parameter_count': String(p) });
const SNAPSHOT_COLUMNS = [['iteration', 'int64', false], ['epoch', 'int32', false], ['score', 'float64', false]];
if (checkSchema('snapshots.arrows', snapshots, [...SNAPSHOT_COLUMNS, ['params', vectorType(p), false]])) {
  checkRows('snapshots.arrows', snapshots, SNAPSHOT_COLUMNS, expected.snapshots.rows);
  checkVectors('snapshots.arrows', snapshots, 'params', p, expected.snapshots.rows);
}

// curvature.arrows: every measured quantity nullable (null = not measured, NaN = measured, not a number)
let curvatureRows = 0;
if (expected.curvature) {
  const CURVATURE_COLUMNS = [
    ['iteration', 'int64', false], ['epoch', 'int32', false], ['probe_examples', 'int64', false],
    ['loss', 'float64', true], ['grad_norm_sq', 'float64', true], ['g_hess_g', 'float64', true],
    ['curvature_g', 'float64', true], ['update_norm_sq', 'float64', true], ['g_dot_u', 'float64', true],
    ['u_hess_u', 'float64', true], ['curvature_u', 'float64', true], ['predicted_change', 'float64', true],
    ['observed_change', 'float64', true], ['lambda_max', 'float64', true], ['lambda_min', 'float64', true],
    ['lambda_max_residual', 'float64', true], ['lambda_min_residual', 'float64', true],
    ['learning_rate', 'float64', true], ['stability_threshold', 'float64', true],
    ['hessian_products', 'int64', true], ['ill_conditioned', 'bool', true], ['edge_of_stability', 'bool', true],
    ['gradient_growth', 'bool', true],
  ];
  const curvature = readTable('curvature.arrows');
  checkMetadata('curvature.arrows', curvature, identity('curvature'));
  if (checkSchema('curvature.arrows', curvature, CURVATURE_COLUMNS)) {
    checkRows('curvature.arrows', curvature, CURVATURE_COLUMNS, expected.curvature);
  }
  curvatureRows = curvature.numRows;
}

// result vector tables: their columns come with the expectation (each result's table is defined by its writer)
const results = expected.results || [];
for (const result of results) {
  const table = readTable(result.file);
  checkMetadata(result.file, table, { 'landscape4j.format_version': '2', 'landscape4j.table': result.table,
    'landscape4j.parameter_count': String(result.parameter_count), ...result.metadata });
  if (checkSchema(result.file, table, [...result.columns, [result.vector, vectorType(result.parameter_count), false]])) {
    checkRows(result.file, table, result.columns, result.rows);
    checkVectors(result.file, table, result.vector, result.parameter_count, result.rows);
  }
  if (table.batches.length !== result.rows.length) {
    problem(`${result.file}: ${table.batches.length} record batches, expected one per row (${result.rows.length})`);
  }
}

if (problems.length > 0) {
  console.error(`${problems.length} mismatch(es) between the run in ${runDir} and ${expectedFile}:`);
  problems.slice(0, 50).forEach((line) => console.error(`  ${line}`));
  process.exit(1);
}
console.log(`OK: Arrow JS read ${metrics.numRows} metric rows, ${snapshots.numRows} snapshots, ${curvatureRows}`
  + ` curvature rows and ${results.length} result table(s) (${floatsChecked} vector floats) exactly as written`);
