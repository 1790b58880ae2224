// Shows a check report on the page (for the screenshot) and hands it to the
// test as `window.__report`.
export function publish(title, report) {
  const lines = Object.entries(report).map(([name, step]) =>
    `${step.ok ? 'PASS' : 'FAIL'}  ${name}: ${JSON.stringify(step.ok ? step.value : step.error)}`);
  document.querySelector('h1').textContent = title;
  document.querySelector('pre').textContent = lines.join('\n\n');
  document.body.dataset.done = 'true';
  window.__report = report;
}

/** The API url and token the test passed in the query string. */
export function config() {
  const params = new URLSearchParams(location.search);
  return { apiUrl: params.get('api'), token: params.get('token'), compileParams: JSON.parse(params.get('compile')) };
}
