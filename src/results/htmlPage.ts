// Self-contained HTML reports (demo, stack, transfer, bench): one page shell with chart.js inlined, so a report
// opens offline and from a file:// URL. Node only: chart.js is read from node_modules at run time.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Safe in text and in double-quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `value` as JSON that can sit inside a `<script>` element without closing it. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

let chartJs: string | undefined;

/** chart.js's UMD build: the package exports only its module entries, and the UMD file sits beside them. */
export function chartJsSource(): string {
  if (chartJs === undefined) {
    // A bundle carried to a machine without node_modules (dist/gpu, see build.mjs) has the file beside it.
    const beside = fileURLToPath(new URL('./chart.umd.js', import.meta.url));
    chartJs = fs.existsSync(beside) ? fs.readFileSync(beside, 'utf8') : fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js'), 'utf8');
  }
  return chartJs;
}

const baseStyle = `body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
.chart { max-width: 48rem; }`;

/** A whole page; `body` is trusted HTML, `title` is text. `style` adds to the shared rules. */
export function htmlPage(title: string, body: string, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
${baseStyle}
${style}
</style>
<script>${chartJsSource()}</script>
</head>
<body>
${body}
</body>
</html>
`;
}
