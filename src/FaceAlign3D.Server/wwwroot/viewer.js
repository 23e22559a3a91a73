// The 3D viewer: the fitted ICT mesh, coloured by facial tension, orbited with the mouse.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

export class MeshViewer {
  constructor(container) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    container.appendChild(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.scene.background = new THREE.Color(0x30343c);
    this.camera = new THREE.PerspectiveCamera(30, 1, 1, 1000);
    this.camera.position.set(0, 0, 60);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x444444, 1.6));
    const key = new THREE.DirectionalLight(0xffffff, 1.4);
    key.position.set(20, 30, 50);
    this.scene.add(key);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.addEventListener('change', () => this.render());
    this.mesh = null;
    new ResizeObserver(() => this.resize(container)).observe(container);
    this.resize(container);
  }

  resize(container) {
    const { clientWidth: w, clientHeight: h } = container;
    if (!w || !h) return;
    this.renderer.setSize(w, h);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  // vertices: x, y, z per vertex (model space, cm); tension in [-1, 1] per vertex; triangles: three indices each.
  // The view is framed on the new mesh, which turns about its centre (see update).
  show(vertices, triangles, tension) {
    if (this.mesh) {
      this.scene.remove(this.pivot);
      this.mesh.geometry.dispose();
      this.mesh.material.dispose();
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.Float32BufferAttribute(vertices, 3));
    geometry.setAttribute('color', new THREE.Float32BufferAttribute(tensionColours(tension), 3));
    geometry.setIndex(triangles);
    geometry.computeVertexNormals();
    geometry.computeBoundingSphere();
    this.mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.7, side: THREE.DoubleSide }));
    const { center, radius } = geometry.boundingSphere;
    this.pivot = new THREE.Group();
    this.pivot.position.copy(center);
    this.mesh.position.copy(center).negate();
    this.pivot.add(this.mesh);
    this.scene.add(this.pivot);
    this.controls.target.copy(center);
    this.camera.position.set(center.x, center.y, center.z + radius * 3.2);
    this.controls.update();
    this.render();
  }

  // Another shape of the same mesh (a video frame), keeping the user's view; rotation: 3x3 row-major, model to camera axes.
  update(vertices, tension, rotation) {
    const geometry = this.mesh.geometry;
    geometry.attributes.position.array.set(vertices);
    geometry.attributes.position.needsUpdate = true;
    geometry.attributes.color.array.set(tensionColours(tension));
    geometry.attributes.color.needsUpdate = true;
    geometry.computeVertexNormals();
    const [a, b, c, d, e, f, g, h, i] = rotation;
    this.pivot.setRotationFromMatrix(new THREE.Matrix4().set(a, b, c, 0, d, e, f, 0, g, h, i, 0, 0, 0, 0, 1));
    this.render();
  }

  render() {
    this.renderer.render(this.scene, this.camera);
  }
}

// Blue -1 (stretched), white 0, red +1 (compressed), as the tension PLY files.
function tensionColours(tension) {
  const colours = new Float32Array(tension.length * 3);
  tension.forEach((t, i) => {
    const a = Math.min(1, Math.abs(t));
    colours.set(t >= 0 ? [1, 1 - a, 1 - a] : [1 - a, 1 - a, 1], 3 * i);
  });
  return colours;
}
