import { expect } from 'chai';
import {
  canMoveTo,
  canRedo,
  canUndo,
  compileSimpleProcess,
  createHistory,
  findNode,
  locateNode,
  moveNodeTo,
  parseSimpleModel,
  recordHistory,
  redoHistory,
  restoreProcess,
  ROOT_CHAIN,
  type SimpleProcess,
  undoHistory,
} from '../../designer/src/lib/simple-builder/index.js';
import { fullChain, tongbanModdle } from './fixtures.js';

const ids = (nodes: { id: string }[]): string[] => nodes.map((n) => n.id);

function condition(process: SimpleProcess): Extract<SimpleProcess['nodes'][number], { type: 'condition' }> {
  const node = findNode(process, 'Amount');
  if (node?.type !== 'condition') throw new Error('fixture changed');
  return node;
}

async function roundTrip(process: SimpleProcess): Promise<SimpleProcess> {
  const result = await parseSimpleModel(compileSimpleProcess(process).xml, tongbanModdle());
  expect(result.reason, result.reason?.message).to.equal(undefined);
  return result.process!;
}

describe('designer: simple builder history (undo / redo)', () => {
  it('undoes and redoes edits in order', () => {
    const process = fullChain();
    const history = createHistory(process);
    expect([canUndo(history), canRedo(history)]).to.deep.equal([false, false]);

    process.name = '改名';
    expect(recordHistory(history, process)).to.equal(true);
    process.nodes.splice(0, 1);
    recordHistory(history, process);

    const once = undoHistory(history)!;
    expect(once.name).to.equal('改名');
    expect(ids(once.nodes)[0]).to.equal('Accept');
    const twice = undoHistory(history)!;
    expect(twice).to.deep.equal(fullChain());
    expect(undoHistory(history)).to.equal(undefined);
    expect(canRedo(history)).to.equal(true);

    expect(redoHistory(history)!.name).to.equal('改名');
    expect(ids(redoHistory(history)!.nodes)[0]).to.equal('Single');
    expect(redoHistory(history)).to.equal(undefined);
  });

  it('records nothing when the model did not change, and a new edit drops the redo states', () => {
    const process = fullChain();
    const history = createHistory(process);
    expect(recordHistory(history, process)).to.equal(false);
    process.name = 'A';
    recordHistory(history, process);
    undoHistory(history);
    expect(canRedo(history)).to.equal(true);
    process.name = 'B';
    recordHistory(history, process);
    expect(canRedo(history)).to.equal(false);
    expect(undoHistory(history)!.name).to.equal(fullChain().name);
  });

  it('keeps at most `limit` older states', () => {
    const process = fullChain();
    const history = createHistory(process, 3);
    for (let i = 1; i <= 5; i++) {
      process.name = `v${i}`;
      recordHistory(history, process);
    }
    const names: string[] = [];
    for (let s = undoHistory(history); s; s = undoHistory(history)) names.push(s.name);
    expect(names).to.deep.equal(['v4', 'v3', 'v2']);
  });

  it('restores into the object on screen (same identity), removing keys the state lacks', () => {
    const target = fullChain();
    const state: SimpleProcess = { key: 'k', name: 'n', nodes: [] };
    restoreProcess(target, state);
    expect(target).to.deep.equal(state);
    expect(target).to.not.equal(state);
  });

  it('a restored model records as unchanged, so redo survives it', () => {
    const target: SimpleProcess = { key: 'k', name: 'n', nodes: [] };
    const history = createHistory(target);
    target.startName = '开始';
    recordHistory(history, target);
    restoreProcess(target, undoHistory(history)!);
    restoreProcess(target, redoHistory(history)!);
    restoreProcess(target, undoHistory(history)!);
    expect(recordHistory(history, target)).to.equal(false);
    expect(canRedo(history)).to.equal(true);
    expect(target).to.deep.equal({ key: 'k', name: 'n', nodes: [] });
  });

  it('hands back copies: editing what undo returned does not change the history', () => {
    const process = fullChain();
    const history = createHistory(process);
    process.name = 'x';
    recordHistory(history, process);
    const back = undoHistory(history)!;
    back.name = 'changed afterwards';
    expect(redoHistory(history)!.name).to.equal('x');
    expect(undoHistory(history)!.name).to.equal(fullChain().name);
  });
});

