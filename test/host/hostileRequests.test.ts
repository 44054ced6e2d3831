// A live browser host under fire: while the page runs a benchmark, a few hundred malformed and hostile requests
// (test/support/hostileRequests.ts) hit its 127.0.0.1 server from another client. Each must get a 4xx, and the
// run must finish with the right result. The first one is the curl that once killed a run with an uncaught URIError.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BenchOptions } from '../../src/bench/runBench.js';
import type { BenchRun } from '../../src/bench/results.js';
import { openBrowserHost } from '../../src/host/browser.js';
import { hostileFolder, hostileRequests } from '../support/hostileRequests.js';
import { rawRequest, rawStatus } from '../support/rawHttp.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('browser host: hostile requests during a run');
const dir = suiteTempDir(test, 'stacklab-hostile-');
const secret = 'another user\'s data';

const bench: BenchOptions = { suites: ['matmul'], shapes: [[32, 32, 32]], transposed: false, samples: 3, minMs: 20 };

test('bench --host browser finishes right while every hostile request to its server gets a 4xx', async () => {
  const host = await openBrowserHost({ extraRoots: { 'fuzz/': hostileFolder(dir, secret) } });
  try {
    const url = new URL(host.page.url());
    const token = /^\/([A-Za-z0-9_-]{22})\/index\.html$/.exec(url.pathname)?.[1];
    if (!token) return assert.unreachable(`the page is served below a token: ${url}`);
    const port = Number(url.port);
    assert.is(url.host, `127.0.0.1:${port}`);

    let benchDone = false;
    const running = host.call<{ run: BenchRun }>('bench', bench).finally(() => (benchDone = true));
    const curl = await rawStatus(port, rawRequest('GET', '/%E0%A4%A', [['Host', url.host], ['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']]));
    assert.is(curl, 404, 'the curl that killed a run gets a 404 (no token)');
    assert.not.ok(benchDone, 'the benchmark was still running when the curl got its answer');
    const wrong: string[] = [];
    const requests = hostileRequests(port, token);
    for (const request of requests) {
      const status = await rawStatus(port, request.bytes);
      if (status < 400 || status >= 500 || (request.status !== undefined && status !== request.status)) wrong.push(`${request.name}: ${status}, expected ${request.status ?? '4xx'}`);
    }
    assert.equal(wrong, [], `${wrong.length} of ${requests.length} not refused as they should be:\n${wrong.join('\n')}`);

    const { run } = await running;
    assert.ok(run.results.length > 0, 'the benchmark has results');
    for (const result of run.results) {
      assert.equal(result.shape, { M: 32, N: 32, K: 32 }, `${result.case} ${result.impl}`);
      assert.ok(result.ok, `${result.case} ${result.impl} agrees with the reference (${result.maxAbsErr})`);
    }
    // The page still reads its own files, by relative URL below the token, and nothing out of the served folder.
    const fetched = await host.page.evaluate(async () => {
      const get = async (path: string) => {
        const response = await fetch(path);
        return [response.status, await response.text()];
      };
      return [await get('fuzz/ok.txt'), await get('/fuzz/ok.txt'), (await get('fuzz/escape'))[0], (await get('fuzz/escapeDir/secret.txt'))[0]];
    });
    assert.equal(fetched, [[200, 'ok'], [404, '404 not found\n'], 404, 404]);
  } finally {
    await host.close();
  }
});

test.run();
