import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { PerDocumentQueue } from '../../../src/vscode/debounce';

const doc = (name: string, closed = false): vscode.TextDocument =>
  ({ uri: { toString: () => `file:///${name}` }, isClosed: closed }) as unknown as vscode.TextDocument;

/** Resolves after `n` turns of the event loop, each with an I/O poll (a setTimeout between immediates). */
const turns = async (n: number): Promise<void> => { for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0)); };

describe('PerDocumentQueue', () => {
  it('runs one document per task, in order, each once however often it was asked for', async () => {
    const ran: string[] = [];
    // Each run leaves a marker for the next turn of the event loop: a run in the same turn as the
    // one before it would find the marker still there.
    let markerPending = false;
    const sharedTurn: boolean[] = [];
    const queue = new PerDocumentQueue((d) => {
      ran.push(d.uri.toString());
      sharedTurn.push(markerPending);
      markerPending = true;
      setImmediate(() => { markerPending = false; });
    });
    const a = doc('a'), b = doc('b'), c = doc('c');
    queue.enqueue(a); queue.enqueue(b); queue.enqueue(a); queue.enqueue(c);
    expect(ran).toEqual([]); // nothing in the caller's task
    await turns(10);
    expect(ran).toEqual(['file:///a', 'file:///b', 'file:///c']);
    expect(sharedTurn).toEqual([false, false, false]);
    queue.dispose();
  });

  it('skips closed documents, goes on after a failing run, and runs nothing once disposed', async () => {
    const ran: string[] = [];
    const queue = new PerDocumentQueue((d) => {
      ran.push(d.uri.toString());
      if (d.uri.toString().endsWith('boom')) throw new Error('boom');
    });
    const errors: unknown[] = [];
    const onError = (e: unknown): void => { errors.push(e); };
    process.on('uncaughtException', onError);
    try {
      queue.enqueue(doc('closed', true));
      queue.enqueue(doc('boom'));
      queue.enqueue(doc('after'));
      await turns(6);
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(ran).toEqual(['file:///boom', 'file:///after']);
    queue.enqueue(doc('late'));
    queue.dispose();
    await turns(3);
    expect(ran).not.toContain('file:///late');
  });
});
