// The page's controller: sends photos and videos to the API and shows what comes back.
import { MeshViewer } from './viewer.js';
import { drawFaces } from './overlay.js';
import { playTrack } from './video.js';
import { showBars } from './bars.js';

const $ = id => document.getElementById(id);
const viewer = new MeshViewer($('viewer'));
let webcam = null;

// Tests and scripts read the page's state here: idle, busy, done or error.
function setState(state, message) {
  document.body.dataset.state = state;
  $('status').textContent = message;
  $('error').hidden = state !== 'error';
  if (state === 'error') $('error').textContent = message;
}

async function apiError(response) {
  try {
    return (await response.json()).error ?? response.statusText;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

async function analysePhoto(blob) {
  setState('busy', 'Aligning and fitting…');
  const form = new FormData();
  form.append('image', blob, 'upload');
  const response = await fetch(`/v1/fit?mesh=true&aligner=${$('aligner').value}`, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`${response.status}: ${await apiError(response)}`);
  const result = await response.json();
  await showPhoto(blob, result.align);
  if (result.meshes.length > 0) {
    viewer.show(result.meshes[0].vertices, result.triangles, result.meshes[0].tension);
    showBars(result.fits[0].expression);
  }
  const faces = result.align.faces.length;
  setState('done', `${faces} face${faces === 1 ? '' : 's'} found in ${result.align.width}×${result.align.height}.`);
}

async function showPhoto(blob, align) {
  $('video').hidden = $('video-overlay').hidden = $('timeline-panel').hidden = true;
  const canvas = $('photo');
  canvas.hidden = false;
  canvas.width = align.width;
  canvas.height = align.height;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#888';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  try {
    // The server reads formats some browsers do not (PGM/PPM); the landmarks are drawn either way.
    ctx.drawImage(await createImageBitmap(blob, { imageOrientation: 'from-image' }), 0, 0, canvas.width, canvas.height);
  } catch { /* keep the grey background */ }
  drawFaces(ctx, align.faces);
}

async function handle(file) {
  try {
    if (file.type.startsWith('video/')) {
      setState('busy', 'Uploading the video…');
      await playTrack(file, $('aligner').value, viewer, message => setState('busy', message));
      setState('done', 'Tracked; play the video to see the landmarks and the fitted mesh follow it.');
    } else {
      await analysePhoto(file);
    }
  } catch (e) {
    setState('error', e.message);
  }
}

$('file').addEventListener('change', () => $('file').files[0] && handle($('file').files[0]));
document.addEventListener('dragover', e => { e.preventDefault(); document.body.classList.add('dragging'); });
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', e => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  if (e.dataTransfer.files[0]) handle(e.dataTransfer.files[0]);
});

$('webcam').hidden = !navigator.mediaDevices?.getUserMedia;
$('webcam').addEventListener('click', async () => {
  try {
    webcam = await navigator.mediaDevices.getUserMedia({ video: true });
    const video = $('video');
    video.srcObject = webcam;
    video.hidden = false;
    $('photo').hidden = true;
    await video.play();
    $('snap').hidden = false;
  } catch (e) {
    setState('error', `Webcam: ${e.message}`);
  }
});
$('snap').addEventListener('click', () => {
  const video = $('video');
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  webcam?.getTracks().forEach(t => t.stop());
  video.srcObject = null;
  $('snap').hidden = true;
  canvas.toBlob(blob => handle(blob), 'image/png');
});

setState('idle', $('status').textContent);
