// `stacklab info`: the adapter, its features and limits, on either host.
import type { Command } from 'commander';
import { adapterLine, closeEngine, type ResultEnv, writeJson } from '../node.js';
import { browserEndpointOption, hostOption, type HostChoice } from './options.js';
import { browserResultEnv, openBrowserHost } from '../node.js';
import { cliBrowserOptions, nodeResultEnv, openCliEngine } from './cliEngine.js';

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
    const browser = await openBrowserHost({ ...cliBrowserOptions(), endpoint });
    try {
      return browserResultEnv(browser, await browser.call<ResultEnv>('info'));
    } finally {
      await browser.close();
    }
  }
  const engine = await openCliEngine();
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
