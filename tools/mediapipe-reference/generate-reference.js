#!/usr/bin/env node
'use strict';
// Runs MediaPipe's own face_mesh web solution (npm @mediapipe/face_mesh) in headless Chromium
// on every sample photo and writes the landmarks as a JSON test reference for FaceAlign3D.
// Usage: node generate-reference.js [samplesDir (default $FACEALIGN3D_SHARED/data/samples, else ../../../shared/data/samples)] [--out FILE] [--max-faces N]
//        [--image-timeout SECONDS] [--total-timeout SECONDS] [--chromium PATH] [--cpu-inference]

const fs = require('fs');
const os = require('os');
const path = require('path');
const { startStaticServer } = require('./static-server');

const TOOL_DIR = __dirname;
const REPO_ROOT = path.resolve(TOOL_DIR, '..', '..');
const PACKAGE_NAME = '@mediapipe/face_mesh';
const LANDMARK_COUNT = 468;
const DECIMALS = 3;
const POSE_DECIMALS = 5;
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

function parseArgs(argv) {
  const args = {
    samplesDir: path.join(process.env.FACEALIGN3D_SHARED || path.resolve(REPO_ROOT, '..', 'shared'), 'data', 'samples'),
    out: path.join(REPO_ROOT, 'tests', 'FaceAlign3D.Tests', 'Alignment', 'generated', 'mediapipe_face_mesh_reference.json'),
    maxFaces: 10,
    imageTimeoutSeconds: 60,
    totalTimeoutSeconds: 600,
    chromium: '/usr/bin/chromium',
    cpuInference: false,
  };
  const valueOf = (i) => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  const positiveNumber = (name, text) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${text}'`);
    return n;
  };
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--out': args.out = path.resolve(valueOf(i)); i++; break;
      case '--max-faces': args.maxFaces = Math.round(positiveNumber('--max-faces', valueOf(i))); i++; break;
      case '--image-timeout': args.imageTimeoutSeconds = positiveNumber('--image-timeout', valueOf(i)); i++; break;
      case '--total-timeout': args.totalTimeoutSeconds = positiveNumber('--total-timeout', valueOf(i)); i++; break;
      case '--cpu-inference': args.cpuInference = true; break;
      case '--chromium': args.chromium = path.resolve(valueOf(i)); i++; break;
      default:
        if (argv[i].startsWith('--') || positional++ > 0) throw new Error(`unexpected argument '${argv[i]}'`);
        args.samplesDir = path.resolve(argv[i]);
    }
  }
  return args;
}

function requirePackage(name) {
  try {
    return require(name);
  } catch (e) {
    throw new Error(`npm package '${name}' is missing (${e.code || e.message}); run 'npm ci' in ${TOOL_DIR}`);
  }
}

function mediapipePackageDir() {
  let manifest;
  try {
    manifest = require.resolve(`${PACKAGE_NAME}/package.json`);
  } catch {
    throw new Error(`npm package '${PACKAGE_NAME}' is missing; run 'npm ci' in ${TOOL_DIR}`);
  }
  const dir = path.dirname(manifest);
  for (const file of ['face_mesh.js', 'face_mesh.binarypb', 'face_mesh_solution_packed_assets.data']) {
    if (!fs.existsSync(path.join(dir, file))) throw new Error(`${PACKAGE_NAME} is incomplete: ${file} not found in ${dir}`);
  }
  return { dir, version: JSON.parse(fs.readFileSync(manifest, 'utf8')).version };
}

function listSamples(samplesDir) {
  if (!fs.existsSync(samplesDir) || !fs.statSync(samplesDir).isDirectory()) {
    throw new Error(`samples folder not found: ${samplesDir}`);
  }
  const files = fs.readdirSync(samplesDir)
    .filter((f) => IMAGE_EXTENSIONS.has(path.extname(f).toLowerCase()))
    .sort();
  if (files.length === 0) throw new Error(`no .jpg/.png photos in ${samplesDir}`);
  return files;
}

// Every browser step gets the per-image limit, cut short when the overall deadline is nearer.
function stepLimiter(imageTimeoutSeconds, totalTimeoutSeconds) {
  const deadline = Date.now() + totalTimeoutSeconds * 1000;
  const secondsFor = (what) => {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) throw new Error(`the overall limit of ${totalTimeoutSeconds} s ran out before ${what}`);
    return Math.min(imageTimeoutSeconds, left);
  };
  const run = (what, start) => {
    const seconds = secondsFor(what);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(seconds < imageTimeoutSeconds
        ? `${what} was stopped: the overall limit of ${totalTimeoutSeconds} s ran out`
        : `${what} timed out after ${imageTimeoutSeconds} s`)), seconds * 1000);
    });
    return Promise.race([start(), timeout]).finally(() => clearTimeout(timer));
  };
  return { secondsFor, run };
}

