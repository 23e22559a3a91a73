// Video: the server tracks the upload as a job; the page plays the local file with the tracked landmarks over it.
import { drawFaces } from './overlay.js';

const $ = id => document.getElementById(id);

export async function playTrack(file, aligner, progress) {
  const form = new FormData();
  form.append('video', file, 'upload');
  const started = await fetch(`/v1/track?aligner=${aligner}`, { method: 'POST', body: form });
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
  show(file, lines.map(l => JSON.parse(l)));
}

function show(file, frames) {
  $('photo').hidden = true;
  const video = $('video');
  const overlay = $('video-overlay');
  video.hidden = overlay.hidden = $('timeline-panel').hidden = false;
  video.srcObject = null;
  video.src = URL.createObjectURL(file);
  const draw = () => {
    overlay.width = video.clientWidth;
    overlay.height = video.clientHeight;
    const ctx = overlay.getContext('2d');
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    const frame = nearest(frames, video.currentTime);
    if (frame && video.videoWidth) drawFaces(ctx, frame.faces, overlay.width / video.videoWidth);
    drawTimeline(frames, frame);
    if (!video.paused && !video.ended) requestAnimationFrame(draw);
  };
  video.onplay = () => requestAnimationFrame(draw);
  video.onseeked = video.onloadeddata = draw;
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
