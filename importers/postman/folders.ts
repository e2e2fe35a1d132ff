// A collection's folders as flows, in the order Postman's runner takes them: a folder's own
// requests make one flow, named by its path (`Parent / Child`); requests at the top make one
// named after the collection. Auth and scripts are inherited down the folders as Postman does.
import type { EnvNotes } from '../secrets';
import { requestStep, type Step } from './request';
import { meaningfulLines, readTestScript, type ScriptFacts } from './scripts';
import { scriptText, type PmAuth, type PmNode } from './sdk';
import type { PostmanTemplates } from './templates';

export interface FolderFlow {
  name: string;
  steps: Step[];
}

interface Inherited {
  path: string[];
  auth: PmAuth | undefined;
  tests: ScriptFacts[];
}

export interface WalkContext {
  env: EnvNotes;
  templates: PostmanTemplates;
  untranslated: string[];
}

export function folderFlows(collection: PmNode, context: WalkContext): FolderFlow[] {
  const flows: FolderFlow[] = [];
  visitFolder(collection, { path: [], auth: undefined, tests: [] }, flows, context);
  return flows;
}

function visitFolder(folder: PmNode, parent: Inherited, flows: FolderFlow[], context: WalkContext): void {
  const here = parent.path.length === 0 ? 'the collection' : `folder ${parent.path.join(' / ')}`;
  const inherited: Inherited = {
    path: parent.path,
    auth: folder.auth ?? parent.auth,
    tests: [...parent.tests, ...scripts(folder, here, context)],
  };
  const own: FolderFlow = { name: parent.path.length === 0 ? folder.name : parent.path.join(' / '), steps: [] };
  flows.push(own);
  for (const item of folder.items?.all() ?? []) {
    if (item.items) {
      visitFolder(item, { ...inherited, path: [...parent.path, item.name] }, flows, context);
      continue;
    }
    if (!item.request) continue;
    const where = [...parent.path, item.name].join(' / ');
    const tests = [...inherited.tests, ...scripts(item, where, context)];
    const step = requestStep(item.name, item.request, { ...context, where, auth: inherited.auth, tests });
    if (step) own.steps.push(step);
  }
  if (own.steps.length === 0) flows.splice(flows.indexOf(own), 1);
}

/** The node's test scripts, read; what they say beyond captures and status, and its pre-request scripts, listed. */
function scripts(node: PmNode, where: string, context: WalkContext): ScriptFacts[] {
  const read: ScriptFacts[] = [];
  for (const event of node.events?.all() ?? []) {
    const source = scriptText(event);
    if (event.listen === 'test') {
      const facts = readTestScript(source);
      read.push(facts);
      if (facts.leftover.length > 0) context.untranslated.push(`${where}: test script, ${count(facts.leftover)} not translated${translatedNote(facts)}, e.g. \`${facts.leftover[0]}\``);
    } else {
      const lines = meaningfulLines(source);
      if (lines.length > 0) context.untranslated.push(`${where}: ${event.listen} script not translated (${count(lines)}), e.g. \`${lines[0]}\``);
    }
  }
  return read;
}

function translatedNote(facts: ScriptFacts): string {
  const done = [...Object.keys(facts.captures).map((name) => `capture ${name}`), ...facts.statuses.map((code) => `status ${code}`), ...Object.keys(facts.json).map((path) => `check of ${path}`)];
  return done.length > 0 ? ` (translated: ${done.join(', ')})` : '';
}

function count(lines: string[]): string {
  return `${lines.length} line${lines.length === 1 ? '' : 's'}`;
}
