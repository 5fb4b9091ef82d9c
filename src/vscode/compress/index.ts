import * as vscode from 'vscode';
import type { Feature } from '../services';
import { acceptCompression, cancelRunningCompressions, compressWithModelCommand, discardCompression, sessionFor, showReport, type SessionArg } from './compressCommand';
import { CompressionSessions } from './compressionSession';
import { chooseJudgeModel } from './models';
import { renderReportMarkdown } from './reportView';

export { COMPRESSED_SCHEME, BLOCKING_CONTEXT_KEY, PENDING_CONTEXT_KEY } from './compressionSession';
export { compressionSpan, decideAccept, untrustedRefusal, type ConfirmAccept } from './guards';
export type { CompressArgs, CompressCommandResult } from './compressCommand';

/**
 * "Compress with Model…": a model shortens the prompt body (or the selection), a second model
 * judges the constraints, the result opens in a diff with a preservation report, and the user
 * accepts (one undoable edit) or discards it. Nothing is sent in an untrusted workspace.
 */
export const llmCompressFeature: Feature = (services) => {
  const sessions = new CompressionSessions(renderReportMarkdown);
  return [
    sessions,
    vscode.commands.registerCommand('promptscope.compressWithModel', (arg?: unknown) => compressWithModelCommand(services, sessions, arg)),
    vscode.commands.registerCommand('promptscope.chooseJudgeModel', (model?: string) => chooseJudgeModel(services, undefined, typeof model === 'string' ? model : undefined)),
    vscode.commands.registerCommand('promptscope.acceptCompression', (arg?: SessionArg) => acceptCompression(services, sessions, arg)),
    vscode.commands.registerCommand('promptscope.discardCompression', (arg?: SessionArg) => discardCompression(services, sessions, arg)),
    vscode.commands.registerCommand('promptscope.cancelCompression', () => cancelRunningCompressions()),
    vscode.commands.registerCommand('promptscope.showCompressionReport', async (arg?: SessionArg) => {
      const session = sessionFor(sessions, arg);
      if (!session) {
        void vscode.window.showInformationMessage('Promptscope: there is no compression report to show.');
        return;
      }
      await showReport(services, sessions, session);
    }),
  ];
};
