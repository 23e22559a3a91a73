'use strict';
// Browser side of the reference generator: wraps MediaPipe's FaceMesh solution so that
// Node can initialise it once and then run it on one image URL at a time.
(() => {
  let faceMesh = null;
  let pendingResults = null;

  function webglRenderer() {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
    return debugInfo ? gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  }

  async function init(options) {
    faceMesh = new FaceMesh({ locateFile: (file) => `/mediapipe/${file}` });
    faceMesh.onResults((results) => {
      if (pendingResults) pendingResults(results);
    });
    faceMesh.setOptions(options);
    await faceMesh.initialize();
    return { version: typeof VERSION !== 'undefined' ? VERSION : null, userAgent: navigator.userAgent, webgl: webglRenderer() };
  }

  // Decodes the file exactly as stored: no ICC colour conversion and no alpha premultiplication,
  // so the pixels MediaPipe sees are the file's own RGB values.
  async function decode(url) {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(`GET ${url} failed: HTTP ${response.status}`);
    const blob = await response.blob();
    return createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  }

  async function run(url, timestampSeconds) {
    if (!faceMesh) throw new Error('harness not initialised');
    const bitmap = await decode(url);
    try {
      // This package version has no staticImageMode option; restarting the graph before each
      // image drops the landmark-tracking loopback, so every image starts from face detection.
      await faceMesh.reset();
      const received = new Promise((resolve) => { pendingResults = resolve; });
      await faceMesh.send({ image: bitmap }, timestampSeconds);
      const results = await received;
      pendingResults = null;
      const faces = (results.multiFaceLandmarks || []).map((landmarks) => landmarks.map((p) => [p.x, p.y, p.z]));
      const geometry = (results.multiFaceGeometry || []).map((g) => matrixDataToMatrix(g.getPoseTransformMatrix()));
      return { width: bitmap.width, height: bitmap.height, faces, poseTransformMatrices: geometry };
    } finally {
      bitmap.close();
    }
  }

  window.faceMeshHarness = { init, run };
})();
