// Times ONNX Runtime (npm onnxruntime-node@1.30.0, CPU, one intra-op thread) on the models and input
// shapes of bench/FaceAlign3D.Benchmarks/Neural/ModelInferenceBenchmarks.cs.
// Setup: (cd /tmp/ortpeer && npm install --ignore-scripts onnxruntime-node@1.30.0)
// Run:   NODE_PATH=/tmp/ortpeer/node_modules node bench/peers/onnxruntime_bench.js [shared-dir] [iterations]
const path = require('path');
const ort = require('onnxruntime-node');

const shared = process.argv[2] || path.resolve(__dirname, '..', '..', '..', 'shared');
const iterations = Number(process.argv[3] || 200);
const cases = [
  ['mb05_120x120', 'tddfa_v2/mb05_120x120.onnx', [1, 3, 120, 120]],
  ['faceboxes_720x1080', 'tddfa_v2/faceboxes_prod.onnx', [1, 3, 720, 1080]],
  ['rfb320_240x320', 'ultralight/version-RFB-320.onnx', [1, 3, 240, 320]],
];

function percentile(sorted, q) {
  const pos = q * (sorted.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

(async () => {
  for (const [name, file, shape] of cases) {
    const session = await ort.InferenceSession.create(path.join(shared, 'models', file), {
      intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3,
    });
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    let seed = 1;
    for (let i = 0; i < data.length; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; data[i] = seed / 1073741824 - 1; }
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, shape) };
    const runs = name.startsWith('faceboxes') ? Math.max(10, Math.floor(iterations / 10)) : iterations;
    for (let i = 0; i < Math.max(3, runs / 10); i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ model: name, runtime: 'onnxruntime-node ' + require('onnxruntime-node/package.json').version, threads: 1, iterations: runs,
      median_ms: +percentile(times, 0.5).toFixed(4), p10_ms: +percentile(times, 0.1).toFixed(4), p90_ms: +percentile(times, 0.9).toFixed(4) }));
    await session.release();
  }
})();
