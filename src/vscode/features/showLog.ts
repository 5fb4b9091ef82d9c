import * as vscode from 'vscode';
import type { Feature } from '../services';

/** "Promptscope: Show Log" — the first place to look when something goes wrong. */
export const showLogFeature: Feature = ({ log }) => [
  vscode.commands.registerCommand('promptscope.showLog', () => log.show(true)),
];
