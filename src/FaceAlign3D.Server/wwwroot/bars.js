// One bar per ICT blendshape weight, strongest first.

export function showBars(expression) {
  const bars = document.getElementById('bars');
  bars.replaceChildren();
  for (const [name, weight] of Object.entries(expression).sort((a, b) => b[1] - a[1])) {
    const label = document.createElement('span');
    label.textContent = name;
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('div');
    fill.style.width = `${Math.round(Math.min(1, Math.max(0, weight)) * 100)}%`;
    bar.append(fill);
    const value = document.createElement('span');
    value.textContent = weight.toFixed(2);
    bars.append(label, bar, value);
  }
}