describe('designer: simple builder reorder (drag and drop)', () => {
  it('moves a node down and up within its chain (slots counted before the move)', () => {
    const p = fullChain();
    expect(ids(p.nodes)).to.deep.equal(['Accept', 'Single', 'Amount', 'Notify_Expr', 'Certificate']);
    expect(moveNodeTo(p, 'Accept', ROOT_CHAIN, 3)).to.equal(true);
    expect(ids(p.nodes)).to.deep.equal(['Single', 'Amount', 'Accept', 'Notify_Expr', 'Certificate']);
    expect(moveNodeTo(p, 'Certificate', ROOT_CHAIN, 0)).to.equal(true);
    expect(ids(p.nodes)).to.deep.equal(['Certificate', 'Single', 'Amount', 'Accept', 'Notify_Expr']);
    expect(moveNodeTo(p, 'Single', ROOT_CHAIN, 5)).to.equal(true);
    expect(ids(p.nodes)).to.deep.equal(['Certificate', 'Amount', 'Accept', 'Notify_Expr', 'Single']);
  });

  it('treats the slots right before and after a node as no move', () => {
    const p = fullChain();
    expect(canMoveTo(p, 'Single', ROOT_CHAIN, 1)).to.equal(false);
    expect(canMoveTo(p, 'Single', ROOT_CHAIN, 2)).to.equal(false);
    expect(moveNodeTo(p, 'Single', ROOT_CHAIN, 2)).to.equal(false);
    expect(p).to.deep.equal(fullChain());
  });

  it('moves a node into a branch and out again', () => {
    const p = fullChain();
    expect(moveNodeTo(p, 'Single', 'Flow_Hand', 0)).to.equal(true);
    expect(ids(condition(p).branches[2]!.nodes)).to.deep.equal(['Single']);
    expect(locateNode(p, 'Single')).to.deep.equal({ chainId: 'Flow_Hand', index: 0 });
    expect(moveNodeTo(p, 'Notify', ROOT_CHAIN, 0)).to.equal(true);
    expect(condition(p).defaultBranch.nodes).to.deep.equal([]);
    expect(ids(p.nodes)[0]).to.equal('Notify');
  });

  it('moves a branching node with everything in it', () => {
    const p = fullChain();
    expect(moveNodeTo(p, 'Joint_Review', ROOT_CHAIN, 5)).to.equal(true);
    const moved = p.nodes.at(-1)!;
    expect(moved.type === 'parallel' && moved.branches.map((b) => ids(b.nodes))).to.deep.equal([['Fire'], ['Health'], []]);
    expect(ids(condition(p).branches[0]!.nodes)).to.deep.equal(['Joint']);
  });

  it('refuses to move a branching node into its own branches, or to unknown places', () => {
    const p = fullChain();
    expect(canMoveTo(p, 'Amount', 'Flow_Big', 0)).to.equal(false);
    expect(canMoveTo(p, 'Amount', 'Flow_Fire', 0)).to.equal(false, 'nested deeper');
    expect(canMoveTo(p, 'Amount', 'Flow_Nowhere', 0)).to.equal(false);
    expect(canMoveTo(p, 'Nobody', ROOT_CHAIN, 0)).to.equal(false);
    expect(canMoveTo(p, 'Accept', ROOT_CHAIN, 9)).to.equal(false);
    expect(moveNodeTo(p, 'Amount', 'Flow_Fire', 0)).to.equal(false);
    expect(p).to.deep.equal(fullChain());
  });

  it('a reordered chain still compiles to BPMN and reads back the same', async () => {
    const p = fullChain();
    moveNodeTo(p, 'Certificate', 'Flow_Health', 1);
    moveNodeTo(p, 'Accept', ROOT_CHAIN, 3);
    expect(await roundTrip(p)).to.deep.equal(p);
  });
});
