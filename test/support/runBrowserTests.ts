// Runs the host-agnostic tests (dist/page/tests.js) inside headless Chromium and exits with their verdict.
import { openBrowserHost } from '../../src/host/browser.js';
import { flag } from '../../src/flags.js';
import { testsDoneLine } from './browserProtocol.js';

const host = await openBrowserHost({ pagePath: 'tests.html', echoConsole: true });
let code = 1;
try {
  console.log(`browser: ${host.version}`);
  await host.waitForConsole(new RegExp(testsDoneLine), flag('BROWSER_TIMEOUT_MS'), 'waiting for the browser tests to finish');
  const output = host.takeConsole().join('\n');
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(?:\S*?)(\d+)/.exec(output)?.[1] ?? NaN);
  code = Number.isFinite(total) && total > 0 && total === passed ? 0 : 1;
  if (!Number.isFinite(total)) console.error('browser tests: no uvu summary in the page output');
} finally {
  await host.close();
}
process.exit(code);
