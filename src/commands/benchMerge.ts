// `stacklab bench --merge a.json b.json …`: no run, only saved --json runs put side by side per adapter.
import fs from 'node:fs';
import { type SavedRun, BadInputError, mergedHtml, mergedMarkdown, mergedTable, mergeRuns, writeFileAtomic, writeJson } from '../node.js';

function readRun(file: string): SavedRun {
  let parsed: Partial<SavedRun>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SavedRun>;
  } catch (error) {
    throw new BadInputError(`--merge ${file}: ${(error as Error).message}`);
  }
  if (!parsed.env?.adapter || !Array.isArray(parsed.results)) throw new BadInputError(`--merge ${file}: not a \`stacklab bench --json\` file (no env.adapter or results)`);
  return parsed as SavedRun;
}

export function mergeCommand(suites: readonly string[], files: readonly string[], outputs: { json?: string; md?: string; html?: string }): void {
  if (suites.length) throw new BadInputError(`bench --merge runs nothing, so it takes no suites (got ${suites.join(', ')})`);
  if (files.length < 2) throw new BadInputError(`bench --merge needs two or more --json files, got ${files.length}`);
  const merged = mergeRuns(files.map((file) => ({ file, run: readRun(file) })));
  console.log(mergedTable(merged));
  if (outputs.json) writeJson(outputs.json, merged);
  if (outputs.md) writeFileAtomic(outputs.md, mergedMarkdown(merged));
  if (outputs.html) writeFileAtomic(outputs.html, mergedHtml(merged));
}
