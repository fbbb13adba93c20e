import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgentGraph } from '../../agents/graph.js';

/** `GET /api/graph`: the agents' compiled graph as LangGraph draws it (Mermaid), for operators. */
export async function graphRoutes(app: FastifyInstance, opts: { graph: AgentGraph }) {
  // Drawn once: the graph is compiled at start-up and never changes while the process runs.
  const mermaid = (await opts.graph.getGraphAsync()).drawMermaid();
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/graph',
    {
      schema: {
        tags: ['operations'],
        summary: "The agents' LangGraph StateGraph as a Mermaid flowchart",
        querystring: z.object({ format: z.enum(['json', 'mermaid']).default('json') }),
        response: { 200: z.union([z.object({ success: z.literal(true), mermaid: z.string() }), z.string()]) },
      },
    },
    async (req, reply) => {
      if (req.query.format === 'mermaid') return reply.type('text/plain; charset=utf-8').send(mermaid);
      return { success: true as const, mermaid };
    },
  );
}
