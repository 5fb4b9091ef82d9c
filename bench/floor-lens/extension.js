// The floor: activates like Promptscope (the workspace contains prompts) and answers every
// CodeLens request at once, so what remains of its open → first lens time is VS Code's own.
// It also measures the extension host's longest block from activation to 2 s after the first
// lens request (a 10 ms timer's lateness, like Promptscope's BlockingMonitor): with no work of
// its own, what it sees is VS Code's and the built-in extensions' tasks.
const vscode = require('vscode');

exports.activate = (context) => {
  const log = vscode.window.createOutputChannel('Floor lens', { log: true });
  let last = performance.now();
  let longest = 0;
  const monitor = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
  }, 10);
  let asked = 0;
  context.subscriptions.push(log, { dispose: () => clearInterval(monitor) }, vscode.languages.registerCodeLensProvider({ language: 'dotprompt' }, {
    provideCodeLenses: () => {
      // When VS Code asked, on the machine's clock (as Promptscope logs it): the bench splits the
      // time before the lens shows into VS Code's wait and the answer.
      if (asked < 4) log.info(`metrics: CodeLens request ${asked + 1} at ${Date.now()}`);
      if (asked++ === 0) {
        setTimeout(() => { clearInterval(monitor); log.info(`metrics: longest blocking task ${Math.round(longest)} ms`); }, 2000);
      }
      return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'floor lens: gpt-4o 1 tok', command: '' })];
    },
  }));
};