const round = (v, decimals = DECIMALS) => {
  if (!Number.isFinite(v)) throw new Error(`MediaPipe returned a non-finite value: ${v}`);
  const r = Number(v.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
};

// MediaPipe gives x, y normalised by image width/height and z in the same scale as x
// (normalised by image width); all three are stored in pixels here.
function toPixelFace(landmarks, width, height, file) {
  if (landmarks.length !== LANDMARK_COUNT) {
    throw new Error(`${file}: expected ${LANDMARK_COUNT} landmarks per face, got ${landmarks.length}`);
  }
  return landmarks.map(([x, y, z]) => [round(x * width), round(y * height), round(z * width)]);
}

function boundingBox(points) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

async function launchChromium(chromiumPath, userDataDir, timeoutSeconds) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}; install it with 'apt-get update && apt-get install -y chromium' or pass --chromium PATH`);
  }
  const { chromium } = requirePackage('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    timeout: timeoutSeconds * 1000,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function generate(args) {
  const mediapipe = mediapipePackageDir();
  const samples = listSamples(args.samplesDir);
  const options = {
    maxNumFaces: args.maxFaces,
    refineLandmarks: false,
    minDetectionConfidence: 0.5,
    minTrackingConfidence: 0.5,
    selfieMode: false,
    enableFaceGeometry: true,
    useCpuInference: args.cpuInference,
  };

  const limit = stepLimiter(args.imageTimeoutSeconds, args.totalTimeoutSeconds);
  const { server, baseUrl } = await startStaticServer({
    '/mediapipe/': mediapipe.dir,
    '/harness/': path.join(TOOL_DIR, 'harness'),
    '/samples/': args.samplesDir,
  });
  let userDataDir;
  let context;
  const browserErrors = [];
  try {
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediapipe-reference-chromium-'));
    context = await launchChromium(args.chromium, userDataDir, limit.secondsFor('launching Chromium'));
    const browserVersion = context.browser() ? context.browser().version() : null;
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => browserErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') browserErrors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) browserErrors.push(`HTTP ${r.status()} for ${r.url()}`); });
    await limit.run('loading the harness page', () => page.goto(`${baseUrl}/harness/index.html`));
    const info = await limit.run('FaceMesh initialisation',
      () => page.evaluate((o) => window.faceMeshHarness.init(o), options));

    const images = [];
    for (const [index, file] of samples.entries()) {
      const url = `/samples/${encodeURIComponent(file)}`;
      const raw = await limit.run(`FaceMesh on ${file}`,
        () => page.evaluate(([u, t]) => window.faceMeshHarness.run(u, t), [url, index + 1]));
      const faces = raw.faces.map((landmarks, i) => {
        const points = toPixelFace(landmarks, raw.width, raw.height, file);
        const pose = raw.poseTransformMatrices[i];
        return {
          landmark_box_xyxy: boundingBox(points),
          pose_transform_matrix: pose ? pose.map((row) => row.map((v) => round(v, POSE_DECIMALS))) : null,
          landmarks: points,
        };
      });
      console.log(`${file}: ${raw.width}x${raw.height}, ${faces.length} face(s)`);
      images.push({ image: file, width: raw.width, height: raw.height, faces });
    }

    return {
      produced_by: {
        package: `${PACKAGE_NAME}@${mediapipe.version}`,
        solution_version: info.version,
        browser: `Chromium ${browserVersion}`,
        user_agent: info.userAgent,
        webgl_renderer: info.webgl,
        inference: args.cpuInference
          ? 'TFLite CPU inference in WebAssembly (useCpuInference: true); image transforms still on WebGL2'
          : "MediaPipe's default on Linux: GPU (WebGL2) inference on the renderer above",
        options: { ...options, static_image_mode: 'emulated: reset() before every image, so each image starts from face detection' },
        input_decoding: "Chromium decodes each file with createImageBitmap(colorSpaceConversion: 'none', premultiplyAlpha: 'none'); no resizing before MediaPipe",
        models: 'face_detection_short_range.tflite + face_landmark.tflite (refineLandmarks=false), as packed in the npm package',
      },
      units: {
        landmarks: `per face ${LANDMARK_COUNT} points [x_px, y_px, z_px]: x_px = x*width, y_px = y*height, z_px = z*width, where x, y, z are MediaPipe's normalised landmark values (z has the scale of x; origin near the head centre; smaller = closer to the camera); rounded to ${DECIMALS} decimals`,
        landmark_box_xyxy: 'min/max of landmark x_px, y_px',
        pose_transform_matrix: "face geometry pose (canonical face model -> camera, cm), 4x4, rows as given by MediaPipe's matrixDataToMatrix (translation in the last column), default perspective camera (vertical FOV 63 deg, near 1, far 10000)",
        detection: 'the solution exposes no detection score, box or face presence score; only landmarks and face geometry',
      },
      images,
    };
  } catch (e) {
    if (browserErrors.length) e.message += `\nbrowser errors:\n  ${browserErrors.join('\n  ')}`;
    throw e;
  } finally {
    if (context) await context.close().catch(() => {});
    server.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const reference = await generate(args);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, formatJson(reference) + '\n');
  console.log(`wrote ${args.out}`);
}

// Arrays of numbers go on one line (one landmark per line): diffable without one number per line.
function formatJson(value, indent = '') {
  const inner = indent + ' ';
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) return JSON.stringify(value);
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
    return entries.length ? `{\n${entries.join(',\n')}\n${indent}}` : '{}';
  }
  return JSON.stringify(value);
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
