// `stacklab info`: the adapter, its features and limits, on either host.
import type { Command } from 'commander';
import { adapterLine } from '../gpu/adapterFacts.js';
import { closeEngine } from '../gpu/engine.js';
import { openHostEngine } from '../host/nodeEngine.js';
import { type ResultEnv } from '../results/env.js';
import { writeJson } from '../results/writeFiles.js';
import { browserEndpointOption, hostOption, type HostChoice } from './options.js';
import { nodeResultEnv, browserResultEnv } from './resultEnvs.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('print the WebGPU adapter stacklab finds, its features and limits')
    .addOption(hostOption())
    .addOption(browserEndpointOption())
    .option('--json <file>', 'write the env block as JSON')
    .action(async (options: { host: HostChoice; browserEndpoint?: string; json?: string }) => {
      const env = await infoOn(options.host, options.browserEndpoint);
      printInfo(env);
      if (options.json) writeJson(options.json, { env });
    });
}

async function infoOn(host: HostChoice, endpoint?: string): Promise<ResultEnv> {
  if (host === 'browser') {
    const { openBrowserHost } = await import('../host/browser.js');
    const browser = await openBrowserHost({ endpoint });
    try {
      return browserResultEnv(browser, await browser.call<ResultEnv>('info'));
    } finally {
      await browser.close();
    }
  }
  const engine = await openHostEngine();
  try {
    return nodeResultEnv(engine);
  } finally {
    closeEngine(engine);
  }
}

function printInfo(env: ResultEnv): void {
  console.log(adapterLine(env.adapter));
  console.log(`host: ${env.host}${env.chrome ? ` (${env.chrome})` : env.node ? ` (node ${env.node})` : ''}; found via ${env.adapterSource}`);
  console.log(`isFallbackAdapter: ${env.adapter.isFallbackAdapter}`);
  console.log(`features: ${env.features.join(', ') || 'none'}`);
  const limits = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup'];
  console.log(`limits: ${limits.map((k) => `${k}=${env.limits[k]}`).join(', ')}`);
  console.log(`stacklab GPU buffers: ${env.liveGpuBuffers} live, ${env.liveGpuBytes} bytes; peak ${env.peakGpuBytes} bytes (tfjs's own buffers not counted)`);
}
