// Draws align results over an image: detector boxes, landmarks and head-pose axes (as the CLI's overlay PNG).

const AXIS_COLOURS = ['#e53935', '#43a047', '#1e88e5'];

export function drawFaces(ctx, faces, scale = 1) {
  for (const face of faces) {
    const [x1, y1, x2, y2] = face.box.map(v => v * scale);
    const size = Math.max(x2 - x1, y2 - y1);
    ctx.lineWidth = Math.max(2, size / 150);
    ctx.strokeStyle = '#ffd54f';
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const points = face.landmarks468 ?? face.landmarks68;
    const radius = Math.max(1.5, size / (face.landmarks468 ? 300 : 120));
    ctx.fillStyle = '#00e676';
    for (const [x, y] of points) {
      ctx.beginPath();
      ctx.arc(x * scale, y * scale, radius, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (face.pose?.rotation) drawAxes(ctx, face.landmarks68[30], face.pose.rotation, size * 0.4, scale);
  }
}

// The rotation maps model axes (x right, y up, z out of the face) to camera axes with y up; image y is down.
function drawAxes(ctx, [ox, oy], rotation, length, scale) {
  for (let axis = 0; axis < 3; axis++) {
    ctx.strokeStyle = AXIS_COLOURS[axis];
    ctx.beginPath();
    ctx.moveTo(ox * scale, oy * scale);
    ctx.lineTo(ox * scale + rotation[0][axis] * length, oy * scale - rotation[1][axis] * length);
    ctx.stroke();
  }
}
