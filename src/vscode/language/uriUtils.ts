import type * as vscode from 'vscode';

/** Path helpers on URIs (any scheme), so features work in virtual and remote workspaces too. */
export const Utils = {
  dirname(uri: vscode.Uri): vscode.Uri {
    const path = uri.path;
    const slash = path.lastIndexOf('/');
    return uri.with({ path: slash > 0 ? path.slice(0, slash) : '/' });
  },
  basename(uri: vscode.Uri): string {
    const path = uri.path;
    return path.slice(path.lastIndexOf('/') + 1);
  },
};
