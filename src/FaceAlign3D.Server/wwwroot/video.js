// Video: the server tracks the upload as a job with an ICT fit per track; the page plays the local file with the
// tracked landmarks over it, and the 3D viewer and blendshape bars follow the frame being shown.
import { drawFaces } from './overlay.js';
import { showBars } from './bars.js';

const $ = id => document.getElementById(id);

export async function playTrack(file, aligner, viewer, progress) {
  const form = new FormData();
  form.append('video', file, 'upload');
  const started = await fetch(`/v1/track?aligner=${aligner}&fit=ict`, { method: 'POST', body: form });
  const job = await started.json();
  if (!started.ok) throw new Error(`${started.status}: ${job.error}`);
  let status = job;
  while (status.state === 'queued' || status.state === 'running') {
    progress(`Tracking: frame ${status.framesDone}${status.framesTotal ? ` of ${status.framesTotal}` : ''}…`);
    await new Promise(resolve => setTimeout(resolve, 500));
    status = await (await fetch(`/v1/jobs/${job.id}`)).json();
  }
  if (status.state === 'failed') throw new Error(status.error);
  const lines = (await (await fetch(status.results)).text()).split('\n').filter(l => l.trim());
  show(file, lines.map(l => JSON.parse(l)), new FrameMeshes(job.id, viewer));
}

function show(file, frames, meshes) {
  $('photo').hidden = true;
  const video = $('video');
  const overlay = $('video-overlay');
  video.hidden = overlay.hidden = $('timeline-panel').hidden = false;
  video.srcObject = null;
  video.src = URL.createObjectURL(file);
  let shown = null;
  const draw = () => {
    overlay.width = video.clientWidth;
    overlay.height = video.clientHeight;
    const ctx = overlay.getContext('2d');
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    const frame = nearest(frames, video.currentTime);
    if (frame && video.videoWidth) drawFaces(ctx, frame.faces, overlay.width / video.videoWidth);
    if (frame !== shown) {
      shown = frame;
      drawTimeline(frames, frame);
      const face = frame?.faces.find(f => f.fit);
      if (face) {
        meshes.request(face.track, face.frame_in_track);
        showBars(face.fit.blendshapes);
      }
    }
    if (!video.paused && !video.ended) requestAnimationFrame(draw);
  };
  video.onplay = () => requestAnimationFrame(draw);
  video.onseeked = video.onloadeddata = draw;
}

// Fetches the fitted mesh of the frame on screen, one request at a time; frames passed while one loads are skipped.
class FrameMeshes {
  constructor(jobId, viewer) {
    this.jobId = jobId;
    this.viewer = viewer;
    this.wanted = null;
    this.shown = null;
    this.loading = false;
    this.hasTriangles = false;
  }

  request(track, frame) {
    this.wanted = { track, frame, key: `${track}/${frame}` };
    if (!this.loading) this.pump();
  }

  async pump() {
    this.loading = true;
    try {
      while (this.wanted && this.wanted.key !== this.shown) {
        const { track, frame, key } = this.wanted;
        const response = await fetch(`/v1/jobs/${this.jobId}/mesh?track=${track}&frame=${frame}&triangles=${!this.hasTriangles}`);
        if (!response.ok) break;
        const mesh = await response.json();
        if (!this.hasTriangles) this.viewer.show(mesh.vertices, mesh.triangles, mesh.tension);
        this.hasTriangles = true;
        this.viewer.update(mesh.vertices, mesh.tension, mesh.rotation);
        this.shown = key;
        // Tests and scripts wait on this: the track/frame whose mesh the viewer shows.
        document.body.dataset.meshFrame = key;
      }
    } finally {
      this.loading = false;
    }
  }
}

function nearest(frames, time) {
  let best = null;
  for (const f of frames) if (!best || Math.abs(f.time - time) < Math.abs(best.time - time)) best = f;
  return best;
}

// Mean landmark displacement (pixels) of the first face from one frame to the next, with the current frame marked.
function drawTimeline(frames, current) {
  const canvas = $('timeline');
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const motion = frames.map((f, i) => {
    const a = f.faces[0]?.landmarks68, b = frames[i - 1]?.faces[0]?.landmarks68;
    return a && b ? a.reduce((s, p, k) => s + Math.hypot(p[0] - b[k][0], p[1] - b[k][1]), 0) / a.length : 0;
  });
  const top = Math.max(1, ...motion);
  const step = canvas.width / Math.max(1, frames.length);
  ctx.fillStyle = '#4a6fd1';
  motion.forEach((m, i) => ctx.fillRect(i * step, canvas.height * (1 - m / top), Math.max(1, step - 1), canvas.height * m / top));
  if (current) {
    ctx.fillStyle = '#e53935';
    ctx.fillRect(frames.indexOf(current) * step, 0, 2, canvas.height);
  }
}
