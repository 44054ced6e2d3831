// stacklab's matmul in the browser: the same check and timing as ../node-matmul.mjs, on navigator.gpu's adapter.
// The JSON result goes into the page and into window.result (where a test driving the page reads it).
// Bundle with `node build.mjs`, then serve this folder from http://127.0.0.1 (README.md beside ../).
import { closeEngine, openEngine } from 'stacklab';
import { checkAndTime } from '../matmul-check.mjs';

const out = document.getElementById('out');
let engine = null;
try {
  engine = await openEngine(); // navigator.gpu: needs a secure context (https, or http://127.0.0.1 / localhost)
  window.result = await checkAndTime(engine);
} catch (error) {
  window.result = { ok: false, error: String(error?.stack ?? error) };
} finally {
  if (engine) closeEngine(engine);
}
out.textContent = JSON.stringify(window.result, null, 2);
