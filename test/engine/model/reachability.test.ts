import { buildScopeGraph, nodesLeadingTo, reachableFrom } from '../../../engine/src/model/reachability.js';
import { expect } from './expect.js';

const flow = (sourceId: string, targetId: string) => ({ sourceId, targetId });

describe('model: reachability', () => {
  it('follows sequence flows from the starts', () => {
    const graph = buildScopeGraph([flow('s', 'a'), flow('a', 'b'), flow('c', 'b')], new Map());
    expect([...reachableFrom(graph, ['s'])].sort()).to.eql(['a', 'b', 's']);
  });

  it('reaches boundary events through their activity, and what follows them', () => {
    const graph = buildScopeGraph([flow('s', 'a'), flow('boundary', 'recover')], new Map([['boundary', 'a']]));
    expect([...reachableFrom(graph, ['s'])].sort()).to.eql(['a', 'boundary', 'recover', 's']);
    expect([...reachableFrom(graph, ['recover'])]).to.eql(['recover']);
  });

  it('finds the nodes leading to a join, not passing through it', () => {
    const graph = buildScopeGraph(
      [flow('s', 'fork'), flow('fork', 'a'), flow('fork', 'b'), flow('a', 'join'), flow('b', 'join'), flow('join', 'after'), flow('after', 'join')],
      new Map(),
    );
    expect([...nodesLeadingTo(graph, 'join')].sort()).to.eql(['a', 'after', 'b', 'fork', 's']);
  });

  it('counts an activity as leading to a join through its boundary event', () => {
    const graph = buildScopeGraph([flow('s', 'a'), flow('a', 'end'), flow('boundary', 'join'), flow('s2', 'join')], new Map([['boundary', 'a']]));
    expect([...nodesLeadingTo(graph, 'join')].sort()).to.eql(['a', 'boundary', 's', 's2']);
  });

  it('gives an empty set for a node nothing leads to', () => {
    const graph = buildScopeGraph([flow('s', 'a')], new Map());
    expect(nodesLeadingTo(graph, 's').size).to.equal(0);
  });
});
