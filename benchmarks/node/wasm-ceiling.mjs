// Runs the benchmark kernels' batch exports (the same .wasm bytes the JMH benchmarks load through
// the engine) in Node's V8 over 1M rows already in linear memory: the ceiling for Wasm execution.
//   node benchmarks/node/wasm-ceiling.mjs WASM_DIR [ROWS] [OUT_TSV]
// Prints and appends one line per kernel: kernel, rows, ns/row (median of the timed calls), node version.
import { readFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";

const [wasmDir, rowsArg = "1048576", out] = process.argv.slice(2);
if (!wasmDir) {
  throw new Error("usage: node wasm-ceiling.mjs WASM_DIR [ROWS] [OUT_TSV]");
}
const rows = Number.parseInt(rowsArg, 10);
const WARMUP_CALLS = 10;
const TIMED_CALLS = 15;

function instantiate(name) {
  const module = new WebAssembly.Module(readFileSync(join(wasmDir, `${name}.wasm`)));
  return new WebAssembly.Instance(module, {}).exports;
}

// Lays out ABI v1's region: descriptors for `widths.length` arguments and the result, then each buffer.
// `buffers` are [{ bytes, offsets? }] per argument; the result gets `resultBytes` of values.
function prepare(exports, buffers, resultBytes) {
  const descriptors = 16 * (buffers.length + 1);
  let total = descriptors;
  for (const b of buffers) {
    total += align(b.bytes.length) + (b.offsets ? align(b.offsets.byteLength) : 0);
  }
  total += align(resultBytes);
  const region = exports.plugsql_alloc(total);
  if (region === 0) {
    throw new Error(`plugsql_alloc(${total}) failed`);
  }
  const memory = exports.memory.buffer;
  const view = new DataView(memory);
  let at = region + descriptors;
  buffers.forEach((b, k) => {
    const values = at;
    new Uint8Array(memory, values, b.bytes.length).set(b.bytes);
    at += align(b.bytes.length);
    let offsets = 0;
    if (b.offsets) {
      offsets = at;
      new Uint8Array(memory, offsets, b.offsets.byteLength).set(new Uint8Array(b.offsets.buffer));
      at += align(b.offsets.byteLength);
    }
    writeDescriptor(view, region + 16 * k, 0, values, offsets, b.bytes.length);
  });
  const result = region + 16 * buffers.length;
  writeDescriptor(view, result, 0, at, 0, resultBytes);
  return { args: region, out: result, resultValues: at };
}

function align(n) {
  return (n + 7) & ~7;
}

function writeDescriptor(view, at, validity, values, offsets, length) {
  view.setInt32(at, validity, true);
  view.setInt32(at + 4, values, true);
  view.setInt32(at + 8, offsets, true);
  view.setInt32(at + 12, length, true);
}

function int64Column(f) {
  const values = new BigInt64Array(rows);
  for (let i = 0; i < rows; i++) values[i] = BigInt(f(i));
  return { bytes: new Uint8Array(values.buffer) };
}

// Seeded uniform doubles in [-bound, bound]: the same distribution as HaversineBenchmark's data.
function doubleColumn(seed, bound) {
  let state = seed >>> 0;
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 4294967296) * 2 * bound - bound;
  }
  return { bytes: new Uint8Array(values.buffer) };
}

// The strings of UpperBenchmark.strings: two or three words, some with multi-byte UTF-8.
function stringColumn() {
  const words = ["alice", "Bob", "müller", "straße", "zoë", "plugsql", "señor", "ok"];
  const encoder = new TextEncoder();
  const parts = [];
  const offsets = new Int32Array(rows + 1);
  let length = 0;
  for (let i = 0; i < rows; i++) {
    let text = `${words[i % 8]} ${words[Math.floor(i / 7) % 8]}`;
    if (i % 3 === 0) text += ` ${words[Math.floor(i / 3) % 8]}`;
    const bytes = encoder.encode(text);
    parts.push(bytes);
    length += bytes.length;
    offsets[i + 1] = length;
  }
  const data = new Uint8Array(length);
  parts.forEach((bytes, i) => data.set(bytes, offsets[i]));
  return { bytes: data, offsets };
}

const kernels = [
  { name: "mul_add", args: () => [int64Column((i) => i % 1000), int64Column((i) => (i * 7 + 3) % 1000)], resultWidth: 8 },
  {
    name: "haversine",
    args: () => [doubleColumn(1, 90), doubleColumn(2, 180), doubleColumn(3, 90), doubleColumn(4, 180)],
    resultWidth: 8,
  },
  { name: "upper", args: () => [stringColumn()], resultWidth: 0 },
];

for (const kernel of kernels) {
  const exports = instantiate(kernel.name);
  const batch = exports[`${kernel.name}_batch`];
  const layout = prepare(exports, kernel.args(), rows * kernel.resultWidth);
  for (let i = 0; i < WARMUP_CALLS; i++) check(batch(rows, layout.args, layout.out), kernel.name);
  const nanos = [];
  for (let i = 0; i < TIMED_CALLS; i++) {
    const start = process.hrtime.bigint();
    check(batch(rows, layout.args, layout.out), kernel.name);
    nanos.push(Number(process.hrtime.bigint() - start));
  }
  nanos.sort((a, b) => a - b);
  const nsPerRow = nanos[Math.floor(nanos.length / 2)] / rows;
  const line = `${kernel.name}\t${rows}\t${nsPerRow.toFixed(3)}\tNode ${process.version}`;
  console.log(line);
  if (out) appendFileSync(out, line + "\n");
}

function check(status, name) {
  if (status !== 0) throw new Error(`${name}_batch returned ${status}`);
}
