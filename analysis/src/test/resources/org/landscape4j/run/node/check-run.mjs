// Cross-checks a landscape4j run directory with Apache Arrow JS, an Arrow implementation independent of the
// Java writers: reads metrics.arrows and snapshots.arrows with tableFromIPC and compares every value (nulls
// apart from NaN, -0 apart from 0, each params float) with the expected JSON the Java test wrote.
//
// usage: node check-run.mjs RUN_DIR EXPECTED_JSON
// Expected JSON: {"metrics": [row...], "snapshots": {"parameter_count": P, "rows": [row...]}}; int64 values
// are decimal strings, non-finite numbers the strings "NaN", "Infinity", "-Infinity", nulls JSON null.
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

const TYPES = {
  int64: (t) => DataType.isInt(t) && t.bitWidth === 64 && t.isSigned,
  int32: (t) => DataType.isInt(t) && t.bitWidth === 32 && t.isSigned,
  float64: (t) => DataType.isFloat(t) && t.precision === 2,
  float32: (t) => DataType.isFloat(t) && t.precision === 1,
  bool: (t) => DataType.isBool(t),
};

function checkSchema(file, table, columns) {
  const names = table.schema.fields.map((f) => f.name);
  const wanted = columns.map((c) => c[0]);
  if (names.join(',') !== wanted.join(',')) {
    problem(`${file}: columns are [${names}], expected [${wanted}]`);
    return false;
  }
  columns.forEach(([name, type, nullable], i) => {
    const field = table.schema.fields[i];
    if (!TYPES[type](field.type)) problem(`${file}: column ${name} has type ${field.type}, expected ${type}`);
    if (field.nullable !== nullable) problem(`${file}: column ${name} nullable=${field.nullable}, expected ${nullable}`);
    if (!nullable && table.getChild(name).nullCount !== 0) {
      problem(`${file}: column ${name} must have no nulls but has ${table.getChild(name).nullCount}`
        + ' (validity bits not set?)');
    }
  });
  return true;
}

const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));

// metrics.arrows
const METRIC_COLUMNS = [
  ['iteration', 'int64', false], ['epoch', 'int32', false], ['batch_size', 'int32', false],
  ['score', 'float64', false], ['grad_norm', 'float64', false], ['update_norm', 'float64', false],
  ['learning_rate', 'float64', false], ['wall_time_s', 'float64', false],
  ['g_hess_g', 'float64', true], ['curvature_g', 'float64', true], ['u_hess_u', 'float64', true],
  ['curvature_u', 'float64', true], ['predicted_change', 'float64', true], ['observed_change', 'float64', true],
  ['lambda_max', 'float64', true], ['lambda_min', 'float64', true], ['ill_conditioned', 'bool', true],
];
const metrics = readTable('metrics.arrows');
if (checkSchema('metrics.arrows', metrics, METRIC_COLUMNS)) {
  if (metrics.numRows !== expected.metrics.length) {
    problem(`metrics.arrows: ${metrics.numRows} rows, expected ${expected.metrics.length}`);
  }
  expected.metrics.forEach((row, i) => {
    for (const [name, type] of METRIC_COLUMNS) {
      const actual = metrics.getChild(name).get(i);
      const want = row[name];
      let ok;
      if (type === 'int64') ok = typeof actual === 'bigint' && actual === BigInt(want);
      else if (type === 'int32' || type === 'bool') ok = actual === want;
      else ok = sameNumber(actual, want);
      if (!ok) problem(`metrics.arrows row ${i} column ${name}: Arrow JS reads ${show(actual)}, expected ${want}`);
    }
  });
}

// snapshots.arrows
const snapshots = readTable('snapshots.arrows');
const p = expected.snapshots.parameter_count;
const metadata = snapshots.schema.metadata;
if (metadata.get('landscape4j.format_version') !== '1') {
  problem(`snapshots.arrows: metadata landscape4j.format_version is ${metadata.get('landscape4j.format_version')}, expected 1`);
}
if (metadata.get('landscape4j.parameter_count') !== String(p)) {
  problem(`snapshots.arrows: metadata landscape4j.parameter_count is ${metadata.get('landscape4j.parameter_count')}, expected ${p}`);
}
TYPES[`FixedSizeList<float32>[${p}]`] = (t) => DataType.isFixedSizeList(t) && t.listSize === p
  && TYPES.float32(t.children[0].type);
checkSchema('snapshots.arrows', snapshots, [['iteration', 'int64', false], ['epoch', 'int32', false],
  ['score', 'float64', false], ['params', `FixedSizeList<float32>[${p}]`, false]]);
const rows = expected.snapshots.rows;
if (snapshots.numRows !== rows.length) {
  problem(`snapshots.arrows: ${snapshots.numRows} rows, expected ${rows.length}`);
}
let floatsChecked = 0;
rows.forEach((row, i) => {
  const iteration = snapshots.getChild('iteration').get(i);
  if (iteration !== BigInt(row.iteration)) problem(`snapshots.arrows row ${i}: iteration ${show(iteration)}, expected ${row.iteration}`);
  const epoch = snapshots.getChild('epoch').get(i);
  if (epoch !== row.epoch) problem(`snapshots.arrows row ${i}: epoch ${epoch}, expected ${row.epoch}`);
  const score = snapshots.getChild('score').get(i);
  if (!sameNumber(score, row.score)) problem(`snapshots.arrows row ${i}: score ${show(score)}, expected ${row.score}`);
  const params = snapshots.getChild('params').get(i);
  if (params === null) {
    problem(`snapshots.arrows row ${i}: params is null`);
    return;
  }
  if (params.length !== p) problem(`snapshots.arrows row ${i}: params has ${params.length} values, expected ${p}`);
  for (let j = 0; j < p; j++) {
    const actual = params.get(j); // null if the validity bit is unset
    if (!sameNumber(actual, row.params[j])) {
      problem(`snapshots.arrows row ${i} params[${j}]: Arrow JS reads ${show(actual)}, expected ${row.params[j]}`);
    }
    floatsChecked++;
  }
});

if (problems.length > 0) {
  console.error(`${problems.length} mismatch(es) between the run in ${runDir} and ${expectedFile}:`);
  problems.slice(0, 50).forEach((line) => console.error(`  ${line}`));
  process.exit(1);
}
console.log(`OK: Arrow JS read ${metrics.numRows} metric rows and ${snapshots.numRows} snapshots `
  + `(${floatsChecked} parameter floats) exactly as written`);
