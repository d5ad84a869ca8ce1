// A procedure's steps as a graph: dagre lays the steps out left to right (a step after the steps it
// waits for) and React Flow draws them. The dossier page colours steps by their state in a dossier;
// the procedure editor redraws the graph as a definition is being edited, so the graph must cope
// with what an unfinished definition holds: keys not yet typed, a step waiting for an unknown step,
// duplicate keys, cycles (dagre breaks them for layout; the engine's validation names them).
import dagre from '@dagrejs/dagre';
import { Background, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { ReactNode } from 'react';

export interface GraphStep {
  key: string;
  after: readonly string[];
}

export interface StepLook {
  label: ReactNode;
  ariaLabel: string;
  background: string;
  border: string;
}

const WIDTH = 230;
const HEIGHT = 78;

export function StepGraph<S extends GraphStep>({
  steps,
  look,
  height = 320,
  label,
}: {
  steps: readonly S[];
  look(step: S): StepLook;
  height?: number;
  /** The accessible name of the drawing as a whole. */
  label?: string;
}) {
  const drawn = new Map<string, S>();
  for (const s of steps) if (s.key && !drawn.has(s.key)) drawn.set(s.key, s);
  const links = [...drawn.values()].flatMap((s) =>
    [...new Set(s.after)].filter((before) => drawn.has(before)).map((before) => ({ before, key: s.key })),
  );

  const layout = new dagre.graphlib.Graph();
  layout.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 48 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const key of drawn.keys()) layout.setNode(key, { width: WIDTH, height: HEIGHT });
  for (const { before, key } of links) layout.setEdge(before, key);
  dagre.layout(layout);

  const nodes: Node[] = [...drawn.values()].map((s) => {
    const { x, y } = layout.node(s.key);
    const { label: content, ariaLabel, background, border } = look(s);
    return {
      id: s.key,
      position: { x: x - WIDTH / 2, y: y - HEIGHT / 2 },
      draggable: false,
      connectable: false,
      // Left to right like the layout: an arrow leaves a step's right side for the next step's left.
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      ariaLabel,
      data: { label: content },
      style: { width: WIDTH, background, border: `2px solid ${border}`, color: '#212529' },
    };
  });
  const edges: Edge[] = links.map(({ before, key }) => ({
    id: `${before}->${key}`,
    source: before,
    target: key,
    markerEnd: { type: MarkerType.ArrowClosed },
  }));

  return (
    <div style={{ height }} role={label ? 'figure' : undefined} aria-label={label}>
      <ReactFlow
        // fitView applies when the flow mounts: a graph whose steps or arrows changed (the editor)
        // mounts afresh, so the whole graph stays in view.
        key={`${[...drawn.keys()].join('|')}#${edges.map((e) => e.id).join('|')}`}
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
      </ReactFlow>
    </div>
  );
}
