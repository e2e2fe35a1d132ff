// "Try" lenses: on the first line (every flow, beside Run and Validate) and on each flow's line
// (that flow alone). Where the flows are comes from the language server, which parsed the text.
import * as vscode from 'vscode';
import type { ServerRequests } from '../server-requests';

export class TryCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly server: ServerRequests) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lens = (line: number, flow?: string): vscode.CodeLens =>
      new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '$(beaker) Try',
        tooltip: flow === undefined ? 'One user, one iteration of every flow: every request and response in the inspector' : `One user, one iteration of "${flow}": every request and response in the inspector`,
        command: 'stampede.try',
        arguments: flow === undefined ? [document.uri] : [document.uri, flow],
      });
    const anchors = await this.server.resultAnchors(document.uri).catch(() => undefined);
    return [lens(0), ...(anchors?.flows ?? []).filter((f) => f.line > 0 && f.line < document.lineCount).map((f) => lens(f.line, f.name))];
  }
}
